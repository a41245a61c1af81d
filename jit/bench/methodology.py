"""How a report was measured: the method, the machine and the versions,
written into every report so a figure is never read without them."""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import datetime
import os
import platform
import subprocess
import sys

from jit.bench.configs import CHECKOUT, Configuration, version
from jit.bench.harness import Plan


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as file:
            for line in file:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _git_revision() -> str:
    try:
        result = subprocess.run(["git", "-C", str(CHECKOUT), "describe", "--always", "--dirty"],
                                capture_output=True, text=True, timeout=30)
    except OSError:
        return "unknown"
    return result.stdout.strip() or "unknown"


def _llvm_version() -> str:
    try:
        from llvmlite import binding
    except ImportError:
        return "llvmlite not installed"
    return ".".join(map(str, binding.llvm_version_info))


def _clang_version() -> str:
    from jit.stencils.clang import StencilError, find_clang
    try:
        return find_clang().version_line
    except StencilError as error:
        return f"none ({error})".splitlines()[0]


def describe(plan: Plan, command: list[str]) -> dict:
    configurations: list[Configuration] = plan.configurations
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "command": " ".join(command),
        "repetitions": plan.repetitions,
        "workload": "tiny" if plan.tiny else "normal",
        "order": "for each benchmark, repetition 1 under every configuration, then "
                 "repetition 2, ...: machine noise hits all configurations alike",
        "whole_process": "wall time of the process, spawn to exit (start-up, compiling, "
                         "output and teardown included); median over repetitions",
        "steady_state": "each program runs its fixed work as equal iterations, each timed "
                        "with time.perf_counter inside the program; a run's steady-state "
                        "figure is the median of its second half of iterations (the first "
                        "half is warm-up); median over repetitions",
        "warmup_curves": "iteration time by iteration number, median over repetitions",
        "speedup": f"{configurations[0].name} time / configuration time (> 1: faster than "
                   f"{configurations[0].name}); geomeans over the benchmarks with an answer "
                   "that agrees",
        "answers": "every run's stdout is compared with the first configuration that ran "
                   "cleanly; a configuration that prints a different answer is reported as "
                   "WRONG ANSWER and left out of ratios",
        "statistics": ("one extra, untimed run per benchmark and JIT configuration with "
                       "--stats-json" if plan.stats_json else
                       "none: this cpjit has no --stats-json option"),
        "environment": "PYTHONPATH is the timer module and this checkout only, "
                       "PYTHONHASHSEED=0, no CPJIT_* variables",
        "timeout_seconds": plan.timeout,
        "machine": {
            "cpu": _cpu_model(),
            "logical_cpus": os.cpu_count(),
            "platform": platform.platform(),
            "load_average_at_start": list(os.getloadavg()),
        },
        "versions": {
            "python": sys.version.split()[0],
            "cpjit": _git_revision(),
            "llvm": _llvm_version(),
            "clang": _clang_version(),
            "interpreters": {c.name: version(c) for c in configurations},
        },
        "configurations": {c.name: " ".join(c.command) for c in configurations},
    }
