"""Security headers and rate limits, as middleware.

* Every response gets a content security policy: scripts, styles, images and fonts from
  this site only (inline styles allowed: the rendered reports and charts use ``style``
  attributes; no inline script anywhere), no plugins, no framing, forms post here only.
* Failed logins are counted per (username, address) in the database; after
  ``GONGKAI_LOGIN_LIMIT`` failures within the window the login form answers 429 until the
  window has passed, even with the right password.
* Accepted submissions (the public form and ``POST /api/requests``) are counted per
  address, stored with the request (``submission_rows``); past
  ``GONGKAI_SUBMIT_LIMIT`` both answer 429 with a Chinese message.

Limits read ``count/seconds`` from settings; ``0/…`` switches a limit off (the load test
submits thousands from one address).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.cases.services.registry import Row
from gongkai.web import attempts
from gongkai.web.models import Attempt

CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

LOGIN_VIEWS = frozenset({"staff:login", "portal:login", "admin:login"})
SUBMIT_VIEWS = frozenset({"portal:apply", "api:create_request"})
LOGIN_MESSAGE = "登录失败次数过多，该账号在本地址已暂时锁定，请{minutes}分钟后再试"
SUBMIT_MESSAGE = "本地址提交申请过于频繁，请{minutes}分钟后再试"
TOO_LARGE_MESSAGE = "提交的内容过大（超过{mb}MB），请减少或压缩附件后重试"


def limit(name: str) -> tuple[int, int]:
    """``(count, seconds)`` from a ``count/seconds`` setting."""
    count, seconds = str(getattr(settings, name)).split("/")
    return int(count), int(seconds)


def address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


def _login_key(username: str, addr: str) -> str:
    return f"{username.strip().lower()[:150]}|{addr}"


def login_locked(username: str, addr: str) -> bool:
    count, seconds = limit("GONGKAI_LOGIN_LIMIT")
    return count > 0 and attempts.reached("login", _login_key(username, addr), count, seconds)


def submissions_exceeded(addr: str) -> bool:
    count, seconds = limit("GONGKAI_SUBMIT_LIMIT")
    return count > 0 and attempts.reached("submit", addr, count, seconds)


def submission_rows(request: HttpRequest) -> tuple[Row, ...]:
    """The count of an accepted submission from this address, when the limit is on, as a
    row stored with the request (``intake.submit``'s ``rows``: in the same statement)."""
    if not getattr(request, "_gongkai_submit", False):
        return ()
    return (attempts.row("submit", address(request), limit("GONGKAI_SUBMIT_LIMIT")[1]),)


@receiver(user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kw: Any
) -> None:
    count, seconds = limit("GONGKAI_LOGIN_LIMIT")
    if request is not None and count > 0:
        key = _login_key(str(credentials.get("username", "")), address(request))
        attempts.note("login", key, seconds)


@receiver(user_logged_in)
def _logged_in(sender: Any, request: HttpRequest | None, user: Any, **kw: Any) -> None:
    if request is not None:
        key = _login_key(user.get_username(), address(request))
        Attempt.objects.filter(kind="login", key=key).delete()


def _too_many(request: HttpRequest, message: str, api: bool) -> HttpResponse:
    if api:
        body = json.dumps({"detail": message}, ensure_ascii=False)
        return HttpResponse(body, status=429, content_type="application/json; charset=utf-8")
    return render(request, "error.html", {"message": message}, status=429)


class SecurityMiddleware:
    """Headers on every response; the login and submission limits before their views."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self._too_large(request) or self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        response.headers.setdefault("Content-Language", settings.LANGUAGE_CODE)
        return response

    @staticmethod
    def _too_large(request: HttpRequest) -> HttpResponse | None:
        """Refuse a body over ``GONGKAI_MAX_REQUEST_BYTES`` before anything reads it."""
        cap = int(settings.GONGKAI_MAX_REQUEST_BYTES)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length <= cap:
            return None
        message = TOO_LARGE_MESSAGE.format(mb=cap // (1024 * 1024))
        if request.path.startswith("/api/"):
            body = json.dumps({"detail": message}, ensure_ascii=False)
            return HttpResponse(body, status=413, content_type="application/json; charset=utf-8")
        return render(request, "error.html", {"message": message}, status=413)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        if request.method != "POST" or match is None:
            return None
        name = match.view_name
        if name in LOGIN_VIEWS:
            if login_locked(request.POST.get("username", ""), address(request)):
                minutes = limit("GONGKAI_LOGIN_LIMIT")[1] // 60
                return _too_many(request, LOGIN_MESSAGE.format(minutes=minutes), api=False)
        elif name in SUBMIT_VIEWS and limit("GONGKAI_SUBMIT_LIMIT")[0] > 0:
            if submissions_exceeded(address(request)):
                minutes = limit("GONGKAI_SUBMIT_LIMIT")[1] // 60
                msg = SUBMIT_MESSAGE.format(minutes=minutes)
                return _too_many(request, msg, api=name.startswith("api:"))
            request._gongkai_submit = True  # type: ignore[attr-defined]
        return None
