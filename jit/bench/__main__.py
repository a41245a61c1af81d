"""python -m jit.bench: the benchmark suite under CPython, cpjit and other interpreters.

  python -m jit.bench [options] [BENCHMARK | GROUP ...]

Runs each benchmark (jit/bench/suite/: classic programs; jit/bench/kernels/:
loop kernels; jit/bench/apps/: application-like programs; jit/bench/idioms/:
one everyday pattern each; groups "classic", "kernel", "app" and "idiom") as
whole processes under each
configuration, --reps times, interleaved. Prints a Markdown report to stdout
and writes report.json, report.md and report.html (plots embedded) to
--output. Progress goes to stderr. Exit status 1 when a configuration printed
a different answer from the baseline; a configuration that cannot run is
reported as failed, per benchmark, and does not stop the others.

configurations: cpython, no-jit, copy-and-patch (cpjit's default backend),
llvm-O0, llvm (-O2); --interpreter adds any other Python (pypy3, another
CPython build) by path. The first configuration is the baseline of ratios.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import argparse
import importlib.util
import json
import sys
from pathlib import Path

from jit.bench import report_md
from jit.bench.catalog import UnknownBenchmark, all_benchmarks, select
from jit.bench.configs import (DEFAULT_NAMES, BadInterpreter, builtin_configurations,
                               cpjit_options, external_interpreter)
from jit.bench.harness import Plan, measure, prepare
from jit.bench.methodology import describe
from jit.bench.summary import summarize

DEFAULT_OUTPUT = Path("build") / "bench"


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m jit.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("benchmarks", nargs="*", metavar="BENCHMARK",
                        help="benchmark or group names (default: all; --list shows them)")
    parser.add_argument("--configs", default=",".join(DEFAULT_NAMES),
                        help="comma-separated configurations, baseline first "
                             f"(default: {','.join(DEFAULT_NAMES)})")
    parser.add_argument("--interpreter", action="append", default=[], metavar="PATH",
                        help="also run under this interpreter (repeatable)")
    parser.add_argument("--reps", type=int, default=5, help="repetitions (default 5)")
    parser.add_argument("--quick", action="store_true",
                        help="tiny workloads and one repetition: checks the harness and the "
                             "programs in seconds; its figures mean nothing")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT,
                        help=f"directory for report.json/.md/.html (default {DEFAULT_OUTPUT})")
    parser.add_argument("--timeout", type=float, default=600.0,
                        help="seconds before a run counts as failed (default 600)")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    return parser


def plan_from(options: argparse.Namespace, arguments: argparse.ArgumentParser) -> Plan:
    """The plan the options ask for; bad options end in argparse's usage error."""
    if options.reps < 1:
        arguments.error("--reps must be at least 1")
    try:
        benchmarks = select(options.benchmarks)
    except UnknownBenchmark as error:
        arguments.error(str(error))
    available = cpjit_options()
    builtin = builtin_configurations(available)
    names = [name.strip() for name in options.configs.split(",") if name.strip()]
    unknown = [name for name in names if name not in builtin]
    if unknown:
        arguments.error(f"unknown configuration {', '.join(map(repr, unknown))}; "
                        f"known: {', '.join(builtin)}")
    configurations = [builtin[name] for name in dict.fromkeys(names)]
    for path in options.interpreter:
        try:
            configurations.append(external_interpreter(path, {c.name for c in configurations}))
        except BadInterpreter as error:
            arguments.error(str(error))
    if not configurations:
        arguments.error("no configurations to run")
    return Plan(benchmarks, configurations, 1 if options.quick else options.reps,
                tiny=options.quick, timeout=options.timeout,
                stats_json="--stats-json" in available)


def write_reports(report: dict, output: Path) -> dict[str, Path]:
    from jit.bench import report_html   # imports matplotlib: checked for in main()
    files = {"json": output / "report.json", "md": output / "report.md",
             "html": output / "report.html"}
    files["json"].write_text(json.dumps(report, indent=1) + "\n")
    files["md"].write_text(report_md.render(report))
    files["html"].write_text(report_html.render(report))
    return files


def main(argv: list[str] | None = None) -> int:
    arguments = parser()
    options = arguments.parse_args(argv)
    if options.list:
        for benchmark in all_benchmarks():
            print(f"{benchmark.name:<16} {benchmark.group:<8} {benchmark.description}")
        return 0
    if importlib.util.find_spec("matplotlib") is None:
        arguments.error("the HTML report's plots need matplotlib: "
                        "python -m pip install -e '.[bench]'")
    plan = plan_from(options, arguments)
    try:    # before a long run, not after it
        options.output.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        arguments.error(f"--output {options.output}: {error.strerror}")
    methodology = describe(plan, ["python -m jit.bench", *(argv if argv is not None
                                                            else sys.argv[1:])])
    print(f"cpjit bench: {len(plan.benchmarks)} benchmarks × {len(plan.configurations)} "
          f"configurations × {plan.repetitions} repetitions ({plan.total_runs} runs)",
          file=sys.stderr, flush=True)
    prepare(plan)
    report = summarize(plan, measure(plan), methodology)
    try:
        files = write_reports(report, options.output)
    except OSError as error:
        print(f"python -m jit.bench: cannot write the reports: {error}", file=sys.stderr)
        return 2
    print(report_md.render(report))
    print("reports: " + ", ".join(str(path) for path in files.values()), file=sys.stderr)
    wrong = any(r["status"] == "wrong-answer" for b in report["benchmarks"]
                for r in b["results"].values())
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
