"""Masking an applicant's identity number and telephone number wherever they are shown to
someone who does not need them whole (lists, exports, logs, staff other than the officer
handling the request). The officer sees them whole on request, and that view is audited.

``3301**********1234`` keeps the region and the last four (enough to tell two applicants
apart on the telephone); ``138****5678`` keeps the carrier prefix and the last four.
"""

from __future__ import annotations

import logging
import re

_MOBILE = re.compile(r"^1\d{10}$")
# In free text (log lines): an 18-character resident ID, or an 11-digit mobile number,
# not inside a longer run of digits.
_ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(\d{4})\d{10}(\d{3}[\dXx])(?![0-9A-Za-z])")
_MOBILE_IN_TEXT = re.compile(r"(?<!\d)(1\d{2})\d{4}(\d{4})(?!\d)")


def mask_id(number: str) -> str:
    """The first four and last four characters kept, every other one a star."""
    s = number.strip()
    if len(s) <= 8:
        return "*" * max(len(s) - 2, 0) + s[-2:] if len(s) > 2 else "*" * len(s)
    return s[:4] + "*" * (len(s) - 8) + s[-4:]


def mask_phone(phone: str) -> str:
    """A mobile as ``138****5678``; another number keeps its first three and last four
    digits (an area code and the line's end), other characters as written."""
    s = phone.strip()
    if _MOBILE.match(s):
        return s[:3] + "****" + s[-4:]
    digits = [i for i, c in enumerate(s) if c.isdigit()]
    hidden = set(digits[:-2]) if len(digits) <= 7 else set(digits[3:-4])
    return "".join("*" if i in hidden else c for i, c in enumerate(s))


def mask_text(text: str) -> str:
    """Identity and mobile numbers inside free text masked (for log lines)."""
    text = _ID_IN_TEXT.sub(lambda m: m.group(1) + "*" * 10 + m.group(2), text)
    return _MOBILE_IN_TEXT.sub(lambda m: m.group(1) + "****" + m.group(2), text)


class MaskingFilter(logging.Filter):
    """A logging filter: the formatted message has its ID and mobile numbers masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
