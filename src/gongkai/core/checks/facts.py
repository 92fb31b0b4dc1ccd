"""What several rules read from one report, worked out once per :func:`check`.

Each rule stays a plain function of ``(report, previous)`` that works on its own; during
a check they share one :class:`Facts` (the value of every cell, the rows each table
prints), because building those is a pass over every cell and would otherwise be done
by each rule again. A context variable, not a global, so checks in threads stay apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache

from gongkai.core.report import Number, Report
from gongkai.core.template import FORMATS, legacy_table, template

Lookup = dict[str, Number | None]


class Facts:
    """The cell values and printed rows of one report, read as the report is now."""

    __slots__ = ("_regular", "_rows", "report", "values")

    def __init__(self, report: Report) -> None:
        self.report = report
        self.values: Lookup = values(report)
        self._rows: dict[str, tuple[str, ...]] = {}
        self._regular: bool | None = None

    def rows(self, table_key: str) -> tuple[str, ...]:
        """``Report.rows_present`` of a table, asked once."""
        got = self._rows.get(table_key)
        if got is None:
            got = self._rows[table_key] = tuple(self.report.rows_present(table_key))
        return got

    @property
    def regular(self) -> bool:
        """Whether every cell has an address some template defines, so a rule may look
        for the cells it wants by address instead of going through all of them."""
        if self._regular is None:
            self._regular = self.report.cells.keys() <= template_addresses()
        return self._regular


@cache
def template_addresses() -> frozenset[str]:
    """Every cell address of every format and of the legacy table."""
    tables = (*(t for f in FORMATS for t in template(f).tables), legacy_table())
    return frozenset(a for t in tables for a in t.addresses())


def values(report: Report) -> Lookup:
    """Address → value of every cell (None for a blank)."""
    return {a: c.value for a, c in report.cells.items()}


_SHARED: ContextVar[Facts | None] = ContextVar("gongkai_check_facts", default=None)


def facts(report: Report) -> Facts:
    """The facts a running check shares for ``report``, or new ones outside a check."""
    shared = _SHARED.get()
    if shared is not None and shared.report is report:
        return shared
    return Facts(report)


@contextmanager
def sharing(report: Report) -> Iterator[None]:
    """Share one :class:`Facts` of ``report`` among the rules run inside; rules do not
    change the report, so what it holds stays true until the block ends."""
    token = _SHARED.set(Facts(report))
    try:
        yield
    finally:
        _SHARED.reset(token)
