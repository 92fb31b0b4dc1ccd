"""A letter's words, from its template and the context: the part both layouts share.

Templates (``templates/<kind>.toml``) hold every sentence; here they are filled. A
placeholder left empty refuses the letter (:class:`LetterError` naming the field) unless
the template lists it as ``optional``: a letter with a blank where a date should be must
never reach an applicant.
"""

from __future__ import annotations

import string
import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from gongkai.letters.context import LetterContext, LetterError, LetterKind
from gongkai.letters.outcomes import outcome

__all__ = ["Letter", "cn_date", "compose", "yuan"]

# The Chinese name of each placeholder, for the refusal message.
FIELD_LABELS = {
    "agency": "机关名称",
    "applicant": "申请人",
    "tracking_number": "申请编号",
    "description": "所申请的信息",
    "received": "收到申请日期",
    "reasons": "事实和理由",
    "basis": "法律依据",
    "referral": "负责公开的机关",
    "corrected": "收到补正申请日期",
    "correction_by": "补正期限",
    "extended_to": "延长后的答复期限",
    "third_party": "第三方名称",
    "consultation_by": "第三方提出意见的期限",
    "reconsideration_body": "行政复议机关",
    "court": "人民法院",
    "fee": "信息处理费",
    "fee_method": "收费方式",
    "fee_quantity": "计费数量",
    "fee_unit": "计费单位",
    "fee_amount": "收费金额",
    "fee_notice_date": "收费通知日期",
    "payment_by": "缴费期限",
    "payment_details": "缴费方式",
    "fee_paid_on": "缴费日期",
}

_SENTENCE_END = "。！？"


@dataclass(frozen=True)
class Letter:
    """One letter, in words, ready for a layout. ``title`` is the agency's name and the
    kind of letter on two lines, as agencies head their letters."""

    kind: LetterKind
    title: tuple[str, ...]
    number: str
    addressee: str
    paragraphs: tuple[str, ...]
    signature: str
    date: str
    note: str  # 附注: contact person and phone, under the date

    def text(self) -> str:
        """Plain text: title, number, addressee, paragraphs indented two characters,
        signature and date — what an e-mail notification or a test reads."""
        lines = [*self.title, ""]
        if self.number:
            lines += [self.number, ""]
        lines.append(self.addressee)
        lines += ["\u3000\u3000" + p for p in self.paragraphs]
        lines += ["", self.signature, self.date]
        if self.note:
            lines.append(self.note)
        return "\n".join(lines) + "\n"


def cn_date(d: date) -> str:
    """2024年1月5日: Arabic numerals, the year in full, no leading zeros (GB/T 9704)."""
    return f"{d.year}年{d.month}月{d.day}日"


def yuan(amount: Decimal) -> str:
    """1200 → 1200; 12.5 → 12.50."""
    if amount == amount.to_integral_value():
        return str(int(amount))
    return f"{amount.quantize(Decimal('0.01'))}"


def _sentence(text: str) -> str:
    """The officer's text as whole sentences: it is followed by the template's next one."""
    text = text.strip().rstrip("，,、；;：: ")
    end = text[:-1] if text.endswith("”") else text
    if not text or end[-1:] in tuple(_SENTENCE_END):
        return text
    return text + "。"


