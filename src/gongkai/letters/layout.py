"""Where the signature and the date go (GB/T 9704-2012, 7.3.5), shared by both layouts.

The date stands four characters from the right margin and the agency's name is centred
over it; when the name is too long for that, the name keeps two characters from the
margin and the date is centred under it instead. Widths are in characters of the body
size: a Chinese character is one, a Latin letter or digit half of one.
"""

from __future__ import annotations

import unicodedata


def width(text: str) -> float:
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


def signature_indents(signature: str, date: str) -> tuple[float, float]:
    """Right indents, in characters, of the signature line and of the date line."""
    name_w, date_w = width(signature), width(date)
    date_right = 4.0
    name_right = date_right + (date_w - name_w) / 2
    if name_right < 2.0:
        name_right = 2.0
        date_right = name_right + (name_w - date_w) / 2
    return name_right, date_right
