"""Review cases: 行政复议 and 行政诉讼 over a disclosure decision, as table 四 counts them."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from gongkai.cases import access
from gongkai.cases.errors import ActionError
from gongkai.cases.format import cn_date
from gongkai.cases.models import (
    Agency,
    DisclosureRequest,
    ReviewCase,
    ReviewKind,
    ReviewResult,
    Role,
)
from gongkai.cases.services.audit import Actor, record

__all__ = ["close_review", "open_review"]


@transaction.atomic
def open_review(
    agency: Agency,
    actor: Actor,
    *,
    kind: str,
    case_number: str,
    body: str,
    filed_on: date,
    request: DisclosureRequest | None = None,
    prior: ReviewCase | None = None,
    note: str = "",
) -> ReviewCase:
    if actor is None or not access.can(actor, Role.OFFICER, agency):
        raise ActionError(f"您不是{agency.name}的经办人，不能登记复议、诉讼案件")
    if kind not in ReviewKind.values:
        raise ActionError("类型：请选择行政复议或行政诉讼")
    if request is not None and request.agency_id != agency.pk:
        raise ActionError("涉及的申请不属于本机关")
    if kind == ReviewKind.LITIGATION_AFTER and prior is None:
        raise ActionError("复议后起诉的案件应关联此前的行政复议案件")
    if not case_number.strip():
        raise ActionError("案号：不能为空")
    if not body.strip():
        raise ActionError("复议机关/人民法院：不能为空")
    case = ReviewCase.objects.create(
        agency=agency,
        request=request,
        kind=kind,
        case_number=case_number,
        body=body,
        filed_on=filed_on,
        prior=prior,
        note=note,
    )
    what = f"{case.get_kind_display()}立案：{body} {case_number}（{cn_date(filed_on)}）"
    record("review_opened", what, actor=actor, review=case, request=request)
    return case


@transaction.atomic
def close_review(
    case: ReviewCase, actor: Actor, *, result: str, closed_on: date, note: str = ""
) -> None:
    if actor is None or not access.can(actor, Role.OFFICER, case.agency):
        raise ActionError(f"您不是{case.agency.name}的经办人，不能登记审结结果")
    if result not in ReviewResult.values:
        raise ActionError("结果：请选择结果维持、结果纠正或其他结果")
    if closed_on < case.filed_on:
        raise ActionError("审结日期不能早于立案日期")
    case.result = result
    case.closed_on = closed_on
    if note:
        case.note = note
    case.save()
    record(
        "review_closed",
        f"{case.get_kind_display()} {case.case_number} 审结：{case.get_result_display()}",
        actor=actor,
        review=case,
        request=case.request,
    )
