"""Template filters: dates the official way (2024年1月5日) and labels of keys; a form's
field with its label, help and error (``{% field %}``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import template
from django.forms.boundfield import BoundField
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

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


@register.simple_tag
def field(bound: BoundField, errors: Any = "") -> SafeString:
    """What ``{% include "includes/field.html" with field=bound errors=errors %}`` renders,
    byte for byte (tests/web/test_forms.py compares them for every field of the forms that
    use it, empty, refused and filled), built here without the template: the application
    form includes it 17 times per page, and rendering the include was most of the form
    page's CPU, read before every submission through the portal."""
    esc = conditional_escape
    classes = (" invalid" if bound.errors else "") + (" required" if bound.field.required else "")
    help_text = bound.help_text
    help_html = f'<div class="help">{esc(help_text)}</div>' if help_text else ""
    msg = get(errors, bound.name)
    error_html = f'<div class="error" role="alert">{esc(msg)}</div>' if msg else ""
    return mark_safe(
        f'\n<div class="field{classes}" id="f-{esc(bound.name)}">\n'
        f'  <label for="{esc(bound.id_for_label)}">{esc(bound.label)}</label>\n'
        f"  {esc(str(bound))}\n"
        f"  {help_html}\n"
        f"  {error_html}\n"
        "</div>\n"
    )
