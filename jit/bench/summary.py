"""From measured runs to the report's data: medians, steady state, warm-up
curves, speedups, geomeans, answer checks, JIT statistics and targets.

The result is a plain dict (it is report.json; report.schema.json describes
it), so the Markdown and HTML reports and any later tool read the same thing.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import statistics

from jit.bench.catalog import Benchmark
from jit.bench.configs import Configuration, Kind
from jit.bench.harness import Measurements, Plan, Run, error_summary

SCHEMA = "cpjit-bench-report/1"

# The targets (for the optimizer work), checked for each JIT configuration.
KERNEL_TARGET = 10.0      # numeric loop kernels (and, stricter, every kernel), steady state
# The "numeric loop kernels": arithmetic on ints and floats in a loop.
NUMERIC_KERNELS = ("float_arith", "int_sum", "nested_loops", "while_loop")
CLASSIC_TARGET = 3.0      # classic benchmarks' geomean, whole process


def steady_seconds(laps: list[float]) -> float:
    """A run's steady-state time per iteration: the median of the second half of
    its iterations (the first half is warm-up)."""
    return statistics.median(laps[len(laps) // 2:])


def _sample(values: list[float]) -> dict:
    return {"median": statistics.median(values), "samples": values}


def _ratio(baseline: float | None, value: float | None) -> float | None:
    return baseline / value if baseline and value else None


def _stats_summary(raw: dict) -> dict:
    """Totals and per-uop figures from cpjit's --stats-json (every field optional)."""
    traces = raw.get("traces") or []
    uops = sum(t.get("uops", 0) for t in traces)
    compile_seconds = sum(t.get("compile_seconds", 0.0) for t in traces)
    code_bytes = sum(t.get("code_bytes", 0) for t in traces)
    summary = {
        "backend": raw.get("backend"),
        "trace_count": len(traces),
        "root_traces": sum(1 for t in traces if t.get("kind") == "root"),
        "function_traces": sum(1 for t in traces if t.get("kind") == "function"),
        "side_traces": sum(1 for t in traces if t.get("kind") == "side"),
        "uops": uops,
        "compile_seconds": compile_seconds,
        "compile_seconds_per_trace": compile_seconds / len(traces) if traces else None,
        "compile_seconds_per_uop": compile_seconds / uops if uops else None,
        "code_bytes_per_uop": code_bytes / uops if uops else None,
        "traces": traces,
    }
    for key in ("aborts", "executor_runs", "exits_taken", "native_uops", "native_generic_uops",
                "tier1_instructions", "native_seconds", "tier1_seconds", "record_seconds",
                "optimize_seconds", "machinery_seconds"):
        summary[key] = raw.get(key)
    native, generic = summary["native_uops"], summary["native_generic_uops"]
    summary["generic_share"] = generic / native if native and generic is not None else None
    return summary


def _statistics(run: Run, configuration: Configuration) -> tuple[dict | None, str | None]:
    """The statistics run's figures, and what went wrong with them."""
    if run.error is not None:
        return None, run.error
    if run.stats is None:
        return None, "cpjit wrote no --stats-json file"
    stats = _stats_summary(run.stats)
    if configuration.backend and stats["backend"] not in (None, configuration.backend):
        return stats, f"ran backend {stats['backend']!r}, not {configuration.backend!r}"
    return stats, None


def _result(runs: list[Run], reference: str | None, stats_run: Run | None,
            configuration: Configuration) -> dict:
    """One benchmark under one configuration."""
    failed = next((run for run in runs if run.error is not None), None)
    result: dict = {"status": "ok", "error": None, "answer": None, "repetitions": len(runs),
                    "whole_seconds": None, "steady_seconds": None, "start_seconds": None,
                    "ns_per_operation": None, "warmup_curve": [],
                    "speedup": {"whole": None, "steady": None}, "stats": None,
                    "stats_error": None}
    if not runs:
        return {**result, "status": "failed", "error": "not run"}
    if failed is not None:
        return {**result, "status": "failed", "error": failed.error}
    answers = {run.answer for run in runs}
    if len(answers) > 1 or answers != {reference}:
        differing = sorted(answers - {reference}) or sorted(answers)
        result.update(status="wrong-answer", answer=differing[0])
    steady = [steady_seconds(run.laps) for run in runs]
    result.update(
        whole_seconds=_sample([run.seconds for run in runs]),
        steady_seconds=_sample(steady),
        start_seconds=_sample([run.start_seconds for run in runs]),
        warmup_curve=[statistics.median(laps) for laps in zip(*(run.laps for run in runs))],
    )
    if runs[0].operations:
        result["ns_per_operation"] = statistics.median(steady) / runs[0].operations * 1e9
    if stats_run is not None:
        result["stats"], result["stats_error"] = _statistics(stats_run, configuration)
        if stats_run.error is None and stats_run.answer != reference:
            result.update(status="wrong-answer", answer=stats_run.answer)
    return result


