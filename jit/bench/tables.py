"""The report's tables, built once from the report data and rendered by both
the Markdown and the HTML report."""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import math
from dataclasses import dataclass


@dataclass
class Table:
    title: str
    note: str
    header: list[str]
    rows: list[list[str]]


def _seconds(value: float) -> str:
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 1e-3:
        return f"{value * 1e3:.3g} ms"
    return f"{value * 1e6:.3g} µs"


def _times(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}×"


def _figure(value: float | int | None, scale: float = 1.0) -> str:
    """Three significant digits, never in e-notation."""
    if value is None:
        return "–"
    if isinstance(value, int) and scale == 1.0:
        return f"{value:,}"
    value *= scale
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if value == 0:
        return "0"
    return f"{value:.{2 - math.floor(math.log10(abs(value)))}f}"


def _geomean_cell(entry: dict, figure: str) -> str:
    """The geomean, and over how many benchmarks when some had no ratio."""
    if entry["benchmarks"] == 0:
        return "–"
    partial = entry["benchmarks"] < entry["of"]
    return _times(entry[figure]) + (f" ({entry['benchmarks']} of {entry['of']})" if partial else "")


def _cell(result: dict, figure: str) -> str:
    if result["status"] == "failed":
        return "failed"
    measured = _seconds(result[f"{figure}_seconds"]["median"])
    if figure == "steady" and result["ns_per_operation"] is not None:
        measured += f", {_figure(result['ns_per_operation'])} ns/op"
    if result["status"] == "wrong-answer":
        return f"**WRONG ANSWER** ({measured})"
    return f"{measured} ({_times(result['speedup'][figure])})"


def speedup_table(report: dict, figure: str) -> Table:
    """Rows: benchmarks, then one geomean row per group; columns: configurations."""
    names = [c["name"] for c in report["configurations"]]
    baseline = report["baseline"]
    if figure == "whole":
        title = "Whole process"
        note = f"median wall time of the process (speedup against {baseline})"
    else:
        title = "Steady state"
        note = (f"median time per iteration after warm-up, and per operation where the program "
                "declares one (a kernel's loop iteration, an n-body step) "
                f"(speedup against {baseline})")
    rows = [[b["name"], b["group"], *(_cell(b["results"][n], figure) for n in names)]
            for b in report["benchmarks"]]
    for group, entries in report["geomeans"].items():
        rows.append([f"geomean ({group})", group,
                     *(_geomean_cell(entries[n], figure) for n in names)])
    return Table(title, note, ["benchmark", "group", *names], rows)


def stats_table(report: dict) -> Table | None:
    """JIT statistics from the statistics runs, one row per benchmark and configuration."""
    rows = []
    for b in report["benchmarks"]:
        for name, result in b["results"].items():
            stats = result["stats"]
            if stats is None:
                continue
            rows.append([b["name"], name, f"{stats['root_traces']}/{stats['function_traces']}/{stats['side_traces']}",
                         str(stats["uops"]), _figure(stats["compile_seconds"], 1e3),
                         _figure(stats["compile_seconds_per_uop"], 1e6),
                         _figure(stats["code_bytes_per_uop"]),
                         _figure(stats["executor_runs"]), _figure(stats["exits_taken"]),
                         _figure(stats["generic_share"], 100),
                         _figure(stats["tier1_seconds"]), _figure(stats["record_seconds"]),
                         _figure(stats["optimize_seconds"]), _figure(stats["native_seconds"])])
    if not rows:
        return None
    return Table("JIT statistics", "from one untimed --stats-json run per benchmark and JIT "
                 "configuration: where the time goes (Tier 1 s: Tier 1, CPython-run code and "
                 "the runner; record s: recording traces, their iterations run in Tier 1; "
                 "compile ms: the backend) and how many of the uops run natively are generic "
                 "(what CPython's unspecialised instructions do)",
                 ["benchmark", "configuration", "traces root/function/side", "uops", "compile ms",
                  "compile µs/uop", "bytes/uop", "executor runs", "exits taken",
                  "generic uops %", "Tier 1 s", "record s", "optimize s", "native s"], rows)


def targets_table(report: dict) -> Table | None:
    if not report["targets"]:
        return None
    return Table("Targets", "the optimizer issue's targets, against CPython",
                 ["configuration", "target", "measured", "met"],
                 [[t["configuration"], t["target"], t["value"], "yes" if t["met"] else "no"]
                  for t in report["targets"]])


def all_tables(report: dict) -> list[Table]:
    tables = [speedup_table(report, "whole"), speedup_table(report, "steady"),
              stats_table(report), targets_table(report)]
    return [table for table in tables if table is not None]


def methodology_lines(report: dict) -> list[tuple[str, str]]:
    """(label, text) pairs, in reading order."""
    m = report["methodology"]
    machine, versions = m["machine"], m["versions"]
    lines = [
        ("Date", m["date"]),
        ("Command", m["command"]),
        ("Repetitions", f"{m['repetitions']} per benchmark and configuration "
                        f"({m['workload']} workloads)"),
        ("Order", m["order"]),
        ("Whole process", m["whole_process"]),
        ("Steady state", m["steady_state"]),
        ("Warm-up curves", m["warmup_curves"]),
        ("Speedup", m["speedup"]),
        ("Answers", m["answers"]),
        ("JIT statistics", m["statistics"]),
        ("Environment", m["environment"]),
        ("Machine", f"{machine['cpu']}, {machine['logical_cpus']} logical CPUs, "
                    f"{machine['platform']}, load average at start "
                    f"{', '.join(f'{x:.2f}' for x in machine['load_average_at_start'])}"),
        ("Versions", f"Python {versions['python']}, cpjit {versions['cpjit']}, "
                     f"LLVM {versions['llvm']} (llvmlite), {versions['clang']}"),
    ]
    for name, command in m["configurations"].items():
        lines.append((f"Configuration {name}",
                      f"`{command}` — {versions['interpreters'][name]}"))
    return lines
