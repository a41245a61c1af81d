"""python -m jit.bench: the harness and its reports, on tiny workloads (--quick).

One run covers CPython, --no-jit, the default JIT, an interpreter that prints
a different answer and one that cannot run; its JSON is checked against
report.schema.json, its Markdown tables' rows and columns, and its HTML page
for the plots it embeds. Timings are never asserted: only that they exist.
"""
from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from jit.bench.catalog import GROUPS, all_benchmarks, select
from jit.bench.configs import builtin_configurations
from jit.bench.harness import Measurements, Plan, Run
from jit.bench.methodology import describe
from jit.bench.summary import steady_seconds, summarize
from jit.bench import report_html, report_md

REPO = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((REPO / "jit" / "bench" / "report.schema.json").read_text())
BENCHMARKS = ["nbody", "int_sum"]
CONFIGURATIONS = ["cpython", "no-jit", "copy-and-patch"]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def bench(*arguments: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CPJIT_")}
    env["PYTHONPATH"] = str(REPO)
    return subprocess.run([sys.executable, "-m", "jit.bench", *arguments], cwd=REPO,
                          capture_output=True, text=True, timeout=timeout, env=env,
                          stdin=subprocess.DEVNULL)


def executable(path: Path, text: str) -> str:
    path.write_text(text)
    path.chmod(0o755)
    return str(path)


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    directory = tmp_path_factory.mktemp("bench")
    # An interpreter that runs the program like python, then prints one line more.
    wrong = executable(directory / "wrongpython", f"#!{sys.executable}\n"
                       "import runpy, sys\n"
                       "sys.argv = sys.argv[1:]\n"
                       "runpy.run_path(sys.argv[0], run_name='__main__')\n"
                       "print('one line more')\n")
    broken = executable(directory / "brokenpython",
                        "#!/bin/sh\necho 'brokenpython: cannot start' >&2\nexit 3\n")
    output = directory / "report"
    result = bench("--quick", "--configs", ",".join(CONFIGURATIONS), "--interpreter", wrong,
                   "--interpreter", broken, "--output", str(output), *BENCHMARKS)
    return result, output


def test_quick_run_exits_1_for_a_wrong_answer(quick_run) -> None:
    result, _ = quick_run
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert re.search(r"\[\s*1/\d+\] nbody · cpython · rep 1/1: [\d.]+ s", result.stderr)


def test_report_json_follows_its_schema(quick_run) -> None:
    _, output = quick_run
    report = json.loads((output / "report.json").read_text())
    jsonschema.validate(report, SCHEMA)
    assert [b["name"] for b in report["benchmarks"]] == BENCHMARKS
    names = [c["name"] for c in report["configurations"]]
    assert names == [*CONFIGURATIONS, "wrongpython", "brokenpython"]
    assert report["baseline"] == "cpython"
    assert report["methodology"]["repetitions"] == 1
    assert report["methodology"]["workload"] == "tiny"


def test_every_configuration_is_checked_against_the_answer(quick_run) -> None:
    _, output = quick_run
    report = json.loads((output / "report.json").read_text())
    nbody = report["benchmarks"][0]
    expected = subprocess.run(
        [sys.executable, str(REPO / "jit/bench/suite/nbody.py")], capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": str(REPO / "jit/bench/timer"),
             "CPJIT_BENCH_SIZE": "tiny"}).stdout
    assert nbody["answer"] == expected
    for benchmark in report["benchmarks"]:
        results = benchmark["results"]
        for name in CONFIGURATIONS:
            assert results[name]["status"] == "ok", (benchmark["name"], name, results[name])
            assert len(results[name]["whole_seconds"]["samples"]) == 1
            assert len(results[name]["warmup_curve"]) == 2      # tiny workloads: 2 iterations
            assert results[name]["speedup"]["whole"] > 0
        assert results["cpython"]["speedup"] == {"whole": 1.0, "steady": 1.0}
        assert results["wrongpython"]["status"] == "wrong-answer"
        assert results["wrongpython"]["answer"] == benchmark["answer"] + "one line more\n"
        assert results["wrongpython"]["speedup"] == {"whole": None, "steady": None}
        assert results["brokenpython"]["status"] == "failed"
        assert "exit status 3" in results["brokenpython"]["error"]
        assert "brokenpython: cannot start" in results["brokenpython"]["error"]
    problems = report["problems"]
    assert sum(p.startswith("WRONG ANSWER: ") and "wrongpython" in p for p in problems) == 2
    assert any(p.startswith("FAILED: brokenpython on every benchmark: exit status 3: "
                            "brokenpython: cannot start") for p in problems), problems


