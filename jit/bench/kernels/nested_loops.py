"""Kernel: nested loops (inner loop of 100 iterations)."""
from _harness import WARMUP, perf_counter, report


def kernel(n):
    total = 0
    for i in range(n // 100):
        for j in range(100):
            total += i ^ j
    return total


N = 2_000_000
kernel(WARMUP)
started = perf_counter()
report(kernel(N), started, N)
