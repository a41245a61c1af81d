"""Tier 1 benchmark: cost per bytecode of `python -m jit --no-jit` vs CPython.

    python -m jit.bench.tier1 [--reps 5] [--loop-n N] [--call-n N] [--cpjit-args "--no-jit"]

What it compares
----------------
Two small programs are run as *whole processes*, each `--reps` times, under
CPython (`python prog.py N`) and under cpjit's Tier 1 VM (`python -m jit
--no-jit prog.py N`):

* ``loop``  — dispatch-heavy: ``for i in range(n): total += i * 2`` inside a
  function (fast locals, BINARY_OP, FOR_ITER, JUMP_BACKWARD);
* ``calls`` — call-heavy: many calls of small Python functions and methods.

An empty program is run the same way; its median wall time (interpreter and
VM start-up) is subtracted from each program's median.  The number of
bytecode instructions each program executes is counted once, in-process under
CPython, with ``sys.settrace`` opcode events at two small sizes (giving a
fixed part and a per-iteration part, so the count at the benchmark size is
exact).  Reported: medians, ns per bytecode for both, and the ratio VM/CPython.

Timing belongs here, never in test assertions: this prints figures and
asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

PROGRAMS = {
    "loop": '''\
import sys


def run(n):
    total = 0
    for i in range(n):
        total += i * 2
    return total


print(run(int(sys.argv[1])))
''',
    "calls": '''\
import sys


def add(a, b):
    return a + b


def twice(x):
    return add(x, x)


class Counter:
    def __init__(self):
        self.value = 0

    def bump(self, k):
        self.value = add(self.value, k)
        return self


def run(n):
    c = Counter()
    total = 0
    for i in range(n):
        total = add(total, twice(i))
        c.bump(1)
    return total, c.value


print(run(int(sys.argv[1])))
''',
    "empty": "",
}


def count_bytecodes(source: str, n: int, filename: str) -> int:
    """Instructions executed by `source` (with argv[1] = n) under CPython,
    counted with opcode-level tracing of frames from `filename`."""
    code = compile(source, filename, "exec")
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        if frame.f_code.co_filename != filename:
            return None
        frame.f_trace_opcodes = True
        if event == "opcode":
            count += 1
        return tracer

    old_argv = sys.argv
    sys.argv = [filename, str(n)]
    devnull = open(os.devnull, "w")
    old_stdout = sys.stdout
    sys.stdout = devnull
    sys.settrace(tracer)
    try:
        exec(code, {"__name__": "__main__"})
    finally:
        sys.settrace(None)
        sys.stdout = old_stdout
        sys.argv = old_argv
        devnull.close()
    return count


def bytecodes_at(source: str, n: int, filename: str) -> int:
    """Exact count at size n from two small traced runs (count is affine in n)."""
    n1, n2 = 200, 400
    c1 = count_bytecodes(source, n1, filename)
    c2 = count_bytecodes(source, n2, filename)
    per_iter, rem = divmod(c2 - c1, n2 - n1)
    if rem:
        raise RuntimeError(f"bytecode count of {filename} is not affine in n")
    return c1 + per_iter * (n - n1), per_iter


def time_process(argv: list[str], cwd: str, env: dict, timeout: float) -> tuple[float, str, int]:
    t0 = time.perf_counter()
    proc = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    elapsed = time.perf_counter() - t0
    return elapsed, proc.stdout + proc.stderr, proc.returncode


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m jit.bench.tier1", description=__doc__.split("\n")[0])
    ap.add_argument("--reps", type=int, default=5, help="process runs per measurement (median is used)")
    ap.add_argument("--loop-n", type=int, default=1_000_000, help="iterations of the dispatch loop")
    ap.add_argument("--call-n", type=int, default=200_000, help="iterations of the call-heavy loop")
    ap.add_argument("--cpjit-args", default="--no-jit",
                    help="arguments to `python -m jit` before the script (default: --no-jit)")
    ap.add_argument("--timeout", type=float, default=600.0, help="per-process timeout in seconds")
    args = ap.parse_args(argv)

    cpjit_args = shlex.split(args.cpjit_args)
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")

    sizes = {"loop": args.loop_n, "calls": args.call_n, "empty": 0}
    print("Tier 1 benchmark: whole-process wall time, CPython vs `python -m jit "
          f"{' '.join(cpjit_args)}`")
    print(f"python {sys.version.split()[0]} ({sys.executable}), reps={args.reps}, "
          f"medians; start-up (empty program) subtracted")
    with tempfile.TemporaryDirectory(prefix="cpjit-tier1-") as tmp:
        for name, src in PROGRAMS.items():
            Path(tmp, f"bench_{name}.py").write_text(src)
        counts = {}
        for name in ("loop", "calls"):
            path = str(Path(tmp, f"bench_{name}.py"))
            counts[name] = bytecodes_at(PROGRAMS[name], sizes[name], path)

        runners = {
            "cpython": lambda script, n: [sys.executable, script] + ([str(n)] if n else []),
            "cpjit": lambda script, n: [sys.executable, "-m", "jit", *cpjit_args, script] + ([str(n)] if n else []),
        }
        medians: dict[tuple[str, str], float] = {}
        outputs: dict[tuple[str, str], str] = {}
        for name in ("empty", "loop", "calls"):
            for runner, make in runners.items():
                times = []
                for _ in range(args.reps):
                    try:
                        t, out, rc = time_process(make(f"bench_{name}.py", sizes[name]), tmp, env, args.timeout)
                    except subprocess.TimeoutExpired:
                        print(f"  {runner} {name}: timed out after {args.timeout}s")
                        times = []
                        break
                    if rc != 0:
                        print(f"  {runner} {name}: exit code {rc}\n" + "\n".join(
                            "    " + line for line in out.splitlines()[-15:]))
                        times = []
                        break
                    times.append(t)
                    outputs[(runner, name)] = out
                if times:
                    medians[(runner, name)] = statistics.median(times)
                    print(f"  {runner:>7} {name:<5}: median {medians[(runner, name)] * 1e3:9.1f} ms "
                          f"(min {min(times) * 1e3:.1f}, max {max(times) * 1e3:.1f})", flush=True)

    print()
    print(f"{'program':<8}{'bytecodes':>12}{'per iter':>9}{'CPython ns/bc':>15}{'VM ns/bc':>12}{'VM/CPython':>12}")
    for name in ("loop", "calls"):
        total_bc, per_iter = counts[name]
        row = f"{name:<8}{total_bc:>12,}{per_iter:>9}"
        ns = {}
        for runner in ("cpython", "cpjit"):
            if (runner, name) in medians and (runner, "empty") in medians:
                net = medians[(runner, name)] - medians[(runner, "empty")]
                ns[runner] = net * 1e9 / total_bc
        row += f"{ns['cpython']:>15.2f}" if "cpython" in ns else f"{'n/a':>15}"
        row += f"{ns['cpjit']:>12.2f}" if "cpjit" in ns else f"{'n/a':>12}"
        if "cpython" in ns and "cpjit" in ns and ns["cpython"] > 0:
            row += f"{ns['cpjit'] / ns['cpython']:>11.1f}x"
        else:
            row += f"{'n/a':>12}"
        print(row)
        if ("cpython", name) in outputs and ("cpjit", name) in outputs and \
                outputs[("cpython", name)] != outputs[("cpjit", name)]:
            print(f"  note: {name} printed different output under cpjit "
                  f"({outputs[('cpjit', name)].strip()[:80]!r} vs {outputs[('cpython', name)].strip()[:80]!r})")
    if ("cpython", "empty") in medians and ("cpjit", "empty") in medians:
        print(f"start-up: CPython {medians[('cpython', 'empty')] * 1e3:.1f} ms, "
              f"cpjit {medians[('cpjit', 'empty')] * 1e3:.1f} ms")
    print("(target for information: Tier 1 within 30x of CPython per bytecode)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
