"""The statutory clock over the real State Council calendars (``chinese_calendar``).

Every expected date below is counted by hand in the comment beside it, day by day, from
the schedule the test first checks the package holds: a wrong package or a wrong count
both fail.
"""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.workdays import (
    Calendar,
    CalendarError,
    Urgency,
    YearOverrides,
    consultation_due,
    correction_due,
    deadline,
    fee_payment_due,
    package_knows,
    publication_due,
    urgency,
    working_days_left,
)

D = date


def days(a: date, b: date) -> list[date]:
    return [a + timedelta(n) for n in range((b - a).days + 1)]


# ---- the package holds the schedules the hand counts below rely on ----------------------


def test_national_day_2025_schedule() -> None:
    # Sun 28 Sep and Sat 11 Oct are worked; 1–8 Oct are off (National Day + Mid-Autumn).
    assert (D(2025, 9, 28).weekday(), D(2025, 10, 11).weekday()) == (6, 5)
    assert chinese_calendar.is_workday(D(2025, 9, 28))
    assert chinese_calendar.is_workday(D(2025, 10, 11))
    assert not chinese_calendar.is_workday(D(2025, 9, 27))
    assert [d for d in days(D(2025, 10, 1), D(2025, 10, 12)) if chinese_calendar.is_workday(d)] == [
        D(2025, 10, 9),
        D(2025, 10, 10),
        D(2025, 10, 11),
    ]


def test_spring_festival_schedules() -> None:
    # 2025: off Tue 28 Jan – Tue 4 Feb; worked Sun 26 Jan and Sat 8 Feb.
    off_2025 = [
        d for d in days(D(2025, 1, 25), D(2025, 2, 9)) if not chinese_calendar.is_workday(d)
    ]
    assert off_2025 == [D(2025, 1, 25), *days(D(2025, 1, 28), D(2025, 2, 4)), D(2025, 2, 9)]
    # 2026: off Sun 15 Feb – Mon 23 Feb; worked Sat 14 Feb and Sat 28 Feb.
    off_2026 = [
        d for d in days(D(2026, 2, 14), D(2026, 3, 1)) if not chinese_calendar.is_workday(d)
    ]
    assert off_2026 == [*days(D(2026, 2, 15), D(2026, 2, 23)), D(2026, 3, 1)]


# ---- the reply deadline (Art. 33) --------------------------------------------------------


def test_across_national_day_2025() -> None:
    # Received Fri 26 Sep. Sat 27 off; Sun 28 (make-up) 1; Mon 29 2; Tue 30 3;
    # 1–8 Oct off; Thu 9 4; Fri 10 5; Sat 11 (make-up) 6; 13–17 Oct 7–11;
    # 20–24 Oct 12–16; Mon 27 17, Tue 28 18, Wed 29 19, Thu 30 Oct 20.
    d = deadline(D(2025, 9, 26))
    assert (d.due, d.provisional, d.days_counted) == (D(2025, 10, 30), False, 20)
    assert d.start == D(2025, 9, 27)
    # (Counting Monday–Friday only would give Fri 24 Oct: the holidays matter.)
    assert str(d) == "2025-10-30"


def test_across_spring_festival_2025() -> None:
    # Received Fri 24 Jan. Sat 25 off; Sun 26 (make-up) 1; Mon 27 2; 28 Jan – 4 Feb off;
    # Wed 5 3, Thu 6 4, Fri 7 5, Sat 8 (make-up) 6; 10–14 Feb 7–11; 17–21 Feb 12–16;
    # Mon 24 17, Tue 25 18, Wed 26 19, Thu 27 Feb 20.
    assert deadline(D(2025, 1, 24)).due == D(2025, 2, 27)


def test_across_spring_festival_2026() -> None:
    # Received Wed 11 Feb. Thu 12 1, Fri 13 2, Sat 14 (make-up) 3; 15–23 Feb off;
    # Tue 24 4, Wed 25 5, Thu 26 6, Fri 27 7, Sat 28 (make-up) 8; 2–6 Mar 9–13;
    # 9–13 Mar 14–18; Mon 16 19, Tue 17 Mar 20.
    d = deadline(D(2026, 2, 11))
    assert (d.due, d.provisional) == (D(2026, 3, 17), False)


def test_extension_adds_twenty_working_days() -> None:
    # From Thu 30 Oct (day 20, above): Fri 31 21; 3–7 Nov 22–26; 10–14 Nov 27–31;
    # 17–21 Nov 32–36; Mon 24 37, Tue 25 38, Wed 26 39, Thu 27 Nov 40.
    d = deadline(D(2025, 9, 26), extended=True)
    assert (d.due, d.days_counted) == (D(2025, 11, 27), 40)


def test_third_party_consultation_is_not_counted() -> None:
    # Received Mon 9 Jun 2025; letter to the third party Mon 16 Jun, answer Fri 27 Jun.
    # Tue 10 1 … Fri 13 4; 16–27 Jun paused; Mon 30 5; 1–4 Jul 6–9; 7–11 Jul 10–14;
    # 14–18 Jul 15–19; Mon 21 Jul 20.  Without the pause: Mon 7 Jul.
    plain = deadline(D(2025, 6, 9))
    paused = deadline(D(2025, 6, 9), pauses=[(D(2025, 6, 16), D(2025, 6, 27))])
    assert plain.due == D(2025, 7, 7)
    assert (paused.due, paused.paused_days) == (D(2025, 7, 21), 12)


