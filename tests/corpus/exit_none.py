# Covers: sys.exit(None) (exit code 0) and catching/re-raising SystemExit, plus
# SystemExit.code values.
import sys

try:
    sys.exit()
except SystemExit as e:
    print("caught code:", e.code, repr(e))
try:
    sys.exit(0)
except SystemExit as e:
    print("caught code:", e.code)
print("exiting with None")
sys.exit(None)
