# Covers: sys.exit(3) from inside nested VM frames: finally blocks run on the way out,
# output before it is flushed, exit code 3, nothing on stderr.
# expect-exit: 3
import sys


def shutdown(code):
    try:
        print("shutting down with", code)
        sys.exit(code)
    finally:
        print("finally in shutdown")


def run():
    try:
        shutdown(3)
    except Exception:
        print("SystemExit is not an Exception: not reached")
    finally:
        print("finally in run")


run()
print("not reached")
