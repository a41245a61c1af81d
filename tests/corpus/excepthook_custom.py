# Covers: a user-installed sys.excepthook (a VM function) receiving the uncaught
# exception: its traceback object contains only the user's frames (format_tb output
# compared), exit code stays 1; plus a hook that itself raises (CPython prints both).
# expect-exit: 1
import sys
import traceback


def hook(etype, value, tb):
    print("custom hook:", etype.__name__, value)
    print("".join(traceback.format_tb(tb)))
    print("frames:", [f.name for f in traceback.extract_tb(tb)])
    sys.stdout.flush()


sys.excepthook = hook


def inner(x):
    return {"a": 1}[x]


def outer():
    return inner("missing")


print("start")
outer()
