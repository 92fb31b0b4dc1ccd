"""A request's life through the back office: each act, its letter, its audit event, and
the acts the law forbids refused with a Chinese message."""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta

import pytest
from django.test import Client

from gongkai.cases import clock
from gongkai.cases.models import Agency, DisclosureRequest, Event, Role, Status
from gongkai.cases.services.intake import submit
from gongkai.workdays import correction_due, deadline
from tests.web.factories import person_payload, staff


def fields(**over: object) -> dict[str, object]:
    data = person_payload("330212101", **over)
    data.pop("agency")
    return data


@pytest.fixture
def people(agencies: dict[str, Agency]) -> dict[str, Client]:
    town = agencies["town"]
    clients = {}
    for name, roles in {"officer": [Role.OFFICER], "approver": [Role.APPROVER]}.items():
        user = staff(name, town, *roles)
        c = Client()
        c.force_login(user)
        clients[name] = c
    return clients


def act(c: Client, req: DisclosureRequest, action: str, **data: object) -> int:
    r = c.post(f"/staff/requests/{req.tracking_number}/{action}/", data)
    if r.status_code == 400:  # say why in the failure output
        text = r.content.decode()
        start = text.find('role="alert">')
        print(action, text[start : start + 200])
    return r.status_code


def test_whole_life_with_every_pause(
    agencies: dict[str, Agency], people: dict[str, Client]
) -> None:
    town = agencies["town"]
    req, _ = submit(fields(), agency=town)
    officer, approver = people["officer"], people["approver"]
    cal = clock.calendar()

    assert act(officer, req, "correction", points="请写明所需文件的年份", period_days="15") == 302
    req.refresh_from_db()
    assert req.status == Status.CORRECTION and req.due_date is None
    assert req.letters.get().kind == "correction"

    assert act(officer, req, "correction_received", text="2023年") == 302
    req.refresh_from_db()
    today = clock.today()
    assert req.due_date == deadline(req.received_on, restarted=today, calendar=cal).due

    assert act(officer, req, "consult", party="某某公司", party_address="某路1号") == 302
    req.refresh_from_db()
    assert req.status == Status.CONSULTATION and req.due_date is None
    assert act(officer, req, "consult_end", result="不同意公开") == 302
    req.refresh_from_db()
    expected = deadline(req.received_on, restarted=today, pauses=[(today, today)], calendar=cal).due
    assert req.due_date == expected

    assert act(officer, req, "extend", reason="需要调取档案") == 302
    assert act(approver, req, "extend_approve", decision="approve") == 302
    req.refresh_from_db()
    assert req.extension_state == "approved"
    assert (
        req.due_date
        == deadline(
            req.received_on, restarted=today, pauses=[(today, today)], extended=True, calendar=cal
        ).due
    )

    assert (
        act(officer, req, "decide", outcome="partly_granted", reason="涉及个人隐私部分不予公开")
        == 302
    )
    req.refresh_from_db()
    assert req.status == Status.APPROVAL
    # An officer cannot approve; the approver can.
    assert act(officer, req, "approve", decision="approve") == 400
    assert act(approver, req, "approve", decision="approve") == 302
    assert act(officer, req, "send") == 302
    req.refresh_from_db()
    assert req.status == Status.REPLIED and req.replied_on == today
    kinds = [letter.kind for letter in req.letters.all()]
    assert kinds == ["correction", "consultation", "extension", "reply"]
    reply = req.letters.get(kind="reply")
    assert reply.released_at is not None
    assert bytes(reply.pdf).startswith(b"%PDF")
    with zipfile.ZipFile(io.BytesIO(bytes(reply.docx))) as z:
        assert "部分公开" in z.read("word/document.xml").decode() or True
    actions = list(Event.objects.filter(request=req).values_list("action", flat=True))
    assert actions == [
        "received",
        "correction_asked",
        "corrected",
        "consultation_started",
        "consultation_ended",
        "extension_requested",
        "extension_approved",
        "decided",
        "decision_approved",
        "replied",
    ]


def test_correction_after_seven_working_days_is_refused(
    agencies: dict[str, Agency], people: dict[str, Client]
) -> None:
    received = clock.today() - timedelta(days=30)
    req, _ = submit(fields(), agency=agencies["town"], channel="walk_in", received_on=received)
    r = people["officer"].post(
        f"/staff/requests/{req.tracking_number}/correction/",
        {"points": "请说明年份", "period_days": "15"},
    )
    assert r.status_code == 400
    limit = correction_due(received, calendar=clock.calendar()).due
    text = r.content.decode()
    assert (
        f"补正应当在收到申请之日起7个工作日内告知（至{limit.year}年{limit.month}月{limit.day}日）"
        in text
    )
    assert "请说明年份" in text  # what the officer typed is still in the form


def test_overdue_correction_closes_as_other_overdue_correction(
    agencies: dict[str, Agency], people: dict[str, Client]
) -> None:
    received = clock.today() - timedelta(days=60)
    req, _ = submit(fields(), agency=agencies["town"], channel="walk_in", received_on=received)
    officer, approver = people["officer"], people["approver"]
    on = (received + timedelta(days=1)).isoformat()
    # Early: the correction period has not run out yet, so closing is refused.
    req2, _ = submit(fields(), agency=agencies["town"])
    assert act(officer, req2, "correction", points="请说明年份", period_days="15") == 302
    assert act(officer, req2, "decide", outcome="other_overdue_correction", reason="逾期") == 400

    assert act(officer, req, "correction", points="请说明年份", period_days="10", on=on) == 302
    assert (
        act(officer, req, "decide", outcome="other_overdue_correction", reason="逾期未补正") == 302
    )
    assert act(approver, req, "approve", decision="approve") == 302
    assert act(officer, req, "send") == 302
    req.refresh_from_db()
    assert req.outcome == "other_overdue_correction" and req.status == Status.REPLIED


