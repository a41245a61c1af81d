# Covers: __name__ == "__main__", __file__, __doc__, __builtins__ in __main__, __spec__/
# __package__/__loader__ as seen by a script, sys.modules['__main__'] identity, the
# if-main idiom calling main() and functions seeing their __module__.
"""Module docstring of main_name."""
import os
import sys


def main():
    print("running main() from", __name__)
    print(main.__module__, type(sys.modules["__main__"]).__name__)
    print(sys.modules["__main__"].__dict__ is globals())
    print(sys.modules["__main__"].main is main)


print(__name__, __doc__)
print(os.path.basename(__file__), __file__ == sys.argv[0])
print(type(__builtins__).__name__, __spec__, __package__)
print(type(__loader__).__name__ if "__loader__" in globals() else "no loader")
print(sorted(k for k in globals() if k.startswith("__")))


class Local:
    pass


print(Local.__module__, Local.__qualname__, repr(Local).startswith("<class '__main__."))
if __name__ == "__main__":
    main()
else:
    print("imported, not run")
