"""Entering a year's holidays: stored, then every open request's deadline recomputed, so a
provisional deadline becomes definite (or moves) the moment the schedule is known."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction

from gongkai.cases import clock
from gongkai.cases.format import cn_date
from gongkai.cases.models import CalendarYear, DisclosureRequest
from gongkai.cases.services.audit import Actor, record
from gongkai.workdays import YearOverrides

__all__ = ["enter_year", "recompute_open"]


@transaction.atomic
def enter_year(
    year: int,
    holidays: Iterable[date],
    workdays: Iterable[date],
    *,
    notice: str = "",
    actor: Actor = None,
) -> int:
    """Store the year (raises ``CalendarError`` for impossible dates); returns how many
    open requests' deadlines changed."""
    o = YearOverrides(year, frozenset(holidays), frozenset(workdays))
    CalendarYear.objects.update_or_create(
        year=year,
        defaults={
            "holidays": sorted(d.isoformat() for d in o.holidays),
            "workdays": sorted(d.isoformat() for d in o.workdays),
            "notice": notice,
            "entered_by": actor if actor is not None and actor.is_authenticated else None,
        },
    )
    return recompute_open(actor, f"录入{year}年节假日安排")


def recompute_open(actor: Actor, why: str) -> int:
    cal = clock.calendar()
    changed = 0
    for req in DisclosureRequest.objects.open().select_related("agency"):
        before = (req.due_date, req.due_provisional)
        if clock.refresh_due(req, cal):
            req.save(update_fields=["due_date", "due_provisional"])
            changed += 1
            was = cn_date(before[0]) + ("（暂定）" if before[1] else "")
            now = cn_date(req.due_date) + ("（暂定）" if req.due_provisional else "")
            record(
                "due_recomputed",
                f"{why}，答复期限由{was}重新计算为{now}",
                actor=actor,
                request=req,
                public=True,
            )
    return changed
