"""The statutory clock applied to a stored request: which dates feed ``gongkai.workdays``.

The reply period runs from receipt (Art. 31, 33), from again when a corrected request is
received (Art. 30) or a fee is paid (国办函〔2020〕109号), skips third-party consultations
(Art. 32) and adds the one approved extension. While the request waits for the applicant
or a third party there is no reply date to show: the wait's own deadline is shown instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from functools import lru_cache

from django.db import connection
from django.utils import timezone

from gongkai.cases.models import CalendarYear, DisclosureRequest, Status
from gongkai.workdays import Calendar, Deadline, Urgency, deadline, urgency

__all__ = ["as_of", "calendar", "now", "refresh_due", "reply_deadline", "today", "urgency_of"]

_as_of: ContextVar[datetime | None] = ContextVar("as_of", default=None)


def now() -> datetime:
    return _as_of.get() or timezone.now()


def today() -> date:
    return timezone.localdate(now())


@contextmanager
def as_of(moment: datetime) -> Iterator[None]:
    """Act as if it were ``moment``: the demo data builds a year of cases with their real
    dates, through the same acts an officer uses."""
    token = _as_of.set(moment)
    try:
        yield
    finally:
        _as_of.reset(token)


def calendar() -> Calendar:
    """The package's calendar with every year an administrator entered.

    Read with one plain statement: every submission counts its deadline with it, and the
    ORM building the query cost more than the database took to answer it. The years are
    read every time (another process may have entered one); the calendar made of the
    same rows is made once."""
    qn = connection.ops.quote_name
    fields = ", ".join(qn(f) for f in ("year", "holidays", "workdays"))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {fields} FROM {qn(CalendarYear._meta.db_table)}")
        rows = tuple((year, _text(h), _text(w)) for year, h, w in cursor.fetchall())
    return _calendar_of(rows)


def _text(value: object) -> str | bytes:
    return value if isinstance(value, str | bytes) else json.dumps(value)


@lru_cache(maxsize=8)
def _calendar_of(rows: tuple[tuple[int, str | bytes, str | bytes], ...]) -> Calendar:
    return Calendar(
        CalendarYear(year=year, holidays=_json(holidays), workdays=_json(workdays)).overrides()
        for year, holidays, workdays in rows
    )


@lru_cache(maxsize=64)
def _first_deadline(received: date, cal: Calendar) -> Deadline:
    """A new request's deadline: the same for every request received that day under the
    same calendar (it counts a month of days, 3 % of an API submission)."""
    return deadline(received, calendar=cal)


def _json(value: object) -> object:
    """A JSON column as read by a plain statement: text on both backends as Django reads
    them, decoded here as ``JSONField`` would."""
    return json.loads(value) if isinstance(value, str | bytes) else value


def reply_deadline(req: DisclosureRequest, cal: Calendar) -> Deadline | None:
    """The reply deadline as things stand, or ``None`` while the clock waits."""
    if req.status in (Status.CORRECTION, Status.CONSULTATION, Status.FEE):
        return None
    if req.pk is None:  # being registered: nothing hangs off it yet
        return _first_deadline(req.received_on, cal)
    restarted: date | None = None
    for p in req.pauses.all():
        if p.kind == "correction" and p.ended_on is not None:
            restarted = max(restarted or p.ended_on, p.ended_on)
    for f in req.fees.all():
        if f.paid_on is not None:
            restarted = max(restarted or f.paid_on, f.paid_on)
    if restarted is not None and restarted < req.received_on:
        restarted = req.received_on
    start = restarted or req.received_on
    pauses = [
        (p.started_on, p.ended_on)
        for p in req.pauses.all()
        if p.kind == "consultation" and p.ended_on is not None and p.ended_on >= start
    ]
    return deadline(
        req.received_on,
        extended=req.extension_state == "approved",
        pauses=pauses,
        calendar=cal,
        restarted=restarted,
    )


def refresh_due(req: DisclosureRequest, cal: Calendar) -> bool:
    """Recompute ``due_date``/``due_provisional``; whether they changed (caller saves)."""
    if not req.is_open:
        return False
    d = reply_deadline(req, cal)
    due, provisional = (d.due, d.provisional) if d else (None, False)
    changed = (due, provisional) != (req.due_date, req.due_provisional)
    req.due_date, req.due_provisional = due, provisional
    return changed


def urgency_of(req: DisclosureRequest, cal: Calendar, on: date | None = None) -> Urgency | None:
    if not req.is_open or req.due_date is None:
        return None
    return urgency(req.due_date, on or today(), calendar=cal)
