"""A hot user function that only library code calls: a harness in
site-packages times `kernel`.  Prints `<result> <ns per kernel call>`."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "site-packages"))
from benchlib import bench  # noqa: E402


def kernel(n):
    """Total Collatz steps of 1..n: nested while loops, int arithmetic, branches."""
    steps = 0
    k = 1
    while k <= n:
        m = k
        while m != 1:
            m = m // 2 if m % 2 == 0 else 3 * m + 1
            steps += 1
        k += 1
    return steps


result, seconds = bench(kernel, 300, calls=20, repeats=7)
print(result, f"{seconds * 1e9:.0f}")
