"""Whole-process cost of cpjit against CPython: start-up, the first native
run of a hot loop, and the loop kernels as whole processes.

  python -m jit.bench.startup [--reps N]

Every figure is the median of N runs, CPython and cpjit interleaved, spawn to
exit (wall clock), in the environment the benchmark harness gives its runs
(bytecode caches on, see jit.bench.configs.environment):

* start-up: `python -c pass` against `python -m jit -c pass`, and against
  `python -m jit --vm-code none -c pass` (no frame-evaluation hook: what
  installing it costs is the difference);
* first native run: `python -m jit --stats-json` on a loop of 200,000
  additions; cpjit's `first_native_seconds` is the time from the loop's first
  back edge (its first iteration done) to its first native run: recording,
  optimizing, compiling, and loading the JIT's machinery and stencils;
* the kernels (jit/bench/kernels/) as whole processes, ratios > 1 meaning
  cpjit is faster than CPython.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jit.bench.catalog import GROUPS
from jit.bench.configs import CPJIT, builtin_configurations, cpjit_options, environment
from jit.bench.harness import Plan, prepare

HOT_LOOP = "t = 0\nfor i in range(200_000):\n    t += i\nprint(t)\n"


def _run(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=environment({}), stdin=subprocess.DEVNULL,
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr}")
    return elapsed


def _pair(program: list[str], cwd: Path, reps: int,
          options: list[str] | None = None) -> tuple[float, float]:
    """Median seconds under CPython and cpjit (with `options`), interleaved."""
    python, jit = [], []
    for _ in range(reps):
        python.append(_run([sys.executable, *program], cwd))
        jit.append(_run([*CPJIT, *(options or []), *program], cwd))
    return statistics.median(python), statistics.median(jit)


def _line(name: str, python: float, jit: float) -> str:
    return (f"| {name} | {python * 1e3:.1f} ms | {jit * 1e3:.1f} ms | "
            f"+{(jit - python) * 1e3:.1f} ms | {python / jit:.2f}x |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jit.bench.startup", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reps", type=int, default=11)
    options = parser.parse_args(argv)
    prepare(Plan([], [builtin_configurations(cpjit_options())["copy-and-patch"]], 1))
    here = Path(tempfile.mkdtemp(prefix="cpjit-startup-"))
    print("| what (median of %d, interleaved) | CPython | cpjit | difference | CPython/cpjit |"
          % options.reps)
    print("| --- | --- | --- | --- | --- |")
    print(_line("start-up (`-c pass`)", *_pair(["-c", "pass"], here, options.reps)),
          flush=True)
    print(_line("start-up without the hook (`--vm-code none -c pass`)",
                *_pair(["-c", "pass"], here, options.reps, ["--vm-code", "none"])), flush=True)
    (here / "hot.py").write_text(HOT_LOOP)
    print(_line("hot loop, 200k iterations", *_pair(["hot.py"], here, options.reps)),
          flush=True)
    first = []
    for _ in range(options.reps):
        _run([*CPJIT, "--stats-json", "stats.json", "hot.py"], here)
        first.append(json.loads((here / "stats.json").read_text())["first_native_seconds"])
    print(f"| first native run after the loop's first iteration (cpjit) | | "
          f"{statistics.median(first) * 1e3:.1f} ms | | |", flush=True)
    for kernel in sorted(GROUPS["kernel"].glob("*.py")):
        reps = max(1, options.reps // 3)
        print(_line(f"kernel {kernel.stem} (median of {reps})",
                    *_pair([kernel.name], kernel.parent, reps)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
