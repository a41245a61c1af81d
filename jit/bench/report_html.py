"""One self-contained HTML page: the tables, the plots (PNG, base64-embedded) and
the methodology; no external resources."""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import base64
from html import escape

from jit.bench.plots import PLOTS
from jit.bench.tables import Table, all_tables, methodology_lines

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em; max-width: 90em; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; }
th:first-child, td:first-child { text-align: left; }
.problems li { color: #b00; font-weight: bold; }
.note { color: #555; font-style: italic; }
img { max-width: 100%; }
"""


def _strong(cell: str) -> str:
    """The tables' only Markdown: **bold** (a wrong answer)."""
    text = escape(cell)
    while text.count("**") >= 2:
        text = text.replace("**", "<strong>", 1).replace("**", "</strong>", 1)
    return text


def html_table(table: Table) -> str:
    head = "".join(f"<th>{escape(cell)}</th>" for cell in table.header)
    body = "".join("<tr>" + "".join(f"<td>{_strong(cell)}</td>" for cell in row) + "</tr>"
                   for row in table.rows)
    return (f"<h2>{escape(table.title)}</h2><p class='note'>{escape(table.note)}</p>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def _plot(key: str, report: dict) -> str:
    title, draw = PLOTS[key]
    png = draw(report)
    if png is None:
        return f"<h2>{escape(title)}</h2><p class='note'>no data for this plot in this run</p>"
    data = base64.b64encode(png).decode("ascii")
    return (f"<h2>{escape(title)}</h2>"
            f"<img id='plot-{key}' alt='{escape(title)}' src='data:image/png;base64,{data}'>")


def render(report: dict) -> str:
    title = f"cpjit benchmarks ({report['methodology']['date']})"
    parts = [f"<h1>{escape(title)}</h1>"]
    if report["problems"]:
        items = "".join(f"<li>{escape(p)}</li>" for p in report["problems"])
        parts.append(f"<h2>Problems</h2><ul class='problems'>{items}</ul>")
    parts += [html_table(table) for table in all_tables(report)]
    parts += [_plot(key, report) for key in PLOTS]
    items = "".join(f"<li><strong>{escape(label)}</strong>: {escape(text)}</li>"
                    for label, text in methodology_lines(report))
    parts.append(f"<h2>Methodology</h2><ul>{items}</ul>")
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>"
            + "\n".join(parts) + "</body></html>\n")
