"""Copy-and-patch against LLVM (-O0 and -O2) on identical traces (prints figures, asserts none).

  python -m jit.bench.backends [--reps N] [--lengths 10,30,100] [--no-kernels] [KERNEL ...]

Measures, in one run on this machine, for the backends copy-and-patch, llvm-O0
and llvm (-O2):
  1. compile time, from the trace to a callable executor (`compile_trace`:
     checks, plan, code generation, loading into W^X memory), of
     straight-line traces of each length and of the real root traces the
     loop kernels (jit/bench/kernels/) record: each trace is captured once
     and compiled by every backend in the same process, so all compile the
     very same uops; plus the code size each produces;
  2. code speed: hand-built native loops timed in-process (ns/iteration),
     and each loop kernel run as a whole process per backend
     (`python -m jit --backend B kernel.py`, steady state ns/iteration as
     the kernel measures it), runs interleaved.
Figures are medians of --reps runs; ratios are against copy-and-patch.
Targets from the issue: copy-and-patch compiles >= 100x faster than llvm-O0
and >= 1000x faster than llvm -O2; its code is within 1.5x of llvm -O2.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Sequence

from jit.bench.catalog import GROUPS, TIMER_DIR, Benchmark
from jit.bench.configs import builtin_configurations, cpjit_options
from jit.bench.harness import run_once
from jit.bench.summary import steady_seconds

KERNELS_DIR = GROUPS["kernel"]

BACKENDS = ("copy-and-patch", "llvm-O0", "llvm")
SHORT = {"copy-and-patch": "c&p", "llvm-O0": "O0", "llvm": "O2"}


def compile_figures(uops: Sequence[Any], arguments: dict[str, Any],
                    reps: int) -> dict[str, tuple[float, int, dict[str, float]]]:
    """Median seconds from `uops` to an executor, code bytes, and (for LLVM)
    the median seconds of each step, per backend."""
    from jit.backend.backends import get_backend
    from jit.backend.executor import compile_trace
    figures = {}
    for name in BACKENDS:
        backend = get_backend(name)
        compile_trace(uops, **arguments, emit_code=backend.emit)  # first use: templates, machine
        times, size, steps = [], 0, []
        for _ in range(reps):
            started = time.perf_counter()
            executor = compile_trace(uops, **arguments, emit_code=backend.emit)
            times.append(time.perf_counter() - started)
            size = executor.code_size
            if backend.timings is not None:
                steps.append(vars(backend.timings()))
            del executor
        gc.collect()
        figures[name] = (statistics.median(times), size,
                         {step: statistics.median(s[step] for s in steps)
                          for step in (steps[0] if steps else ())})
    return figures


def steps_row(label: str, figures: dict) -> str:
    """Where LLVM's time went: building the module, optimizing, codegen, loading."""
    return f"{label:<22}" + "".join(
        f"{'/'.join(f'{seconds * 1e3:.1f}' for seconds in figures[name][2].values()):>26}"
        for name in BACKENDS[1:])


def compile_row(label: str, uops: int, figures: dict) -> str:
    cp, o0, o2 = (figures[name][0] for name in BACKENDS)
    sizes = "/".join(str(figures[name][1]) for name in BACKENDS)
    return (f"{label:<22} {uops:>5} {cp * 1e6:>9.0f} {o0 * 1e3:>9.2f} {o2 * 1e3:>9.2f} "
            f"{o0 / cp:>7.0f}x {o2 / cp:>8.0f}x  {sizes}")


COMPILE_HEADER = (f"{'trace':<22} {'uops':>5} {'c&p us':>9} {'O0 ms':>9} {'O2 ms':>9} "
                  f"{'O0/c&p':>8} {'O2/c&p':>9}  code bytes c&p/O0/O2")


