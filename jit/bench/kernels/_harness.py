"""Shared by the kernel programs.  The kernel must be *called* from the
program's own module code: a call from this (imported, CPython-run) module
would bypass the VM.  Each program ends with

    kernel(WARMUP)
    started = perf_counter()
    report(kernel(N), started, N)

and `report` prints the line the benchmark parses: `<result> <ns per iteration>`.
"""
from time import perf_counter

WARMUP = 2000


def report(result, started: float, n: int) -> None:
    elapsed = perf_counter() - started
    print(result, f"{elapsed / n * 1e9:.2f}")
