"""One cell of an imported row read as the value a column needs, or what is wrong with it.

Every problem is a short Chinese phrase naming the value as it was written; the caller
puts the row number and the column in front of it.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from gongkai.proactive.importing.table import Cell
from gongkai.proactive.vocab import (
    Category,
    Channel,
    DocumentKind,
    TallyKind,
    Validity,
    lookup,
)

__all__ = ["CellProblem", "is_blank", "parse", "text_of"]

_EXCEL_EPOCH = date(1899, 12, 30)
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT].*)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?(?:份)?$")
_MONTH_COMPACT = re.compile(r"^(\d{4})(\d{2})$")
_SPLIT = re.compile(r"[、,，;；|\s]+")


class CellProblem(ValueError):
    pass


def text_of(cell: Cell) -> str:
    """The cell as a person reads it (for messages and text columns)."""
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == datetime.min.time() else str(cell)
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return unicodedata.normalize("NFKC", str(cell)).strip()


def is_blank(cell: Cell) -> bool:
    return text_of(cell) == ""


def _date(cell: Cell) -> date:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, int | float) and 20000 < cell < 80000:  # an Excel day number
        return _EXCEL_EPOCH + timedelta(days=int(cell))
    t = text_of(cell)
    m = _DATE.match(t) or _COMPACT.match(t)
    if not m:
        raise CellProblem(f"“{t}”不是日期（应写作2024-03-05或2024年3月5日）")
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise CellProblem(f"“{t}”这一天不存在") from None


def _month(cell: Cell) -> tuple[int, int]:
    if isinstance(cell, date | datetime):
        return cell.year, cell.month
    t = text_of(cell)
    m = _MONTH.match(t) or _MONTH_COMPACT.match(t)
    if not m:
        try:
            d = _date(cell)
        except CellProblem:
            raise CellProblem(f"“{t}”不是月份（应写作2024-03或2024年3月）") from None
        return d.year, d.month
    y, mo = int(m.group(1)), int(m.group(2))
    if not 1 <= mo <= 12:
        raise CellProblem(f"“{t}”的月份应在1至12之间")
    return y, mo


def _int(cell: Cell) -> int:
    if isinstance(cell, float) and not cell.is_integer():
        raise CellProblem(f"“{text_of(cell)}”应为整数")
    t = text_of(cell).replace(",", "").removesuffix("件").removesuffix("项").strip()
    if not re.fullmatch(r"-?\d+", t):
        raise CellProblem(f"“{text_of(cell)}”应为整数")
    n = int(t)
    if n < 0:
        raise CellProblem(f"“{t}”不能为负数")
    return n


def _decimal(cell: Cell) -> Decimal:
    t = text_of(cell).replace(",", "").removesuffix("万元").removesuffix("元").strip()
    try:
        d = Decimal(t)
    except InvalidOperation:
        raise CellProblem(f"“{text_of(cell)}”应为金额数字") from None
    if not d.is_finite():
        raise CellProblem(f"“{text_of(cell)}”应为金额数字")
    if d < 0:
        raise CellProblem(f"“{t}”不能为负数")
    return d


_NOUNS = {"category": "主题分类", "validity": "有效性", "tally": "类别", "document": "类别"}
Choices = type[Category] | type[Validity] | type[TallyKind] | type[DocumentKind]


def _choice(vocab: str, choices: Choices, cell: Cell) -> str:
    t = text_of(cell)
    key = lookup(choices, vocab, t)
    if key is None:
        allowed = "、".join(str(label) for v, label in choices.choices if v)
        raise CellProblem(f"“{t}”不是可用的{_NOUNS[vocab]}（可用：{allowed}）")
    return key


def _channels(cell: Cell) -> list[str]:
    out: list[str] = []
    for part in _SPLIT.split(text_of(cell)):
        if not part:
            continue
        key = lookup(Channel, "channel", part)
        subparts: list[str | None] = (
            [key] if key is not None else [lookup(Channel, "channel", p) for p in part.split("/")]
        )
        if any(k is None for k in subparts):
            allowed = "、".join(str(label) for label in Channel.labels)
            raise CellProblem(f"“{part}”不是可用的发布渠道（可用：{allowed}）")
        out.extend(k for k in subparts if k is not None and k not in out)
    return out


def parse(kind: str, cell: Cell, max_length: int | None = None) -> object:
    """The value of a non-blank cell for a column of type ``kind``."""
    if kind == "text":
        t = text_of(cell)
        if max_length is not None and len(t) > max_length:
            raise CellProblem(f"超过{max_length}个字（现为{len(t)}个字）")
        return t
    if kind == "date":
        return _date(cell)
    if kind == "month":
        return _month(cell)
    if kind == "int":
        return _int(cell)
    if kind == "decimal":
        return _decimal(cell)
    if kind == "category":
        return _choice("category", Category, cell)
    if kind == "validity":
        return _choice("validity", Validity, cell)
    if kind == "tally_kind":
        return _choice("tally", TallyKind, cell)
    if kind == "document_kind":
        return _choice("document", DocumentKind, cell)
    if kind == "channels":
        return _channels(cell)
    raise KeyError(kind)
