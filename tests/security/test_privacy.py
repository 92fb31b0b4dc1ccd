"""ID and phone numbers masked for everyone but the officer handling the request, whose
whole views are audited; masked in logs; HTML in every field escaped wherever shown."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.test import Client

from gongkai.cases.models import Agency, DisclosureRequest, Event, Role
from gongkai.cases.privacy import MaskingFilter, mask_id, mask_phone, mask_text
from tests.web.factories import org_payload, person_payload, resident_id, staff


def test_masks() -> None:
    assert mask_id("330102198001011234") == "3301**********1234"
    assert mask_id("33010219800101123X") == "3301**********123X"
    assert mask_id("E1234567") == "******67"
    assert mask_id("") == ""
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0574-88880000") == "057*-****0000"
    assert mask_phone("88880000") == "888*0000"
    assert mask_phone("12345") == "***45"


def test_log_lines_are_masked(caplog: pytest.LogCaptureFixture) -> None:
    assert mask_text("申请人 330102198001011234 电话13812345678，编号 2024-00001") == (
        "申请人 3301**********1234 电话138****5678，编号 2024-00001"
    )
    # A longer run of digits (an amount, a serial) is left alone.
    assert mask_text("9913301021980010112345") == "9913301021980010112345"
    log = logging.getLogger("gongkai.test.privacy")
    log.addFilter(MaskingFilter())
    with caplog.at_level(logging.WARNING, logger="gongkai.test.privacy"):
        log.warning("mail to %s failed, phone %s", "330102198001011234", "13812345678")
    assert caplog.messages == ["mail to 3301**********1234 failed, phone 138****5678"]


@pytest.fixture
def people(agencies: dict[str, Agency]) -> dict[str, Client]:
    out = {}
    for name, agency, role in (
        ("officer", agencies["town"], Role.OFFICER),
        ("approver", agencies["town"], Role.APPROVER),
        ("supervisor", agencies["district"], Role.SUPERVISOR),
    ):
        user = staff(name, agency, role)
        c = Client()
        c.force_login(user)
        out[name] = c
    return out


def test_whole_numbers_only_for_the_officer_and_audited(
    client: Client, people: dict[str, Client], agencies: dict[str, Agency]
) -> None:
    id_number = resident_id(5)
    r = client.post(
        "/api/requests",
        json.dumps(person_payload("330212101", id_number=id_number, phone="13912345678")),
        content_type="application/json",
    )
    assert r.status_code == 201
    tn = r.json()["tracking_number"]
    url = f"/staff/requests/{tn}/"
    masked_id = id_number[:4] + "*" * 10 + id_number[-4:]
    for who in ("officer", "approver", "supervisor"):
        page = people[who].get(url).content.decode()
        assert masked_id in page and "139****5678" in page, who
        assert id_number not in page and "13912345678" not in page, who
        queue = people[who].get("/staff/").content.decode()
        assert id_number not in queue and "13912345678" not in queue, who
    assert "显示完整号码" in people["officer"].get(url).content.decode()
    assert not Event.objects.filter(action="reveal").exists()

    # Others asking for the whole numbers still get them masked, and nothing is logged.
    for who in ("approver", "supervisor"):
        page = people[who].get(url, {"reveal": "1"}).content.decode()
        assert id_number not in page and "显示完整号码" not in page, who
    assert not Event.objects.filter(action="reveal").exists()

    page = people["officer"].get(url, {"reveal": "1"}).content.decode()
    assert id_number in page and "13912345678" in page
    people["officer"].get(url, {"reveal": "1"})
    views = Event.objects.filter(action="reveal", request__tracking_number=tn)
    assert [(e.actor_name, e.public) for e in views] == [("officer", False), ("officer", False)]
    assert "查看了申请人完整的证件号码和联系电话" in page  # the page's own timeline shows it


HOSTILE = '<script>alert("x")</script><i>斜</i>'  # fits the 50-character fields
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
FREE_TEXT = ("name", "title", "document_number", "description", "address")
ORG_TEXT = ("legal_representative", "contact_person")


def _no_live_markup(html: str, where: str) -> None:
    assert "<script>alert" not in html, where
    assert "<i>斜" not in html, where


def test_html_in_every_field_is_escaped_everywhere(
    client: Client, people: dict[str, Client], agencies: dict[str, Agency]
) -> None:
    # Every field hostile: refused, and the form shown again escapes what was typed.
    every = {k: HOSTILE for k in person_payload("330212101")}
    r = client.post("/apply/", every)
    assert r.status_code == 200
    _no_live_markup(r.content.decode(), "form with errors")
    r = client.post("/api/requests", json.dumps(every), content_type="application/json")
    assert r.status_code == 422
    # JSON may echo the text; it is never served as something a browser would render.
    assert r["Content-Type"].startswith("application/json")
    assert r.headers["X-Content-Type-Options"] == "nosniff"

    # Free-text fields accept it: a person through the form, an organisation by the API.
    person = person_payload("330212101", **{k: HOSTILE for k in FREE_TEXT})
    r = client.post("/apply/", person)
    assert r.status_code == 302, r.content.decode()[:500]
    receipt = client.get(r["Location"]).content.decode()
    org = org_payload("330212101", **{k: HOSTILE for k in (*FREE_TEXT, *ORG_TEXT)})
    r = client.post("/api/requests", json.dumps(org), content_type="application/json")
    assert r.status_code == 201
    stored = DisclosureRequest.objects.all()
    assert len(stored) == 2 and all(s.name == HOSTILE for s in stored)

    pages: dict[str, str] = {"receipt": receipt}
    for req in stored:
        pages[f"status {req.tracking_number}"] = (
            client.get(f"/track/{req.tracking_number}/").content.decode()
            if req.applicant_type == "natural_person"
            else ""
        )
        for who, c in people.items():
            for q in ({}, {"reveal": "1"}):
                r = c.get(f"/staff/requests/{req.tracking_number}/", q)
                pages[f"detail {who} {q}"] = r.content.decode()
    for who, c in people.items():
        pages[f"queue {who}"] = c.get("/staff/").content.decode()
        pages[f"search {who}"] = c.get("/staff/", {"q": HOSTILE}).content.decode()
    for where, html in pages.items():
        _no_live_markup(html, where)
    shown = [w for w, html in pages.items() if ESCAPED in html]
    assert any(w.startswith("status") for w in shown)
    assert any(w.startswith("detail") for w in shown)
    assert any(w.startswith("queue") for w in shown)
    for w in (w for w in pages if w.startswith("detail")):
        assert pages[w].count(ESCAPED) >= len(FREE_TEXT), w


def test_api_answers_are_json_not_markup(
    client: Client, people: dict[str, Client], agencies: dict[str, Agency], settings: Any
) -> None:
    r = client.post(
        "/api/requests",
        json.dumps(person_payload("330212101", name=HOSTILE)),
        content_type="application/json",
    )
    assert r.status_code == 201
    assert r["Content-Type"].startswith("application/json")
    assert r.headers["X-Content-Type-Options"] == "nosniff"
