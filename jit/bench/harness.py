"""Runs benchmarks as whole processes and collects what each run reports.

A run is one process: its wall time (spawn to exit), the per-iteration times
the program's timer wrote (timer/benchtimer.py), its stdout (the answer), and,
for a JIT configuration's extra statistics run, cpjit's --stats-json file.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from jit.bench.catalog import Benchmark
from jit.bench.configs import CHECKOUT, CPJIT, Configuration, Kind, environment
from jit.bench.timer.benchtimer import SIZE_VARIABLE, TIMES_VARIABLE

STDERR_HEAD, STDERR_TAIL = 4, 8    # lines of a failing run's stderr kept: its first and last


@dataclass
class Run:
    seconds: float = 0.0               # whole process, spawn to exit
    laps: list[float] = field(default_factory=list)
    operations: int = 0                # loop iterations per timed iteration (kernels)
    start_seconds: float = 0.0         # spawn to the first timed iteration
    answer: str = ""
    stats: dict | None = None          # cpjit's --stats-json, when asked for
    error: str | None = None


@dataclass
class Plan:
    benchmarks: list[Benchmark]
    configurations: list[Configuration]
    repetitions: int
    tiny: bool = False
    timeout: float = 600.0
    stats_json: bool = False           # cpjit has --stats-json: one extra run per JIT configuration

    def stats_configurations(self) -> list[Configuration]:
        return [c for c in self.configurations if c.jit] if self.stats_json else []

    @property
    def total_runs(self) -> int:
        per_benchmark = self.repetitions * len(self.configurations)
        return len(self.benchmarks) * (per_benchmark + len(self.stats_configurations()))


@dataclass
class Measurements:
    runs: dict[tuple[str, str], list[Run]] = field(default_factory=dict)   # (benchmark, configuration)
    stats: dict[tuple[str, str], Run] = field(default_factory=dict)


def _failure(result: subprocess.CompletedProcess) -> str:
    status = (f"killed by signal {-result.returncode}" if result.returncode < 0
              else f"exit status {result.returncode}")
    lines = result.stderr.strip().splitlines()
    if not lines:
        return status + " (no output on stderr)"
    if len(lines) > STDERR_HEAD + STDERR_TAIL:
        lines = [*lines[:STDERR_HEAD], "...", *lines[-STDERR_TAIL:]]
    return status + ":\n" + "\n".join(lines)


def error_summary(error: str) -> str:
    """One line: the status and the telling line of stderr (a Python traceback's
    last line, otherwise the first: a usage error's message)."""
    status, *lines = error.splitlines()
    if not lines:
        return status
    telling = lines[-1] if lines[0].startswith("Traceback") else lines[0]
    return f"{status} {telling.strip()}"


def run_once(benchmark: Benchmark, configuration: Configuration, *, tiny: bool,
             timeout: float, stats: bool = False) -> Run:
    """One process of `benchmark` under `configuration`; a failure is a Run with an error."""
    with tempfile.TemporaryDirectory(prefix="cpjit-bench-") as scratch:
        times, stats_file = Path(scratch, "times.json"), Path(scratch, "stats.json")
        options = ["--stats-json", str(stats_file)] if stats else []
        command = [*configuration.command, *options, str(benchmark.path)]
        variables = {TIMES_VARIABLE: str(times), **({SIZE_VARIABLE: "tiny"} if tiny else {})}
        spawned_at = time.time()
        started = time.perf_counter()
        try:
            result = subprocess.run(command, cwd=benchmark.path.parent, capture_output=True,
                                    text=True, env=environment(variables), timeout=timeout,
                                    stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            return Run(error=f"timed out after {timeout:g} s")
        except OSError as error:
            return Run(error=f"could not start {command[0]}: {error}")
        seconds = time.perf_counter() - started
        if result.returncode != 0:
            return Run(seconds=seconds, error=_failure(result))
        if not times.exists():
            return Run(seconds=seconds, answer=result.stdout,
                       error="the program wrote no iteration times (it must loop over "
                             "benchtimer.Timer)")
        timing = json.loads(times.read_text())
        statistics = json.loads(stats_file.read_text()) if stats and stats_file.exists() else None
        return Run(seconds=seconds, laps=timing["laps"], operations=timing["operations"],
                   start_seconds=max(0.0, timing["started_at"] - spawned_at),
                   answer=result.stdout, stats=statistics)


def progress_line(done: int, total: int, benchmark: Benchmark, configuration: Configuration,
                  what: str, run: Run) -> None:
    outcome = f"{run.seconds:.2f} s" if run.error is None else "FAILED: " + error_summary(run.error)
    print(f"[{done:>{len(str(total))}}/{total}] {benchmark.name} · {configuration.name} · "
          f"{what}: {outcome}", file=sys.stderr, flush=True)


def prepare(plan: Plan) -> None:
    """Build the stencil library now if it is missing or stale, so that no timed run
    pays for building it (cpjit would build it on first use)."""
    if not any(c.kind is Kind.CPJIT for c in plan.configurations):
        return
    result = subprocess.run([sys.executable, str(CHECKOUT / "build_stencils.py")],
                            env=environment({}), stdin=subprocess.DEVNULL,
                            stdout=sys.stderr)    # stdout carries the report
    if result.returncode != 0:
        print("cpjit bench: building the stencil library failed; cpjit's configurations "
              "will fail", file=sys.stderr, flush=True)
        return
    # One hot loop writes the bytecode caches of every cpjit module (see
    # configs.environment), so the first timed run does not compile them.
    subprocess.run([*CPJIT, "--threshold", "1", "-c", "for i in range(3): pass"],
                   env=environment({}), stdin=subprocess.DEVNULL, capture_output=True)


def measure(plan: Plan, progress: Callable[..., None] = progress_line) -> Measurements:
    """Every benchmark under every configuration, repetitions interleaved (rep 1 of
    each configuration, then rep 2, ...) so drifting machine load hits all alike.
    A configuration that fails on a benchmark is not run again on it."""
    measurements = Measurements()
    done = 0
    total = plan.total_runs
    for benchmark in plan.benchmarks:
        failed: set[str] = set()
        for repetition in range(plan.repetitions):
            for configuration in plan.configurations:
                key = (benchmark.name, configuration.name)
                done += 1
                if configuration.name in failed:
                    continue
                run = run_once(benchmark, configuration, tiny=plan.tiny, timeout=plan.timeout)
                measurements.runs.setdefault(key, []).append(run)
                if run.error is not None:
                    failed.add(configuration.name)
                progress(done, total, benchmark, configuration,
                         f"rep {repetition + 1}/{plan.repetitions}", run)
        for configuration in plan.stats_configurations():
            done += 1
            if configuration.name in failed:
                continue
            run = run_once(benchmark, configuration, tiny=plan.tiny, timeout=plan.timeout,
                           stats=True)
            measurements.stats[(benchmark.name, configuration.name)] = run
            progress(done, total, benchmark, configuration, "statistics run", run)
    return measurements
