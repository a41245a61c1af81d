"""Kernel: list indexing and item assignment."""
from _harness import WARMUP, perf_counter, report


def kernel(n):
    data = list(range(64))
    acc = 0
    for i in range(n):
        j = i & 63
        acc += data[j]
        data[j] = acc & 255
    return acc


N = 1_000_000
kernel(WARMUP)
started = perf_counter()
report(kernel(N), started, N)
