"""Kernel: calls of builtins and built-in methods (len, list.append, abs)."""
from _harness import WARMUP, perf_counter, report


def kernel(n):
    out = []
    total = 0
    for i in range(n):
        out.append(i)
        total += len(out) + abs(-i)
        if len(out) > 100:
            out.clear()
    return total


N = 1_000_000
kernel(WARMUP)
started = perf_counter()
report(kernel(N), started, N)
