"""Who may read and who may change proactive-disclosure records, on top of
:mod:`gongkai.cases.access`: staff read their agency's records (a supervisor its subtree),
officers (经办人) of an agency change that agency's records and no other's."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.cases import access
from gongkai.cases.models import Agency, Role
from gongkai.web.views.common import staff_gate

View = Callable[..., HttpResponse]


def refuse(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "proactive/staff/refused.html", {"message": message}, status=403)


staff_required = staff_gate(refuse, "您没有工作人员岗位，不能访问主动公开管理。")


def readable(request: HttpRequest) -> QuerySet[Agency]:
    return access.visible_agencies(request.user)


def editable(request: HttpRequest) -> QuerySet[Agency]:
    """Agencies whose proactive-disclosure records the user may change: where they are 经办人."""
    return access.handled_agencies(request.user, Role.OFFICER)


def may_edit(request: HttpRequest, agency: Agency) -> bool:
    return access.can(request.user, Role.OFFICER, agency)
