"""The official layout walked once for every writer: titles, tables with their group
labels and merged header cells, in template order. Writers only decide how each piece
looks, so text, Markdown and (later) HTML/DOCX/XLSX print the same report."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from gongkai.core.report import Number, Report
from gongkai.core.template import (
    Column,
    Row,
    Table,
    legacy_short_last,
    legacy_table,
    sections,
    template,
)

BLANK = "—"


def title(report: Report) -> str:
    year = f"{report.year}年" if report.year is not None else ""
    return f"{report.agency or ''}{year}政府信息公开工作年度报告"


def show(v: Number | None) -> str:
    """A cell as printed: blanks as ``—`` so that no writer prints a blank as 0, and no
    reader takes an empty line for a missing cell."""
    if v is None:
        return BLANK
    return str(v)


@dataclass(frozen=True)
class RowView:
    row: Row
    groups: tuple[str, ...]  # group labels that start at this row
    values: tuple[str, ...]


def section_titles() -> list[tuple[str, str]]:
    return [(s.key, f"{s.number}、{s.title}") for s in sections()]


def rows(report: Report, table: Table) -> Iterator[RowView]:
    """The table's rows as printed, each with the group labels (merged cells) it opens."""
    prev: tuple[str, ...] = ()
    prev_group: str | None = None
    for rk in report.rows_present(table.key):
        row = table.row(rk)
        opened = tuple(g for i, g in enumerate(row.under) if prev[: i + 1] != row.under[: i + 1])
        if row.group is not None and row.group != prev_group:
            opened = (row.group, *opened)
        prev, prev_group = row.under, row.group
        yield RowView(
            row, opened, tuple(show(report.value(f"{table.key}.{rk}.{c.key}")) for c in row.columns)
        )


def group_columns(table: Table, group: str) -> tuple[Column, ...]:
    return next(r.columns for r in table.rows if r.group == group)


def legacy_rows(report: Report) -> list[tuple[Row, str, str]]:
    """(row, label as printed, value) of the legacy table: short version unless the
    report holds a row of the full version."""
    lt = legacy_table()
    present = set(report.rows_present("legacy_stats"))
    if not present:
        return []
    keys = [r.key for r in lt.rows]
    last = keys.index(legacy_short_last())
    full = any(keys.index(k) > last for k in present)
    chosen = lt.rows if full else lt.rows[: last + 1]
    return [
        (
            r,
            f"{r.number}{r.label}",
            "" if r.is_heading else show(report.value(f"legacy_stats.{r.key}.value")),
        )
        for r in chosen
    ]


def tables_of(report: Report) -> dict[str, Table]:
    if report.format not in ("2019", "2021"):
        return {}
    return {t.key: t for t in template(report.format).tables}