def test_overlapping_pauses_count_once() -> None:
    one = deadline(D(2025, 6, 9), pauses=[(D(2025, 6, 16), D(2025, 6, 27))])
    split = deadline(
        D(2025, 6, 9),
        pauses=[(D(2025, 6, 20), D(2025, 6, 27)), (D(2025, 6, 16), D(2025, 6, 23))],
    )
    assert split == one


def test_pause_with_extension() -> None:
    # Consultation 9–20 Oct 2025 over the National Day count above: 9, 10, 11 Oct and
    # 13–17 Oct and 20 Oct (9 working days) are no longer counted, so day 40 moves from
    # Thu 27 Nov by 9 working days: Fri 28 1; 1–5 Dec 2–6; Mon 8 7, Tue 9 8, Wed 10 Dec 9.
    d = deadline(D(2025, 9, 26), extended=True, pauses=[(D(2025, 10, 9), D(2025, 10, 20))])
    assert d.due == D(2025, 12, 10)


def test_correction_restarts_the_clock() -> None:
    # Received Mon 3 Mar 2025; correction asked Wed 5 Mar; corrected request received
    # Mon 17 Mar. Art. 30: the period runs from the corrected request, so from Tue 18:
    # 18–21 Mar 1–4; 24–28 Mar 5–9; 31 Mar – 3 Apr 10–13; 4–6 Apr off (Qingming);
    # 7–11 Apr 14–18; Mon 14 19, Tue 15 Apr 20.
    restarted = deadline(D(2025, 3, 3), restarted=D(2025, 3, 17))
    assert restarted.due == D(2025, 4, 15)
    assert restarted.start == D(2025, 3, 18)
    # As a mere pause of 5–17 Mar, Tue 4 Mar would have counted: one day earlier.
    paused = deadline(D(2025, 3, 3), pauses=[(D(2025, 3, 5), D(2025, 3, 17))])
    assert paused.due == D(2025, 4, 14)


def test_restart_before_receipt_is_refused() -> None:
    with pytest.raises(CalendarError, match="早于收到申请之日"):
        deadline(D(2025, 3, 3), restarted=D(2025, 3, 1))


def test_pause_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(CalendarError) as e:
        deadline(D(2025, 3, 3), pauses=[(D(2025, 3, 10), D(2025, 3, 5))])
    assert e.value.message == "暂停期间2025年3月10日至2025年3月5日无效：开始日期晚于结束日期"


def test_endless_pause_is_refused() -> None:
    with pytest.raises(CalendarError, match="暂停期间过长"):
        deadline(D(2025, 3, 3), pauses=[(D(2025, 3, 5), date.max)])


# ---- the other statutory periods ---------------------------------------------------------


def test_correction_due_seven_working_days() -> None:
    # Received Mon 29 Sep 2025: Tue 30 1; 1–8 Oct off; Thu 9 2, Fri 10 3, Sat 11 (make-up) 4;
    # Mon 13 5, Tue 14 6, Wed 15 Oct 7.
    assert correction_due(D(2025, 9, 29)).due == D(2025, 10, 15)


def test_publication_consultation_and_fee_periods() -> None:
    # Art. 26: 20 working days, the Spring Festival 2025 count above.
    assert publication_due(D(2025, 1, 24)).due == D(2025, 2, 27)
    # Art. 32: 15 working days; the National Day count above reaches 15 on Thu 23 Oct.
    assert consultation_due(D(2025, 9, 26)).due == D(2025, 10, 23)
    # 国办函〔2020〕109号: 20 working days to pay.
    assert fee_payment_due(D(2025, 9, 26)).due == D(2025, 10, 30)


# ---- years the package does not know -----------------------------------------------------

UNKNOWN = 2027


def test_unknown_year_is_provisional_then_recomputed() -> None:
    assert not package_knows(UNKNOWN), (
        f"chinesecalendar now knows {UNKNOWN}: move this test to the next unknown year"
    )
    # Received Fri 18 Dec 2026, Monday–Friday in 2027: 21–25 Dec 1–5; 28–31 Dec 6–9;
    # Fri 1 Jan 2027 10 (a weekday, nobody said it is a holiday); 4–8 Jan 11–15;
    # 11–15 Jan 16–20.
    guess = deadline(D(2026, 12, 18))
    assert (guess.due, guess.provisional, guess.unknown_years) == (D(2027, 1, 15), True, (2027,))
    assert str(guess) == "2027-01-15 provisional"

    # The administrator enters 1 Jan 2027 as a holiday: day 10 becomes Mon 4 Jan,
    # 5–8 Jan 11–14, 11–15 Jan 15–19, Mon 18 Jan 20.
    entered = Calendar([YearOverrides(UNKNOWN, holidays=frozenset({D(2027, 1, 1)}))])
    known = deadline(D(2026, 12, 18), calendar=entered)
    assert (known.due, known.provisional, known.unknown_years) == (D(2027, 1, 18), False, ())

    # … and, say, Sat 9 Jan as a make-up workday: it is day 15, so Fri 15 Jan is day 20.
    with_makeup = Calendar(
        [YearOverrides(UNKNOWN, frozenset({D(2027, 1, 1)}), frozenset({D(2027, 1, 9)}))]
    )
    assert deadline(D(2026, 12, 18), calendar=with_makeup).due == D(2027, 1, 15)


