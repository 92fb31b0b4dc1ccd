"""The back office: the queue, a request's page with its timeline, staff intake."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gongkai.cases import access, clock, privacy
from gongkai.cases.models import APPLICANT_TYPES, Channel, DisclosureRequest, Role, Status
from gongkai.cases.outcomes import outcome_choices
from gongkai.cases.services import audit, lifecycle
from gongkai.cases.services.intake import submit
from gongkai.web.forms import StaffIntakeForm
from gongkai.web.views.common import staff_required, visible_request
from gongkai.workdays import SOON_DAYS, count_working_days, urgency

URGENCY_FILTERS = (("overdue", "已逾期"), ("due_soon", f"{SOON_DAYS}个工作日内到期"))


@staff_required
def queue(request: HttpRequest) -> HttpResponse:
    """Every request the user may see, filtered and searched, due dates coloured."""
    cal = clock.calendar()
    today = clock.today()
    agencies = access.visible_agencies(request.user)
    qs = access.visible_requests(request.user).select_related("agency")
    f = request.GET
    if f.get("status") == "open":
        qs = qs.open()
    elif f.get("status") in Status.values:
        qs = qs.filter(status=f["status"])
    if f.get("agency"):
        qs = qs.filter(agency__code=f["agency"])
    if f.get("year", "").isdigit():
        qs = qs.filter(year=int(f["year"]))
    if f.get("applicant_type") in dict(APPLICANT_TYPES):
        qs = qs.filter(applicant_type=f["applicant_type"])
    if f.get("outcome"):
        qs = qs.filter(outcome=f["outcome"])
    if f.get("carried") == "1":
        qs = qs.open_on(date(today.year - 1, 12, 31)).open()
    if f.get("urgency") == "overdue":
        qs = qs.open().filter(due_date__lt=today)
    elif f.get("urgency") == "due_soon":
        soon = count_working_days(today, SOON_DAYS, calendar=cal).due
        qs = qs.open().filter(due_date__gte=today, due_date__lte=soon)
    q = f.get("q", "").strip()
    if q:
        qs = qs.filter(
            Q(tracking_number__icontains=q)
            | Q(name__icontains=q)
            | Q(description__icontains=q)
            | Q(title__icontains=q)
        )
    if f.get("sort") == "due":
        qs = qs.order_by(F("due_date").asc(nulls_last=True), "-received_on", "-serial")
    page = Paginator(qs, 50).get_page(f.get("page"))
    rows = []
    for r in page:
        u = urgency(r.due_date, today, calendar=cal) if r.is_open and r.due_date else None
        rows.append({"r": r, "urgency": u})
    params = f.copy()
    params.pop("page", None)
    return render(
        request,
        "staff/queue.html",
        {
            "rows": rows,
            "page": page,
            "query": params.urlencode(),
            "f": f,
            "agencies": agencies,
            "statuses": [("open", "未办结"), *Status.choices],
            "applicant_types": APPLICANT_TYPES,
            "outcomes": outcome_choices(),
            "urgencies": URGENCY_FILTERS,
            "years": sorted(
                {r for r in qs.values_list("year", flat=True).distinct()}, reverse=True
            ),
            "can_intake": access.handled_agencies(request.user).exists(),
        },
    )


def _actions(request: HttpRequest, req: DisclosureRequest) -> dict[str, bool]:
    """Which action forms the page offers this user now (the services check again)."""
    officer = access.can(request.user, Role.OFFICER, req.agency)
    approver = access.can(request.user, Role.APPROVER, req.agency)
    s = req.status
    has_correction = req.pauses.filter(kind="correction").exists()
    return {
        "correction": officer and s == Status.PROCESSING and not has_correction,
        "correction_received": officer and s == Status.CORRECTION,
        "consult": officer and s == Status.PROCESSING,
        "consult_end": officer and s == Status.CONSULTATION,
        "extend": officer
        and s in (Status.PROCESSING, Status.CONSULTATION)
        and not req.extension_state,
        "extend_approve": approver and req.extension_state == "requested",
        "fee": officer and s == Status.PROCESSING and not req.fees.exists(),
        "fee_paid": officer and s == Status.FEE,
        "decide": officer and s in (Status.PROCESSING, Status.CORRECTION, Status.FEE),
        "approve": approver and s == Status.APPROVAL,
        "send": officer and s == Status.APPROVED,
        "review": officer,
    }


def _any(can: dict[str, bool]) -> bool:
    return any(can.values())


@staff_required
def detail(
    request: HttpRequest,
    tracking_number: str,
    error: tuple[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    req = visible_request(request, tracking_number)
    identity = _identity(request, req)
    cal = clock.calendar()
    d = clock.reply_deadline(req, cal) if req.is_open else None
    ctx: dict[str, Any] = {
        "req": req,
        "urgency": clock.urgency_of(req, cal),
        "deadline": d,
        "events": req.events.select_related("actor"),
        "letters": req.letters.all(),
        "attachments": req.attachments.all(),
        "pauses": req.pauses.all(),
        "fees": req.fees.all(),
        "reviews": req.reviews.all(),
        "can": (can := _actions(request, req)),
        "can_any": _any(can),
        "outcomes": outcome_choices(),
        "today": clock.today(),
        "month_ordinal": lifecycle.month_ordinal(req),
        "error": dict([error]) if error else {},
        "posted": request.POST if error else {},
        "identity": identity,
    }
    return render(request, "staff/detail.html", ctx, status=status)


def _identity(request: HttpRequest, req: DisclosureRequest) -> dict[str, Any]:
    """The applicant's ID and telephone numbers, masked unless the officer handling the
    request asks to see them whole (``?reveal=1``); each whole view goes into the audit log."""
    officer = access.can(request.user, Role.OFFICER, req.agency)
    whole = officer and request.GET.get("reveal") == "1"
    if whole:
        audit.record(
            "reveal", "查看了申请人完整的证件号码和联系电话", actor=request.user, request=req
        )
    return {
        "id_number": req.id_number if whole else privacy.mask_id(req.id_number),
        "phone": req.phone if whole else privacy.mask_phone(req.phone),
        "whole": whole,
        "can_reveal": officer and not whole,
    }


@staff_required
def intake(request: HttpRequest) -> HttpResponse:
    """A request that came by letter, fax or in person, registered by an officer."""
    agencies = access.handled_agencies(request.user)
    if not agencies.exists():
        return render(request, "error.html", {"message": "只有经办人可以登记申请。"}, status=403)
    if request.method == "POST":
        form = StaffIntakeForm(request.POST, request.FILES, agencies=agencies)
        if form.is_valid():
            req, code = submit(
                form.record_fields(),
                agency=form.cleaned_data["agency"],
                channel=form.cleaned_data["channel"],
                received_on=form.cleaned_data["received_on"],
                actor=request.user,
                uploads=form.cleaned_data["uploads"],
            )
            form.claim_uploads()
            messages.success(
                request,
                f"已登记申请 {req.tracking_number}，查询码 {code}（请告知申请人，本页关闭后不再显示）",
            )
            return redirect("staff:detail", req.tracking_number)
        form = form.keep_uploads()
    else:
        initial: dict[str, Any] = {"channel": Channel.WALK_IN, "received_on": clock.today()}
        if agencies.count() == 1:
            initial["agency"] = agencies.first()
        form = StaffIntakeForm(initial=initial, agencies=agencies)
    return render(request, "staff/intake.html", {"form": form})
