"""Template filters of the portal: search words marked in titles."""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def highlight(text: str, words: list[str] | None) -> SafeString:
    """``text`` escaped, with the search words wrapped in ``<mark>``."""
    safe = str(escape(text))
    terms = sorted({str(escape(w)) for w in words or [] if w}, key=len, reverse=True)
    if not terms:
        return mark_safe(safe)  # escaped above
    # a run of words (垃圾 + 分类) is marked as one
    pattern = re.compile("(?:" + "|".join(re.escape(t) for t in terms) + ")+", re.IGNORECASE)
    return mark_safe(pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", safe))