def _values(ctx: LetterContext) -> dict[str, str]:
    def d(x: date | None) -> str:
        return cn_date(x) if x else ""

    v = {
        "agency": ctx.agency,
        "applicant": ctx.applicant,
        "tracking_number": ctx.tracking_number,
        "description": ctx.description.strip(),
        "received": cn_date(ctx.received),
        "reasons": _sentence(ctx.reasons),
        "basis": ctx.basis.strip(),
        "referral": ctx.referral.strip(),
        "corrected": d(ctx.corrected),
        "correction_by": d(ctx.correction_by),
        "extended_to": d(ctx.extended_to),
        "third_party": ctx.third_party,
        "consultation_by": d(ctx.consultation_by),
        "reconsideration_body": ctx.reconsideration_body,
        "court": ctx.court,
    }
    fee = ctx.fee
    if fee is not None:
        if fee.amount <= 0 or fee.quantity <= 0:
            raise LetterError("信息处理费的金额和计费数量必须大于0")
        v |= {
            "fee_method": fee.method.label,
            "fee_quantity": str(fee.quantity),
            "fee_unit": fee.method.unit,
            "fee_amount": yuan(fee.amount),
            "fee_notice_date": d(fee.notice_date),
            "payment_by": d(fee.payment_by),
            "payment_details": _sentence(fee.payment_details),
            "fee_paid_on": d(fee.paid_on),
        }
    return v


def _fields(text: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(text) if name]


class _Filler:
    """Fills texts, collecting every empty placeholder so one refusal names them all."""

    def __init__(self, values: dict[str, str], what: str) -> None:
        self.values = values
        self.what = what
        self.missing: list[str] = []

    def __call__(self, text: str, optional: frozenset[str] = frozenset()) -> str:
        for name in _fields(text):
            if name not in optional and not self.values.get(name):
                if name.startswith(("fee_", "payment_")) and "fee_method" not in self.values:
                    name = "fee"
                if name not in self.missing:
                    self.missing.append(name)
        return text.format_map({k: self.values.get(k, "") for k in _fields(text)})

    def check(self) -> None:
        if self.missing:
            names = "、".join(f"{FIELD_LABELS.get(n, n)}（{n}）" for n in self.missing)
            raise LetterError(f"{self.what}缺少{names}，无法生成")


@cache
def _template(kind: LetterKind) -> dict[str, Any]:
    path = resources.files(__package__).joinpath("templates").joinpath(f"{kind.value}.toml")
    return tomllib.loads(path.read_text("utf-8"))


def _kind(kind: LetterKind | str) -> LetterKind:
    try:
        return LetterKind(kind)
    except ValueError:
        names = "、".join(k.value for k in LetterKind)
        raise LetterError(f"文书种类“{kind}”不存在，应为 {names} 之一") from None


def compose(kind: LetterKind | str, ctx: LetterContext) -> Letter:
    """The words of letter ``kind`` for ``ctx``; :class:`LetterError` names what is missing."""
    k = _kind(kind)
    t = _template(k)
    values = _values(ctx)
    optional = frozenset(t.get("optional", ()))
    fill = _Filler(values, k.label)
    if not ctx.agency.strip():
        fill.missing.append("agency")
    if k is LetterKind.REPLY:
        if not ctx.outcome:
            raise LetterError("答复告知书缺少办理结果（outcome），无法生成")
        o = outcome(ctx.outcome)
        fill.what = f"答复告知书（{o.full_label}）"
        optional -= set(o.needs)
        values |= {"finding": fill(o.finding), "basis": fill(o.basis), "decision": fill(o.decision)}
    addressee = fill(t["addressee"])
    paragraphs = []
    for p in t["paragraphs"]:
        if isinstance(p, str):
            paragraphs.append(fill(p, optional))
        elif (not p.get("when") or values.get(p["when"])) and not values.get(p.get("unless", "")):
            paragraphs.append(fill(p["text"], optional))
    fill.check()
    paragraphs.append(t["closing"])
    note = ""
    if ctx.contact_person or ctx.contact_phone:
        parts = [f"联系人：{ctx.contact_person}"] if ctx.contact_person else []
        parts += [f"联系电话：{ctx.contact_phone}"] if ctx.contact_phone else []
        note = "（" + "；".join(parts) + "）"
    return Letter(
        kind=k,
        title=(ctx.agency, t["title"]),
        number=ctx.letter_number,
        addressee=addressee,
        paragraphs=tuple(paragraphs),
        signature=ctx.signature,
        date=cn_date(ctx.letter_date),
        note=note,
    )
