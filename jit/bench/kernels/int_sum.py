"""Kernel: summing ints in a for-range loop."""
from _harness import WARMUP, perf_counter, report


def kernel(n):
    total = 0
    for i in range(n):
        total += i
    return total


N = 2_000_000
kernel(WARMUP)
started = perf_counter()
report(kernel(N), started, N)
