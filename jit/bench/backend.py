"""Benchmark of the copy-and-patch backend (prints figures, asserts none).

  python -m jit.bench.backend [--reps N] [--skip-build]

Measures, in one run on this machine:
  1. stencil build time (a clean build into a temporary directory);
  2. emit time (copy + patch + memory protection) per uop and per trace, for
     straight-line traces of 10, 100 and 1000 uops, and the whole
     compile_trace (checks, stack depths, exits, emit, native callable);
  3. cost of entering native code (an empty trace) against calling `len`;
  4. native loops against the same loops run by CPython: sum of i*i over
     int64 scratch slots, and a generic PyNumber_Add loop.
Targets from the issue: emit <= 2 us per uop; a 100-uop trace ready to run in
<= 200 us.
"""
from __future__ import annotations

import argparse
import gc
import io
import statistics
import tempfile
import time
from pathlib import Path
from typing import Callable

from jit.backend.emitter import emit
from jit.backend.executor import compile_trace, plan_trace
from jit.backend.memory import memory
from jit.bench.traces import add_loop_trace, straight_line_trace, sum_of_squares_trace
from jit.stencils.library import build, load_library
from jit.uops import UOp


def median_seconds(function: Callable[[], object], reps: int) -> float:
    times = []
    for _ in range(reps):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def stencil_build_seconds() -> float:
    with tempfile.TemporaryDirectory() as directory:
        started = time.perf_counter()
        library = build(Path(directory) / "library.json", stream=io.StringIO(),
                        object_cache=None)  # (every stencil compiled: the full build)
        elapsed = time.perf_counter() - started
    print(f"stencil build: {len(library.stencils)} stencils in {elapsed:.2f} s "
          f"({library.compiler}, {elapsed / len(library.stencils) * 1000:.0f} ms per stencil "
          "on this machine's cores)")
    return elapsed


def emit_figures(reps: int) -> None:
    library = load_library()
    print("\nemit (copy + patch + mprotect) and compile_trace, straight-line traces, "
          f"median of {reps}:")
    print(f"{'uops':>6} {'stencils':>9} {'emit us':>9} {'us/uop':>7} "
          f"{'compile us':>11} {'us/uop':>7} {'code bytes':>11}")
    for length in (10, 100, 1000):
        trace = straight_line_trace(length)
        executor = compile_trace(trace, nlocalsplus=2, stack_size=2, library=library)
        instances = plan_trace(trace, nlocalsplus=2, stack_size=2).instances
        emit_time = median_seconds(lambda: emit(instances, library, memory).free(), reps)
        compile_time = median_seconds(
            lambda: compile_trace(trace, nlocalsplus=2, stack_size=2, library=library), reps)
        print(f"{length:>6} {len(instances):>9} {emit_time * 1e6:>9.1f} "
              f"{emit_time / length * 1e6:>7.2f} {compile_time * 1e6:>11.1f} "
              f"{compile_time / length * 1e6:>7.2f} {executor.code_size:>11}")
        gc.collect()


def entry_cost(reps: int) -> None:
    executor = compile_trace([UOp("EXIT_TRACE")], nlocalsplus=1, stack_size=1)
    localsplus = [None, None]
    function = executor.function
    calls = 200_000

    def enter() -> None:
        for _ in range(calls):
            function(None, localsplus, None, None, None)

    def call_len() -> None:
        for _ in range(calls):
            len(localsplus)
    native = median_seconds(enter, reps) / calls
    builtin = median_seconds(call_len, reps) / calls
    print(f"\nentering native code: {native * 1e9:.0f} ns per call (empty trace) vs "
          f"{builtin * 1e9:.0f} ns for len(); difference {(native - builtin) * 1e9:.0f} ns")


def sum_of_squares(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def add_loop(acc, x, n: int):
    for _ in range(n):
        acc = acc + x
    return acc


def loop_figures(reps: int) -> None:
    print(f"\nnative loops vs CPython {'.'.join(map(str, __import__('sys').version_info[:3]))}, "
          f"median of {reps}:")
    print(f"{'loop':<34} {'n':>10} {'CPython ns/it':>14} {'native ns/it':>13} {'speedup':>8}")
    squares = compile_trace(sum_of_squares_trace(), nlocalsplus=2, stack_size=1)
    adds = compile_trace(add_loop_trace(), nlocalsplus=3, stack_size=2)
    cases = [
        ("sum of i*i (int64 scratch)", 5_000_000,
         lambda n: sum_of_squares(n), lambda n: squares.run([n, None, None])),
        ("acc = acc + x (PyNumber_Add, int)", 1_000_000,
         lambda n: add_loop(0, 3, n), lambda n: adds.run([0, 3, n, None, None])),
        ("acc = acc + x (PyNumber_Add, float)", 1_000_000,
         lambda n: add_loop(0.5, 0.25, n), lambda n: adds.run([0.5, 0.25, n, None, None])),
    ]
    for name, n, python, native in cases:
        python_time = median_seconds(lambda: python(n), reps) / n
        native_time = median_seconds(lambda: native(n), reps) / n
        print(f"{name:<34} {n:>10} {python_time * 1e9:>14.2f} {native_time * 1e9:>13.2f} "
              f"{python_time / native_time:>7.1f}x")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reps", type=int, default=21, help="repetitions per figure (median)")
    parser.add_argument("--skip-build", action="store_true", help="do not time a stencil build")
    options = parser.parse_args(argv)
    print(__doc__.split("\n\n")[0].strip())
    if not options.skip_build:
        stencil_build_seconds()
    emit_figures(options.reps)
    entry_cost(max(3, options.reps // 4))
    loop_figures(max(3, options.reps // 4))


if __name__ == "__main__":
    main()
