"""The acts on one request, shared by the back office's forms and the staff API: each
reads its fields from a mapping (a posted form or a JSON body), turns them into a call of
:mod:`gongkai.cases.services.lifecycle`, and returns what to tell the officer."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth.models import AnonymousUser, User

from gongkai.cases import clock
from gongkai.cases.errors import ActionError
from gongkai.cases.models import DisclosureRequest
from gongkai.cases.services import lifecycle as lc
from gongkai.cases.services.intake import Upload

__all__ = ["HANDLERS", "Act", "perform"]


@dataclass(frozen=True)
class Act:
    user: User | AnonymousUser
    data: Mapping[str, Any]
    uploads: Callable[[], list[Upload]] = field(default=lambda: [])

    def get(self, name: str, default: str = "") -> str:
        v = self.data.get(name)
        return default if v is None else str(v)


def _date(a: Act, label: str, name: str = "on") -> date | None:
    """An act's date as the officer entered it (empty: today); never in the future."""
    raw = a.get(name, "").strip()
    if not raw:
        return None
    try:
        d = date.fromisoformat(raw)
    except ValueError:
        raise ActionError(f"{label}：“{raw}”不是有效日期，应写作2025-01-05") from None
    if d > clock.today():
        raise ActionError(f"{label}：不能晚于今天")
    return d


def _int(a: Act, name: str, label: str) -> int:
    raw = a.get(name, "").strip()
    if not raw.isdigit():
        raise ActionError(f"{label}：应为正整数")
    return int(raw)


def _yes(a: Act) -> bool:
    return a.get("decision") == "approve"


Handler = Callable[[Act, DisclosureRequest], str]


def _correction(a: Act, q: DisclosureRequest) -> str:
    period = _int(a, "period_days", "补正期限")
    lc.ask_correction(
        q, a.user, points=a.get("points", ""), period_days=period, on=_date(a, "告知日期")
    )
    return "已告知补正，补正通知书已生成"


def _correction_received(a: Act, q: DisclosureRequest) -> str:
    uploads = a.uploads()
    lc.receive_correction(
        q, a.user, text=a.get("text", ""), uploads=uploads, on=_date(a, "收到补正日期")
    )
    return "已登记补正材料，答复期限重新计算"


def _consult(a: Act, q: DisclosureRequest) -> str:
    lc.start_consultation(
        q,
        a.user,
        party=a.get("party", ""),
        party_address=a.get("party_address", ""),
        reason=a.get("reason", ""),
        on=_date(a, "征求意见日期"),
    )
    return "已向第三方征求意见，征询书已生成"


def _consult_end(a: Act, q: DisclosureRequest) -> str:
    lc.end_consultation(q, a.user, result=a.get("result", ""), on=_date(a, "收到意见日期"))
    return "征求意见已结束，答复期限已顺延"


def _extend(a: Act, q: DisclosureRequest) -> str:
    lc.request_extension(q, a.user, reason=a.get("reason", ""))
    return "延期申请已提交审核人"


def _extend_approve(a: Act, q: DisclosureRequest) -> str:
    lc.approve_extension(q, a.user, approve=_yes(a), note=a.get("note", ""))
    return "已同意延期，延期答复告知书已生成" if _yes(a) else "已不同意延期"


def _fee(a: Act, q: DisclosureRequest) -> str:
    quantity = _int(a, "quantity", "数量")
    lc.issue_fee(q, a.user, method=a.get("method", ""), quantity=quantity, on=_date(a, "通知日期"))
    return "已发出收费通知"


def _fee_paid(a: Act, q: DisclosureRequest) -> str:
    lc.record_payment(q, a.user, on=_date(a, "缴费日期"))
    return "已登记缴费，答复期限重新计算"


def _decide(a: Act, q: DisclosureRequest) -> str:
    lc.decide(
        q,
        a.user,
        outcome_key=a.get("outcome", ""),
        reason=a.get("reason", ""),
        referral=a.get("referral", ""),
        uploads=a.uploads(),
    )
    return "答复意见已提交审核"


def _approve(a: Act, q: DisclosureRequest) -> str:
    lc.approve_decision(q, a.user, approve=_yes(a), note=a.get("note", ""))
    return "已审核同意，答复书已生成，待发送" if _yes(a) else "已退回答复意见"


def _send(a: Act, q: DisclosureRequest) -> str:
    lc.send_reply(q, a.user, on=_date(a, "答复日期"))
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


def perform(action: str, act: Act, req: DisclosureRequest) -> str:
    handler = HANDLERS.get(action)
    if handler is None:
        raise ActionError(f"没有“{action}”这个办理事项")
    return handler(act, req)
