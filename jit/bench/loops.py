"""Loop kernels under CPython, cpjit's Tier 1 (--no-jit) and cpjit's JIT.

  python -m jit.bench.loops [--reps N] [KERNEL ...]

Each kernel (jit/bench/kernels/) runs as a whole process per configuration,
--reps times, interleaved so machine noise hits all configurations alike.
Printed per kernel: the median whole-process time, the median steady-state
time per iteration (measured inside the program after a warm-up), and the
ratios against CPython (> 1 means faster than CPython).
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

KERNELS_DIR = Path(__file__).resolve().parent / "kernels"
CONFIGURATIONS = {
    "CPython": [sys.executable],
    "Tier 1": [sys.executable, "-m", "jit", "--no-jit"],
    "JIT": [sys.executable, "-m", "jit"],
}


def run_once(command: list[str], kernel: Path) -> tuple[float, float, str]:
    started = time.perf_counter()
    result = subprocess.run([*command, kernel.name], cwd=KERNELS_DIR, capture_output=True,
                            text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{kernel.name} failed under {' '.join(command)}:\n{result.stderr}")
    answer, per_iteration = result.stdout.split()
    return elapsed, float(per_iteration), answer


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("kernels", nargs="*", help="kernel names (default: all)")
    options = parser.parse_args(argv)
    kernels = sorted(p for p in KERNELS_DIR.glob("*.py") if not p.name.startswith("_"))
    if options.kernels:
        kernels = [k for k in kernels if k.stem in options.kernels]
    print(__doc__.split("\n\n")[0])
    print(f"medians of {options.reps} runs; steady state in ns/iteration, whole process in s\n")
    header = f"{'kernel':<18}" + "".join(f"{name + ' ns':>12}{name + ' s':>11}"
                                         for name in CONFIGURATIONS)
    print(header + f"{'JIT vs CPy':>12}{'JIT vs T1':>11}{'whole JIT/CPy':>15}")
    for kernel in kernels:
        samples = {name: [] for name in CONFIGURATIONS}
        answers = set()
        for _ in range(options.reps):
            for name, command in CONFIGURATIONS.items():
                whole, steady, answer = run_once(command, kernel)
                samples[name].append((whole, steady))
                answers.add(answer)
        if len(answers) != 1:
            raise SystemExit(f"{kernel.name}: configurations disagree: {answers}")
        medians = {name: (statistics.median(w for w, _ in runs),
                          statistics.median(s for _, s in runs))
                   for name, runs in samples.items()}
        row = f"{kernel.stem:<18}" + "".join(f"{steady:>12.1f}{whole:>11.3f}"
                                             for whole, steady in medians.values())
        cpython, tier1, jit = medians["CPython"], medians["Tier 1"], medians["JIT"]
        print(row + f"{cpython[1] / jit[1]:>11.2f}x{tier1[1] / jit[1]:>10.1f}x"
                    f"{cpython[0] / jit[0]:>14.2f}x", flush=True)


if __name__ == "__main__":
    main()
