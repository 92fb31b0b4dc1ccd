"""Back-office administration: a year's holidays (system administrators) and API tokens."""

from __future__ import annotations

import re
import secrets
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gongkai.cases.models import ApiToken, CalendarYear
from gongkai.cases.services.calendar import enter_year
from gongkai.web.views.common import staff_required
from gongkai.workdays import CalendarError, package_knows


class DatesError(ValueError):
    pass


def parse_dates(text: str, label: str) -> set[date]:
    """Dates one a line or separated by commas; ``2027-02-05至2027-02-11`` is a range."""
    out: set[date] = set()
    for part in re.split(r"[\n,，、;；]+", text):
        part = part.strip()
        if not part:
            continue
        ends = re.split(r"\s*(?:至|~|～|—|--)\s*", part)
        try:
            first = date.fromisoformat(ends[0])
            last = date.fromisoformat(ends[-1])
        except ValueError:
            raise DatesError(f"{label}：“{part}”不是有效日期，应写作2027-01-01") from None
        if last < first or len(ends) > 2:
            raise DatesError(f"{label}：“{part}”的起止日期不正确")
        d = first
        while d <= last:
            out.add(d)
            d += timedelta(days=1)
    return out


def _is_calendar_admin(request: HttpRequest) -> bool:
    u = request.user
    return u.is_authenticated and (u.is_superuser or u.has_perm("cases.change_calendaryear"))


@staff_required
def calendar_years(request: HttpRequest) -> HttpResponse:
    this = date.today().year
    entered = {y.year: y for y in CalendarYear.objects.all()}
    years = [
        {"year": y, "package": package_knows(y), "entered": entered.get(y)}
        for y in range(this - 1, this + 3)
    ]
    return render(
        request,
        "staff/calendar.html",
        {"years": years, "entered": entered.values(), "admin": _is_calendar_admin(request)},
    )


@staff_required
def calendar_year(request: HttpRequest, year: int) -> HttpResponse:
    if not _is_calendar_admin(request):
        return render(
            request, "error.html", {"message": "只有系统管理员可以录入节假日安排。"}, status=403
        )
    existing = CalendarYear.objects.filter(year=year).first()
    error = ""
    if request.method == "POST":
        p = request.POST
        try:
            holidays = parse_dates(p.get("holidays", ""), "放假日期")
            workdays = parse_dates(p.get("workdays", ""), "调休上班日期")
            changed = enter_year(
                year, holidays, workdays, notice=p.get("notice", ""), actor=request.user
            )
        except (DatesError, CalendarError) as e:
            error = str(e)
        else:
            messages.success(
                request, f"已保存{year}年节假日安排，{changed}件申请的答复期限已重新计算"
            )
            return redirect("staff:calendar")
    return render(
        request,
        "staff/calendar_year.html",
        {
            "year": year,
            "existing": existing,
            "package": package_knows(year),
            "error": error,
            "posted": request.POST,
        },
        status=400 if error else 200,
    )


@staff_required
def token(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # staff_required let only signed-in staff through
    key = ""
    if request.method == "POST":
        key = secrets.token_urlsafe(32)
        ApiToken.objects.create(
            user=user, digest=ApiToken.digest_of(key), label=request.POST.get("label", "")
        )
        messages.success(request, "已生成新的API令牌，请立即复制保存，离开本页后不再显示")
    tokens = ApiToken.objects.filter(user=user).order_by("-created_at")
    return render(request, "staff/token.html", {"key": key, "tokens": tokens})
