# Covers: sys.exit with a non-int, non-str code (a list): printed to stderr as str(),
# exit code 1; and an exception whose __str__ fails, caught and printed via traceback.
# expect-exit: 1
import sys
import traceback


class BadStr(Exception):
    def __str__(self):
        raise RuntimeError("no str for you")


try:
    raise BadStr("x")
except BadStr:
    traceback.print_exc(file=sys.stdout)
print("exiting")
sys.exit(["code", 1])
