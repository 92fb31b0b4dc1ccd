"""Who may read and who may change proactive-disclosure records, on top of
:mod:`gongkai.cases.access`: staff read their agency's records (a supervisor its subtree),
officers (经办人) of an agency change that agency's records and no other's."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.cases import access
from gongkai.cases.models import Agency, Role

View = Callable[..., HttpResponse]


def staff_required(view: View) -> View:
    """Anonymous users go to the login page; people without a staff role get 403."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not access.is_staff_member(request.user):
            return refuse(request, "您没有工作人员岗位，不能访问主动公开管理。")
        return view(request, *args, **kwargs)

    return wrapped


def refuse(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "proactive/staff/refused.html", {"message": message}, status=403)


def readable(request: HttpRequest) -> QuerySet[Agency]:
    return access.visible_agencies(request.user)


def editable(request: HttpRequest) -> QuerySet[Agency]:
    """Agencies whose proactive-disclosure records the user may change: where they are 经办人."""
    return access.handled_agencies(request.user, Role.OFFICER)


def may_edit(request: HttpRequest, agency: Agency) -> bool:
    return access.can(request.user, Role.OFFICER, agency)
