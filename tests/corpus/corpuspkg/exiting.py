# `python -m corpuspkg.exiting`: sys.exit with a code from a -m module, finally runs.
import sys

try:
    print("about to exit")
    sys.exit(4)
finally:
    print("finally ran")
