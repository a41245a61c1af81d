"""The benchmark set: the classic programs (suite/), the loop kernels
(kernels/), application-like programs (apps/: what real programs do --
library calls, parsers, recursion on data, operator overloading -- where
traces do not pay off as easily) and idioms (idioms/: one pattern of
everyday Python each -- EAFP handlers, a callee's raise, `except ... as`,
`match`, keyword calls, generators, `with`, properties, `del` -- in a hot
loop, so that what each costs stays measured).

A benchmark is an ordinary Python program that follows the timing protocol of
timer/benchtimer.py; its name is its file's stem, its group its directory's.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import ast
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
TIMER_DIR = BENCH_DIR / "timer"
GROUPS = {"classic": BENCH_DIR / "suite", "kernel": BENCH_DIR / "kernels", "app": BENCH_DIR / "apps",
          "idiom": BENCH_DIR / "idioms"}


@dataclass(frozen=True)
class Benchmark:
    name: str
    group: str
    path: Path

    @property
    def description(self) -> str:
        """The first line of the program's docstring."""
        docstring = ast.get_docstring(ast.parse(self.path.read_text())) or ""
        return docstring.split("\n")[0]


class UnknownBenchmark(Exception):
    pass


def all_benchmarks() -> list[Benchmark]:
    return [Benchmark(path.stem, group, path)
            for group, directory in GROUPS.items()
            for path in sorted(directory.glob("*.py")) if not path.name.startswith("_")]


def select(names: list[str]) -> list[Benchmark]:
    """The benchmarks named (a name or a group), in catalog order; all when none are named."""
    benchmarks = all_benchmarks()
    if not names:
        return benchmarks
    known = {b.name for b in benchmarks} | set(GROUPS)
    unknown = [name for name in names if name not in known]
    if unknown:
        raise UnknownBenchmark(f"unknown benchmark {', '.join(map(repr, unknown))}; "
                               f"known: {', '.join(sorted(known))}")
    return [b for b in benchmarks if b.name in names or b.group in names]
