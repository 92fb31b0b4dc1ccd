"""A submission sent again with its key — after an error page, a lost answer, a double
click — is registered once: the same tracking number, a new verification code, the
repeat in the audit log. A key reused for a different application is refused."""

from __future__ import annotations

import json
import re
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.core import mail
from django.test import Client

from gongkai.cases.models import Agency, DisclosureRequest, Event, RequestCounter
from gongkai.cases.services.intake import KeyReused
from gongkai.web.views.portal import REUSED_KEY
from tests.web.factories import person_payload, tree

TOWN = "330212101"
_KEY_FIELD = re.compile(r'name="submission_key" value="([^"]+)"')


def post_api(c: Client, payload: dict[str, Any], key: str) -> Any:
    return c.post(
        "/api/requests", json.dumps(payload), "application/json", HTTP_IDEMPOTENCY_KEY=key
    )


def code_works(c: Client, number: str, code: str) -> bool:
    return c.get(f"/api/requests/{number}", {"code": code}).status_code == 200


def test_api_repeat_with_the_same_key_registers_once(
    client: Client, agencies: dict[str, Agency], django_capture_on_commit_callbacks: Any
) -> None:
    payload = person_payload(TOWN)
    first = post_api(client, payload, "k-1")
    with django_capture_on_commit_callbacks(execute=True):
        again = post_api(client, payload, "k-1")
    assert again.json()["verification_code"] in mail.outbox[-1].body  # the code that works
    assert first.status_code == again.status_code == 201
    a, b = first.json(), again.json()
    assert (a["repeated"], b["repeated"]) == (False, True)
    assert a["tracking_number"] == b["tracking_number"]
    req = DisclosureRequest.objects.get()
    assert req.serial == 1
    # The first code may never have reached the applicant; the new one replaces it.
    assert code_works(client, req.tracking_number, b["verification_code"])
    assert not code_works(client, req.tracking_number, a["verification_code"])
    assert list(Event.objects.values_list("action", flat=True).order_by("id")) == [
        "received",
        "resubmitted",
    ]
    # Without a key, or with another, the same content is a new application.
    assert post_api(client, payload, "k-2").json()["tracking_number"].endswith("-00002")
    assert client.post("/api/requests", json.dumps(payload), "application/json").status_code == 201
    assert DisclosureRequest.objects.count() == 3


def test_api_key_reused_for_other_content_is_refused(
    client: Client, agencies: dict[str, Agency]
) -> None:
    assert post_api(client, person_payload(TOWN), "k").status_code == 201
    r = post_api(
        client, person_payload(TOWN, description="另一件事：请公开本镇2022年的财政预算。"), "k"
    )
    assert r.status_code == 409 and r.json() == {"detail": KeyReused.message}
    r = post_api(client, person_payload(TOWN), "x" * 201)
    assert r.status_code == 422
    assert r.json()["errors"]["Idempotency-Key"] == "Idempotency-Key：应为1至200个字符"
    assert DisclosureRequest.objects.count() == 1


def test_form_sent_twice_registers_once(client: Client, agencies: dict[str, Agency]) -> None:
    keys = {_KEY_FIELD.findall(client.get("/apply/").content.decode())[0] for _ in range(3)}
    assert len(keys) == 3  # a fresh key each time the form is shown
    data = person_payload(TOWN, submission_key=keys.pop())
    first, again = client.post("/apply/", data), client.post("/apply/", data)
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    assert DisclosureRequest.objects.count() == 1
    page = client.get(again["Location"]).content.decode()
    assert DisclosureRequest.objects.get().tracking_number in page


def test_form_edited_after_a_stored_attempt_is_a_new_application(
    client: Client, agencies: dict[str, Agency]
) -> None:
    data = person_payload(TOWN, submission_key="page-1")
    assert client.post("/apply/", data).status_code == 302
    edited = {**data, "description": "改为：请公开本镇2022年度的财政预算和决算。"}
    r = client.post("/apply/", edited)
    assert r.status_code == 409
    page = r.content.decode()
    assert REUSED_KEY in page and "改为：请公开本镇2022年度" in page  # nothing typed lost
    fresh = _KEY_FIELD.findall(page)[0]
    assert fresh != "page-1"
    assert client.post("/apply/", {**edited, "submission_key": fresh}).status_code == 302
    assert DisclosureRequest.objects.count() == 2


def test_same_key_at_once_from_many_connections(live_server: Any) -> None:
    """A double click, many times over: concurrent posts of one key, one request."""
    tree()
    payload = json.dumps(person_payload(TOWN)).encode()

    def post(_: int) -> tuple[int, dict[str, Any]]:
        headers = {"Content-Type": "application/json", "Idempotency-Key": "same"}
        req = urllib.request.Request(f"{live_server.url}/api/requests", payload, headers)
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, json.loads(r.read())

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(post, range(8)))
    assert [s for s, _ in results] == [201] * 8
    assert len({b["tracking_number"] for _, b in results}) == 1
    assert sorted(b["repeated"] for _, b in results) == [False] + [True] * 7
    assert DisclosureRequest.objects.get().serial == 1
    assert RequestCounter.objects.get().last == 1  # the losers' serials were given back
