"""Cell-level rules: counts are non-negative integers; blanks are reported, not zeroed."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from typing import Any

from gongkai.core.checks.facts import facts
from gongkai.core.checks.findings import CellRef, Finding
from gongkai.core.checks.registry import finding, rule
from gongkai.core.report import Report
from gongkai.core.template import FORMATS, legacy_table, template


@cache
def _kinds(fmt: str) -> dict[str, str]:
    """Column kind (count, signed, amount) of every address a format can hold."""
    tables = (*template(fmt).tables, legacy_table())
    return {f"{t.key}.{r.key}.{c.key}": c.kind for t in tables for r in t.rows for c in r.columns}


@rule("cells.non_negative")
def non_negative(report: Report, previous: Report | None) -> Iterator[Finding]:
    # 0 and blanks can never be wrong, and in most reports the rest are positive ints
    nonzero = [v for c in report.cells.values() if (v := c.value)]
    if not nonzero or (set(map(type, nonzero)) == {int} and min(nonzero) > 0):
        return
    kinds = _kinds(report.format if report.format in FORMATS else "2021")
    for address, cell in report.cells.items():
        v = cell.value
        if not v or (type(v) is int and v > 0):
            continue
        kind = kinds.get(address, "count")
        fractional = isinstance(v, Decimal) and v != v.to_integral_value()
        if kind == "signed" and not fractional:
            continue
        if kind != "signed" and v < 0:
            message = f"{address}为负数“{cell.printed}”"
        elif kind != "amount" and fractional:
            message = f"{address}是件数，应为整数，印为“{cell.printed}”"
        else:
            continue
        yield finding("cells.non_negative", message, cells=[CellRef.of(report, address)])


def _all_numbers(values: tuple[Any, ...] | None) -> bool:
    """Whether there are values and none is None: their sum stops at the first None."""
    if values is None:
        return False
    try:
        sum(values)
    except (TypeError, ArithmeticError):
        return False
    return True


@rule("cells.blank")
def blank(report: Report, previous: Report | None) -> Iterator[Finding]:
    """One finding per row, naming its blank cells, so a half-empty table stays readable."""
    if report.format not in FORMATS:
        return
    known = facts(report)
    for table in template(report.format).tables:
        if _all_numbers(known.table(table.key)):
            continue
        for rk in known.rows(table.key):
            row = table.row(rk)
            empty = [
                f"{table.key}.{rk}.{c.key}"
                for c in row.columns
                if report.value(f"{table.key}.{rk}.{c.key}") is None
            ]
            if not empty:
                continue
            names = "、".join(c.label for c in row.columns if f"{table.key}.{rk}.{c.key}" in empty)
            printed = report.cells.get(empty[0])
            how = "未印出" if printed is None else "留空或为“—”“/”"
            yield finding(
                "cells.blank",
                f"“{row.label}”行的{names}{how}，计算勾稽关系时按0计",
                cells=[CellRef.of(report, a) for a in empty],
            )
