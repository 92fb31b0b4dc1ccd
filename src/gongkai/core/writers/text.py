"""Plain text in the official row order and labels, one cell a line, as government sites
print the report when its tables are copied as text (seed ``000_…``)."""

from __future__ import annotations

from gongkai.core.report import Report
from gongkai.core.writers.layout import (
    group_columns,
    legacy_rows,
    rows,
    section_titles,
    tables_of,
    title,
)


def write_text(report: Report) -> str:
    out: list[str] = [title(report)]
    _para(out, report.narrative.get("preamble"))
    tables = tables_of(report)
    for key, heading in section_titles():
        out.append(heading)
        _para(out, report.narrative.get(key))
        if key in tables:
            _table(out, report, key, tables)
        if key == "other":
            _legacy(out, report)
    return "\n".join(out) + "\n"


def _para(out: list[str], text: str | None) -> None:
    if text:
        out.extend(text.split("\n"))


def _table(out: list[str], report: Report, key: str, tables: dict) -> None:  # type: ignore[type-arg]
    table = tables[key]
    if key == "requests":
        out.append(table.note or "")
        out.append(table.column_header or "")
        out.extend(["自然人", "法人或其他组织", "总计"])
        out.extend(c.label for c in table.columns if c.parent)
    if key == "reviews":
        out.extend(["行政复议", "行政诉讼"])
        cols = [c.label for c in table.columns]
        out.extend(cols)
        out.extend(["未经复议直接起诉", "复议后起诉"])
        out.extend(cols * 2)
        for view in rows(report, table):
            out.extend(view.values)
        return
    for view in rows(report, table):
        for g in view.groups:
            out.append(g)
            if key == "proactive":
                out.append("信息内容")
                out.extend(c.label for c in group_columns(table, g))
        out.append(view.row.label)
        out.extend(view.values)


def _legacy(out: list[str], report: Report) -> None:
    rows_ = legacy_rows(report)
    if not rows_:
        return
    out.extend(["统计指标", "单位", "统计数"])
    for row, label, value in rows_:
        out.append(label)
        out.append(row.unit or "")
        if not row.is_heading:
            out.append(value)