def _benchmark(benchmark: Benchmark, plan: Plan, measurements: Measurements) -> dict:
    names = [c.name for c in plan.configurations]
    runs = {name: measurements.runs.get((benchmark.name, name), []) for name in names}
    # The reference answer: the first configuration (normally CPython) that ran cleanly.
    reference = next((rs[0].answer for rs in runs.values()
                      if rs and all(r.error is None for r in rs)), None)
    results = {c.name: _result(runs[c.name], reference,
                               measurements.stats.get((benchmark.name, c.name)), c)
               for c in plan.configurations}
    baseline = results[names[0]]
    for result in results.values():
        if result["status"] == "ok" and baseline["status"] == "ok":
            for figure in ("whole", "steady"):
                key = f"{figure}_seconds"
                result["speedup"][figure] = _ratio(baseline[key]["median"],
                                                   result[key]["median"])
    return {"name": benchmark.name, "group": benchmark.group,
            "description": benchmark.description, "answer": reference, "results": results}


def _geomeans(benchmarks: list[dict], names: list[str]) -> dict:
    geomeans: dict = {}
    for group in dict.fromkeys(b["group"] for b in benchmarks):
        members = [b for b in benchmarks if b["group"] == group]
        geomeans[group] = {}
        for name in names:
            speedups = [(b["name"], b["results"][name]["speedup"]) for b in members
                        if b["results"][name]["speedup"]["whole"] is not None]
            entry: dict = {"benchmarks": len(speedups), "of": len(members), "whole": None,
                           "steady": None, "slowest": None}
            if speedups:
                entry["whole"] = statistics.geometric_mean(s["whole"] for _, s in speedups)
                entry["steady"] = statistics.geometric_mean(s["steady"] for _, s in speedups)
                slowest = min(speedups, key=lambda item: item[1]["whole"])
                entry["slowest"] = {"name": slowest[0], "whole": slowest[1]["whole"]}
            geomeans[group][name] = entry
    return geomeans


def _targets(benchmarks: list[dict], geomeans: dict, plan: Plan) -> list[dict]:
    if plan.configurations[0].kind is not Kind.CPYTHON:
        return []
    targets = []
    for configuration in (c for c in plan.configurations if c.jit):
        name = configuration.name
        if all(b["results"][name]["status"] == "failed" for b in benchmarks):
            continue    # reported as a failure; its targets would only repeat it
        steady = {b["name"]: b["results"][name]["speedup"]["steady"] for b in benchmarks
                  if b["group"] == "kernel"}
        numeric = [steady[kernel] for kernel in NUMERIC_KERNELS if kernel in steady]
        for speedups, what in ((numeric, f"numeric loop kernels ({', '.join(NUMERIC_KERNELS)})"),
                               (list(steady.values()), "every loop kernel")):
            if not speedups:
                continue
            reached = sum(1 for s in speedups if s is not None and s >= KERNEL_TARGET)
            targets.append({"configuration": name, "met": reached == len(speedups),
                            "target": f"{what} ≥ {KERNEL_TARGET:g}× CPython (steady state)",
                            "value": f"{reached} of {len(speedups)}"})
        classic = geomeans.get("classic", {}).get(name)
        if classic:
            whole = classic["whole"]
            targets.append({"configuration": name,
                            "met": whole is not None and whole >= CLASSIC_TARGET
                            and classic["benchmarks"] == classic["of"],
                            "target": f"classic geomean ≥ {CLASSIC_TARGET:g}× CPython "
                                      "(whole process)",
                            "value": "n/a" if whole is None else f"{whole:.2f}×"})
            slowest = classic["slowest"]
            targets.append({"configuration": name,
                            "met": slowest is not None and slowest["whole"] >= 1.0
                            and classic["benchmarks"] == classic["of"],
                            "target": "no classic benchmark slower than CPython (whole process)",
                            "value": "n/a" if slowest is None else
                            f"slowest {slowest['name']} {slowest['whole']:.2f}×"})
    return targets


def _problems(benchmarks: list[dict], names: list[str]) -> list[str]:
    """What the reader must not miss: wrong answers first, then failures (one line
    per configuration and error), then missing statistics."""
    problems = []
    for b in benchmarks:
        for name in names:
            result = b["results"][name]
            if result["status"] == "wrong-answer":
                problems.append(f"WRONG ANSWER: {b['name']} under {name} printed "
                                f"{result['answer']!r}, expected {b['answer']!r}")
    for kind, key in (("failed", "error"), ("statistics", "stats_error")):
        for name in names:
            by_error: dict[str, list[str]] = {}
            for b in benchmarks:
                error = b["results"][name][key]
                if error and (kind == "statistics" or b["results"][name]["status"] == "failed"):
                    by_error.setdefault(error_summary(error), []).append(b["name"])
            for error, failing in by_error.items():
                which = ("every benchmark" if len(failing) == len(benchmarks) and len(failing) > 1
                         else ", ".join(failing))
                label = "FAILED" if kind == "failed" else "statistics"
                problems.append(f"{label}: {name} on {which}: {error}")
    return problems


def summarize(plan: Plan, measurements: Measurements, methodology: dict) -> dict:
    names = [c.name for c in plan.configurations]
    benchmarks = [_benchmark(b, plan, measurements) for b in plan.benchmarks]
    geomeans = _geomeans(benchmarks, names)
    return {
        "schema": SCHEMA,
        "baseline": names[0],
        "methodology": methodology,
        "configurations": [{"name": c.name, "kind": c.kind.value, "command": list(c.command),
                            "jit": c.jit} for c in plan.configurations],
        "benchmarks": benchmarks,
        "geomeans": geomeans,
        "targets": _targets(benchmarks, geomeans, plan),
        "problems": _problems(benchmarks, names),
    }
