"""索引号: agency code, year and a serial with no gaps, ``330212101/2024-00017``.

The serial comes from a counter row per (agency, year), locked and bumped inside the
transaction that saves the item (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's ``BEGIN
IMMEDIATE`` serialises writers), the same way request tracking numbers are given, so
concurrent entries never share a number and a failed one leaves no gap. An imported
catalogue keeps the numbers it had; one in this pattern moves the counter past it.
"""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction

from gongkai.cases.models import Agency
from gongkai.proactive.models import ItemCounter

__all__ = ["index_number", "next_serial", "own_serial", "take_serial"]


def index_number(agency: Agency, year: int, serial: int) -> str:
    return f"{agency.code}/{year}-{serial:05d}"


def own_serial(agency: Agency, number: str) -> tuple[int, int] | None:
    """(year, serial) when ``number`` is one of this agency's numbers in our pattern."""
    m = re.fullmatch(rf"{re.escape(agency.code)}/(\d{{4}})-(\d{{5,9}})", number.strip())
    return (int(m.group(1)), int(m.group(2))) if m else None


def _counter(agency: Agency, year: int) -> ItemCounter:
    try:
        with transaction.atomic():
            ItemCounter.objects.get_or_create(agency=agency, year=year)
    except IntegrityError:
        pass  # another writer created it first
    return ItemCounter.objects.select_for_update().get(agency=agency, year=year)


def next_serial(agency: Agency, year: int) -> int:
    """The next serial of (agency, year); call inside the transaction saving the item."""
    counter = _counter(agency, year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def take_serial(agency: Agency, year: int, serial: int) -> None:
    """Record that an imported item holds ``serial``, so new numbers come after it."""
    counter = _counter(agency, year)
    if serial > counter.last:
        counter.last = serial
        counter.save(update_fields=["last"])
