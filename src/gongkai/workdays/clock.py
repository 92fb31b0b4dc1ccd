"""The statutory clock: how many working days, counted from when, skipping what.

Counting rules, with the article each comes from (《中华人民共和国政府信息公开条例》, 2019):

- A period "within N working days of" an event counts from the day after it (Art. 33 for
  the reply; the same general rule of periods — the first day is not counted — is applied
  to Art. 26, 30 and 32, where the regulation says no more). The Nth working day counted is
  the last day of the period, whatever the time of day.
- Receipt on a non-working day (an online application confirmed on a Saturday) is receipt
  on that day (Art. 31 names the day, not the next working day), so the next working day
  is day 1. An agency whose local rules defer such receipts passes the deferred date.
- Reply: 20 working days (Art. 33 第二款); one extension of at most 20 more, taken here as
  the full 20 (``extended=True``) because that is what the approval grants in practice.
- Pauses: the days an agency waits for a third party or another agency (Art. 32, 34) are
  not counted (Art. 33 第三款). A pause is the inclusive range FROM–TO of calendar days;
  overlapping pauses count once, and a working day inside a pause is simply skipped.
- Correction (补正, Art. 30): the reply period runs from the day the corrected request is
  received, so the days before it are not merely paused but lost: pass that day as
  ``restarted``. The same applies when a fee is paid after a fee notice
  (国办函〔2020〕109号: the period runs again from payment). A caller who prefers to treat the
  wait for correction as a pause may, but it gives a date earlier than Art. 30 allows.
- Provisional: when any day from the first counted day to the due day lies in a year
  whose holidays nobody knows, the Monday–Friday fallback was used and the result says so.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from gongkai.workdays.calendar import DEFAULT, Calendar
from gongkai.workdays.errors import CalendarError

__all__ = [
    "CONSULTATION_DAYS",
    "CORRECTION_DAYS",
    "EXTENSION_DAYS",
    "FEE_PAYMENT_DAYS",
    "PUBLICATION_DAYS",
    "REPLY_DAYS",
    "SOON_DAYS",
    "Deadline",
    "Pause",
    "Urgency",
    "consultation_due",
    "correction_due",
    "deadline",
    "fee_payment_due",
    "publication_due",
    "urgency",
    "working_days_left",
]

REPLY_DAYS = 20  # Art. 33 第二款
EXTENSION_DAYS = 20  # Art. 33 第二款, at most
CORRECTION_DAYS = 7  # Art. 30
CONSULTATION_DAYS = 15  # Art. 32 (third party), Art. 34 (other agencies)
PUBLICATION_DAYS = 20  # Art. 26
FEE_PAYMENT_DAYS = 20  # 国办函〔2020〕109号
SOON_DAYS = 5  # the staff queue colours requests due within this many working days

Pause = tuple[date, date]
_ONE = timedelta(days=1)


def _cn(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


@dataclass(frozen=True)
class Deadline:
    """The last day of a statutory period, and how it was reached.

    ``due`` is the last day on which the act is still in time. ``days_counted`` is the
    number of working days counted to reach it; ``start`` the day counting began (the day
    after the triggering event); ``paused_days`` the calendar days of pauses between
    ``start`` and ``due``; ``unknown_years`` the years in that span whose holidays were
    not known, which is what makes the result ``provisional``.
    """

    due: date
    provisional: bool
    days_counted: int
    start: date
    paused_days: int = 0
    unknown_years: tuple[int, ...] = ()

    def __str__(self) -> str:
        return self.due.isoformat() + (" provisional" if self.provisional else "")


def _merged(pauses: Sequence[Pause]) -> list[Pause]:
    """Pauses sorted and merged, so overlapping ones count once."""
    out: list[Pause] = []
    for a, b in sorted(pauses):
        if a > b:
            raise CalendarError(f"暂停期间{_cn(a)}至{_cn(b)}无效：开始日期晚于结束日期")
        if out and a <= out[-1][1] + _ONE:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def count_working_days(
    event: date,
    working_days: int,
    *,
    pauses: Sequence[Pause] = (),
    calendar: Calendar | None = None,
) -> Deadline:
    """The ``working_days``-th working day after ``event``, outside every pause."""
    if working_days < 1:
        raise CalendarError(f"工作日数必须至少为1，现为{working_days}")
    cal = calendar or DEFAULT
    spans = _merged(pauses)
    d, counted, paused, i = event, 0, 0, 0
    try:
        start = event + _ONE
        while counted < working_days:
            d += _ONE
            while i < len(spans) and spans[i][1] < d:
                i += 1
            if i < len(spans) and spans[i][0] <= d:
                paused += (spans[i][1] - d).days + 1
                d = spans[i][1]  # jump over the whole pause
                continue
            if cal.is_working_day(d):
                counted += 1
    except OverflowError:
        raise CalendarError("暂停期间过长，无法计算期限") from None
    unknown = tuple(y for y in range(start.year, d.year + 1) if not cal.knows(y))
    return Deadline(
        due=d,
        provisional=bool(unknown),
        days_counted=counted,
        start=start,
        paused_days=paused,
        unknown_years=unknown,
    )


def deadline(
    received: date,
    *,
    working_days: int = REPLY_DAYS,
    extended: bool = False,
    pauses: Sequence[Pause] = (),
    calendar: Calendar | None = None,
    restarted: date | None = None,
) -> Deadline:
    """The reply deadline of a request received on ``received`` (Art. 33).

    ``extended`` adds the one extension of Art. 33 (20 working days). ``pauses`` are the
    consultations of Art. 32 and 34, not counted. ``restarted`` is the day the clock
    started again — the corrected request received (Art. 30) or the fee paid — and the
    period is counted from the day after it instead of after ``received``.
    """
    event = received
    if restarted is not None:
        if restarted < received:
            raise CalendarError(f"重新起算日{_cn(restarted)}早于收到申请之日{_cn(received)}")
        event = restarted
    total = working_days + (EXTENSION_DAYS if extended else 0)
    return count_working_days(event, total, pauses=pauses, calendar=calendar)


def correction_due(received: date, *, calendar: Calendar | None = None) -> Deadline:
    """Last day to ask for a correction (补正) of a request received on ``received``:
    within 7 working days of receipt, once, for everything (Art. 30)."""
    return count_working_days(received, CORRECTION_DAYS, calendar=calendar)


def publication_due(formed: date, *, calendar: Calendar | None = None) -> Deadline:
    """Last day to publish a proactive-disclosure item formed or changed on ``formed``:
    within 20 working days (Art. 26)."""
    return count_working_days(formed, PUBLICATION_DAYS, calendar=calendar)


def consultation_due(delivered: date, *, calendar: Calendar | None = None) -> Deadline:
    """Last day for a consulted third party (Art. 32) or agency (Art. 34) to answer:
    15 working days from the day it received the consultation letter."""
    return count_working_days(delivered, CONSULTATION_DAYS, calendar=calendar)


def fee_payment_due(notified: date, *, calendar: Calendar | None = None) -> Deadline:
    """Last day to pay 信息处理费 after the fee notice reached the applicant: 20 working
    days (国办函〔2020〕109号); unpaid, the request is treated as abandoned."""
    return count_working_days(notified, FEE_PAYMENT_DAYS, calendar=calendar)


def working_days_left(due: date, today: date, *, calendar: Calendar | None = None) -> int:
    """Working days after ``today`` up to ``due``: 0 when due today, negative when overdue.

    Overdue is decided by the dates, not the count: a request due on Friday is overdue on
    Saturday although no working day has passed, so the overdue value is at least -1 and
    otherwise minus the working days elapsed after ``due`` up to ``today``.
    """
    cal = calendar or DEFAULT
    if today <= due:
        return _working_days_between(today, due, cal)
    return -max(1, _working_days_between(due, today, cal))


def _working_days_between(after: date, until: date, cal: Calendar) -> int:
    """Working days in ``(after, until]``."""
    n, d = 0, after
    while d < until:
        d += _ONE
        n += cal.is_working_day(d)
    return n


class Urgency(enum.StrEnum):
    """The colour of a due date in the staff queue."""

    OVERDUE = "overdue"  # 已逾期
    DUE_SOON = "due_soon"  # 即将到期: within SOON_DAYS working days
    ON_TIME = "on_time"

    @property
    def label(self) -> str:
        return {"overdue": "已逾期", "due_soon": "即将到期", "on_time": "期限内"}[self.value]


def urgency(due: date, today: date, *, calendar: Calendar | None = None) -> Urgency:
    left = working_days_left(due, today, calendar=calendar)
    if left < 0:
        return Urgency.OVERDUE
    if left <= SOON_DAYS:
        return Urgency.DUE_SOON
    return Urgency.ON_TIME
