"""Registering a request writes its serial, number, audit entry and rate-limit count
together (on PostgreSQL in one statement, outside any transaction the test would hold):
numbers past 99999 as Python writes them, a year's first request creating its counter,
and a refused repeat of a key leaving nothing of its own behind."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.test import Client

from gongkai.cases.models import Agency, DisclosureRequest, Event, RequestCounter
from gongkai.cases.services.intake import submit, tracking_number
from gongkai.web.models import Attempt
from tests.web.factories import person_payload, tree

TOWN = "330212101"


def _post(c: Client, key: str, payload: dict[str, object]) -> dict[str, object]:
    r = c.post("/api/requests", json.dumps(payload), "application/json", HTTP_IDEMPOTENCY_KEY=key)
    assert r.status_code == 201, r.content
    body = r.json()
    assert isinstance(body, dict)
    return body


@pytest.mark.django_db(transaction=True)
def test_serial_number_audit_entry_and_count_are_stored_together() -> None:
    town = tree()["town"]
    year = date.today().year
    RequestCounter.objects.create(agency=town, year=year, last=99998)
    c = Client()
    payloads = [person_payload(TOWN, name=f"申请人{i}") for i in (1, 2)]
    numbers = [str(_post(c, f"key-{i}", p)["tracking_number"]) for i, p in enumerate(payloads)]
    stored = list(DisclosureRequest.objects.order_by("serial"))
    assert [r.serial for r in stored] == [99999, 100000]
    expected = [tracking_number(town, stored[0].year, s) for s in (99999, 100000)]
    assert numbers == [r.tracking_number for r in stored] == expected
    assert expected[1].endswith("-100000")
    assert RequestCounter.objects.get(agency=town, year=stored[0].year).last == 100000
    for req in stored:
        (event,) = Event.objects.filter(request=req)
        assert (event.action, event.public, event.agency_id) == ("received", True, town.pk)
        assert event.summary == f"收到申请（网上申请），登记为{req.tracking_number}"
        assert event.actor_id is None and event.actor_name == "申请人"
    assert Attempt.objects.filter(kind="submit", key="127.0.0.1").count() == 2

    # The first key again: found stored; the repeat's serial, entry and count rolled back.
    again = _post(c, "key-0", payloads[0])
    assert (again["tracking_number"], again["repeated"]) == (numbers[0], True)
    assert DisclosureRequest.objects.count() == 2
    assert RequestCounter.objects.get(agency=town, year=stored[0].year).last == 100000
    assert Event.objects.filter(action="received").count() == 2
    assert Attempt.objects.filter(kind="submit").count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_years_first_request_creates_its_counter() -> None:
    agencies: dict[str, Agency] = tree()
    fields = person_payload(TOWN)
    fields.pop("agency")
    req, _ = submit(
        fields, agency=agencies["town"], channel="walk_in", received_on=date(2024, 5, 6)
    )
    other, _ = submit(
        fields, agency=agencies["dept"], channel="walk_in", received_on=date(2024, 5, 6)
    )
    assert (req.serial, req.tracking_number) == (1, "330212101-2024-00001")
    assert (other.serial, other.tracking_number) == (1, "330212201-2024-00001")
    req.refresh_from_db()
    assert req.tracking_number == "330212101-2024-00001" and req.year == 2024
    counters = dict(RequestCounter.objects.values_list("agency__code", "last"))
    assert counters == {"330212101": 1, "330212201": 1}
    (event,) = Event.objects.filter(request=req)
    assert event.summary == "收到申请（当面提交），登记为330212101-2024-00001"
