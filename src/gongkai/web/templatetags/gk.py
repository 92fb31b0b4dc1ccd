"""Template filters: dates the official way (2024年1月5日) and labels of keys."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import template

from gongkai.cases.format import cn_date, cn_datetime

register = template.Library()


@register.filter(name="cn_date")
def cn_date_filter(value: date | datetime | None) -> str:
    return cn_date(value)


@register.filter(name="cn_datetime")
def cn_datetime_filter(value: datetime | None) -> str:
    return cn_datetime(value)


@register.filter
def get(mapping: Any, key: str) -> Any:
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""


@register.filter
def filesize(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f}MB"
    return f"{max(1, n // 1024)}KB"
