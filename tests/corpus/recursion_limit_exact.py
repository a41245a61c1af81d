# Covers: the exact depth at which RecursionError is raised relative to
# sys.getrecursionlimit() (the VM must count frames like CPython: module frame included),
# for a small limit, and that the limit applies to VM-to-VM calls.
import sys

sys.setrecursionlimit(120)
deepest = 0


def probe(n):
    global deepest
    deepest = n
    probe(n + 1)


try:
    probe(1)
except RecursionError:
    print("limit", sys.getrecursionlimit(), "deepest", deepest)
deepest = 0


def probe_method_style(n):
    global deepest
    deepest = n
    return [probe_method_style(n + 1)]


try:
    probe_method_style(1)
except RecursionError:
    print("deepest (list building)", deepest)
sys.setrecursionlimit(1000)
