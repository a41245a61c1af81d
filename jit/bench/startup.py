"""Whole-process cost of cpjit against CPython: start-up, the first native
run of a hot loop, and the loop kernels as whole processes.

  python -m jit.bench.startup [--reps N]

Every figure is the median of N runs, CPython and cpjit interleaved, spawn to
exit, in wall-clock time and in CPU time (user + system, from the children's
rusage: steadier than wall-clock time on a loaded machine), in the environment
the benchmark harness gives its runs (bytecode caches on, see
jit.bench.configs.environment):

* start-up: `python -c pass` against `python -m jit -c pass`, and against
  `python -m jit --vm-code none -c pass` (no frame-evaluation hook: what
  installing it costs is the difference);
* first native run: `python -m jit --stats-json` on two loops of 200,000
  additions each; cpjit's `first_native_seconds` is the time from the first
  loop's first back edge (its first iteration done) to its first native run:
  recording, optimizing, compiling, and loading the JIT's machinery and
  stencils; `later_first_native_seconds` the same for the second loop, which
  finds the machinery loaded;
* the kernels (jit/bench/kernels/) as whole processes, ratios > 1 meaning
  cpjit is faster than CPython.

Then where the time goes, from the same --stats-json runs (medians): cpjit's
start-up by step in CPU time (`startup_cpu_seconds`: Python's own start-up
with the runner's and the VM's imports, setting up the JIT, installing the
hook; from `-c pass` runs, untimed: --stats-json itself imports a little
early), and the first native run's parts: importing the Tier 2 machinery
(`machinery_seconds`), compiling the trace, and the rest (recording,
optimizing, the uop set, the stencils' and backend's set-up).
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jit.bench.catalog import GROUPS
from jit.bench.configs import CPJIT, builtin_configurations, cpjit_options, environment
from jit.bench.harness import Plan, prepare

# Two loops: the first one's first native run includes importing the Tier 2
# machinery, which the second one finds done.
HOT_LOOP = ("t = 0\nfor i in range(200_000):\n    t += i\n"
            "u = 0\nfor i in range(200_000):\n    u += i * 2\nprint(t, u)\n")


def _run(command: list[str], cwd: Path) -> tuple[float, float]:
    """The wall-clock and CPU seconds of one run of `command`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=environment({}), stdin=subprocess.DEVNULL,
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _pair(program: list[str], cwd: Path, reps: int,
          options: list[str] | None = None) -> tuple[tuple[float, float], tuple[float, float]]:
    """Median (wall-clock, CPU) seconds under CPython and cpjit (with
    `options`), interleaved."""
    python, jit = [], []
    for _ in range(reps):
        python.append(_run([sys.executable, *program], cwd))
        jit.append(_run([*CPJIT, *(options or []), *program], cwd))
    return _medians(python), _medians(jit)


def _medians(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(wall for wall, _ in runs), statistics.median(cpu for _, cpu in runs)


def _line(name: str, python: tuple[float, float], jit: tuple[float, float]) -> str:
    return "".join([f"| {name} "] + [
        f"| {p * 1e3:.1f} ms | {j * 1e3:.1f} ms | {(j - p) * 1e3:+.1f} ms | {p / j:.2f}x "
        for p, j in zip(python, jit)] + ["|"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jit.bench.startup", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reps", type=int, default=11)
    options = parser.parse_args(argv)
    prepare(Plan([], [builtin_configurations(cpjit_options())["copy-and-patch"]], 1))
    here = Path(tempfile.mkdtemp(prefix="cpjit-startup-"))
    print("| what (median of %d, interleaved) | CPython | cpjit | difference | CPython/cpjit "
          "| CPU: CPython | cpjit | difference | CPython/cpjit |" % options.reps)
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    print(_line("start-up (`-c pass`)", *_pair(["-c", "pass"], here, options.reps)),
          flush=True)
    print(_line("start-up without the hook (`--vm-code none -c pass`)",
                *_pair(["-c", "pass"], here, options.reps, ["--vm-code", "none"])), flush=True)
    (here / "hot.py").write_text(HOT_LOOP)
    print(_line("two hot loops, 200k iterations each", *_pair(["hot.py"], here, options.reps)),
          flush=True)
    hot = _stats(["hot.py"], here, options.reps)
    print(f"| first native run after the first loop's first iteration (cpjit) | | "
          f"{_median(hot, 'first_native_seconds'):.1f} ms | | | | | | |", flush=True)
    print(f"| first native run after the second loop's first iteration (cpjit) | | "
          f"{_median(hot, 'later_first_native_seconds', 0):.1f} ms | | | | | | |", flush=True)
    for kernel in sorted(GROUPS["kernel"].glob("*.py")):
        reps = max(1, options.reps // 3)
        print(_line(f"kernel {kernel.stem} (median of {reps})",
                    *_pair([kernel.name], kernel.parent, reps)), flush=True)
    print("\n| where it goes (cpjit, median of %d) | ms |" % options.reps)
    print("| --- | --- |")
    started = _stats(["-c", "pass"], here, options.reps)
    for step, what in STARTUP_STEPS.items():
        print(f"| start-up, CPU: {what} | {_median(started, 'startup_cpu_seconds', step):.1f} |")
    for run in hot:
        run["rest"] = (run["first_native_seconds"] - run["machinery_seconds"]
                       - run["traces"][0]["compile_seconds"])
    print(f"| first native run: importing the Tier 2 machinery | "
          f"{_median(hot, 'machinery_seconds'):.1f} |")
    print(f"| first native run: compiling the trace | "
          f"{_median(hot, 'traces', 0, 'compile_seconds'):.1f} |")
    print(f"| first native run: the rest (recording, optimizing, the uop set, "
          f"stencils) | {_median(hot, 'rest'):.1f} |", flush=True)
    return 0


STARTUP_STEPS = {"python_and_imports": "Python's start-up and the runner's and VM's imports",
                 "jit": "setting up the JIT (jit.runtime, the marking policy)",
                 "hook": "installing the frame-evaluation hook",
                 "total": "in all, up to the program's first instruction"}


def _stats(program: list[str], cwd: Path, reps: int) -> list[dict]:
    """The --stats-json figures of `reps` cpjit runs of `program`."""
    runs = []
    for _ in range(reps):
        _run([*CPJIT, "--stats-json", "stats.json", *program], cwd)
        runs.append(json.loads((cwd / "stats.json").read_text()))
    return runs


def _median(runs: list[dict], *keys) -> float:
    """The median, in ms, of the figure at `keys` (seconds) in each run."""
    values = []
    for run in runs:
        for key in keys:
            run = run[key]
        values.append(run)
    return statistics.median(values) * 1e3


if __name__ == "__main__":
    sys.exit(main())
