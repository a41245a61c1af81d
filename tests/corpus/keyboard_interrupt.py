# Covers: an uncaught KeyboardInterrupt raised in a VM function: the traceback on stderr
# and CPython's exit by SIGINT (exit status -2 as seen by subprocess), with finally
# blocks and atexit handlers running first.
# expect-exit: -2
import atexit

atexit.register(print, "atexit ran")


def interrupted():
    try:
        raise KeyboardInterrupt
    finally:
        print("finally ran")


print("start")
interrupted()
