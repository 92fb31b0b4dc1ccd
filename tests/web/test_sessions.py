"""A portal submission stores the browser's access to its new request (and the code for
the receipt) in the session inside the transaction that registers the request, and the
session is written once, not again after the view (gongkai.web.sessions; real commits:
the second write is skipped only once the first has committed). The store reads and
writes Django's own table and format, expired sessions are not read, and a session
deleted meanwhile is not written back."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongkai.cases.models import Agency, DisclosureRequest
from gongkai.web.sessions import SessionStore
from tests.web.factories import person_payload, tree

TOWN = "330212101"


def _session_writes(queries: list[dict[str, str]]) -> list[str]:
    return [
        q["sql"].split()[0]
        for q in queries
        if "django_session" in q["sql"] and q["sql"].lstrip().startswith(("INSERT", "UPDATE"))
    ]


def _submit(c: Client, n: int) -> tuple[str, list[dict[str, str]]]:
    data = person_payload(TOWN, submission_key=f"session-test-{n}")
    with CaptureQueriesContext(connection) as seen:
        r = c.post("/apply/", data)
    assert r.status_code == 302, r.content[:500]
    number = re.search(r"/apply/([^/]+)/receipt/$", r["Location"])
    assert number
    return number.group(1), seen.captured_queries


@pytest.mark.django_db(transaction=True)
def test_the_session_is_written_once_with_the_request() -> None:
    agencies: dict[str, Agency] = tree()
    assert agencies["town"].code == TOWN
    c = Client()
    # A browser without a session: it is created with the request, and not saved again.
    first, queries = _submit(c, 1)
    assert _session_writes(queries) == ["INSERT"]
    sql = [q["sql"] for q in queries]
    # The audit entry's INSERT (on PostgreSQL inside the one statement registering it all).
    created = next(i for i, s in enumerate(sql) if 'INSERT INTO "cases_event"' in s)
    session = next(i for i, s in enumerate(sql) if "django_session" in s and "INSERT" in s)
    assert session > created  # after the audit entry, in the registering transaction
    # The same browser again: one UPDATE, and both receipts open with their codes.
    second, queries = _submit(c, 2)
    assert _session_writes(queries) == ["UPDATE"]
    for number in (first, second):
        page = c.get(f"/apply/{number}/receipt/").content.decode()
        assert number in page
    assert DisclosureRequest.objects.count() == 2
    # Another browser sees neither.
    assert Client().get(f"/apply/{first}/receipt/").status_code == 404


def test_the_store_reads_and_writes_what_django_does(db: None) -> None:
    ours = SessionStore()
    ours["tracked"] = ["330212101-2025-00001"]
    ours.save()  # a new session: created
    ours["tracked"] = [*ours["tracked"], "330212101-2025-00002"]
    ours.save()  # then updated
    key = ours.session_key
    assert key is not None
    assert DjangoStore(key).load() == {"tracked": ["330212101-2025-00001", "330212101-2025-00002"]}
    theirs = DjangoStore(key)
    theirs["new_code"] = {"330212101-2025-00002": "ABCDEFGH"}
    theirs.save()
    assert SessionStore(key).load()["new_code"] == {"330212101-2025-00002": "ABCDEFGH"}


def test_an_expired_session_is_not_read(db: None) -> None:
    s = SessionStore()
    s["tracked"] = ["330212101-2025-00001"]
    s.save()
    Session.objects.filter(session_key=s.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    again = SessionStore(s.session_key)
    assert again.load() == {} and again.session_key is None  # a new key when saved


def test_a_session_deleted_meanwhile_is_not_written_back(db: None) -> None:
    s = SessionStore()
    s["tracked"] = ["330212101-2025-00001"]
    s.save()
    Session.objects.filter(session_key=s.session_key).delete()  # signed out elsewhere
    s["tracked"] = []
    with pytest.raises(UpdateError):
        s.save()
    assert not Session.objects.exists()
