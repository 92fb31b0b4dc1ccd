"""Reading a printed table cell as a number.

Counts are integers, amounts are decimals. ``—``, ``——``, ``/``, ``无`` and empty cells
are blank (``None``), never 0: a blank is something the agency did not fill in, and the
checks say so rather than silently reading it as zero.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

BLANK_MARKERS = frozenset(
    {"—", "——", "———", "-", "--", "－", "－－", "/", "／", "无", "─", "──", "–", "―", "――", "×"}
)
UNITS = ("万元", "人次", "元", "件", "条", "个", "次", "篇", "人", "项")
_NUMBER = re.compile(
    r"^(?P<sign>[+\-−])?(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?"
    r"(?P<unit>万元|人次|元|件|条|个|次|篇|人|项)?$"
)


@dataclass(frozen=True, slots=True)
class Value:
    """A printed cell read as a value: ``number`` is None for a blank marker."""

    number: int | Decimal | None
    unit: str | None = None
    signed: bool = False


@lru_cache(maxsize=16384)
def parse_value(text: str) -> Value | None:
    """The value a cell prints, or None when the text is not a cell value at all
    (a label, a numbering like ``1.``)."""
    t = unicodedata.normalize("NFKC", text).strip().replace("，", ",").replace(" ", "")
    if t in BLANK_MARKERS or t == "":
        return Value(None)
    m = _NUMBER.match(t)
    if not m:
        return None
    digits = m.group("int").replace(",", "")
    frac = m.group("frac")
    sign = m.group("sign")
    negative = sign in ("-", "−")
    number: int | Decimal = Decimal(f"{digits}.{frac}") if frac is not None else int(digits)
    if negative:
        number = -number
    return Value(number, m.group("unit"), signed=sign is not None)


def to_wan_yuan(number: int | Decimal, unit: str | None) -> int | Decimal:
    """Amounts are kept in 万元; a figure printed in 元 is divided by 10,000."""
    if unit == "元":
        return normalise_decimal(Decimal(number) / Decimal(10000))
    return number


def normalise_decimal(number: int | Decimal) -> int | Decimal:
    """An integral Decimal becomes int so that 7545 is printed as 7545, not 7545.0."""
    if isinstance(number, Decimal):
        if number == number.to_integral_value():
            return int(number)
        return number.normalize()
    return number
