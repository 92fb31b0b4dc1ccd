"""Who may see what, over every back-office URL and API endpoint (table-driven).

A request of 某某镇 is looked at by: anonymous visitors, staff of another district, staff
of a sibling department, a signed-in person with no staff role, and — as the control
that shows the refusals are not a broken page — the town's own officer and the
district's supervisor. Every URL pattern of the back office must be in the table.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern

from gongkai.cases.models import Agency, ApiToken, Attachment, Event, Role
from gongkai.cases.services import reviews
from gongkai.cases.services.intake import Upload, submit
from gongkai.cases.services.lifecycle import ask_correction
from gongkai.web.views import staff_urls
from gongkai.web.views.actions import HANDLERS
from tests.web.factories import person_payload, staff

OWN, SUPERVISOR, OTHER, SIBLING, NOBODY, ANON = (
    "own",
    "supervisor",
    "other",
    "sibling",
    "nobody",
    "anonymous",
)


@dataclass(frozen=True)
class Case:
    name: str  # the URL pattern's name
    url: str
    method: str = "get"
    record: bool = True  # the URL is about the town's record (else a list or a form)


@pytest.fixture
def world(agencies: dict[str, Agency]) -> dict[str, Any]:
    town = agencies["town"]
    users = {
        OWN: staff("own", town, Role.OFFICER, Role.APPROVER, Role.ADMIN),
        SUPERVISOR: staff("sup", agencies["district"], Role.SUPERVISOR),
        OTHER: staff("other", agencies["other"], Role.OFFICER, Role.APPROVER),
        SIBLING: staff("sibling", agencies["dept"], Role.OFFICER, Role.APPROVER),
        NOBODY: User.objects.create_user("citizen", "c@example.com", "pw-citizen"),
    }
    data = person_payload("x", description="关于某某镇秘密项目XYZZY的全部文件材料清单。")
    data.pop("agency")
    req, code = submit(
        data, agency=town, uploads=[Upload("身份证.pdf", "application/pdf", b"%PDF-1.4 id")]
    )
    ask_correction(req, users[OWN], points="请补充说明")
    case = reviews.open_review(
        town,
        users[OWN],
        kind="reconsideration",
        case_number="某复〔2026〕1号",
        body="某某区人民政府",
        filed_on=req.received_on,
        request=req,
    )
    n = req.tracking_number
    letter = req.letters.get()
    attachment = Attachment.objects.get(request=req)
    cases = [
        Case("login", "/staff/login/", record=False),
        Case("logout", "/staff/logout/", "post", record=False),
        Case("queue", "/staff/", record=False),
        Case("intake", "/staff/requests/new/", record=False),
        Case("detail", f"/staff/requests/{n}/"),
        *[Case("act", f"/staff/requests/{n}/{a}/", "post") for a in sorted(HANDLERS)],
        Case("letter", f"/staff/letters/{letter.pk}.pdf"),
        Case("letter", f"/staff/letters/{letter.pk}.docx"),
        Case("attachment", f"/staff/files/{attachment.pk}"),
        Case("reviews", "/staff/reviews/", record=False),
        Case("review_new", "/staff/reviews/new/", record=False),
        Case("review", f"/staff/reviews/{case.pk}/"),
        Case("review", f"/staff/reviews/{case.pk}/", "post"),
        Case("calendar", "/staff/calendar/", record=False),
        Case("calendar_year", "/staff/calendar/2031/", record=False),
        Case("token", "/staff/token/", record=False),
        Case("members", "/staff/members/", record=False),
    ]
    return {"req": req, "code": code, "users": users, "cases": cases, "case": case}


def client_for(world: dict[str, Any], who: str) -> Client:
    c = Client()
    if who != ANON:
        c.force_login(world["users"][who])
    return c


def test_every_back_office_url_is_in_the_table(world: dict[str, Any]) -> None:
    names = {p.name for p in staff_urls.urlpatterns if isinstance(p, URLPattern)}
    assert names == {c.name for c in world["cases"]}


@pytest.mark.parametrize("who", [ANON, OTHER, SIBLING, NOBODY])
def test_outsiders_are_refused_everywhere(world: dict[str, Any], who: str) -> None:
    c = client_for(world, who)
    req = world["req"]
    for case in world["cases"]:
        if case.name in ("login", "logout"):
            continue
        r = getattr(c, case.method)(case.url)
        where = f"{who} {case.method.upper()} {case.url}"
        body = r.content
        if who == ANON:
            assert r.status_code == 302 and r["Location"].startswith("/staff/login/"), where
        elif who == NOBODY:
            assert r.status_code == 403, where
        elif case.record:
            assert r.status_code == 404, where
        else:
            assert r.status_code in (200, 403), where
            assert req.tracking_number.encode() not in body, where
            assert b"XYZZY" not in body, where


@pytest.mark.parametrize("who", [OWN, SUPERVISOR])
def test_own_staff_and_supervisor_can_open_the_record_pages(
    world: dict[str, Any], who: str
) -> None:
    c = client_for(world, who)
    for case in world["cases"]:
        if case.method != "get" or case.name == "calendar_year":
            continue
        if who == SUPERVISOR and case.name in ("intake", "members"):  # not a supervisor's
            assert c.get(case.url).status_code == 403
            continue
        r = c.get(case.url)
        assert r.status_code == 200, f"{who} {case.url}"
    queue = c.get("/staff/").content.decode()
    assert world["req"].tracking_number in queue


def test_supervisor_reads_but_cannot_act(world: dict[str, Any]) -> None:
    c = client_for(world, SUPERVISOR)
    req = world["req"]
    for action, data in {
        "correction_received": {"text": "已补正"},
        "extend": {"reason": "档案调取"},
        "decide": {"outcome": "granted", "reason": "予以公开"},
    }.items():
        r = c.post(f"/staff/requests/{req.tracking_number}/{action}/", data)
        assert r.status_code == 400, action
        assert "您不是某某镇人民政府的经办人" in r.content.decode(), action
    req.refresh_from_db()
    assert req.status == "correction"


def _token(user: User) -> str:
    key = f"token-{user.username}"
    ApiToken.objects.create(user=user, digest=ApiToken.digest_of(key))
    return key


def test_staff_api_refuses_anonymous_and_other_agencies(world: dict[str, Any]) -> None:
    req = world["req"]
    c = Client()
    endpoints = ["/api/staff/requests", f"/api/staff/requests/{req.tracking_number}"]
    act = f"/api/staff/requests/{req.tracking_number}/correction_received"
    body = json.dumps({"text": "已补正"})
    for url in endpoints:
        assert c.get(url).status_code == 401
        assert c.get(url, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert c.post(act, body, content_type="application/json").status_code == 401
    for who in (OTHER, SIBLING, NOBODY):
        auth = {"Authorization": f"Bearer {_token(world['users'][who])}"}
        listed = c.get("/api/staff/requests", headers=auth)
        assert listed.status_code == 200 and listed.json() == [], who
        assert c.get(endpoints[1], headers=auth).status_code == 404, who
        r = c.post(act, body, content_type="application/json", headers=auth)
        assert r.status_code == 404, who
    req.refresh_from_db()
    assert req.status == "correction"
    auth = {"Authorization": f"Bearer {_token(world['users'][SUPERVISOR])}"}
    listed = c.get("/api/staff/requests", headers=auth).json()
    assert [r["tracking_number"] for r in listed] == [req.tracking_number]
    detail = c.get(endpoints[1], headers=auth).json()
    actions = [e["action"] for e in detail["events"]]
    assert actions == ["received", "correction_asked", "review_opened"]


def test_applicants_cannot_see_each_others_requests(world: dict[str, Any]) -> None:
    req, code = world["req"], world["code"]
    mine = Client()
    r = mine.post(
        "/api/requests",
        json.dumps(person_payload("330212101")),
        content_type="application/json",
    )
    my_number, my_code = r.json()["tracking_number"], r.json()["verification_code"]
    # My code does not open their request, on the API or on the tracking page.
    assert mine.get(f"/api/requests/{req.tracking_number}", {"code": my_code}).status_code == 404
    r = mine.post("/track/", {"tracking_number": req.tracking_number, "code": my_code})
    assert r.status_code == 200 and "申请编号或查询码不正确" in r.content.decode()
    # Having proven my own request does not open theirs, nor their letters and files.
    assert mine.post("/track/", {"tracking_number": my_number, "code": my_code}).status_code == 302
    letter = req.letters.get()
    attachment = Attachment.objects.get(request=req)
    for url in (
        f"/track/{req.tracking_number}/",
        f"/track/{req.tracking_number}/letters/{letter.pk}.pdf",
        f"/track/{req.tracking_number}/files/{attachment.pk}",
        f"/apply/{req.tracking_number}/receipt/",
    ):
        assert mine.get(url).status_code == 404, url
    assert mine.post(f"/track/{req.tracking_number}/correct/", {"text": "x"}).status_code == 404
    # A letter of theirs cannot be reached through my own tracking number either.
    assert mine.get(f"/track/{my_number}/letters/{letter.pk}.pdf").status_code == 404
    # The rightful applicant can.
    theirs = Client()
    assert (
        theirs.post("/track/", {"tracking_number": req.tracking_number, "code": code}).status_code
        == 302
    )
    assert theirs.get(f"/track/{req.tracking_number}/").status_code == 200
    assert theirs.get(f"/track/{req.tracking_number}/letters/{letter.pk}.pdf").status_code == 200
    # Documents the applicant attached are not "released documents": not downloadable.
    assert theirs.get(f"/track/{req.tracking_number}/files/{attachment.pk}").status_code == 404


def test_applicant_accounts_see_only_their_own_requests(agencies: dict[str, Agency]) -> None:
    alice, bob = Client(), Client()
    for c, name in ((alice, "alice"), (bob, "bob")):
        r = c.post(
            "/account/register/",
            {
                "username": name,
                "first_name": name,
                "email": f"{name}@example.com",
                "password1": "Very-long-pw-123",
                "password2": "Very-long-pw-123",
            },
        )
        assert r.status_code == 302, r.content.decode()[:2000]
    numbers = {}
    for c, name in ((alice, "alice"), (bob, "bob")):
        r = c.post("/apply/", person_payload("330212101", name=name))
        assert r.status_code == 302
        numbers[name] = r["Location"].split("/")[2]
    # A new browser signed in as alice: her request is hers without the code; bob's is not.
    later = Client()
    assert (
        later.post(
            "/account/login/", {"username": "alice", "password": "Very-long-pw-123"}
        ).status_code
        == 302
    )
    mine = later.get("/account/").content.decode()
    assert numbers["alice"] in mine and numbers["bob"] not in mine
    assert later.get(f"/track/{numbers['alice']}/").status_code == 200
    assert later.get(f"/track/{numbers['bob']}/").status_code == 404
    assert later.get(f"/apply/{numbers['bob']}/receipt/").status_code == 404
    # Signed out, the list asks to sign in; a registration error names the field.
    assert Client().get("/account/").status_code == 302
    r = Client().post("/account/register/", {"username": "carol", "first_name": "", "email": "x"})
    page = r.content.decode()
    assert "姓名/名称：" in page and "电子邮箱：" in page and "carol" in page


def test_agency_administrator_manages_roles(agencies: dict[str, Agency]) -> None:
    town = agencies["town"]
    admin = Client()
    admin.force_login(staff("boss", town, Role.ADMIN))
    r = admin.post(
        "/staff/members/",
        {"agency": "330212101", "username": "newbie", "role": "officer", "name": "新同事",
         "email": "n@example.gov.cn", "password": "short"},
    )  # fmt: skip
    assert r.status_code == 400
    page = r.content.decode()
    assert "密码：" in page and "newbie" in page and "新同事" in page
    r = admin.post(
        "/staff/members/",
        {"agency": "330212101", "username": "newbie", "role": "officer", "name": "新同事",
         "email": "n@example.gov.cn", "password": "Long-enough-pw-42"},
    )  # fmt: skip
    assert r.status_code == 302
    user = User.objects.get(username="newbie")
    assert list(user.memberships.values_list("agency__code", "role")) == [("330212101", "officer")]
    assert Event.objects.filter(agency=town, action="member_added").count() == 1
    # The administrator of another agency cannot touch this one's roles.
    outsider = Client()
    outsider.force_login(staff("otherboss", agencies["other"], Role.ADMIN))
    m = user.memberships.get()
    outsider.post("/staff/members/", {"remove": m.pk})
    assert user.memberships.exists()
    r = outsider.post(
        "/staff/members/", {"agency": "330212101", "username": "x", "role": "officer"}
    )
    assert r.status_code == 400 and "机关：请选择您管理的机关" in r.content.decode()
    admin.post("/staff/members/", {"remove": m.pk})
    assert not user.memberships.exists()


def test_guessing_codes_is_limited(world: dict[str, Any]) -> None:
    req, code = world["req"], world["code"]
    c = Client()
    for i in range(10):
        r = c.get(f"/api/requests/{req.tracking_number}", {"code": f"WRONG{i:03d}"})
        assert r.status_code == 404
    # Now even the right code is refused for a while, on the API and on the form.
    r = c.get(f"/api/requests/{req.tracking_number}", {"code": code})
    assert r.status_code == 429 and r.json() == {"detail": "查询码错误次数过多，请15分钟后再试"}
    r = c.post("/track/", {"tracking_number": req.tracking_number, "code": code})
    assert r.status_code == 429 and "查询码错误次数过多" in r.content.decode()


def test_staff_api_acts(world: dict[str, Any]) -> None:
    req = world["req"]
    c = Client()
    auth = {"Authorization": f"Bearer {_token(world['users'][OWN])}"}
    base = f"/api/staff/requests/{req.tracking_number}"

    def post(action: str, **data: str) -> Any:
        return c.post(
            f"{base}/{action}", json.dumps(data), content_type="application/json", headers=auth
        )

    r = post("decide", outcome="granted", reason="")
    assert r.status_code == 422  # still waiting for the correction
    r = post("correction_received", text="已补正：2023年")
    assert r.status_code == 200 and r.json()["status"] == "processing"
    assert r.json()["due_date"]
    r = post("decide", outcome="granted", reason="")
    assert r.status_code == 422 and r.json() == {"detail": "答复内容及理由：不能为空"}
    assert post("decide", outcome="granted", reason="予以公开").json()["status"] == "approval"
    assert post("approve", decision="approve").json()["status"] == "approved"
    assert post("send").json()["status"] == "replied"
    assert post("fly").status_code == 404
