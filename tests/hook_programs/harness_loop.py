# A pyperf-style harness in an installed library (site-packages, so CPython
# runs it) times a hot user function: only library code calls it.
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "site-packages"))
import minibench  # noqa: E402


def kernel(n):
    total = 0
    for i in range(n):
        total += i % 7
    return total


runner = minibench.Runner(loops=200)
print(runner.bench_func("kernel", kernel, 300))
