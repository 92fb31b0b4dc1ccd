"""The acts of handling a request, each checking the law's preconditions first.

Every act runs in one transaction with its audit event; what the applicant may see is
marked public. Letters are rendered at the act and stored with the request. A refused act
raises :class:`ActionError` with one Chinese sentence for the officer.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import models, transaction

from gongkai.cases import access, clock, letters, notify
from gongkai.cases.errors import ActionError
from gongkai.cases.fees import fee_for
from gongkai.cases.format import cn_date
from gongkai.cases.models import (
    Attachment,
    DisclosureRequest,
    FeeNotice,
    Pause,
    Role,
    Status,
)
from gongkai.cases.outcomes import outcome, outcomes
from gongkai.cases.services.audit import Actor, record
from gongkai.cases.services.intake import Upload
from gongkai.workdays import (
    consultation_due,
    correction_due,
    count_working_days,
    fee_payment_due,
)

__all__ = [
    "ActionError",
    "approve_decision",
    "approve_extension",
    "ask_correction",
    "decide",
    "end_consultation",
    "issue_fee",
    "receive_correction",
    "record_payment",
    "request_extension",
    "send_reply",
    "start_consultation",
]


def _require(ok: bool, message: str) -> None:
    if not ok:
        raise ActionError(message)


def _role(actor: Actor, role: str, req: DisclosureRequest) -> None:
    label = Role(role).label
    _require(
        actor is not None and access.can(actor, role, req.agency),
        f"您不是{req.agency.name}的{label}，不能办理此事项",
    )


def _status(req: DisclosureRequest, *allowed: str) -> None:
    _require(
        req.status in allowed,
        f"申请当前状态为“{req.get_status_display()}”，不能办理此事项",
    )


def _refresh(req: DisclosureRequest) -> None:
    clock.refresh_due(req, clock.calendar())


def _attach(req: DisclosureRequest, uploads: Sequence[Upload], stage: str) -> None:
    for u in uploads:
        Attachment.objects.create(
            request=req,
            name=u.name,
            content_type=u.content_type,
            size=len(u.data),
            data=u.data,
            stage=stage,
        )


@transaction.atomic
def ask_correction(
    req: DisclosureRequest,
    actor: Actor,
    *,
    points: str,
    period_days: int = 15,
    on: date | None = None,
) -> Pause:
    """补正 (Art. 30): once, for everything, within 7 working days of receipt."""
    _role(actor, Role.OFFICER, req)
    _status(req, Status.PROCESSING)
    _require(
        not req.pauses.filter(kind="correction").exists(), "补正只能一次性告知，本申请已告知过补正"
    )
    _require(bool(points.strip()), "需要补正的事项：不能为空")
    day = on or clock.today()
    cal = clock.calendar()
    limit = correction_due(req.received_on, calendar=cal).due
    _require(
        day <= limit,
        f"补正应当在收到申请之日起7个工作日内告知（至{cn_date(limit)}），已超过期限",
    )
    _require(1 <= period_days <= 60, "补正期限：应为1至60个工作日")
    respond_by = count_working_days(day, period_days, calendar=cal).due
    pause = Pause.objects.create(
        request=req, kind="correction", started_on=day, respond_by=respond_by, note=points
    )
    req.status = Status.CORRECTION
    _refresh(req)
    req.save()
    letter = letters.issue(req, "correction", actor, pause=pause)
    record(
        "correction_asked",
        f"告知补正，补正期限至{cn_date(respond_by)}（{letter.number}）",
        actor=actor,
        request=req,
        public=True,
    )
    notify.letter_sent(req, letter.get_kind_display())
    return pause


@transaction.atomic
def receive_correction(
    req: DisclosureRequest,
    actor: Actor,
    *,
    text: str,
    uploads: Sequence[Upload] = (),
    on: date | None = None,
) -> None:
    """The corrected request arrives: the reply period starts again from that day.

    ``actor`` is ``None`` when the applicant corrects online; an officer records a
    correction that came on paper."""
    if actor is not None:
        _role(actor, Role.OFFICER, req)
    _status(req, Status.CORRECTION)
    _require(bool(text.strip()) or bool(uploads), "补正内容：请填写补正内容或上传补正材料")
    pause = req.pauses.get(kind="correction", ended_on__isnull=True)
    day = on or clock.today()
    _require(day >= pause.started_on, "补正日期不能早于告知补正的日期")
    pause.ended_on = day
    pause.result = text
    pause.save()
    _attach(req, uploads, "correction")
    req.status = Status.PROCESSING
    _refresh(req)
    req.save()
    record(
        "corrected",
        f"收到补正材料，答复期限自{cn_date(day)}起重新计算，至{cn_date(req.due_date)}",
        actor=actor,
        request=req,
        public=True,
    )
    notify.corrected(req)


@transaction.atomic
def start_consultation(
    req: DisclosureRequest,
    actor: Actor,
    *,
    party: str,
    party_address: str = "",
    reason: str = "",
    on: date | None = None,
) -> Pause:
    """征求第三方意见 (Art. 32): 15 working days for the third party, not counted."""
    _role(actor, Role.OFFICER, req)
    _status(req, Status.PROCESSING)
    _require(bool(party.strip()), "第三方名称：不能为空")
    day = on or clock.today()
    respond_by = consultation_due(day, calendar=clock.calendar()).due
    pause = Pause.objects.create(
        request=req,
        kind="consultation",
        started_on=day,
        respond_by=respond_by,
        party=party,
        party_address=party_address,
        note=reason,
    )
    req.status = Status.CONSULTATION
    _refresh(req)
    req.save()
    letter = letters.issue(req, "consultation", actor, pause=pause)
    record(
        "consultation_started",
        f"向第三方“{party}”征求意见（{letter.number}），第三方答复期限至{cn_date(respond_by)}，"
        "征求意见期间不计入答复期限",
        actor=actor,
        request=req,
        public=True,
    )
    return pause


@transaction.atomic
def end_consultation(
    req: DisclosureRequest, actor: Actor, *, result: str, on: date | None = None
) -> None:
    _role(actor, Role.OFFICER, req)
    _status(req, Status.CONSULTATION)
    pause = req.pauses.get(kind="consultation", ended_on__isnull=True)
    day = on or clock.today()
    _require(day >= pause.started_on, "结束日期不能早于征求意见开始的日期")
    pause.ended_on = day
    pause.result = result or "第三方逾期未提出意见"
    pause.save()
    req.status = Status.PROCESSING
    _refresh(req)
    req.save()
    record(
        "consultation_ended",
        f"征求意见结束（{pause.result}），答复期限顺延至{cn_date(req.due_date)}",
        actor=actor,
        request=req,
        public=True,
    )


@transaction.atomic
def request_extension(req: DisclosureRequest, actor: Actor, *, reason: str) -> None:
    """Art. 33: one extension of 20 working days, approved by the office's head."""
    _role(actor, Role.OFFICER, req)
    _status(req, Status.PROCESSING, Status.CONSULTATION)
    _require(req.extension_state == "", "每件申请只能延期一次，本申请已申请或已延期")
    _require(bool(reason.strip()), "延期理由：不能为空")
    _require(
        req.due_date is None or req.due_date >= clock.today(),
        "原答复期限已过，不能再申请延期",
    )
    req.extension_state = "requested"
    req.extension_reason = reason
    req.save()
    record("extension_requested", f"申请延长答复期限：{reason}", actor=actor, request=req)
    notify.needs_approval(req, "延长答复期限")


