"""How dates and amounts are written on Chinese government pages and letters."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone


def cn_date(d: date | datetime | None) -> str:
    """``2024年1月5日`` — no leading zeros, as official documents write dates."""
    if d is None:
        return ""
    if isinstance(d, datetime):
        d = timezone.localtime(d) if timezone.is_aware(d) else d
    return f"{d.year}年{d.month}月{d.day}日"


def cn_datetime(d: datetime | None) -> str:
    if d is None:
        return ""
    local = timezone.localtime(d) if timezone.is_aware(d) else d
    return f"{cn_date(local)} {local:%H:%M}"
