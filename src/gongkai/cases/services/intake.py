"""Registering a request: its tracking number, verification code and first deadline.

The tracking number is agency code, year and serial. The serial comes from a counter row
per (agency, year) that is locked and incremented inside the transaction that creates the
request (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` serialises
writers), so concurrent submissions never share a number and a failed one leaves no gap.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import F

from gongkai.cases import clock
from gongkai.cases.models import (
    Agency,
    Attachment,
    Channel,
    DisclosureRequest,
    RequestCounter,
)
from gongkai.cases.services.audit import Actor, record

__all__ = ["Upload", "check_code", "submit", "tracking_number"]

_CODE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone
T = TypeVar("T")


@dataclass(frozen=True)
class Upload:
    name: str
    content_type: str
    data: bytes


def tracking_number(agency: Agency, year: int, serial: int) -> str:
    return f"{agency.code}-{year}-{serial:05d}"


def _digest(salt: str, code: str) -> str:
    return hashlib.sha256(f"{salt}:{code.strip().upper()}".encode()).hexdigest()


def check_code(req: DisclosureRequest, code: str) -> bool:
    return hmac.compare_digest(req.code_hash, _digest(req.code_salt, code))


def retry_locked(fn: Callable[[], T], attempts: int = 8) -> T:
    """Run ``fn`` (a whole transaction) again when SQLite says the database is locked.

    With ``BEGIN IMMEDIATE`` and a busy timeout this is rare, but a writer refused at once
    must retry, not turn a citizen's application into an error page. Retrying stops once
    the busy timeout has passed in all: a lock held that long is a fault (a stuck job, a
    copy of the file being taken), and the person waiting gets the clear error instead of
    a request that hangs until the server gives up on it.
    """
    budget = float(connection.settings_dict.get("OPTIONS", {}).get("timeout", 5))
    start = time.monotonic()
    for i in range(attempts):
        try:
            return fn()
        except OperationalError as e:
            spent = time.monotonic() - start
            if "locked" not in str(e) or i == attempts - 1 or spent >= budget:
                raise
            time.sleep(0.05 * (2**i) + secrets.randbelow(50) / 1000)
    raise AssertionError("unreachable")


def _next_serial(agency: Agency, year: int) -> int:
    """The next serial, counted in the caller's transaction. One ``UPDATE … RETURNING``
    both increments the counter and holds its row until commit (PostgreSQL's row lock;
    SQLite's write lock is already held), in one statement on the busiest path."""
    qn = connection.ops.quote_name
    sql = (
        f"UPDATE {qn(RequestCounter._meta.db_table)} SET {qn('last')} = {qn('last')} + 1 "
        f"WHERE {qn('agency_id')} = %s AND {qn('year')} = %s RETURNING {qn('last')}"
    )
    if connection.features.can_return_columns_from_insert:  # RETURNING is understood
        with connection.cursor() as cursor:
            cursor.execute(sql, [agency.pk, year])
            row = cursor.fetchone()
        if row is not None:
            return int(row[0])
    else:
        counters = RequestCounter.objects.filter(agency=agency, year=year)
        if counters.update(last=F("last") + 1):
            return int(counters.values_list("last", flat=True).get())
    try:
        with transaction.atomic():
            RequestCounter.objects.create(agency=agency, year=year, last=1)
        return 1
    except IntegrityError:  # another submission created it first
        return _next_serial(agency, year)


def submit(
    fields: dict[str, Any],
    *,
    agency: Agency,
    channel: str = Channel.ONLINE,
    received_on: date | None = None,
    actor: Actor = None,
    uploads: Sequence[Upload] = (),
    also: Callable[[], object] | None = None,
) -> tuple[DisclosureRequest, str]:
    """Register a validated request; returns it and the applicant's verification code.

    ``also`` runs inside the registering transaction (the web layer counts the submission
    for its rate limit there), so the request and what goes with it are stored together
    or not at all: a failure after the request was stored cannot make an accepted
    application look refused and be sent again."""
    received = received_on or clock.today()
    code = "".join(secrets.choice(_CODE_CHARS) for _ in range(8))
    salt = secrets.token_hex(8)

    def create() -> DisclosureRequest:
        with transaction.atomic():
            serial = _next_serial(agency, received.year)
            req = DisclosureRequest(
                agency=agency,
                year=received.year,
                serial=serial,
                tracking_number=tracking_number(agency, received.year, serial),
                code_salt=salt,
                code_hash=_digest(salt, code),
                channel=channel,
                received_on=received,
                submitted_at=clock.now(),
                account=actor if actor is not None and actor.is_authenticated else None,
                **fields,
            )
            clock.refresh_due(req, clock.calendar())
            req.save()
            for u in uploads:
                Attachment.objects.create(
                    request=req,
                    name=u.name,
                    content_type=u.content_type,
                    size=len(u.data),
                    data=u.data,
                    stage="application" if channel == Channel.ONLINE else "staff",
                )
            how = Channel(channel).label
            record(
                "received",
                f"收到申请（{how}），登记为{req.tracking_number}",
                actor=actor,
                request=req,
                public=True,
            )
            if also is not None:
                also()
            return req

    req = retry_locked(create)
    from gongkai.cases import notify

    notify.received(req, code)
    return req, code
