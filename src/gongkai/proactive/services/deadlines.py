"""Art. 26: publish within 20 working days of the information being formed or changed.

The deadline is counted on the same calendar as reply deadlines (the package's holidays
plus the years an administrator entered, :func:`gongkai.cases.clock.calendar`) and stored
on the item. Entering or correcting a year's holidays recomputes the items whose period
touches that year, as it recomputes open requests.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from django.db.models import Q
from django.db.models.signals import post_delete, post_save

from gongkai.cases import clock
from gongkai.cases.models import CalendarYear
from gongkai.proactive.models import Item
from gongkai.workdays import Calendar, Deadline, publication_due

__all__ = ["connect", "recompute_year", "refresh_due"]


@lru_cache(maxsize=8192)
def _due(start: date, cal: Calendar) -> Deadline:
    """Memoised on the calendar's value: an import or a recomputation meets the same
    dates again and again, and counting 20 working days asks the holiday package each day."""
    return publication_due(start, calendar=cal)


def refresh_due(item: Item, cal: Calendar | None = None) -> bool:
    """Set ``due_on``/``due_provisional`` from the item's dates; whether they changed."""
    d = _due(item.clock_from, cal or clock.calendar())
    changed = (d.due, d.provisional) != (item.due_on, item.due_provisional)
    item.due_on, item.due_provisional = d.due, d.provisional
    return changed


def recompute_year(year: int) -> int:
    """Recompute every item whose 20-working-day period may cross ``year``; how many moved.

    A period starts at most a few months before its end (20 working days with the Spring
    Festival in them), so the items formed or changed from October of the year before on
    are the ones to look at.
    """
    cal = clock.calendar()
    since, until = date(year - 1, 10, 1), date(year, 12, 31)
    qs = Item.objects.filter(
        Q(formed_on__range=(since, until)) | Q(changed_on__range=(since, until))
    ).only("id", "formed_on", "changed_on", "due_on", "due_provisional")
    moved = [it for it in qs.iterator(chunk_size=2000) if refresh_due(it, cal)]
    Item.objects.bulk_update(moved, ["due_on", "due_provisional"], batch_size=1000)
    return len(moved)


def _calendar_changed(sender: type[CalendarYear], instance: CalendarYear, **kw: Any) -> None:
    recompute_year(instance.year)


def connect() -> None:
    post_save.connect(_calendar_changed, sender=CalendarYear, dispatch_uid="proactive_due")
    post_delete.connect(_calendar_changed, sender=CalendarYear, dispatch_uid="proactive_due_del")
