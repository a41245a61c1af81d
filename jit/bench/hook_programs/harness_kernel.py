"""A hot user function that only library code calls: a harness in
site-packages times `kernel`.  Prints `<result> <ns per kernel call>`."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "site-packages"))
from benchlib import bench  # noqa: E402


def kernel(n):
    i = 0
    evens = 0
    while i < n:
        if i % 2 == 0:
            evens += 1
        i += 1
    return evens


result, seconds = bench(kernel, 10_000, calls=20, repeats=7)
print(result, f"{seconds * 1e9:.0f}")
