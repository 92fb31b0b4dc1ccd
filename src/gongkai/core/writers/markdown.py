"""Markdown: headings for the six sections and pipe tables. Markdown has no merged
cells, so a group label (（三）不予公开) leads the label of the row that opens it."""

from __future__ import annotations

from gongkai.core.report import Report
from gongkai.core.template import Table
from gongkai.core.writers.layout import (
    group_columns,
    legacy_rows,
    rows,
    section_titles,
    tables_of,
    title,
)


def write_markdown(report: Report) -> str:
    out: list[str] = [f"# {title(report)}", ""]
    _para(out, report.narrative.get("preamble"))
    tables = tables_of(report)
    for key, heading in section_titles():
        out += [f"## {heading}", ""]
        _para(out, report.narrative.get(key))
        if key == "proactive" and key in tables:
            _proactive(out, report, tables[key])
        elif key == "requests" and key in tables:
            _requests(out, report, tables[key])
        elif key == "reviews" and key in tables:
            _reviews(out, report, tables[key])
        if key == "other":
            _legacy(out, report)
    return "\n".join(out).rstrip("\n") + "\n"


def _para(out: list[str], text: str | None) -> None:
    if text:
        for line in text.split("\n"):
            out += [_escape(line), ""]


def _escape(s: str) -> str:
    return s.replace("|", "\\|")


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(_escape(c) for c in cells) + " |"


def _header(out: list[str], cells: list[str]) -> None:
    out.append(_row(cells))
    out.append("|" + "---|" * len(cells))


def _proactive(out: list[str], report: Report, table: Table) -> None:
    for view in rows(report, table):
        for g in view.groups:
            out += ["", f"**{g}**", ""]
            _header(out, ["信息内容", *(c.label for c in group_columns(table, g))])
        out.append(_row([view.row.label, *view.values]))
    out.append("")


def _requests(out: list[str], report: Report, table: Table) -> None:
    out += [table.note or "", ""]
    _header(out, [table.column_header or "", *(c.label for c in table.columns)])
    for view in rows(report, table):
        out.append(_row([" ".join((*view.groups, view.row.label)), *view.values]))
    out.append("")


def _reviews(out: list[str], report: Report, table: Table) -> None:
    _header(out, ["类别", *(c.label for c in table.columns)])
    for view in rows(report, table):
        name = "".join(f"{u}（{view.row.label}）" for u in view.row.under) or view.row.label
        out.append(_row([name, *view.values]))
    out.append("")


def _legacy(out: list[str], report: Report) -> None:
    rows_ = legacy_rows(report)
    if not rows_:
        return
    _header(out, ["统计指标", "单位", "统计数"])
    for row, label, value in rows_:
        out.append(_row([label, row.unit or "", value]))
    out.append("")
