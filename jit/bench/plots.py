"""The report's plots (matplotlib), each returned as PNG bytes for embedding.

- speedup per benchmark per configuration (whole process and steady state);
- compile time against trace length for each JIT configuration, log-log;
- warm-up curves: iteration time over iterations, one panel per benchmark.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import io
import math

import matplotlib

matplotlib.use("Agg")   # files only: never needs a display
import matplotlib.pyplot as plt  # noqa: E402 (after choosing the backend)
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

TIMES = FuncFormatter(lambda value, _: f"{value:g}×")
# minor ticks of a log axis: label 2× and 5× multiples only, so short ranges get labels
# without crowding
TIMES_MINOR = FuncFormatter(lambda value, _: f"{value:g}×"
                            if f"{value:e}"[0] in "25" else "")

DPI = 100


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()


def _names(report: dict) -> list[str]:
    return [c["name"] for c in report["configurations"]]


def speedup_chart(report: dict) -> bytes | None:
    """Grouped bars: one group per benchmark, one bar per configuration other than
    the baseline (the line at 1×), log scale."""
    names = _names(report)[1:]
    benchmarks = report["benchmarks"]
    if not any(b["results"][n]["speedup"]["whole"] for b in benchmarks for n in names):
        return None
    figure, axes = plt.subplots(2, 1, figsize=(max(8, 0.25 * len(benchmarks) * len(names)), 8),
                                sharex=True)
    width = 0.8 / len(names)
    for ax, figure_name in zip(axes, ("whole", "steady")):
        for index, name in enumerate(names):
            values = [b["results"][name]["speedup"][figure_name] or math.nan for b in benchmarks]
            ax.bar([i + index * width for i in range(len(benchmarks))], values, width,
                   label=name)
        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(TIMES)
        ax.yaxis.set_minor_formatter(TIMES_MINOR)
        ax.axhline(1.0, color="black", linewidth=0.8)
        ax.set_ylabel(f"speedup vs {report['baseline']}")
        ax.set_title("whole process" if figure_name == "whole" else "steady state")
        ax.grid(axis="y", which="both", alpha=0.3)
    axes[-1].set_xticks([i + 0.4 - width / 2 for i in range(len(benchmarks))],
                        [b["name"] for b in benchmarks], rotation=45, ha="right")
    axes[0].legend(ncol=min(len(names), 6), fontsize="small", loc="lower center",
                   bbox_to_anchor=(0.5, 1.1))
    return _png(figure)


def compile_chart(report: dict) -> bytes | None:
    """Compile time against trace length (uops), one series per JIT configuration."""
    series: dict[str, list[tuple[int, float]]] = {}
    for b in report["benchmarks"]:
        for name, result in b["results"].items():
            for trace in (result["stats"] or {}).get("traces", []):
                if trace.get("uops") and trace.get("compile_seconds"):
                    series.setdefault(name, []).append((trace["uops"], trace["compile_seconds"]))
    if not series:
        return None
    figure, ax = plt.subplots(figsize=(7, 5))
    for name, points in series.items():
        ax.scatter([p[0] for p in points], [p[1] * 1e3 for p in points], label=name, s=12,
                   alpha=0.7)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("trace length (uops)")
    ax.set_ylabel("compile time (ms)")
    ax.set_title("compile time against trace length")
    ax.grid(which="both", alpha=0.3)
    ax.legend()
    return _png(figure)


def warmup_chart(report: dict) -> bytes | None:
    """Small multiples: per benchmark, iteration time over iterations per configuration."""
    benchmarks = [b for b in report["benchmarks"]
                  if any(r["warmup_curve"] for r in b["results"].values())]
    if not benchmarks:
        return None
    columns = min(3, len(benchmarks))
    rows = math.ceil(len(benchmarks) / columns)
    figure, axes = plt.subplots(rows, columns, figsize=(4.2 * columns, 3 * rows), squeeze=False)
    for ax, b in zip(axes.flat, benchmarks):
        for name, result in b["results"].items():
            curve = result["warmup_curve"]
            if curve:
                ax.plot(range(1, len(curve) + 1), [t * 1e3 for t in curve], marker=".",
                        label=name)
        ax.set_yscale("log")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(b["name"], fontsize="medium")
        ax.set_xlabel("iteration")
        ax.set_ylabel("ms")
        ax.grid(which="both", alpha=0.3)
    for ax in list(axes.flat)[len(benchmarks):]:
        ax.set_visible(False)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    figure.tight_layout()
    figure.legend(handles, labels, loc="lower center", ncol=min(len(labels), 6),
                  bbox_to_anchor=(0.5, 1.0))
    return _png(figure)


PLOTS = {
    "speedup": ("Speedup per benchmark and configuration", speedup_chart),
    "compile": ("Compile time against trace length", compile_chart),
    "warmup": ("Warm-up curves", warmup_chart),
}
