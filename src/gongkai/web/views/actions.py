"""The back office's acts on one request, posted from its page.

A refused act re-shows the page with the message beside the form it came from and what
was typed still in it; a done act redirects back to the page (post/redirect/get).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from gongkai.cases import clock
from gongkai.cases.errors import ActionError
from gongkai.cases.models import DisclosureRequest
from gongkai.cases.services import lifecycle as lc
from gongkai.web.views.common import posted_uploads, staff_required, visible_request
from gongkai.web.views.staff import detail


def _date(request: HttpRequest, label: str, name: str = "on") -> date | None:
    """An act's date as the officer entered it (empty: today); never in the future."""
    raw = request.POST.get(name, "").strip()
    if not raw:
        return None
    try:
        d = date.fromisoformat(raw)
    except ValueError:
        raise ActionError(f"{label}：“{raw}”不是有效日期，应写作2025-01-05") from None
    if d > clock.today():
        raise ActionError(f"{label}：不能晚于今天")
    return d


def _int(request: HttpRequest, name: str, label: str) -> int:
    raw = request.POST.get(name, "").strip()
    if not raw.isdigit():
        raise ActionError(f"{label}：应为正整数")
    return int(raw)


def _yes(request: HttpRequest) -> bool:
    return request.POST.get("decision") == "approve"


Handler = Callable[[HttpRequest, DisclosureRequest], str]


def _correction(r: HttpRequest, q: DisclosureRequest) -> str:
    period = _int(r, "period_days", "补正期限")
    lc.ask_correction(
        q, r.user, points=r.POST.get("points", ""), period_days=period, on=_date(r, "告知日期")
    )
    return "已告知补正，补正通知书已生成"


def _correction_received(r: HttpRequest, q: DisclosureRequest) -> str:
    uploads = posted_uploads(r)
    lc.receive_correction(
        q, r.user, text=r.POST.get("text", ""), uploads=uploads, on=_date(r, "收到补正日期")
    )
    return "已登记补正材料，答复期限重新计算"


def _consult(r: HttpRequest, q: DisclosureRequest) -> str:
    lc.start_consultation(
        q,
        r.user,
        party=r.POST.get("party", ""),
        party_address=r.POST.get("party_address", ""),
        reason=r.POST.get("reason", ""),
        on=_date(r, "征求意见日期"),
    )
    return "已向第三方征求意见，征询书已生成"


def _consult_end(r: HttpRequest, q: DisclosureRequest) -> str:
    lc.end_consultation(q, r.user, result=r.POST.get("result", ""), on=_date(r, "收到意见日期"))
    return "征求意见已结束，答复期限已顺延"


def _extend(r: HttpRequest, q: DisclosureRequest) -> str:
    lc.request_extension(q, r.user, reason=r.POST.get("reason", ""))
    return "延期申请已提交审核人"


def _extend_approve(r: HttpRequest, q: DisclosureRequest) -> str:
    lc.approve_extension(q, r.user, approve=_yes(r), note=r.POST.get("note", ""))
    return "已同意延期，延期答复告知书已生成" if _yes(r) else "已不同意延期"


def _fee(r: HttpRequest, q: DisclosureRequest) -> str:
    quantity = _int(r, "quantity", "数量")
    lc.issue_fee(
        q, r.user, method=r.POST.get("method", ""), quantity=quantity, on=_date(r, "通知日期")
    )
    return "已发出收费通知"


def _fee_paid(r: HttpRequest, q: DisclosureRequest) -> str:
    lc.record_payment(q, r.user, on=_date(r, "缴费日期"))
    return "已登记缴费，答复期限重新计算"


def _decide(r: HttpRequest, q: DisclosureRequest) -> str:
    lc.decide(
        q,
        r.user,
        outcome_key=r.POST.get("outcome", ""),
        reason=r.POST.get("reason", ""),
        referral=r.POST.get("referral", ""),
        uploads=posted_uploads(r),
    )
    return "答复意见已提交审核"


def _approve(r: HttpRequest, q: DisclosureRequest) -> str:
    lc.approve_decision(q, r.user, approve=_yes(r), note=r.POST.get("note", ""))
    return "已审核同意，答复书已生成，待发送" if _yes(r) else "已退回答复意见"


def _send(r: HttpRequest, q: DisclosureRequest) -> str:
    lc.send_reply(q, r.user, on=_date(r, "答复日期"))
    return "答复已送达申请人"


HANDLERS: dict[str, Handler] = {
    "correction": _correction,
    "correction_received": _correction_received,
    "consult": _consult,
    "consult_end": _consult_end,
    "extend": _extend,
    "extend_approve": _extend_approve,
    "fee": _fee,
    "fee_paid": _fee_paid,
    "decide": _decide,
    "approve": _approve,
    "send": _send,
}


@require_POST
@staff_required
def act(request: HttpRequest, tracking_number: str, action: str) -> HttpResponse:
    handler = HANDLERS.get(action)
    if handler is None:
        raise Http404("没有这个办理事项")
    req = visible_request(request, tracking_number)
    try:
        done = handler(request, req)
    except ActionError as e:
        req.refresh_from_db()
        return detail(request, tracking_number, error=(action, e.message), status=400)
    messages.success(request, done)
    return redirect("staff:detail", tracking_number)
