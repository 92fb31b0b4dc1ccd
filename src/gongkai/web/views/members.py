"""The agency administrator's screen: members of the agency and their roles."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gongkai.cases import access
from gongkai.cases.errors import ActionError
from gongkai.cases.models import Event, Membership, Role
from gongkai.cases.services.members import add_member, remove_member
from gongkai.web.views.common import staff_required


@staff_required
def members(request: HttpRequest) -> HttpResponse:
    agencies = access.handled_agencies(request.user, Role.ADMIN)
    if not agencies.exists():
        return render(
            request, "error.html", {"message": "只有机构管理员可以管理人员。"}, status=403
        )
    error = ""
    if request.method == "POST":
        p = request.POST
        try:
            if p.get("remove"):
                m = Membership.objects.filter(pk=p["remove"], agency__in=agencies).first()
                if m is None:
                    raise ActionError("没有这个岗位，或不属于您管理的机关")
                remove_member(m, request.user)
                done = "已取消岗位"
            else:
                agency = agencies.filter(code=p.get("agency", "")).first()
                if agency is None:
                    raise ActionError("机关：请选择您管理的机关")
                add_member(
                    agency,
                    request.user,
                    username=p.get("username", ""),
                    role=p.get("role", ""),
                    name=p.get("name", ""),
                    email=p.get("email", ""),
                    password=p.get("password", ""),
                )
                done = "已添加岗位"
        except ActionError as e:
            error = e.message
        else:
            messages.success(request, done)
            return redirect("staff:members")
    return render(
        request,
        "staff/members.html",
        {
            "agencies": agencies,
            "memberships": Membership.objects.filter(agency__in=agencies).select_related(
                "user", "agency"
            ),
            "roles": Role.choices,
            "events": Event.objects.filter(
                agency__in=agencies, action__startswith="member_"
            ).order_by("-at")[:50],
            "error": error,
            "posted": request.POST if error else {},
        },
        status=400 if error else 200,
    )
