"""The frame-evaluation hook: what it costs code that stays on CPython, and
what it gains a hot user function that only CPython-run code calls.

  python -m jit.bench.hook [--reps N]

1. Overhead: call-heavy workloads run on plain CPython in one process, with
   the hook installed (with a policy that marks nothing, so every frame takes
   the hook's unmarked path) and not installed, alternately; medians.
   Installing any PEP 523 hook also stops CPython 3.11 from inlining
   Python-to-Python calls, which is most of what this measures.
2. Speedup: hook_programs/harness_kernel.py, where a harness in a
   site-packages directory times a user function; ns per call (median of the
   harness's batches, median over runs) under CPython, cpjit's Tier 1 and
   cpjit's JIT.  Only the hook gets the function into the VM.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PROGRAMS_DIR = Path(__file__).resolve().parent / "hook_programs"

# Runs under plain python: prints one line per workload, `name off_ms on_ms`.
OVERHEAD_SCRIPT = textwrap.dedent("""
    import statistics, sys, textwrap, time
    sys.path.insert(0, {root!r})
    from jit import hook
    from jit.marking import Policy

    def fib(n):
        return n if n < 2 else fib(n - 1) + fib(n - 2)

    class Point:
        def __init__(self, x, y):
            self.x, self.y = x, y
        def moved(self, dx):
            return Point(self.x + dx, self.y)
        def norm1(self):
            return abs(self.x) + abs(self.y)

    def methods():
        p, total = Point(0, 0), 0
        for i in range(20_000):
            p = p.moved(1)
            total += p.norm1()
        return total

    TEXT = " ".join(["lorem ipsum dolor sit amet consectetur"] * 40)
    WORKLOADS = {{
        "recursive calls: fib(22)": lambda: fib(22),
        "method calls: 40k": methods,
        "stdlib: textwrap.fill x20": lambda: [textwrap.fill(TEXT, 30) for _ in range(20)],
    }}
    policy = Policy(exclude=("*",))   # nothing marked: every frame stays on CPython
    for name, work in WORKLOADS.items():
        off, on = [], []
        for _ in range({reps}):
            for installed, samples in ((False, off), (True, on)):
                if installed:
                    hook.install(policy)
                started = time.perf_counter()
                work()
                samples.append(time.perf_counter() - started)
                hook.uninstall()
        print(name, statistics.median(off) * 1e3, statistics.median(on) * 1e3, sep="\\t")
""")

CONFIGURATIONS = {
    "CPython": [sys.executable],
    "Tier 1": [sys.executable, "-m", "jit", "--no-jit"],
    "JIT": [sys.executable, "-m", "jit"],
}


def overhead(reps: int) -> None:
    script = OVERHEAD_SCRIPT.format(root=str(ROOT), reps=reps)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=ROOT)
    if result.returncode != 0:
        raise SystemExit(f"overhead workload failed:\n{result.stderr}")
    print(f"1. hook overhead on code that stays on CPython (medians of {reps}, in ms)")
    print(f"{'workload':<30}{'no hook':>10}{'hook':>10}{'overhead':>10}")
    for line in result.stdout.splitlines():
        name, off, on = line.split("\t")
        off_ms, on_ms = float(off), float(on)
        print(f"{name:<30}{off_ms:>10.2f}{on_ms:>10.2f}{(on_ms / off_ms - 1) * 100:>9.1f}%")


def run_kernel(command: list[str]) -> tuple[str, float]:
    # PYTHONPATH: `-m jit` must find this checkout from the programs' directory.
    environment = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run([*command, "harness_kernel.py"], cwd=PROGRAMS_DIR,
                            capture_output=True, text=True, env=environment)
    if result.returncode != 0:
        raise SystemExit(f"harness_kernel.py failed under {' '.join(command)}:\n{result.stderr}")
    answer, nanoseconds = result.stdout.split()
    return answer, float(nanoseconds)


def speedup(reps: int) -> None:
    samples: dict[str, list[float]] = {name: [] for name in CONFIGURATIONS}
    answers = set()
    for _ in range(reps):
        for name, command in CONFIGURATIONS.items():
            answer, nanoseconds = run_kernel(command)
            answers.add(answer)
            samples[name].append(nanoseconds)
    if len(answers) != 1:
        raise SystemExit(f"configurations disagree: {answers}")
    medians = {name: statistics.median(values) for name, values in samples.items()}
    print(f"\n2. a hot user function called only by a site-packages harness "
          f"(medians of {reps} runs, µs per call)")
    for name, value in medians.items():
        print(f"{name:<10}{value / 1e3:>10.1f} µs   {medians['CPython'] / value:>6.2f}x CPython")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reps", type=int, default=7)
    options = parser.parse_args(argv)
    overhead(options.reps)
    speedup(options.reps)


if __name__ == "__main__":
    main()
