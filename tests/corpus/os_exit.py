# Covers: os._exit from VM code: exit code 3 immediately, no finally/atexit, and stdout
# output that was still buffered (stdout is a pipe here) is lost exactly as in CPython;
# explicitly flushed output survives.
# expect-exit: 3
import atexit
import os
import sys

atexit.register(print, "atexit must not run")
print("flushed line")
sys.stdout.flush()
print("buffered line, lost by os._exit")
try:
    os._exit(3)
finally:
    print("finally must not run")
