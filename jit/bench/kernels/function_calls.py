"""Kernel: calls of a small Python function."""
from _harness import WARMUP, perf_counter, report


def add(a, b):
    return a + b


def kernel(n):
    total = 0
    for i in range(n):
        total = add(total, i)
    return total


N = 500_000
kernel(WARMUP)
started = perf_counter()
report(kernel(N), started, N)
