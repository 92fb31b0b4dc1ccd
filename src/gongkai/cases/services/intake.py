"""Registering a request: its tracking number, verification code and first deadline.

The tracking number is agency code, year and serial. The serial comes from a counter row
per (agency, year) that is incremented — and so locked until commit — inside the
transaction that creates the request (SQLite's ``BEGIN IMMEDIATE`` serialises writers
anyway), so concurrent submissions never share a number and a failed one leaves no gap.

A submission may carry a key (the online form's hidden field, the API's
``Idempotency-Key``). Sent again — after an error page, a lost answer, a double click —
it finds the request already stored instead of registering a second one
(:func:`submit_once`): whether the first attempt was stored is not always knowable by the
one who sent it (a connection lost during COMMIT), but it is by the database.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.db import IntegrityError, OperationalError, connection, transaction

from gongkai.cases import clock
from gongkai.cases.models import Agency, Attachment, Channel, DisclosureRequest
from gongkai.cases.services.audit import Actor, entry, record
from gongkai.cases.services.registry import Row, register, tracking_number

__all__ = [
    "KeyReused",
    "Row",
    "Upload",
    "check_code",
    "submit",
    "submit_once",
    "tracking_number",
]

_CODE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone
T = TypeVar("T")
# What a caller stores with a new request, in its transaction: given it and its code.
Also = Callable[[DisclosureRequest, str], object]


@dataclass(frozen=True)
class Upload:
    name: str
    content_type: str
    data: bytes


def _digest(salt: str, code: str) -> str:
    return hashlib.sha256(f"{salt}:{code.strip().upper()}".encode()).hexdigest()


def check_code(req: DisclosureRequest, code: str) -> bool:
    return hmac.compare_digest(req.code_hash, _digest(req.code_salt, code))


def _busy_timeout() -> float:
    return float(connection.settings_dict.get("OPTIONS", {}).get("timeout", 5))


_WRITE_GATE = threading.Lock()


@contextmanager
def _one_writer() -> Iterator[None]:
    """On SQLite, this process's submissions take the database's write lock one at a time.

    SQLite's busy handler waits by sleeping, longer each time, and a newcomer may take the
    lock while a sleeper sleeps: under load a few submissions waited seconds while others
    went through. Queued on a Python lock instead, the next one is woken as soon as the
    lock is free (measured with 8 threads: the slowest of 480 went from 1.9 s to 0.1 s).
    PostgreSQL needs no gate: the counter row's lock queues its writers."""
    if connection.vendor != "sqlite":
        yield
        return
    if not _WRITE_GATE.acquire(timeout=_busy_timeout()):
        raise OperationalError("database is locked: this process's other submissions waited")
    try:
        yield
    finally:
        _WRITE_GATE.release()


def retry_locked(fn: Callable[[], T], attempts: int = 8) -> T:
    """Run ``fn`` (a whole transaction) again when SQLite says the database is locked.

    With ``BEGIN IMMEDIATE`` and a busy timeout this is rare, but a writer refused at once
    must retry, not turn a citizen's application into an error page. Retrying stops once
    the busy timeout has passed in all: a lock held that long is a fault (a stuck job, a
    copy of the file being taken), and the person waiting gets the clear error instead of
    a request that hangs until the server gives up on it.
    """
    budget = _busy_timeout()
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


