# Covers: an uncaught RecursionError: the traceback collapses repeated frames
# ("[Previous line repeated N more times]"), so N must match CPython's recursion depth
# exactly (recursion limit lowered to keep it short).
# expect-exit: 1
import sys

sys.setrecursionlimit(60)


def descend(n):
    return descend(n + 1) + 1


def start():
    return descend(0)


print("going down")
start()