@transaction.atomic
def approve_extension(
    req: DisclosureRequest, actor: Actor, *, approve: bool, note: str = ""
) -> None:
    _role(actor, Role.APPROVER, req)
    _require(req.extension_state == "requested", "本申请没有待审批的延期")
    if not approve:
        req.extension_state = ""
        req.save()
        record("extension_refused", f"不同意延期。{note}".strip(), actor=actor, request=req)
        return
    req.extension_state = "approved"
    _refresh(req)
    req.save()
    letter = letters.issue(req, "extension", actor)
    record(
        "extension_approved",
        f"同意延长答复期限20个工作日，延长后的答复期限为{cn_date(req.due_date)}（{letter.number}）",
        actor=actor,
        request=req,
        public=True,
    )
    notify.letter_sent(req, letter.get_kind_display())


def month_ordinal(req: DisclosureRequest) -> int:
    """Which of the applicant's requests to this agency in its calendar month this one is
    (按件计收 counts them, 国办函〔2020〕109号); the applicant is known by ID or credit code."""
    who = {"credit_code": req.credit_code} if req.is_organisation else {"id_number": req.id_number}
    return (
        DisclosureRequest.objects.filter(
            agency=req.agency,
            received_on__year=req.received_on.year,
            received_on__month=req.received_on.month,
            **who,
        )
        .filter(
            models.Q(received_on__lt=req.received_on)
            | models.Q(received_on=req.received_on, serial__lte=req.serial)
        )
        .count()
    )


@transaction.atomic
def issue_fee(
    req: DisclosureRequest,
    actor: Actor,
    *,
    method: str,
    quantity: int,
    on: date | None = None,
) -> FeeNotice:
    """信息处理费 notice (国办函〔2020〕109号): one method, only on the excess."""
    _role(actor, Role.OFFICER, req)
    _status(req, Status.PROCESSING)
    _require(not req.fees.filter(paid_on__isnull=True, lapsed=False).exists(), "已有未缴的收费通知")
    _require(not req.fees.exists(), "每件申请只能发出一次收费通知")
    try:
        amount = fee_for(method, quantity)
    except (KeyError, ValueError):
        raise ActionError("计收方式：请选择按件计收或按量计收") from None
    _require(amount > 0, "数量：按此数量不收取信息处理费（未超过免费额度）")
    day = on or clock.today()
    pay_by = fee_payment_due(day, calendar=clock.calendar()).due
    fee = FeeNotice.objects.create(
        request=req, method=method, quantity=quantity, amount=amount, issued_on=day, pay_by=pay_by
    )
    req.status = Status.FEE
    _refresh(req)
    req.save()
    letter = letters.issue(req, "fee_notice", actor, fee=fee)
    record(
        "fee_notice",
        f"发出收费通知：{fee.get_method_display()}，{amount}元，缴费期限至{cn_date(pay_by)}"
        f"（{letter.number}）",
        actor=actor,
        request=req,
        public=True,
    )
    notify.letter_sent(req, letter.get_kind_display())
    return fee