def submit(
    fields: dict[str, Any],
    *,
    agency: Agency,
    channel: str = Channel.ONLINE,
    received_on: date | None = None,
    actor: Actor = None,
    uploads: Sequence[Upload] = (),
    also: Also | None = None,
    key: str = "",
    rows: Sequence[Row] = (),
) -> tuple[DisclosureRequest, str]:
    """Register a validated request; returns it and the applicant's verification code.

    ``rows`` are stored with the request (the web layer's count for its rate limit), and
    ``also(request, code)`` runs inside the registering transaction (the portal gives the
    browser access to the request), so the request and what goes with it are stored
    together or not at all: a failure after the request was stored cannot make an
    accepted application look refused and be sent again. Without ``also`` or uploads,
    PostgreSQL stores it all with one statement (:mod:`gongkai.cases.services.registry`)."""
    received = received_on or clock.today()
    code = "".join(secrets.choice(_CODE_CHARS) for _ in range(8))
    salt = secrets.token_hex(8)
    cal = clock.calendar()
    how = Channel(channel).label
    # Nothing else to store with it: on PostgreSQL the registering statement is the whole
    # transaction, unless the caller has one open (a savepoint then undoes a refused key).
    alone = not uploads and also is None and connection.vendor == "postgresql"

    def create() -> DisclosureRequest:
        req = DisclosureRequest(
            agency=agency,
            year=received.year,
            code_salt=salt,
            code_hash=_digest(salt, code),
            submission_key=_key_digest(key) if key else "",
            channel=channel,
            received_on=received,
            submitted_at=clock.now(),
            account=actor if actor is not None and actor.is_authenticated else None,
            **fields,
        )
        # Counted before the counter row is locked (on PostgreSQL every submission to
        # this agency waits for that lock until the commit).
        clock.refresh_due(req, cal)
        event = entry("received", "", actor=actor, request=req, public=True)
        own = alone and not connection.in_atomic_block
        with _one_writer(), nullcontext() if own else transaction.atomic():
            register(req, event, f"收到申请（{how}），登记为", rows)
            for u in uploads:
                Attachment.objects.create(
                    request=req,
                    name=u.name,
                    content_type=u.content_type,
                    size=len(u.data),
                    data=u.data,
                    stage="application" if channel == Channel.ONLINE else "staff",
                )
            if also is not None:
                also(req, code)
        return req

    req = retry_locked(create)
    from gongkai.cases import notify

    notify.received(req, code)
    return req, code


# What must be the same for a repeated key to mean the same application.
_SAME_APPLICATION = ("applicant_type", "name", "id_number", "credit_code", "description")


class KeyReused(Exception):
    """A submission key already used for a different application."""

    message = "提交标识已用于另一份内容不同的申请，请重新打开申请页面后提交"


def _key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _repeated(
    key: str, fields: dict[str, Any], agency: Agency
) -> tuple[DisclosureRequest, str] | None:
    """The request stored under ``key``, with a new verification code (the first may
    never have reached the applicant), or None. The new code is an audited change."""
    req = DisclosureRequest.objects.filter(submission_key=_key_digest(key)).first()
    if req is None:
        return None
    if req.agency_id != agency.pk or any(
        getattr(req, f) != (fields.get(f) or "") for f in _SAME_APPLICATION
    ):
        raise KeyReused(KeyReused.message)
    code = "".join(secrets.choice(_CODE_CHARS) for _ in range(8))
    with transaction.atomic():
        req.code_salt = secrets.token_hex(8)
        req.code_hash = _digest(req.code_salt, code)
        req.save(update_fields=["code_salt", "code_hash"])
        record(
            "resubmitted",
            f"同一申请再次提交（提交标识相同），未重复登记，重新发给{req.tracking_number}的查询码",
            actor=None,
            request=req,
        )
    from gongkai.cases import notify

    notify.received(req, code)  # the mail with the code that now works
    return req, code


def submit_once(
    key: str,
    fields: dict[str, Any],
    *,
    agency: Agency,
    actor: Actor = None,
    uploads: Sequence[Upload] = (),
    also: Also | None = None,
    rows: Sequence[Row] = (),
) -> tuple[DisclosureRequest, str, bool]:
    """:func:`submit`, safe to repeat with the same ``key``: the request, its (new)
    verification code, and whether it had been stored already.

    The key's unique index decides, not a lookup first: a repeat (rare) is refused by it,
    its transaction rolled back — serial, audit entry and rate-limit count with it — and
    it answers with the request stored first. Two at once with one key (a double click)
    meet there the same way. Looking the key up before every submission cost a query and
    a whole request record read on every first submission, about a tenth of its time."""
    if not key:
        given = submit(fields, agency=agency, actor=actor, uploads=uploads, also=also, rows=rows)
        return (*given, False)
    try:
        req, code = submit(
            fields, agency=agency, actor=actor, uploads=uploads, also=also, key=key, rows=rows
        )
    except IntegrityError:
        found = _repeated(key, fields, agency)
        if found is None:
            raise
        return (*found, True)
    return req, code, False
