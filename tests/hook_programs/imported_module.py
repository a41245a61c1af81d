# A user module imported by CPython's import system: its body (with a loop)
# and its functions, called from CPython code, run in the VM.
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hooklib  # noqa: E402

print(hooklib.TABLE[:5], hooklib.Counter.STEPS)
print(list(map(hooklib.triangle, range(6))))
