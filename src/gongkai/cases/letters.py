"""Letters stored with a request: the context filled from the records, rendered by
:mod:`gongkai.letters` as DOCX and PDF once, at the act, and kept as sent."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import fields
from datetime import date
from decimal import Decimal
from typing import Any

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

__all__ = ["context", "from_json", "issue", "letter_number", "pdf_of", "to_json"]

_pdf_later: ContextVar[bool] = ContextVar("pdf_later", default=False)


@contextmanager
def pdf_later() -> Iterator[None]:
    token = _pdf_later.set(True)
    try:
        yield
    finally:
        _pdf_later.reset(token)


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


def to_json(ctx: LetterContext) -> dict[str, Any]:
    """The context as stored with the letter: what it was written from, for the record."""
    out: dict[str, Any] = {}
    for f in fields(ctx):
        v = getattr(ctx, f.name)
        if isinstance(v, Fee):
            v = {
                k: (x.isoformat() if isinstance(x, date) else str(x) if x is not None else None)
                for k, x in ((g.name, getattr(v, g.name)) for g in fields(v))
            }
        elif isinstance(v, date):
            v = v.isoformat()
        out[f.name] = v
    return out


def from_json(data: dict[str, Any]) -> LetterContext:
    def day(x: Any) -> date | None:
        return date.fromisoformat(x) if x else None

    values: dict[str, Any] = {}
    for f in fields(LetterContext):
        if f.name not in data:
            continue
        v = data[f.name]
        if f.name == "fee" and v is not None:
            v = Fee(
                method=FeeMethod(v["method"]),
                quantity=int(v["quantity"]),
                amount=Decimal(v["amount"]),
                notice_date=day(v["notice_date"]),
                payment_by=day(v["payment_by"]),
                payment_details=v["payment_details"] or "",
                paid_on=day(v["paid_on"]),
            )
        elif f.name in _DATES:
            v = day(v)
        values[f.name] = v
    return LetterContext(**values)


_DATES = frozenset(
    {"received", "letter_date", "corrected", "correction_by", "extended_to", "consultation_by"}
)


def pdf_of(letter: Letter) -> bytes:
    """The letter's PDF; one stored without it (demo data) is rendered now from the stored
    context, the same words as its DOCX, and kept."""
    if letter.pdf:
        return bytes(letter.pdf)
    pdf = render_pdf(LetterKind(letter.kind), from_json(letter.context))
    letter.pdf = pdf
    letter.save(update_fields=["pdf"])
    return pdf


def issue(
    req: DisclosureRequest,
    kind: str,
    actor: Actor,
    *,
    pause: Pause | None = None,
    fee: FeeNotice | None = None,
) -> Letter:
    """Render and store a letter; all but the reply go out at once (the reply waits for
    approval and is released when sent). The PDF is rendered at once unless ``PDF_LATER``
    is set (demo data), then on its first download from the stored context."""
    ctx = context(req, kind, actor, pause=pause, fee=fee)
    k = LetterKind(kind)
    try:
        docx = render_docx(k, ctx)
        pdf = b"" if _pdf_later.get() else render_pdf(k, ctx)
    except LetterError as e:
        raise ActionError(f"文书无法生成：{e.message}") from None
    return Letter.objects.create(
        request=req,
        kind=kind,
        number=ctx.letter_number,
        docx=docx,
        pdf=pdf,
        context=to_json(ctx),
        created_at=clock.now(),
        created_by=actor if actor is not None and actor.is_authenticated else None,
        released_at=None if kind == "reply" else clock.now(),
    )