def straight_line_compiles(lengths: Sequence[int], reps: int) -> list[dict]:
    import jit.trace  # noqa: F401  (the runtime symbols stencils use)
    from jit.bench.traces import straight_line_trace
    print(f"\ncompile time, straight-line traces (bench/traces.py), median of {reps}:")
    print(COMPILE_HEADER)
    everything = []
    for length in lengths:
        figures = compile_figures(straight_line_trace(length),
                                  {"nlocalsplus": 2, "stack_size": 2}, reps)
        print(compile_row(f"straight line {length}", length, figures), flush=True)
        everything.append(figures)
    print("\nwhere LLVM's time goes, ms: build module (templates, parse, link) / optimize / "
          "codegen / load (read object, copy, patch)")
    print(f"{'trace':<22}{'llvm-O0':>26}{'llvm -O2':>26}")
    for length, figures in zip(lengths, everything):
        print(steps_row(f"straight line {length}", figures))
    return everything


def kernel_worker(kernel: Path, output: Path, reps: int) -> None:
    """In a child process: run `kernel` under the JIT (copy-and-patch), capture
    every root trace it compiles, then compile each with every backend."""
    from jit.backend import executor
    captured = []
    original = executor.compile_trace

    def recording(uops, **arguments):
        captured.append((tuple(uops), {k: v for k, v in arguments.items()
                                       if k in ("nlocalsplus", "stack_size", "entry_depth")}))
        return original(uops, **arguments)
    executor.compile_trace = recording
    from jit.runner import main
    sys.path[:0] = [str(KERNELS_DIR), str(TIMER_DIR)]
    os.chdir(KERNELS_DIR)
    status = main([kernel.name])
    executor.compile_trace = original
    if status:
        raise SystemExit(f"{kernel.name} failed under the JIT")
    results = [{"uops": len(uops),
                "figures": compile_figures(uops, arguments, reps)}
               for uops, arguments in captured]
    output.write_text(json.dumps(results))


def kernel_compiles(kernels: Sequence[Path], reps: int) -> list[dict]:
    print(f"\ncompile time, the root traces the loop kernels record (each compiled by all "
          f"three), median of {reps}:")
    print(COMPILE_HEADER)
    everything = []
    for kernel in kernels:
        with tempfile.TemporaryDirectory() as directory:
            output = Path(directory) / "figures.json"
            result = subprocess.run(
                [sys.executable, "-m", "jit.bench.backends", "--kernel-worker", str(kernel),
                 "--output", str(output), "--reps", str(reps)],
                capture_output=True, text=True)
            if result.returncode != 0:
                raise SystemExit(f"{kernel.name}: trace capture failed:\n{result.stderr}")
            traces = json.loads(output.read_text())
        for number, trace in enumerate(traces):
            figures = trace["figures"]
            print(compile_row(f"{kernel.stem} #{number}", trace["uops"], figures), flush=True)
            everything.append(figures)
    return everything


def native_loop_figures(reps: int) -> None:
    """Hand-built loops run in-process: the code each backend made, and nothing else."""
    import jit.trace  # noqa: F401
    from jit.backend.backends import get_backend
    from jit.backend.executor import compile_trace
    from jit.bench.traces import add_loop_trace, sum_of_squares_trace
    print(f"\nnative loops (hand-built traces, in-process), ns/iteration, median of {reps}:")
    print(f"{'loop':<36} {'n':>9}" + "".join(f"{SHORT[name] + ' ns':>10}" for name in BACKENDS)
          + f"{'c&p/O2':>9}")
    cases = [("sum of i*i (int64 scratch)", sum_of_squares_trace, 2, 1, 2_000_000,
              lambda n: [n, None, None]),
             ("acc = acc + x (PyNumber_Add, int)", add_loop_trace, 3, 2, 500_000,
              lambda n: [0, 3, n, None, None])]
    for label, make, nlocalsplus, stack_size, n, frame in cases:
        executors = {name: compile_trace(make(), nlocalsplus=nlocalsplus, stack_size=stack_size,
                                         emit_code=get_backend(name).emit)
                     for name in BACKENDS}
        samples: dict[str, list[float]] = {name: [] for name in BACKENDS}
        for _ in range(reps + 1):  # interleaved; the first round warms up
            for name, executor in executors.items():
                localsplus = frame(n)
                started = time.perf_counter()
                executor.run(localsplus)
                samples[name].append((time.perf_counter() - started) / n)
        per_iteration = {name: statistics.median(values[1:]) for name, values in samples.items()}
        print(f"{label:<36} {n:>9}" + "".join(f"{per_iteration[name] * 1e9:>10.2f}"
                                               for name in BACKENDS)
              + f"{per_iteration['copy-and-patch'] / per_iteration['llvm']:>8.2f}x", flush=True)


