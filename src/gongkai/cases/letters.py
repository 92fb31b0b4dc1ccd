"""Letters stored with a request: the context filled from the records, rendered by
:mod:`gongkai.letters` as DOCX and PDF once, at the act, and kept as sent."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from gongkai.cases import clock
from gongkai.cases.errors import ActionError
from gongkai.cases.models import DisclosureRequest, FeeNotice, Letter, Pause
from gongkai.cases.services.audit import Actor, actor_name
from gongkai.letters import (
    Fee,
    FeeMethod,
    LetterContext,
    LetterError,
    LetterKind,
    render_docx,
    render_pdf,
)

__all__ = ["context", "issue", "letter_number"]

_ABBR = {
    "correction": "补",
    "extension": "延",
    "consultation": "征",
    "fee_notice": "费",
    "reply": "复",
}


def letter_number(req: DisclosureRequest, kind: str) -> str:
    return f"{req.agency.prefix}公开{_ABBR[kind]}〔{req.year}〕{req.serial}号"


def context(
    req: DisclosureRequest,
    kind: str,
    actor: Actor,
    *,
    pause: Pause | None = None,
    fee: FeeNotice | None = None,
    on: date | None = None,
) -> LetterContext:
    fee = fee or req.fees.last()
    corrected = None
    for p in req.pauses.all():
        if p.kind == "correction" and p.ended_on:
            corrected = p.ended_on
    fee_value = None
    if fee is not None:
        fee_value = Fee(
            method=FeeMethod.BY_COUNT if fee.method == "by_count" else FeeMethod.BY_VOLUME,
            quantity=fee.quantity,
            amount=fee.amount,
            notice_date=fee.issued_on,
            payment_by=fee.pay_by,
            payment_details=f"请到{req.agency.name}（{req.agency.address or '办公地点'}）缴纳",
            paid_on=fee.paid_on,
        )
    what = "；".join(x for x in (req.title, req.document_number, req.description) if x)
    return LetterContext(
        agency=req.agency.name,
        tracking_number=req.tracking_number,
        applicant=req.name,
        received=req.received_on,
        description=what,
        letter_date=on or clock.today(),
        letter_number=letter_number(req, kind),
        outcome=req.outcome if kind == "reply" else "",
        reasons=(
            req.outcome_reason
            if kind == "reply"
            else req.extension_reason
            if kind == "extension"
            else pause.note
            if pause
            else ""
        ),
        basis=req.outcome_reason if kind == "reply" and req.outcome == "other_other" else "",
        referral=req.referral,
        corrected=corrected,
        correction_by=pause.respond_by if pause and pause.kind == "correction" else None,
        extended_to=req.due_date if kind == "extension" else None,
        third_party=pause.party if pause and pause.kind == "consultation" else "",
        consultation_by=pause.respond_by if pause and pause.kind == "consultation" else None,
        fee=fee_value,
        reconsideration_body=req.agency.reconsideration_body,
        court=req.agency.court,
        contact_person=actor_name(actor) if actor is not None and actor.is_authenticated else "",
        contact_phone=req.agency.phone,
    )


def issue(
    req: DisclosureRequest,
    kind: str,
    actor: Actor,
    *,
    pause: Pause | None = None,
    fee: FeeNotice | None = None,
) -> Letter:
    """Render and store a letter; all but the reply go out at once (the reply waits for
    approval and is released when sent)."""
    ctx = context(req, kind, actor, pause=pause, fee=fee)
    k = LetterKind(kind)
    try:
        docx, pdf = render_docx(k, ctx), render_pdf(k, ctx)
    except LetterError as e:
        raise ActionError(f"文书无法生成：{e.message}") from None
    return Letter.objects.create(
        request=req,
        kind=kind,
        number=ctx.letter_number,
        docx=docx,
        pdf=pdf,
        created_by=actor if actor is not None and actor.is_authenticated else None,
        released_at=None if kind == "reply" else timezone.now(),
    )