def markdown_table(text: str, title: str) -> tuple[list[str], list[list[str]]]:
    """The header and rows of the table under `## title`."""
    section = text.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    cells = [[cell.strip() for cell in line.strip("|").split(" | ")] for line in lines]
    assert set(cells[1]) == {"---"}
    return cells[0], cells[2:]


@pytest.mark.parametrize("title", ["Whole process", "Steady state"])
def test_markdown_tables_have_a_row_per_benchmark_and_a_column_per_configuration(
        quick_run, title: str) -> None:
    result, output = quick_run
    text = (output / "report.md").read_text()
    assert result.stdout.strip() == text.strip()
    header, rows = markdown_table(text, title)
    assert header == ["benchmark", "group", *CONFIGURATIONS, "wrongpython", "brokenpython"]
    assert [row[0] for row in rows] == [*BENCHMARKS, "geomean (classic)", "geomean (kernel)"]
    for row in rows:
        assert len(row) == len(header)
    for row in rows[:2]:
        assert re.fullmatch(r"\S+ (s|ms|µs)(, \S+ ns/op)? \(1\.00×\)", row[2]), row
        assert row[-2].startswith("**WRONG ANSWER**")
        assert row[-1] == "failed"
    assert "## Problems" in text and "WRONG ANSWER" in text.split("## Problems")[1]


def test_every_report_carries_its_methodology(quick_run) -> None:
    _, output = quick_run
    with open("/proc/cpuinfo") as cpuinfo:
        model = next(line.split(":", 1)[1].strip() for line in cpuinfo
                     if line.startswith("model name"))
    for name in ("report.md", "report.html"):
        text = (output / name).read_text()
        methodology = text.split("Methodology", 1)[1]
        for needle in ("Repetitions", "1 per benchmark", "Steady state", "median", model,
                       "Python 3.11", "cpjit", "LLVM", "clang", "Date"):
            assert needle in methodology, (name, needle)


def embedded_pngs(html: str) -> dict[str, bytes]:
    return {key: base64.b64decode(data) for key, data in
            re.findall(r"<img id='plot-(\w+)' alt='[^']*' src='data:image/png;base64,([^']+)'",
                       html)}


def test_html_page_embeds_its_plots(quick_run) -> None:
    _, output = quick_run
    html = (output / "report.html").read_text()
    plots = embedded_pngs(html)
    assert {"speedup", "warmup"} <= set(plots)
    assert all(png.startswith(PNG_SIGNATURE) for png in plots.values())
    # self-contained: nothing loaded from elsewhere
    assert not re.search(r"(src|href)=['\"](?!data:)", html)
    assert "<table>" in html and "WRONG ANSWER" in html


def test_statistics_give_a_table_and_a_compile_time_plot() -> None:
    """The --stats-json fields (cpjit's contract) flow into the JSON, the Markdown
    statistics table and the compile-time plot; an unexpected backend is reported."""
    configurations = builtin_configurations(frozenset())
    plan = Plan(select(["int_sum"]), [configurations["cpython"],
                                      configurations["copy-and-patch"]], 2, stats_json=True)
    runs = [Run(seconds=0.5, laps=[0.3, 0.1, 0.1, 0.1], operations=1000, answer="42\n")
            for _ in range(2)]
    raw = {"backend": "llvm", "aborts": {"unsupported opcode": 2}, "executor_runs": 10,
           "exits_taken": 3, "native_uops": 1000, "native_generic_uops": 25,
           "tier1_instructions": 500, "native_seconds": 0.2, "tier1_seconds": 0.1,
           "record_seconds": 0.03, "optimize_seconds": 0.02, "machinery_seconds": 0.004,
           "traces": [{"kind": "root", "uops": 40, "compile_seconds": 0.004, "code_bytes": 2000},
                      {"kind": "function", "uops": 5, "compile_seconds": 0.001,
                       "code_bytes": 400},
                      {"kind": "side", "uops": 10, "compile_seconds": 0.001, "code_bytes": 600}]}
    measurements = Measurements(
        runs={("int_sum", "cpython"): runs, ("int_sum", "copy-and-patch"): runs},
        stats={("int_sum", "copy-and-patch"): Run(seconds=1.0, laps=[0.1], answer="42\n",
                                                  stats=raw)})
    report = summarize(plan, measurements, describe(plan, ["test"]))
    jsonschema.validate(report, SCHEMA)
    result = report["benchmarks"][0]["results"]["copy-and-patch"]
    stats = result["stats"]
    assert (stats["root_traces"], stats["function_traces"], stats["side_traces"],
            stats["uops"]) == (1, 1, 1, 55)
    assert stats["compile_seconds_per_uop"] == pytest.approx(0.006 / 55)
    assert stats["code_bytes_per_uop"] == pytest.approx(3000 / 55)
    assert result["steady_seconds"]["median"] == 0.1
    assert result["ns_per_operation"] == pytest.approx(0.1 / 1000 * 1e9)
    assert "ran backend 'llvm', not 'copy-and-patch'" in result["stats_error"]
    header, rows = markdown_table(report_md.render(report), "JIT statistics")
    assert stats["generic_share"] == pytest.approx(0.025)
    assert rows == [["int_sum", "copy-and-patch", "1/1/1", "55", "6.00", "109", "54.5", "10",
                     "3", "2.50", "0.100", "0.0300", "0.0200", "0.200"]]
    assert len(header) == len(rows[0])
    plots = embedded_pngs(report_html.render(report))
    assert {"speedup", "compile", "warmup"} == set(plots)