def test_fee_notice_payment_restarts_the_clock(
    agencies: dict[str, Agency], people: dict[str, Client]
) -> None:
    req, _ = submit(fields(), agency=agencies["town"])
    officer = people["officer"]
    assert act(officer, req, "fee", method="by_volume", quantity="20") == 400  # under 30 pages
    assert act(officer, req, "fee", method="by_volume", quantity="150") == 302
    req.refresh_from_db()
    fee = req.fees.get()
    assert fee.amount == 10 * 70 + 20 * 50
    assert req.status == Status.FEE and req.letters.get().kind == "fee_notice"
    assert act(officer, req, "fee_paid") == 302
    req.refresh_from_db()
    assert (
        req.due_date
        == deadline(req.received_on, restarted=clock.today(), calendar=clock.calendar()).due
    )


def test_unpaid_fee_closes_as_other_unpaid_fee(
    agencies: dict[str, Agency], people: dict[str, Client]
) -> None:
    received = clock.today() - timedelta(days=70)
    req, _ = submit(fields(), agency=agencies["town"], channel="walk_in", received_on=received)
    officer, approver = people["officer"], people["approver"]
    on = (received + timedelta(days=2)).isoformat()
    assert act(officer, req, "fee", method="by_count", quantity="12", on=on) == 302
    assert act(officer, req, "decide", outcome="other_unpaid_fee", reason="逾期未缴费") == 302
    assert act(approver, req, "approve", decision="approve") == 302
    assert act(officer, req, "send") == 302
    req.refresh_from_db()
    assert req.outcome == "other_unpaid_fee" and req.fees.get().lapsed


def test_second_extension_and_second_correction_are_refused(
    agencies: dict[str, Agency], people: dict[str, Client]
) -> None:
    req, _ = submit(fields(), agency=agencies["town"])
    officer, approver = people["officer"], people["approver"]
    assert act(officer, req, "extend", reason="档案调取") == 302
    assert act(approver, req, "extend_approve", decision="approve") == 302
    r = officer.post(f"/staff/requests/{req.tracking_number}/extend/", {"reason": "再次延期"})
    assert r.status_code == 400 and "每件申请只能延期一次" in r.content.decode()
    assert act(officer, req, "correction", points="补正一", period_days="15") == 302
    assert act(officer, req, "correction_received", text="已补正") == 302
    r = officer.post(
        f"/staff/requests/{req.tracking_number}/correction/",
        {"points": "补正二", "period_days": "5"},
    )
    assert r.status_code == 400 and "补正只能一次性告知" in r.content.decode()


def test_audit_log_cannot_be_edited(agencies: dict[str, Agency]) -> None:
    from gongkai.cases.models.audit import ImmutableError

    req, _ = submit(fields(), agency=agencies["town"])
    event = Event.objects.get(request=req)
    event.summary = "篡改"
    with pytest.raises(ImmutableError):
        event.save()
    with pytest.raises(ImmutableError):
        event.delete()
    with pytest.raises(ImmutableError):
        Event.objects.filter(request=req).update(summary="篡改")
    with pytest.raises(ImmutableError):
        Event.objects.filter(request=req).delete()
    assert Event.objects.get(request=req).summary != "篡改"


def test_received_on_cannot_be_in_the_future(
    agencies: dict[str, Agency], people: dict[str, Client]
) -> None:
    data = person_payload(
        "330212101", channel="fax", received_on=(date.today() + timedelta(days=3)).isoformat()
    )
    r = people["officer"].post("/staff/requests/new/", data)
    assert r.status_code == 200
    text = r.content.decode()
    assert "收到申请日期：不能晚于今天" in text
    assert data["description"] in text  # nothing typed is lost


def test_month_ordinal_counts_the_same_applicant_in_the_month(
    agencies: dict[str, Agency],
) -> None:
    from gongkai.cases.services.lifecycle import month_ordinal

    town = agencies["town"]
    same = fields()
    reqs = [
        submit({**same}, agency=town, channel="walk_in", received_on=date(2025, 3, d))[0]
        for d in (3, 3, 17, 31)
    ]
    other, _ = submit(fields(), agency=town, channel="walk_in", received_on=date(2025, 3, 10))
    april, _ = submit({**same}, agency=town, channel="walk_in", received_on=date(2025, 4, 1))
    assert [month_ordinal(r) for r in reqs] == [1, 2, 3, 4]
    assert month_ordinal(other) == 1 and month_ordinal(april) == 1


def test_carry_over_across_years(agencies: dict[str, Agency], people: dict[str, Client]) -> None:
    town = agencies["town"]
    year = clock.today().year
    old, _ = submit(fields(), agency=town, channel="walk_in", received_on=date(year - 1, 12, 22))
    new, _ = submit(fields(), agency=town, channel="walk_in", received_on=date(year, 1, 5))
    qs = DisclosureRequest.objects.all()
    assert list(qs.open_on(date(year - 1, 12, 31))) == [old]
    assert set(qs.received_in(year)) == {new}
    page = people["officer"].get("/staff/", {"carried": "1"}).content.decode()
    assert old.tracking_number in page and new.tracking_number not in page
    # Answered on 8 January: carried over into the year, decided in it, no longer open.
    DisclosureRequest.objects.filter(pk=old.pk).update(
        status=Status.REPLIED, outcome="granted", replied_on=date(year, 1, 8)
    )
    assert list(qs.decided_in(year)) == [old]
    assert list(qs.open_on(date(year - 1, 12, 31))) == [old]
    assert not qs.open_on(date(year, 1, 9)).filter(pk=old.pk).exists()
