"""Review cases in the back office: the list (by table 四's groups and columns), a new
case, and recording its result."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from gongkai.cases import access
from gongkai.cases.errors import ActionError
from gongkai.cases.models import ReviewKind, ReviewResult
from gongkai.cases.services.reviews import close_review, open_review
from gongkai.web.views.common import staff_required


def _date(raw: str, label: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise ActionError(f"{label}：请填写有效日期") from None


@staff_required
def review_list(request: HttpRequest) -> HttpResponse:
    cases = access.visible_reviews(request.user).select_related("agency", "request")
    kind = request.GET.get("kind", "")
    if kind in ReviewKind.values:
        cases = cases.filter(kind=kind)
    return render(
        request,
        "staff/reviews.html",
        {
            "cases": cases,
            "kinds": ReviewKind.choices,
            "kind": kind,
            "can_open": access.handled_agencies(request.user).exists(),
        },
    )


@staff_required
def review_new(request: HttpRequest) -> HttpResponse:
    agencies = access.handled_agencies(request.user)
    error = ""
    if request.method == "POST":
        p = request.POST
        try:
            agency = agencies.filter(code=p.get("agency", "")).first()
            if agency is None:
                raise ActionError("被申请人/被告机关：请选择本人担任经办人的机关")
            req = None
            if p.get("tracking_number", "").strip():
                req = (
                    access.visible_requests(request.user)
                    .filter(tracking_number=p["tracking_number"].strip())
                    .first()
                )
                if req is None:
                    raise ActionError("涉及的申请：没有这个申请编号，或您无权查看")
            prior = None
            if p.get("prior"):
                prior = access.visible_reviews(request.user).filter(pk=p["prior"]).first()
            case = open_review(
                agency,
                request.user,
                kind=p.get("kind", ""),
                case_number=p.get("case_number", ""),
                body=p.get("body", ""),
                filed_on=_date(p.get("filed_on", ""), "立案日期"),
                request=req,
                prior=prior,
                note=p.get("note", ""),
            )
        except ActionError as e:
            error = e.message
        else:
            messages.success(request, "已登记案件")
            return redirect("staff:review", case.pk)
    ctx: dict[str, Any] = {
        "agencies": agencies,
        "kinds": ReviewKind.choices,
        "priors": access.visible_reviews(request.user).filter(kind=ReviewKind.RECONSIDERATION),
        "error": error,
        "posted": request.POST,
        "initial_request": request.GET.get("request", ""),
    }
    return render(request, "staff/review_new.html", ctx, status=400 if error else 200)


@staff_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(access.visible_reviews(request.user), pk=pk)
    error = ""
    if request.method == "POST":
        try:
            close_review(
                case,
                request.user,
                result=request.POST.get("result", ""),
                closed_on=_date(request.POST.get("closed_on", ""), "审结日期"),
                note=request.POST.get("note", ""),
            )
        except ActionError as e:
            error = e.message
        else:
            messages.success(request, "已登记审结结果")
            return redirect("staff:review", case.pk)
    return render(
        request,
        "staff/review.html",
        {
            "case": case,
            "results": ReviewResult.choices,
            "events": case.events.all(),
            "error": error,
            "posted": request.POST,
        },
        status=400 if error else 200,
    )
