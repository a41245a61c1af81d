"""Kernel: float arithmetic (a damped recurrence)."""
from _harness import WARMUP, perf_counter, report


def kernel(n):
    x = 0.0
    v = 1.0
    for i in range(n):
        v = v * 0.999 - x * 0.01
        x = x + v * 0.5
    return round(x, 6)


N = 1_000_000
kernel(WARMUP)
started = perf_counter()
report(kernel(N), started, N)