def test_the_schema_knows_every_group() -> None:
    # (the reports with apps did not follow the schema until session 20)
    groups = SCHEMA["properties"]["benchmarks"]["items"]["properties"]["group"]["enum"]
    assert set(groups) == set(GROUPS)


def test_every_benchmark_follows_the_protocol(tmp_path) -> None:
    """All programs, tiny, under CPython: each writes its iteration times. (Under
    cpjit too would cost ~20 s; full runs compare every configuration's answers.)"""
    result = bench("--quick", "--configs", "cpython", "--output", str(tmp_path))
    assert result.returncode == 0, result.stderr
    report = json.loads((tmp_path / "report.json").read_text())
    assert [b["name"] for b in report["benchmarks"]] == [b.name for b in all_benchmarks()]
    for benchmark in report["benchmarks"]:
        for name, outcome in benchmark["results"].items():
            assert outcome["status"] == "ok", (benchmark["name"], name, outcome["error"])
            assert len(outcome["warmup_curve"]) == 2


def test_steady_state_is_the_median_of_the_second_half() -> None:
    assert steady_seconds([9.0, 8.0, 1.0, 3.0, 2.0]) == 2.0
    assert steady_seconds([5.0, 1.0]) == 1.0


@pytest.mark.parametrize("arguments, message", [
    (["--interpreter", "/nonexistent/pypy3"], "--interpreter /nonexistent/pypy3: no such file"),
    (["--interpreter", str(REPO / "README.md")],
     f"--interpreter {REPO / 'README.md'}: not an executable file"),
    (["--configs", "cpython,llvm-O3"], "unknown configuration 'llvm-O3'"),
    (["no_such_benchmark"], "unknown benchmark 'no_such_benchmark'"),
    (["--reps", "0"], "--reps must be at least 1"),
    (["--output", "/dev/null/report"], "--output /dev/null/report: Not a directory"),
])
def test_bad_options_are_clear_errors(arguments: list[str], message: str) -> None:
    result = bench("--quick", *arguments)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_kernel_targets_count_the_numeric_kernels_and_every_kernel() -> None:
    # The target is on the numeric kernels; the stricter row counts them all.
    from jit.bench.configs import Configuration, Kind
    from jit.bench.summary import NUMERIC_KERNELS, _targets

    configurations = [Configuration("cpython", ("python",), Kind.CPYTHON),
                      Configuration("jit", ("python", "-m", "jit"), Kind.CPJIT, jit=True)]
    speedups = {"int_sum": 14.0, "float_arith": 11.0, "nested_loops": 10.5,
                "while_loop": 9.0, "attribute_access": 2.0}
    benchmarks = [{"name": kernel, "group": "kernel",
                   "results": {"jit": {"status": "ok", "speedup": {"steady": speedup}}}}
                  for kernel, speedup in speedups.items()]
    plan = Plan(benchmarks=[], configurations=configurations, repetitions=1)
    numeric, every = _targets(benchmarks, {}, plan)
    assert set(NUMERIC_KERNELS) <= set(speedups)
    assert numeric["target"].startswith("numeric loop kernels (")
    assert (numeric["value"], numeric["met"]) == ("3 of 4", False)
    assert (every["value"], every["met"]) == ("3 of 5", False)
    benchmarks[3]["results"]["jit"]["speedup"]["steady"] = 10.0
    numeric, every = _targets(benchmarks, {}, plan)
    assert (numeric["value"], numeric["met"]) == ("4 of 4", True) and not every["met"]