def kernel_speed(kernels: Sequence[Path], reps: int) -> list[float]:
    print(f"\nloop kernels as whole processes (python -m jit --backend B), steady state "
          f"ns/iteration, median of {reps} interleaved runs:")
    print(f"{'kernel':<18}" + "".join(f"{SHORT[name] + ' ns':>10}" for name in BACKENDS)
          + f"{'c&p/O0':>9}{'c&p/O2':>9}")
    configurations = builtin_configurations(cpjit_options())
    ratios = []
    for kernel in kernels:
        benchmark = Benchmark(kernel.stem, "kernel", kernel)
        samples: dict[str, list[float]] = {name: [] for name in BACKENDS}
        answers = set()
        for _ in range(reps):
            for name in BACKENDS:
                run = run_once(benchmark, configurations[name], tiny=False, timeout=600)
                if run.error:
                    raise SystemExit(f"{kernel.name} failed under {name}: {run.error}")
                samples[name].append(steady_seconds(run.laps) / run.operations * 1e9)
                answers.add(run.answer)
        if len(answers) != 1:
            raise SystemExit(f"{kernel.name}: backends disagree: {answers}")
        medians = {name: statistics.median(values) for name, values in samples.items()}
        cp = medians["copy-and-patch"]
        ratios.append(cp / medians["llvm"])
        print(f"{kernel.stem:<18}" + "".join(f"{medians[name]:>10.1f}" for name in BACKENDS)
              + f"{cp / medians['llvm-O0']:>8.2f}x{cp / medians['llvm']:>8.2f}x", flush=True)
    return ratios


def summary(compiles: list[dict], speed: list[float]) -> None:
    def geomean(values: list[float]) -> float:
        return statistics.geometric_mean(values) if values else float("nan")
    o0 = [figures["llvm-O0"][0] / figures["copy-and-patch"][0] for figures in compiles]
    o2 = [figures["llvm"][0] / figures["copy-and-patch"][0] for figures in compiles]
    print("\nsummary (all traces above):")
    print(f"  copy-and-patch compiles {geomean(o0):.0f}x faster than llvm-O0 (geomean; "
          f"min {min(o0, default=float('nan')):.0f}x), target >= 100x")
    print(f"  copy-and-patch compiles {geomean(o2):.0f}x faster than llvm -O2 (geomean; "
          f"min {min(o2, default=float('nan')):.0f}x), target >= 1000x")
    if speed:
        print(f"  copy-and-patch kernel time / llvm -O2 kernel time: geomean {geomean(speed):.2f}, "
              f"worst {max(speed):.2f}, target <= 1.5")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reps", type=int, default=5, help="repetitions per figure (median)")
    parser.add_argument("--lengths", default="10,30,100",
                        help="straight-line trace lengths, comma-separated")
    parser.add_argument("--no-kernels", action="store_true",
                        help="skip the loop kernels (trace capture and whole-process runs)")
    parser.add_argument("--kernel-worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--output", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("kernels", nargs="*", help="kernel names (default: all)")
    options = parser.parse_args(argv)
    # Child processes (kernels, trace capture) run this checkout's cpjit.
    root = str(Path(__file__).resolve().parents[2])
    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [root, os.environ.get("PYTHONPATH")]))
    if options.kernel_worker:
        kernel_worker(options.kernel_worker, options.output, options.reps)
        return
    kernels = sorted(p for p in KERNELS_DIR.glob("*.py") if not p.name.startswith("_"))
    if options.kernels:
        kernels = [k for k in kernels if k.stem in options.kernels]
    print(__doc__.split("\n\n")[0].strip())
    lengths = [int(length) for length in options.lengths.split(",") if length]
    compiles = straight_line_compiles(lengths, options.reps)
    speed: list[float] = []
    if not options.no_kernels:
        compiles += kernel_compiles(kernels, options.reps)
    native_loop_figures(options.reps)
    if not options.no_kernels:
        speed = kernel_speed(kernels, options.reps)
    summary(compiles, speed)


if __name__ == "__main__":
    main()