@transaction.atomic
def record_payment(req: DisclosureRequest, actor: Actor, *, on: date | None = None) -> None:
    _role(actor, Role.OFFICER, req)
    _status(req, Status.FEE)
    fee = req.fees.get(paid_on__isnull=True, lapsed=False)
    day = on or clock.today()
    _require(day >= fee.issued_on, "缴费日期不能早于收费通知日期")
    fee.paid_on = day
    fee.save()
    req.status = Status.PROCESSING
    _refresh(req)
    req.save()
    record(
        "fee_paid",
        f"已缴纳信息处理费{fee.amount}元，答复期限自{cn_date(day)}起重新计算，至{cn_date(req.due_date)}",
        actor=actor,
        request=req,
        public=True,
    )


@transaction.atomic
def decide(
    req: DisclosureRequest,
    actor: Actor,
    *,
    outcome_key: str,
    reason: str,
    referral: str = "",
    uploads: Sequence[Upload] = (),
) -> None:
    """The officer's decision in table 三's taxonomy; it goes to the approver."""
    _role(actor, Role.OFFICER, req)
    if outcome_key not in {o.key for o in outcomes()}:
        raise ActionError("办理结果：请选择一项")
    chosen = outcome(outcome_key)
    today = clock.today()
    if chosen.key == "other_overdue_correction":
        _status(req, Status.CORRECTION)
        pause = req.pauses.get(kind="correction", ended_on__isnull=True)
        _require(
            pause.respond_by is not None and today > pause.respond_by,
            f"补正期限（{cn_date(pause.respond_by)}）尚未届满，不能按逾期不补正处理",
        )
    elif chosen.key == "other_unpaid_fee":
        _status(req, Status.FEE)
        fee = req.fees.get(paid_on__isnull=True, lapsed=False)
        _require(
            today > fee.pay_by,
            f"缴费期限（{cn_date(fee.pay_by)}）尚未届满，不能按逾期未缴费处理",
        )
    else:
        _status(req, Status.PROCESSING)
    _require(bool(reason.strip()), "答复内容及理由：不能为空")
    req.outcome = chosen.key
    req.outcome_reason = reason
    req.referral = referral
    req.decided_by = actor if actor is not None and actor.is_authenticated else None
    req.decided_on = today
    req.status = Status.APPROVAL
    req.save()
    _attach(req, uploads, "reply")
    record(
        "decided",
        f"拟答复：{chosen.full_label}（{chosen.basis}），提交审核",
        actor=actor,
        request=req,
    )
    notify.needs_approval(req, "答复决定")


@transaction.atomic
def approve_decision(
    req: DisclosureRequest, actor: Actor, *, approve: bool, note: str = ""
) -> None:
    _role(actor, Role.APPROVER, req)
    _status(req, Status.APPROVAL)
    if not approve:
        back = {
            "other_overdue_correction": Status.CORRECTION,
            "other_unpaid_fee": Status.FEE,
        }.get(req.outcome, Status.PROCESSING)
        req.status = back
        req.outcome = ""
        req.decided_on = None
        req.save()
        record("decision_returned", f"退回答复意见。{note}".strip(), actor=actor, request=req)
        return
    req.approved_by = actor if actor is not None and actor.is_authenticated else None
    req.status = Status.APPROVED
    req.save()
    letters.issue(req, "reply", actor)
    record("decision_approved", f"审核同意答复。{note}".strip(), actor=actor, request=req)


@transaction.atomic
def send_reply(req: DisclosureRequest, actor: Actor, *, on: date | None = None) -> None:
    """Deliver the approved reply: the letter and released documents become visible."""
    _role(actor, Role.OFFICER, req)
    _status(req, Status.APPROVED)
    day = on or clock.today()
    letter = req.letters.filter(kind="reply").order_by("-created_at", "-id").first()
    _require(letter is not None, "答复书尚未生成")
    assert letter is not None
    letter.released_at = clock.now()
    letter.save(update_fields=["released_at"])
    if req.outcome == "other_unpaid_fee":
        req.fees.filter(paid_on__isnull=True).update(lapsed=True)
    req.replied_on = day
    req.status = Status.REPLIED
    req.save()
    late = req.due_date is not None and day > req.due_date
    record(
        "replied",
        f"已答复：{outcome(req.outcome).full_label}（{letter.number}）"
        + ("，超过答复期限" if late else ""),
        actor=actor,
        request=req,
        public=True,
    )
    notify.letter_sent(req, letter.get_kind_display())
