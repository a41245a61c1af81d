"""Kernel: instance attribute loads and stores."""
from _harness import WARMUP, perf_counter, report


class Counter:
    def __init__(self):
        self.count = 0
        self.step = 3


def kernel(n):
    c = Counter()
    for i in range(n):
        c.count += c.step
    return c.count


N = 1_000_000
kernel(WARMUP)
started = perf_counter()
report(kernel(N), started, N)
