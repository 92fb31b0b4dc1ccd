"""Security headers, cookies, CSRF, upload size, login lockout and submission limits."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from gongkai.cases.models import Agency, DisclosureRequest, Role
from gongkai.web.models import Attempt
from tests.web.factories import person_payload, staff

SRC = Path(__file__).resolve().parents[2] / "src" / "gongkai"


def test_every_page_has_the_policy_headers(client: Client, agencies: dict[str, Agency]) -> None:
    for path in ("/", "/apply/", "/track/", "/staff/login/", "/api/agencies", "/no-such-page/"):
        r = client.get(path)
        csp = dict(
            part.strip().split(" ", 1) for part in r.headers["Content-Security-Policy"].split(";")
        )
        assert csp["default-src"] == "'self'", path
        assert csp["script-src"] == "'self'", path  # no inline or foreign script
        assert csp["frame-ancestors"] == "'none'" and csp["object-src"] == "'none'", path
        assert "http" not in r.headers["Content-Security-Policy"], path  # no external host
        assert r.headers["X-Frame-Options"] == "DENY", path
        assert r.headers["X-Content-Type-Options"] == "nosniff", path
        assert r.headers["Referrer-Policy"] == "same-origin", path
        assert r.headers["Content-Language"] == "zh-hans", path


def test_no_template_has_an_inline_script() -> None:
    """The policy allows scripts from this site only, so an inline one would not run."""
    for template in SRC.rglob("templates/**/*.html"):
        for tag in re.findall(r"<script\b[^>]*>", template.read_text("utf-8")):
            assert "src=" in tag, f"{template}: {tag}"
        assert not re.search(r"\son[a-z]+=\"", template.read_text("utf-8")), template


def test_session_cookie_is_httponly_secure_and_samesite(
    client: Client, agencies: dict[str, Agency]
) -> None:
    staff("li", agencies["town"], Role.OFFICER)
    client.get("/staff/login/")
    r = client.post("/staff/login/", {"username": "li", "password": "pw-li"})
    assert r.status_code == 302
    session = r.cookies["sessionid"]
    assert session["httponly"] and session["secure"] and session["samesite"] == "Lax"
    assert r.cookies["csrftoken"]["secure"]


def test_form_without_csrf_token_is_refused(agencies: dict[str, Agency]) -> None:
    client = Client(enforce_csrf_checks=True)
    r = client.post("/apply/", person_payload("330212101"))
    assert r.status_code == 403
    assert not DisclosureRequest.objects.exists()


def test_oversized_body_is_refused_before_it_is_read(
    client: Client, agencies: dict[str, Agency], settings: Any
) -> None:
    settings.GONGKAI_MAX_REQUEST_BYTES = 1000
    body = json.dumps(person_payload("330212101", description="很长的描述" * 200))
    r = client.post("/api/requests", body, content_type="application/json")
    assert r.status_code == 413
    assert "提交的内容过大" in r.json()["detail"]
    r = client.post("/apply/", person_payload("330212101", description="很长的描述" * 200))
    assert r.status_code == 413
    assert "提交的内容过大" in r.content.decode()
    assert not DisclosureRequest.objects.exists()


def _login(client: Client, password: str, addr: str = "10.0.0.1") -> Any:
    return client.post("/staff/login/", {"username": "li", "password": password}, REMOTE_ADDR=addr)


def test_login_locks_after_failures_per_user_and_address(
    client: Client, agencies: dict[str, Agency], settings: Any
) -> None:
    settings.GONGKAI_LOGIN_LIMIT = "3/900"
    staff("li", agencies["town"], Role.OFFICER)
    for _ in range(3):
        assert _login(client, "wrong").status_code == 200
    assert Attempt.objects.filter(kind="login", key="li|10.0.0.1").count() == 3
    r = _login(client, "pw-li")  # the right password, but locked
    assert r.status_code == 429
    assert "登录失败次数过多" in r.content.decode()
    assert "_auth_user_id" not in client.session
    # Another address is not locked out by these failures, and a success clears its count.
    other = Client()
    assert _login(other, "wrong", addr="10.0.0.2").status_code == 200
    assert _login(other, "pw-li", addr="10.0.0.2").status_code == 302
    assert not Attempt.objects.filter(key="li|10.0.0.2").exists()
    # The applicants' login and the admin login are limited the same way.
    r = client.post(
        "/account/login/", {"username": "li", "password": "pw-li"}, REMOTE_ADDR="10.0.0.1"
    )
    assert r.status_code == 429


def test_lock_ends_when_the_window_passes(
    client: Client, agencies: dict[str, Agency], settings: Any
) -> None:
    settings.GONGKAI_LOGIN_LIMIT = "2/900"
    staff("li", agencies["town"], Role.OFFICER)
    _login(client, "wrong")
    _login(client, "wrong")
    assert _login(client, "pw-li").status_code == 429
    from datetime import timedelta

    for a in Attempt.objects.filter(kind="login"):
        a.at -= timedelta(seconds=901)
        a.save()
    assert _login(client, "pw-li").status_code == 302


def _api(client: Client, addr: str, **over: Any) -> Any:
    body = json.dumps(person_payload("330212101", **over))
    return client.post("/api/requests", body, content_type="application/json", REMOTE_ADDR=addr)


def test_submissions_limited_per_address(
    client: Client, agencies: dict[str, Agency], settings: Any
) -> None:
    settings.GONGKAI_SUBMIT_LIMIT = "3/600"
    assert _api(client, "10.0.0.1", phone="x").status_code == 422  # refused ones do not count
    assert [_api(client, "10.0.0.1").status_code for _ in range(3)] == [201, 201, 201]
    r = _api(client, "10.0.0.1")
    assert r.status_code == 429
    assert r.json() == {"detail": "本地址提交申请过于频繁，请10分钟后再试"}
    r = client.post("/apply/", person_payload("330212101"), REMOTE_ADDR="10.0.0.1")
    assert r.status_code == 429
    assert "本地址提交申请过于频繁" in r.content.decode()
    assert DisclosureRequest.objects.count() == 3
    assert _api(client, "10.0.0.2").status_code == 201  # another address is not affected


def test_form_submissions_count_too(
    client: Client, agencies: dict[str, Agency], settings: Any
) -> None:
    settings.GONGKAI_SUBMIT_LIMIT = "2/600"
    for _ in range(2):
        r = client.post("/apply/", person_payload("330212101"), REMOTE_ADDR="10.0.0.3")
        assert r.status_code == 302
    assert _api(client, "10.0.0.3").status_code == 429


@pytest.mark.parametrize("limit", ["0/600"])
def test_limit_can_be_switched_off(
    client: Client, agencies: dict[str, Agency], settings: Any, limit: str
) -> None:
    settings.GONGKAI_SUBMIT_LIMIT = limit
    assert {_api(client, "10.0.0.4").status_code for _ in range(5)} == {201}
    assert not Attempt.objects.exists()


def test_expired_attempts_are_cleared_now_and_then(
    client: Client, agencies: dict[str, Agency], settings: Any
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from gongkai.web import attempts

    settings.GONGKAI_SUBMIT_LIMIT = "5/600"
    Attempt.objects.create(kind="submit", key="10.9.9.9", at=timezone.now() - timedelta(0, 601))
    Attempt.objects.create(kind="submit", key="10.9.9.8", at=timezone.now() - timedelta(0, 30))
    attempts._pruned.clear()  # as in a process that has not cleared them yet
    assert _api(client, "10.0.0.5").status_code == 201
    assert sorted(Attempt.objects.values_list("key", flat=True)) == ["10.0.0.5", "10.9.9.8"]
