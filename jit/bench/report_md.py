"""The Markdown report (for a pull-request comment; also printed to stdout)."""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

from jit.bench.tables import Table, all_tables, methodology_lines


def _escape(cell: str) -> str:
    return cell.replace("|", "\\|").replace("\n", " ")


def markdown_table(table: Table) -> str:
    lines = [f"## {table.title}", "", f"_{table.note}_", "",
             "| " + " | ".join(table.header) + " |",
             "|" + "|".join(" --- " for _ in table.header) + "|"]
    lines += ["| " + " | ".join(_escape(cell) for cell in row) + " |" for row in table.rows]
    return "\n".join(lines)


def render(report: dict) -> str:
    parts = [f"# cpjit benchmarks ({report['methodology']['date']})"]
    if report["problems"]:
        parts.append("## Problems\n\n" + "\n".join(f"- **{_escape(problem)}**"
                                                   for problem in report["problems"]))
    parts += [markdown_table(table) for table in all_tables(report)]
    parts.append("## Methodology\n\n" + "\n".join(f"- {label}: {_escape(text)}"
                                                 for label, text in methodology_lines(report)))
    return "\n\n".join(parts) + "\n"
