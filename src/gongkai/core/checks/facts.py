"""What several rules read from one report, worked out once per :func:`check`.

Each rule stays a plain function of ``(report, previous)`` that works on its own; during
a check they share one :class:`Facts` (the rows each table prints, the values of their
cells in a tuple), because working those out reads every cell and would otherwise be
done again by each rule. A context variable, not a global, so checks in threads stay
apart.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from functools import cache, lru_cache
from operator import itemgetter
from typing import Any

from gongkai.core.report import Number, Report
from gongkai.core.template import FORMATS, LEGACY_KEY, legacy_table, template

Lookup = Mapping[str, Number | None]


class CellValues(Mapping[str, "Number | None"]):
    """Address → value of a report's cells (None for a blank), read through to the cells:
    rules want few cells by address, and copying every value first cost more."""

    __slots__ = ("_cells",)

    def __init__(self, report: Report) -> None:
        self._cells = report.cells

    def __getitem__(self, address: str) -> Number | None:
        return self._cells[address].value

    def get(self, address: str, default: Any = None) -> Any:
        cell = self._cells.get(address)
        return default if cell is None else cell.value

    def __iter__(self) -> Iterator[str]:
        return iter(self._cells)

    def __len__(self) -> int:
        return len(self._cells)


class Facts:
    """The cell values and printed rows of one report, read as the report is now."""

    __slots__ = ("_only_tables", "_rows", "_tables", "report", "values")

    def __init__(self, report: Report) -> None:
        self.report = report
        self.values = CellValues(report)
        self._rows: dict[str, tuple[str, ...]] = {}
        self._tables: dict[str, tuple[Any, ...] | None] = {}
        self._only_tables: bool | None = None

    def rows(self, table_key: str) -> tuple[str, ...]:
        """``Report.rows_present`` of a table, asked once."""
        got = self._rows.get(table_key)
        if got is None:
            got = self._rows[table_key] = tuple(self.report.rows_present(table_key))
        return got

    def table(self, table_key: str) -> tuple[Any, ...] | None:
        """The values of the table's cells in :func:`layout` order, or None when one of
        them is missing (or the table has fewer than two)."""
        if table_key in self._tables:
            return self._tables[table_key]
        get = _getter(self.report.format, table_key, self.rows(table_key))
        got: tuple[Any, ...] | None = None
        if get is not None:
            with suppress(KeyError):
                got = tuple([c.value for c in get(self.report.cells)])
        self._tables[table_key] = got
        return got

    def only_tables(self) -> bool:
        """Whether the report holds the cells of the rows its tables print (and of the
        legacy rows it prints) and no other, so a rule may look for the cells it wants
        by address instead of going through all of them."""
        if self._only_tables is None:
            self._only_tables = self._count_only_tables()
        return self._only_tables

    def _count_only_tables(self) -> bool:
        if self.report.format not in FORMATS:
            return False
        count = 0
        for t in template(self.report.format).tables:
            got = self.table(t.key)
            if got is None:
                return False
            count += len(got)
        cells = self.report.cells
        if count < len(cells):  # the rest may be legacy cells, one a legacy row
            count += sum(map(cells.__contains__, _legacy_addresses()))
        return count == len(cells)


@cache
def _legacy_addresses() -> tuple[str, ...]:
    return tuple(dict.fromkeys(f"{LEGACY_KEY}.{r.key}.value" for r in legacy_table().rows))


@lru_cache(maxsize=256)
def layout(fmt: str, table_key: str, rows: tuple[str, ...]) -> tuple[str, ...]:
    """Every cell address of the rows a table prints, row by row. Interned: a reader
    that interns the addresses it writes has them found by identity, not compared."""
    table = template(fmt).table(table_key)
    return tuple(
        sys.intern(f"{table_key}.{rk}.{c.key}") for rk in rows for c in table.row(rk).columns
    )


@lru_cache(maxsize=256)
def _getter(fmt: str, table_key: str, rows: tuple[str, ...]) -> itemgetter[Any] | None:
    addresses = layout(fmt, table_key, rows)
    # a getter of one item returns it bare, not in a tuple
    return itemgetter(*addresses) if len(addresses) > 1 else None


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
