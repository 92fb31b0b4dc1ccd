"""E-mail to applicants and staff through Django's mail backends.

Mail goes out after the transaction commits and a failure to send is logged, never raised:
a case that was saved must not look unsaved because a mail server was down.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.core.mail import send_mail
from django.db import transaction

from gongkai.cases.format import cn_date
from gongkai.cases.models import DisclosureRequest, Membership, Role

log = logging.getLogger(__name__)


def _send(subject: str, body: str, to: Iterable[str]) -> None:
    recipients = [a for a in to if a]
    if not recipients:
        return

    def go() -> None:
        try:
            send_mail(subject, body, None, recipients)
        except Exception:  # a mail server problem must not undo a saved case
            log.exception("mail to %s failed: %s", recipients, subject)

    transaction.on_commit(go)


def received(req: DisclosureRequest, code: str) -> None:
    due = cn_date(req.due_date) if req.due_date else "（待定）"
    _send(
        f"【{req.agency.name}】已收到您的政府信息公开申请 {req.tracking_number}",
        f"{req.name}：\n\n{req.agency.name}已于{cn_date(req.received_on)}收到您的政府信息公开申请。\n"
        f"申请编号：{req.tracking_number}\n查询码：{code}\n答复期限：{due}\n\n"
        "请凭申请编号和查询码在“申请查询”页面查看办理进度和答复文书。",
        [req.email],
    )


def letter_sent(req: DisclosureRequest, what: str) -> None:
    _send(
        f"【{req.agency.name}】{what}（{req.tracking_number}）",
        f"{req.name}：\n\n关于您的政府信息公开申请 {req.tracking_number}，{req.agency.name}已出具"
        f"《{what}》。请凭申请编号和查询码在“申请查询”页面查看和下载。",
        [req.email],
    )


def corrected(req: DisclosureRequest) -> None:
    _send(
        f"申请 {req.tracking_number} 已补正",
        f"申请人已于{cn_date(req.received_on)}后提交补正材料，请及时办理。",
        _staff(req, Role.OFFICER),
    )


def needs_approval(req: DisclosureRequest, what: str) -> None:
    _send(
        f"待审核：{req.tracking_number} {what}",
        f"{req.agency.name}的政府信息公开申请 {req.tracking_number}（{req.name}）有待审核事项：{what}。",
        _staff(req, Role.APPROVER),
    )


def _staff(req: DisclosureRequest, role: str) -> list[str]:
    return [
        m.user.email
        for m in Membership.objects.filter(agency=req.agency, role=role).select_related("user")
    ]
