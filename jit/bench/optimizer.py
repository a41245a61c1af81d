"""What optimizing traces costs: the trace optimizer's passes on the classic suite.

  python -m jit.bench.optimizer [--reps N] [--tiny] [--record FILE]
                                [--against COMMIT] [PROGRAM ...]

Runs each program (default: every program of jit/bench/suite/) under cpjit
in a process of its own, N times, with each pass's `run` and `finish`
(jit/optimizer/__init__.py's PIPELINE) timed in CPU time (the thread's:
steadier than wall-clock time on a loaded machine), and prints,
as medians of the N runs: each pass's milliseconds over the suite and
microseconds per recorded uop, and each program's traces (root / side),
recorded uops and milliseconds optimizing them.

--record FILE writes every trace's optimized uops as each run produced them
(names, opargs, operands, targets, jumps, snapshots, the objects kept; the
addresses of objects written as the objects': see `describe`) to FILE,
for comparing outputs across commits.  --against COMMIT also runs the
optimizer as it was at COMMIT on every trace (its jit/optimizer/ from git,
as a package of its own), on the same recorded uops in the same process,
and counts the traces whose output differs: an optimizer change meant to
change no output must count none.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import argparse
import importlib
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import CodeType, FunctionType, ModuleType
from typing import Any, Callable

from jit.bench.catalog import GROUPS
from jit.bench.configs import CHECKOUT, environment
from jit.paths import BUILD_DIR

BASELINE_PACKAGE = "_baseline_optimizer"
# Operands from here up are taken for addresses (packed scratch slots stay
# below: three 16-bit fields of slot numbers < 128).
_POINTERS = 1 << 40


# ---- the child: one program, the passes timed --------------------------------

class _Figures:
    """What one process measured."""

    def __init__(self) -> None:
        self.passes: dict[str, float] = {}   # pass name -> seconds (run + finish)
        self.optimize = 0.0                  # seconds in optimize, in all
        self.roots = self.sides = self.uops = 0
        self.differing = 0                   # traces whose output differs from --against's
        self.first_difference = ""

    def timed(self, name: str, function: Callable) -> Callable:
        passes = self.passes
        passes.setdefault(name, 0.0)

        def measured(uops: list, trace: Any) -> list:
            started = time.thread_time()
            try:
                return function(uops, trace)
            finally:
                passes[name] += time.thread_time() - started
        return measured


def _baseline(commit: str, directory: Path) -> ModuleType:
    """jit/optimizer/ as it was at `commit`, imported as BASELINE_PACKAGE."""
    package = directory / BASELINE_PACKAGE
    package.mkdir()
    listing = subprocess.run(["git", "ls-tree", "--name-only", f"{commit}:jit/optimizer"],
                             cwd=CHECKOUT, capture_output=True, text=True, check=True)
    for name in listing.stdout.split():
        if name.endswith(".py"):
            source = subprocess.run(["git", "show", f"{commit}:jit/optimizer/{name}"],
                                    cwd=CHECKOUT, capture_output=True, text=True,
                                    check=True).stdout
            (package / name).write_text(source.replace("jit.optimizer", BASELINE_PACKAGE))
    sys.path.insert(0, str(directory))
    return importlib.import_module(BASELINE_PACKAGE)


def _child(program: str, output: str, record: str | None, against: str | None) -> int:
    from jit import optimizer, runner
    from jit.uops import load_uops
    load_uops()  # (the first trace's optimizing would load the uop set, which compiling needs)
    figures = _Figures()
    for module in optimizer.PIPELINE:
        module.run = figures.timed(module.NAME, module.run)
        if getattr(module, "finish", None) is not None:
            module.finish = figures.timed(module.NAME, module.finish)
    records: list[str] = []
    # (under build/, like cpjit's own code, which the VM never runs)
    BUILD_DIR.mkdir(parents=True, exist_ok=True)
    workspace = tempfile.TemporaryDirectory(dir=BUILD_DIR)
    baseline = _baseline(against, Path(workspace.name)) if against else None
    optimize = optimizer.optimize

    def observed(uops: list, trace: Any, disabled: frozenset = frozenset(),
                 observe: Any = None) -> list:
        recorded = list(uops)
        started = time.thread_time()
        result = optimize(uops, trace, disabled, observe)
        figures.optimize += time.thread_time() - started
        figures.sides += trace.side
        figures.roots += not trace.side
        figures.uops += len(recorded)
        if record is not None or baseline is not None:
            described = describe(result)
            records.append(described)
            if baseline is not None and describe(
                    baseline.optimize(recorded, trace, disabled)) != described:
                figures.differing += 1
                figures.first_difference = figures.first_difference or described
        return result

    optimizer.optimize = observed
    try:
        # (this module's code is not the program's: CPython runs it)
        status = runner.main(["--vm-exclude", str(Path(__file__).resolve()), program])
    finally:
        workspace.cleanup()
        Path(output).write_text(json.dumps({
            "passes": figures.passes, "optimize": figures.optimize, "roots": figures.roots,
            "sides": figures.sides, "uops": figures.uops, "differing": figures.differing,
            "first_difference": figures.first_difference}))
        if record is not None:
            Path(record).write_text("".join(f"{line}\n" for line in records))
    return status


# ---- uops as text that does not depend on where objects are -------------------

def describe(uops: list) -> str:
    """The uops as one line of text: every field, with each address of an
    object the trace keeps (in `keep`, snapshots, MATERIALIZE's words,
    GUARD_GLOBAL's cache) written as that object -- a number or string as its
    repr, a class, function or code object by name, others by type and order
    of first appearance -- so that two runs' outputs compare equal exactly
    when they are the same trace."""
    from jit.backend.native import ffi
    known: dict[int, Any] = {id(None): None}  # address -> the object there
    order: list[int] = []

    def learn(obj: Any) -> None:
        """Know the address of `obj` and of what it holds."""
        known.setdefault(int(ffi.cast("uintptr_t", obj)) if isinstance(obj, ffi.CData)
                         else id(obj), obj)
        if isinstance(obj, tuple):
            for item in obj:
                learn(item)

    def address(value: int) -> str | int:
        return token(known[value]) if value in known else value

    def token(obj: Any) -> str:
        if obj is None or type(obj) in (bool, int, float, str, bytes):
            return f"{type(obj).__name__}:{obj!r}"
        if isinstance(obj, type):
            return f"class:{obj.__module__}.{obj.__qualname__}"
        if isinstance(obj, CodeType):
            return f"code:{obj.co_qualname}:{obj.co_firstlineno}"
        if isinstance(obj, FunctionType) or callable(obj) and hasattr(obj, "__qualname__"):
            return f"{type(obj).__name__}:{getattr(obj, '__qualname__', obj.__repr__())}"
        if isinstance(obj, tuple):
            return f"{type(obj).__name__}({', '.join(token(item) for item in obj)})"
        if isinstance(obj, ffi.CData):
            return cdata(obj)
        if id(obj) not in order:
            order.append(id(obj))
        return f"{type(obj).__name__}#{order.index(id(obj))}"

    def cdata(obj: Any) -> str:
        kind = ffi.typeof(obj)
        if kind.kind == "pointer" and kind.item.kind == "struct":
            fields = []
            for field, _ in kind.item.fields:
                value = getattr(obj, field)
                if isinstance(value, ffi.CData):
                    value = address(int(ffi.cast("uintptr_t", value)))
                    value = "&" if type(value) is int and value >= _POINTERS else value
                fields.append(f"{field}={value}")
            return "{" + ", ".join(fields) + "}"
        if kind.kind == "array":
            return "[" + ", ".join(str(address(word)) for word in obj) + "]"
        return str(kind)

    for uop in uops:
        learn(uop.keep)
        for snapshot in uop.snapshots or ():
            if snapshot is not None:
                learn(snapshot.keep)
    lines = []
    for uop in uops:
        snapshots = None
        if uop.snapshots is not None:
            snapshots = [None if snapshot is None else (
                [(int(kind), address(value)) for kind, value in snapshot.stack], snapshot.real,
                [(local, int(kind), address(value)) for local, kind, value in snapshot.locals],
                [(local, int(kind), address(value)) for local, kind, value in snapshot.live],
                [([(int(kind), address(value)) for kind, value in stack], real)
                 for stack, real in snapshot.callers])
                for snapshot in uop.snapshots]
        operand = address(uop.operand)
        if operand == uop.operand and uop.keep is not None and operand >= _POINTERS:
            operand = "&C"  # in the kept object's C data (a method table's, ...)
        lines.append(f"{uop.name} {uop.oparg} {operand} {uop.target} {uop.jump} "
                     f"{token(uop.keep)} {snapshots}")
    return " | ".join(lines)


# ---- the parent: runs, medians, the table ----------------------------------------

def _programs(names: list[str]) -> list[Path]:
    suite = sorted(GROUPS["classic"].glob("*.py"))
    if not names:
        return suite
    chosen = []
    for name in names:
        matches = [path for path in suite if path.stem == name] or [Path(name)]
        chosen.append(matches[0].resolve())
    return chosen


def _run(program: Path, tiny: bool, record: Path | None, against: str | None) -> dict:
    with tempfile.TemporaryDirectory() as directory:
        output = Path(directory) / "figures.json"
        command = [sys.executable, "-m", "jit.bench.optimizer", "--child", str(output)]
        if record is not None:
            command += ["--record", str(record)]
        if against is not None:
            command += ["--against", against]
        extra = {"CPJIT_BENCH_SIZE": "tiny"} if tiny else {}
        result = subprocess.run([*command, str(program)], cwd=CHECKOUT, env=environment(extra),
                                stdin=subprocess.DEVNULL, capture_output=True, text=True)
        if result.returncode != 0 or not output.exists():
            raise SystemExit(f"{program.name} failed:\n{result.stderr}")
        return json.loads(output.read_text())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jit.bench.optimizer",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=3, help="runs of each program (median)")
    parser.add_argument("--tiny", action="store_true", help="the programs' tiny workloads")
    parser.add_argument("--record", type=Path, help="write every trace's optimized uops here")
    parser.add_argument("--against", metavar="COMMIT",
                        help="compare every trace's output with the optimizer at COMMIT")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("programs", nargs="*", help="suite program names or paths")
    args = parser.parse_args(argv)
    if args.child:
        record = str(args.record) if args.record else None
        return _child(args.programs[0], args.child, record, args.against)
    programs = _programs(args.programs)
    runs: dict[str, list[dict]] = {program.stem: [] for program in programs}
    records = []
    for rep in range(args.reps):  # (programs interleaved: the machine's load drifts)
        for program in programs:
            record = None
            if args.record is not None and rep == 0:
                record = Path(tempfile.mkstemp(suffix=".uops")[1])
                records.append((program.stem, record))
            runs[program.stem].append(_run(program, args.tiny, record, args.against))
    if args.record is not None:
        with args.record.open("w") as out:
            for name, record in records:
                for index, line in enumerate(record.read_text().splitlines()):
                    out.write(f"{name} {index}: {line}\n")
                record.unlink()
    _report(runs, args.reps)
    differing = sum(run["differing"] for results in runs.values() for run in results)
    if args.against:
        print(f"\ntraces whose output differs from {args.against}'s: {differing}")
        for name, results in runs.items():
            for run in results:
                if run["differing"]:
                    print(f"  {name}: {run['differing']}, first: "
                          f"{run['first_difference'][:300]}")
                    break
    return 1 if differing else 0


def _report(runs: dict[str, list[dict]], reps: int) -> None:
    median = statistics.median
    print(f"optimizer CPU time, median of {reps} run(s) per program")
    print(f"{'program':<15} {'roots':>5} {'sides':>5} {'uops':>6} {'optimize ms':>12}")
    for name, results in runs.items():
        print(f"{name:<15} {median(r['roots'] for r in results):>5.0f} "
              f"{median(r['sides'] for r in results):>5.0f} "
              f"{median(r['uops'] for r in results):>6.0f} "
              f"{1e3 * median(r['optimize'] for r in results):>12.2f}")
    uops = sum(median(r["uops"] for r in results) for results in runs.values())
    total = sum(median(r["optimize"] for r in results) for results in runs.values())
    print(f"{'suite':<15} {'':>5} {'':>5} {uops:>6.0f} {1e3 * total:>12.2f}"
          f"   ({1e6 * total / max(uops, 1):.2f} us/uop)")
    print(f"\n{'pass':<10} {'suite ms':>9} {'us/uop':>7}")
    names = next(iter(runs.values()))[0]["passes"]
    for name in names:
        seconds = sum(median(r["passes"][name] for r in results) for results in runs.values())
        print(f"{name:<10} {1e3 * seconds:>9.2f} {1e6 * seconds / max(uops, 1):>7.2f}")


if __name__ == "__main__":
    sys.exit(main())