def test_a_known_span_is_not_provisional_because_a_later_year_is_unknown() -> None:
    # Received Mon 23 Nov 2026: 20 working days end Mon 21 Dec 2026, inside the known year.
    d = deadline(D(2026, 11, 23))
    assert (d.due, d.provisional) == (D(2026, 12, 21), False)


def test_entering_an_empty_year_declares_it_known() -> None:
    cal = Calendar([YearOverrides(2040)])
    assert cal.knows(2040) and not Calendar().knows(2040)
    assert not deadline(D(2040, 3, 1), calendar=cal).provisional
    assert deadline(D(2040, 3, 1)).provisional


def test_overrides_win_over_the_package() -> None:
    # A local day off on Thu 9 Oct 2025 moves the National Day count one working day on.
    cal = Calendar([YearOverrides(2025, holidays=frozenset({D(2025, 10, 9)}))])
    assert not cal.is_working_day(D(2025, 10, 9))
    assert deadline(D(2025, 9, 26), calendar=cal).due == D(2025, 10, 31)


def test_overrides_are_checked() -> None:
    with pytest.raises(CalendarError, match="不属于2027年"):
        YearOverrides(2027, holidays=frozenset({D(2026, 12, 31)}))
    with pytest.raises(CalendarError, match="不能既是放假日又是调休上班日"):
        YearOverrides(2027, frozenset({D(2027, 1, 2)}), frozenset({D(2027, 1, 2)}))
    with pytest.raises(CalendarError, match="录入了两次"):
        Calendar([YearOverrides(2027), YearOverrides(2027)])


def test_calendar_is_a_value() -> None:
    a = Calendar([YearOverrides(2027, holidays=frozenset({D(2027, 1, 1)}))])
    b = Calendar([YearOverrides(2027, holidays=frozenset({D(2027, 1, 1)}))])
    assert a == b and hash(a) == hash(b) and a != Calendar()


# ---- due-date colouring ------------------------------------------------------------------


def test_working_days_left_across_a_holiday() -> None:
    due = D(2025, 10, 9)
    # From Tue 30 Sep: 1–8 Oct off, so only Thu 9 Oct remains although 9 days pass.
    assert working_days_left(due, D(2025, 9, 30)) == 1
    assert working_days_left(due, due) == 0
    assert urgency(due, D(2025, 9, 30)) is Urgency.DUE_SOON


def test_working_days_left_when_overdue() -> None:
    due = D(2025, 10, 10)  # Fri
    assert working_days_left(due, D(2025, 10, 11)) == -1  # Sat, a make-up workday
    assert working_days_left(due, D(2025, 10, 12)) == -1  # Sun: overdue, nothing elapsed
    assert working_days_left(due, D(2025, 10, 13)) == -2  # Mon
    assert urgency(due, D(2025, 10, 12)) is Urgency.OVERDUE
    assert Urgency.OVERDUE.label == "已逾期"


def test_due_soon_boundary() -> None:
    due = D(2025, 10, 30)  # Thu
    assert working_days_left(due, D(2025, 10, 23)) == 5  # 24, 27, 28, 29, 30
    assert urgency(due, D(2025, 10, 23)) is Urgency.DUE_SOON
    assert working_days_left(due, D(2025, 10, 22)) == 6
    assert urgency(due, D(2025, 10, 22)) is Urgency.ON_TIME


# ---- properties --------------------------------------------------------------------------

received_days = st.dates(min_value=D(2004, 1, 1), max_value=D(2032, 12, 31))
pauses = st.lists(
    st.tuples(received_days, st.integers(0, 40)).map(lambda p: (p[0], p[0] + timedelta(p[1]))),
    max_size=3,
)


@settings(max_examples=150, deadline=None)
@given(received=received_days, later=st.integers(0, 60), ps=pauses, extended=st.booleans())
def test_deadline_properties(
    received: date, later: int, ps: list[tuple[date, date]], extended: bool
) -> None:
    cal = Calendar()
    d = deadline(received, pauses=ps, extended=extended)
    assert cal.is_working_day(d.due)
    assert d.due > received
    assert d.provisional == any(not cal.knows(y) for y in range(d.start.year, d.due.year + 1))
    # Monotone in the receipt date.
    assert deadline(received + timedelta(later), pauses=ps, extended=extended).due >= d.due
    # A pause, an extension or a restart never brings the date forward.
    assert deadline(received, pauses=ps[:-1], extended=extended).due <= d.due
    assert deadline(received, pauses=ps).due <= deadline(received, pauses=ps, extended=True).due
    assert deadline(received, restarted=received + timedelta(later)).due >= deadline(received).due
