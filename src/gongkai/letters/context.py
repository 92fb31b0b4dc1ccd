"""What a letter is written from: plain values the web app fills from its records."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from decimal import Decimal


class LetterError(ValueError):
    """A letter cannot be written from the context given: one Chinese sentence naming the
    missing or wrong field, for the officer who is about to send it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class LetterKind(enum.StrEnum):
    """The letters of the request procedure; the value is the key stored with a request."""

    CORRECTION = "correction"  # 补正通知书, Art. 30
    EXTENSION = "extension"  # 延期答复告知书, Art. 33
    CONSULTATION = "consultation"  # 第三方意见征询书, Art. 32
    FEE_NOTICE = "fee_notice"  # 信息处理费收费通知书, Art. 42, 国办函〔2020〕109号
    REPLY = "reply"  # 政府信息公开申请答复告知书, Art. 36, one per outcome

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    LetterKind.CORRECTION: "补正通知书",
    LetterKind.EXTENSION: "延期答复告知书",
    LetterKind.CONSULTATION: "第三方意见征询书",
    LetterKind.FEE_NOTICE: "信息处理费收费通知书",
    LetterKind.REPLY: "答复告知书",
}


class FeeMethod(enum.StrEnum):
    """The two ways of 国办函〔2020〕109号; an agency picks one per request, never both."""

    BY_COUNT = "by_count"  # 按件计收
    BY_VOLUME = "by_volume"  # 按量计收

    @property
    def label(self) -> str:
        return "按件计收" if self is FeeMethod.BY_COUNT else "按量计收"

    @property
    def unit(self) -> str:
        return "件" if self is FeeMethod.BY_COUNT else "页"


@dataclass(frozen=True)
class Fee:
    """信息处理费 of one request, as the fee notice states it.

    ``quantity`` is what the amount was computed on: the applicant's requests in the
    calendar month (按件) or the pages of this request (按量). ``amount`` is in 元.
    """

    method: FeeMethod
    quantity: int
    amount: Decimal
    notice_date: date | None = None
    payment_by: date | None = None
    payment_details: str = ""
    paid_on: date | None = None


@dataclass(frozen=True)
class LetterContext:
    """Everything any letter needs; each kind reads the fields it uses and names the
    missing ones (:class:`LetterError`). Dates are plain dates; the letters write them
    the official way (2025年10月9日)."""

    agency: str  # 机关名称, first line of the title
    tracking_number: str  # 申请编号
    applicant: str  # 申请人姓名或者名称
    received: date  # 收到申请之日 (Art. 31)
    description: str  # 申请获取的政府信息
    letter_date: date  # 成文日期
    letter_number: str = ""  # 发文字号, e.g. 鄞江政信复〔2025〕3号
    seal: str = ""  # 署名 as on the seal; the agency name when empty
    outcome: str = ""  # reply letters: a row key of table 三 (2021), e.g. partly_granted
    reasons: str = ""  # the officer's facts and reasons, one or more sentences
    basis: str = ""  # reply with outcome other_other: the legal basis, written out
    referral: str = ""  # unable_not_held: the agency that holds it, with its contact
    corrected: date | None = None  # corrected request received (Art. 30)
    correction_by: date | None = None  # correction notice: last day to correct
    extended_to: date | None = None  # extension notice: the new reply deadline
    third_party: str = ""  # consultation: the third party written to
    consultation_by: date | None = None  # consultation: last day to answer (Art. 32)
    fee: Fee | None = None
    reconsideration_body: str = ""  # 行政复议机关
    court: str = ""  # 人民法院 with jurisdiction
    contact_person: str = ""
    contact_phone: str = ""

    @property
    def signature(self) -> str:
        return self.seal or self.agency
