"""The working-day calendar and the statutory clock (DESIGN.md layer 2), pure Python.

Working days come from ``chinese_calendar`` plus what administrators entered for years it
does not know; a period that crosses a year nobody entered is counted Monday–Friday and
marked provisional, never guessed silently. The web app stores :class:`YearOverrides`
rows and passes a :class:`Calendar` built from them::

    from datetime import date
    from gongkai.workdays import Calendar, YearOverrides, deadline, urgency

    d = deadline(date(2025, 9, 26))                 # reply due, Art. 33
    d.due, d.provisional                            # (date(2025, 10, 30), False)
    deadline(date(2025, 9, 26), extended=True,      # one extension, a third-party
             pauses=[(date(2025, 10, 9), date(2025, 10, 20))])  # consultation not counted
    deadline(date(2025, 9, 26), restarted=date(2025, 10, 10))   # corrected request received

    cal = Calendar([YearOverrides(2027, holidays=frozenset({date(2027, 1, 1)}))])
    deadline(date(2026, 12, 20), calendar=cal)      # 2027 known now: not provisional
    urgency(d.due, date.today()).label              # 已逾期 / 即将到期 / 期限内
"""

from gongkai.workdays.calendar import Calendar, YearOverrides, package_knows
from gongkai.workdays.clock import (
    CONSULTATION_DAYS,
    CORRECTION_DAYS,
    EXTENSION_DAYS,
    FEE_PAYMENT_DAYS,
    PUBLICATION_DAYS,
    REPLY_DAYS,
    SOON_DAYS,
    Deadline,
    Pause,
    Urgency,
    consultation_due,
    correction_due,
    count_working_days,
    deadline,
    fee_payment_due,
    publication_due,
    urgency,
    working_days_left,
)
from gongkai.workdays.errors import CalendarError

__all__ = [
    "CONSULTATION_DAYS",
    "CORRECTION_DAYS",
    "EXTENSION_DAYS",
    "FEE_PAYMENT_DAYS",
    "PUBLICATION_DAYS",
    "REPLY_DAYS",
    "SOON_DAYS",
    "Calendar",
    "CalendarError",
    "Deadline",
    "Pause",
    "Urgency",
    "YearOverrides",
    "consultation_due",
    "correction_due",
    "count_working_days",
    "deadline",
    "fee_payment_due",
    "package_knows",
    "publication_due",
    "urgency",
    "working_days_left",
]
