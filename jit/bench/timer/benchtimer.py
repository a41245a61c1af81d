"""The in-program half of the benchmark protocol (the harness's half is
jit/bench/harness.py).

Every benchmark program runs its fixed work as a number of equal timed
iterations of a loop in its *own* module code, so that under cpjit the work
runs in the VM (this module is imported, so cpjit runs it on CPython):

    for _ in Timer(workload(20, 2)):
        result = work()
    print(checksum(result))       # stdout: the answer, identical everywhere

The timer measures each iteration with time.perf_counter; when the loop ends
it writes the times as one JSON object to the file named by
$CPJIT_BENCH_TIMES (nothing when unset, so a program also runs by hand).
$CPJIT_BENCH_SIZE=tiny selects each program's tiny workload (for tests).

This file runs unchanged under any Python 3 (CPython, PyPy, cpjit): it
imports nothing from cpjit (so, unlike cpjit's modules, it does not bind the
sealed builtins).
"""
import json
import os
import time

TIMES_VARIABLE = "CPJIT_BENCH_TIMES"
SIZE_VARIABLE = "CPJIT_BENCH_SIZE"


def workload(normal, tiny):
    """`normal`, or `tiny` when the harness asks for tiny workloads."""
    return tiny if os.environ.get(SIZE_VARIABLE) == "tiny" else normal


class Timer:
    """An iterator over `iterations` timed iterations."""

    def __init__(self, iterations, operations=0):
        """`operations`: loop iterations one timed iteration runs (for a
        kernel's time per loop iteration; 0 where that figure means nothing)."""
        self.iterations = iterations
        self.operations = operations
        self.laps = []
        self.started_at = time.time()   # wall clock: the harness relates it to the spawn
        self._last = 0.0

    def __iter__(self):
        return self

    def __next__(self):
        now = time.perf_counter()
        if self._last:
            self.laps.append(now - self._last)
        if len(self.laps) == self.iterations:
            self._write()
            raise StopIteration
        self._last = time.perf_counter()
        return len(self.laps)

    def _write(self):
        path = os.environ.get(TIMES_VARIABLE)
        if not path:
            return
        with open(path, "w") as file:
            json.dump({"laps": self.laps, "operations": self.operations,
                       "started_at": self.started_at}, file)
