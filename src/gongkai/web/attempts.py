"""The log of attempts the rate limits count (:class:`gongkai.web.models.Attempt`): a
failed login, an accepted submission.

Every submission asks whether its address has reached the limit and, once stored, adds
itself, so both are single plain statements: built by the ORM they cost several times
what the database took to run them. Datetimes go through the backend's own adaptation,
so SQLite and PostgreSQL compare them as the ORM would.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from django.db import connection
from django.utils import timezone

from gongkai.cases.services.registry import Row
from gongkai.web.models import Attempt

__all__ = ["note", "reached", "row"]

PRUNE_EVERY = 60.0  # seconds between this process's clearing of expired attempts
_pruned: dict[str, float] = {}


def _sql(template: str) -> str:
    qn = connection.ops.quote_name
    return template.format(
        table=qn(Attempt._meta.db_table), kind=qn("kind"), key=qn("key"), at=qn("at")
    )


def _at(moment: datetime) -> str | datetime:
    """As the backend stores it (SQLite: text in UTC; PostgreSQL: the value itself)."""
    value = connection.ops.adapt_datetimefield_value(moment)
    assert isinstance(value, str | datetime)
    return value


def reached(kind: str, key: str, count: int, seconds: int) -> bool:
    """Whether ``count`` attempts of ``key`` were made within ``seconds``: whether a
    ``count``-th one exists, so a busy key's older attempts are not read."""
    since = timezone.now() - timedelta(seconds=seconds)
    sql = _sql(
        "SELECT 1 FROM {table} WHERE {kind} = %s AND {key} = %s AND {at} >= %s LIMIT 1 OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [kind, key, _at(since), count - 1])
        return cursor.fetchone() is not None


def _prune(kind: str, now: datetime, seconds: int) -> None:
    """Expired attempts (``reached`` reads only the window) are cleared now and then, not
    every time: under load the DELETE was a tenth of a submission's cost."""
    clock = time.monotonic()
    if clock - _pruned.get(kind, -PRUNE_EVERY) >= PRUNE_EVERY:
        _pruned[kind] = clock
        Attempt.objects.filter(kind=kind, at__lt=now - timedelta(seconds=seconds)).delete()


def row(kind: str, key: str, seconds: int) -> Row:
    """An attempt, as a row the caller stores with what it counts (a submission: in the
    statement that registers the request)."""
    now = timezone.now()
    _prune(kind, now, seconds)
    return Row(Attempt._meta.db_table, (("kind", kind), ("key", key), ("at", _at(now))))


def note(kind: str, key: str, seconds: int) -> None:
    """Add an attempt."""
    now = timezone.now()
    _prune(kind, now, seconds)
    with connection.cursor() as cursor:
        cursor.execute(
            _sql("INSERT INTO {table} ({kind}, {key}, {at}) VALUES (%s, %s, %s)"),
            [kind, key, _at(now)],
        )
