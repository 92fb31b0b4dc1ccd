"""The compiled tables as rows of (label, cells) for the back-office page, each cell with
its address so the page can link it to the records behind it."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.core.report import Number, Report
from gongkai.core.template import template


@dataclass(frozen=True)
class ShownCell:
    address: str
    column: str
    value: Number | None


@dataclass(frozen=True)
class ShownRow:
    label: str
    cells: list[ShownCell]


@dataclass(frozen=True)
class ShownTable:
    key: str
    heading: str
    rows: list[ShownRow]


def shown_tables(report: Report) -> list[ShownTable]:
    out: list[ShownTable] = []
    for table in template(report.format).tables:
        rows = []
        for key in report.rows_present(table.key):
            row = table.row(key)
            label = "·".join([*row.under, row.label]) if row.under else row.label
            rows.append(
                ShownRow(
                    label,
                    [
                        ShownCell(a, c.label, report.value(a))
                        for c in row.columns
                        for a in [f"{table.key}.{key}.{c.key}"]
                    ],
                )
            )
        out.append(ShownTable(table.key, table.heading, rows))
    return out
