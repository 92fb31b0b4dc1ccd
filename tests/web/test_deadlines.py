"""The statutory clock as the application shows it: real calendars, the correction that
restarts the clock, and a year nobody has entered — provisional until an administrator
enters its holidays on the calendar screen, then recomputed."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import chinese_calendar  # type: ignore[import-untyped]
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from gongkai.cases import clock
from gongkai.cases.models import Agency, DisclosureRequest, Event, Membership, Role
from gongkai.cases.services import lifecycle
from gongkai.cases.services.intake import submit
from gongkai.workdays import package_knows
from tests.web.factories import person_payload, staff


def _at(d: date) -> datetime:
    return timezone.make_aware(datetime.combine(d, time(10)))


def _count(received: date, n: int, off: set[date]) -> date:
    """An independent count: the package's calendar where it knows the year, else
    Monday–Friday less the days given off."""
    d, counted = received, 0
    while counted < n:
        d += timedelta(days=1)
        if package_knows(d.year):
            counted += chinese_calendar.is_workday(d)
        else:
            counted += d.weekday() < 5 and d not in off
    return d


def _fields() -> dict[str, object]:
    data = person_payload("x")
    data.pop("agency")
    return data


def _receive(agency: Agency, on: date) -> DisclosureRequest:
    with clock.as_of(_at(on)):
        req, _ = submit(_fields(), agency=agency, channel="walk_in", received_on=on)
    return req


def test_national_day_2025_and_a_correction(agencies: dict[str, Agency]) -> None:
    town = agencies["town"]
    officer = staff("officer", town, Role.OFFICER)
    # 20 working days from 27 September 2025: Sunday 28 September is a make-up workday,
    # 1–8 October are holidays, Saturday 11 October is a make-up workday.
    req = _receive(town, date(2025, 9, 26))
    assert (req.due_date, req.due_provisional) == (date(2025, 10, 30), False)

    c = Client()
    c.force_login(officer)
    page = c.get(f"/staff/requests/{req.tracking_number}/").content.decode()
    assert "2025年10月30日" in page and "暂定" not in page.split('id="due"')[1][:400]

    with clock.as_of(_at(date(2025, 9, 29))):
        lifecycle.ask_correction(req, officer, points="请写明文件名称")
    with clock.as_of(_at(date(2025, 10, 9))):
        lifecycle.receive_correction(req, None, text="某某文件")
    req.refresh_from_db()
    # The clock runs again from 9 October: 20 working days end on 5 November.
    assert req.due_date == date(2025, 11, 5)


def test_unknown_year_is_provisional_until_entered(agencies: dict[str, Agency]) -> None:
    year = next(y for y in range(2024, 2100) if not package_knows(y))
    town = agencies["town"]
    officer = staff("officer", town, Role.OFFICER)
    req = _receive(town, date(year - 1, 12, 21))
    assert req.due_provisional
    # Counted Monday to Friday over the unknown January.
    weekdays_due = req.due_date
    assert weekdays_due is not None and weekdays_due.year == year

    c = Client()
    c.force_login(officer)
    page = c.get(f"/staff/requests/{req.tracking_number}/").content.decode()
    assert "暂定" in page
    assert "暂定" in c.get("/staff/").content.decode()

    # Only a system administrator may enter a year; an officer is refused.
    r = c.post(f"/staff/calendar/{year}/", {"holidays": f"{year}-01-01", "workdays": ""})
    assert r.status_code == 403

    admin = User.objects.create_superuser("admin", "a@example.gov.cn", "pw-admin")
    staff_admin = Client()
    staff_admin.force_login(admin)
    Membership.objects.create(user=admin, agency=agencies["district"], role=Role.ADMIN)
    # Bad dates are refused with the field named; what was typed stays in the form.
    bad = staff_admin.post(
        f"/staff/calendar/{year}/",
        {"holidays": f"{year}-01-01\n{year}-02-30", "workdays": "", "notice": "国办发明电"},
    )
    assert bad.status_code == 400
    text = bad.content.decode()
    assert f"放假日期：“{year}-02-30”不是有效日期" in text and "国办发明电" in text
    outside = staff_admin.post(
        f"/staff/calendar/{year}/", {"holidays": f"{year + 1}-01-01", "workdays": ""}
    )
    assert outside.status_code == 400
    assert f"{year + 1}年1月1日不属于{year}年" in outside.content.decode()

    # New Year's Day off and, say, 2–6 January too: the deadline moves and is definite.
    days = f"{year}-01-01\n{year}-01-02至{year}-01-06"
    r = staff_admin.post(
        f"/staff/calendar/{year}/",
        {"holidays": days, "workdays": "", "notice": "国办发明电〔X〕1号"},
    )
    assert r.status_code == 302
    req.refresh_from_db()
    assert not req.due_provisional
    off = {date(year, 1, d) for d in range(1, 7)}
    assert req.due_date == _count(req.received_on, 20, off)
    assert req.due_date != weekdays_due
    page = c.get(f"/staff/requests/{req.tracking_number}/").content.decode()
    assert "暂定" not in page.split('id="due"')[1][:400]
    event = Event.objects.get(request=req, action="due_recomputed")
    assert f"录入{year}年节假日安排" in event.summary and "（暂定）" in event.summary
    calendar_page = staff_admin.get("/staff/calendar/").content.decode()
    assert "管理员录入" in calendar_page and "国办发明电〔X〕1号" in calendar_page
