# Covers (fidelity): the warnings module from VM code — warnings.warn at module level and
# in functions (filename:lineno attribution via the caller's frame), stacklevel=2 and 3,
# the "default" once-per-location filter, DeprecationWarning shown in __main__,
# catch_warnings(record=True) with filename/lineno/category, warnings turned into errors.
import os
import warnings

warnings.warn("module-level warning")


def old_api():
    warnings.warn("old_api is deprecated", DeprecationWarning, stacklevel=2)
    return 1


def helper():
    warnings.warn("from helper, attributed to the caller's caller", UserWarning, stacklevel=3)


def middle():
    helper()


old_api()
for i in range(3):
    old_api()  # same location: shown once
middle()
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    old_api()
    warnings.warn("recorded", RuntimeWarning)
    middle()
print([(os.path.basename(w.filename), w.lineno, w.category.__name__, str(w.message)) for w in caught])
with warnings.catch_warnings():
    warnings.simplefilter("error")
    try:
        old_api()
    except DeprecationWarning as e:
        print("became an error:", e)
warnings.warn_explicit("explicit", UserWarning, "fake_file.py", 42)
print("done")
