"""Loop kernels (jit/bench/kernels/) under CPython, cpjit's Tier 1 (--no-jit) and the JIT.

  python -m jit.bench.loops [--reps N] [KERNEL ...]

Shorthand for `python -m jit.bench --configs cpython,no-jit,copy-and-patch
kernel` (the same harness, protocol and reports; they go to build/bench/loops/):
per kernel the median whole-process time and the steady-state time per loop
iteration, with ratios against CPython (> 1 means faster than CPython).
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import argparse
import sys

from jit.bench.__main__ import DEFAULT_OUTPUT
from jit.bench.__main__ import main as bench_main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jit.bench.loops", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("kernels", nargs="*", help="kernel names (default: all)")
    options = parser.parse_args(argv)
    return bench_main(["--configs", "cpython,no-jit,copy-and-patch", "--reps", str(options.reps),
                       "--output", str(DEFAULT_OUTPUT / "loops"), *(options.kernels or ["kernel"])])


if __name__ == "__main__":
    sys.exit(main())
