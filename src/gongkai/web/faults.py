"""A database or disk that fails under a request gives a clear answer, not a traceback.

When the database is unreachable, locked past its busy timeout, read-only, or its disk is
full — or a file cannot be written for want of space — the person gets ``503`` with one
Chinese sentence saying what is wrong and that nothing was saved, as a page or as JSON
under ``/api/``. Nothing half-written remains: every change is made in one transaction
(the request with its serial, audit entry and rate-limit count; a letter with its act), so
the failure rolls it back. A broken connection is closed at the end of the request and
the next one opens a fresh one, so the site serves again as soon as the fault clears.

The page is rendered without the request's context: no session, no messages, nothing that
would touch the failing database again.

``FaultMiddleware.process_exception`` answers for the views; ``server_error`` (the URLconf's
``handler500``) answers for the same faults raised outside a view — a middleware reading
the database, the session saved after the view — and for anything else with a plain 500.
"""

from __future__ import annotations

import errno
import json
import logging
import sys
from collections.abc import Callable
from typing import Literal

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from gongkai.web.context import site

log = logging.getLogger(__name__)

Fault = Literal["database", "storage"]

_NO_SPACE = ("disk is full", "no space left", "diskfull", "could not extend file")
_STORAGE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO})

MESSAGES: dict[tuple[Fault, bool], str] = {
    ("database", True): "系统数据库暂时无法使用，本次提交没有保存，请稍后重新提交",
    ("database", False): "系统数据库暂时无法使用，请稍后刷新页面重试",
    (
        "storage",
        True,
    ): "服务器存储空间已满或无法写入，本次提交没有保存，请稍后重新提交或联系系统管理员",
    ("storage", False): "服务器存储空间已满或无法写入，请稍后重试或联系系统管理员",
}
KEPT_HINT = "您填写的内容仍在上一页，返回后可以重新提交。"
SERVER_ERROR = "服务器内部错误，本次操作没有完成，请稍后重试；如反复出现请联系系统管理员"
RETRY_AFTER_SECONDS = 30


def fault_of(exc: BaseException | None) -> Fault | None:
    """Which fault an exception is, or None when it is not one (a bug stays a 500)."""
    if isinstance(exc, OperationalError | InterfaceError):
        text = str(exc).lower()
        return "storage" if any(s in text for s in _NO_SPACE) else "database"
    if isinstance(exc, OSError) and exc.errno in _STORAGE_ERRNOS:
        return "storage"
    return None


def _writes(request: HttpRequest) -> bool:
    return request.method not in ("GET", "HEAD", "OPTIONS")


def _answer(request: HttpRequest, message: str, status: int, hint: str = "") -> HttpResponse:
    if request.path.startswith("/api/"):
        body = json.dumps({"detail": message}, ensure_ascii=False)
        response = HttpResponse(body, status=status, content_type="application/json; charset=utf-8")
    else:
        context = {**site(request), "message": message, "hint": hint, "status": status}
        response = HttpResponse(render_to_string("unavailable.html", context), status=status)
    response["Cache-Control"] = "no-store"
    return response


def _drop_uploads(request: HttpRequest) -> None:
    """An upload cut short (no room for its temporary file) is removed now, not whenever
    the garbage collector reaches the failed parser."""
    for handler in request.upload_handlers:
        handler.upload_interrupted()


def unavailable(request: HttpRequest, fault: Fault, exc: BaseException) -> HttpResponse:
    """The 503 answer for ``fault``; the fault is logged as a warning (masked)."""
    log.warning("%s %s: %s不可用：%s", request.method, request.path, fault, exc)
    if fault == "storage":
        _drop_uploads(request)
    writes = _writes(request)
    hint = KEPT_HINT if writes and not request.path.startswith("/api/") else ""
    response = _answer(request, MESSAGES[(fault, writes)], 503, hint)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class FaultMiddleware:
    """Database and disk faults raised by a view become the clear 503 answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        fault = fault_of(exception)
        return unavailable(request, fault, exception) if fault else None


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: the fault's 503 answer when the uncaught exception is one, else a
    plain Chinese 500 page (Django has already logged the traceback)."""
    exc = sys.exc_info()[1]
    fault = fault_of(exc)
    if fault is not None and exc is not None:
        return unavailable(request, fault, exc)
    return _answer(request, SERVER_ERROR, 500)
