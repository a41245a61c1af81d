"""Kernel: a while loop with a compare and branch."""
from _harness import WARMUP, perf_counter, report


def kernel(n):
    i = 0
    evens = 0
    while i < n:
        if i % 2 == 0:
            evens += 1
        i += 1
    return evens


N = 2_000_000
kernel(WARMUP)
started = perf_counter()
report(kernel(N), started, N)
