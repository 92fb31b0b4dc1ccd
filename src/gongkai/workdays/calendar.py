"""Which days are working days: the State Council's schedule, as the package and the
administrators know it.

``chinese_calendar`` carries each year's holidays and make-up workdays (调休) once the
State Council has published them (around November of the year before) and raises
:class:`NotImplementedError` for any other year. Years it does not know yet are entered by
an administrator as :class:`YearOverrides`; the web app keeps them in its database and
builds a :class:`Calendar` from them for every computation, so this module stays pure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache

import chinese_calendar  # type: ignore[import-untyped]

from gongkai.workdays.errors import CalendarError

__all__ = ["Calendar", "YearOverrides", "package_knows"]


def _cn(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


@dataclass(frozen=True)
class YearOverrides:
    """One year's schedule as an administrator entered it from the State Council notice.

    ``holidays`` are the days off that are not ordinary weekends (放假), ``workdays`` the
    weekend days worked instead (调休上班). Entering a year, even with both sets empty,
    declares it known: its deadlines stop being provisional. For a year the package also
    knows, the entered days win — an administrator correcting the package (or a local
    adjustment) must be able to.
    """

    year: int
    holidays: frozenset[date] = field(default_factory=frozenset)
    workdays: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        # Accept any iterable from a form or a query set, store frozensets (hashable value).
        object.__setattr__(self, "holidays", frozenset(self.holidays))
        object.__setattr__(self, "workdays", frozenset(self.workdays))
        for d in sorted(self.holidays | self.workdays):
            if d.year != self.year:
                raise CalendarError(f"{_cn(d)}不属于{self.year}年，不能录入该年度的节假日安排")
        both = sorted(self.holidays & self.workdays)
        if both:
            raise CalendarError(f"{_cn(both[0])}不能既是放假日又是调休上班日")


@lru_cache(maxsize=8192)
def _package_workday(d: date) -> bool:
    """``chinese_calendar.is_workday``, kept per day: the package finds the first and last
    year it knows by scanning all its holidays on every call, and counting a reply deadline
    asks it about every day up to the deadline (a millisecond of each submission)."""
    return bool(chinese_calendar.is_workday(d))


@cache
def package_knows(year: int) -> bool:
    """Whether ``chinese_calendar`` has the State Council schedule of ``year``."""
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


class Calendar:
    """Working days from the package, with administrators' overrides on top.

    Immutable and hashable, so it can be shared and cached. For a year neither source
    knows, :meth:`is_working_day` falls back to Monday–Friday; whoever counts over such a
    year must say so (:func:`gongkai.workdays.deadline` marks the result provisional).
    """

    __slots__ = ("_by_year",)

    def __init__(self, overrides: Iterable[YearOverrides] = ()) -> None:
        by_year: dict[int, YearOverrides] = {}
        for o in overrides:
            if o.year in by_year:
                raise CalendarError(f"{o.year}年的节假日安排录入了两次")
            by_year[o.year] = o
        self._by_year = by_year

    @property
    def overrides(self) -> tuple[YearOverrides, ...]:
        return tuple(self._by_year[y] for y in sorted(self._by_year))

    def knows(self, year: int) -> bool:
        """Whether the holidays of ``year`` are known (from the package or entered)."""
        return year in self._by_year or package_knows(year)

    def is_working_day(self, d: date) -> bool:
        o = self._by_year.get(d.year)
        if o is not None:
            if d in o.holidays:
                return False
            if d in o.workdays:
                return True
        if package_knows(d.year):
            return _package_workday(d)
        return d.weekday() < 5

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Calendar) and self._by_year == other._by_year

    def __hash__(self) -> int:
        return hash(self.overrides)

    def __repr__(self) -> str:
        return f"Calendar(overrides={self.overrides!r})"


DEFAULT = Calendar()
