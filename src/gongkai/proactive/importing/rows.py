"""Checking every row of an imported file, before anything is written (the dry run).

Pure: what the database already holds comes in as :class:`Existing`. Each problem is a
:class:`Rejection` naming the row, the column as headed in the file, and what is wrong, in
one Chinese sentence; a row with several problems gets one rejection for each, so the
officer fixes the file once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from gongkai.proactive.importing.cells import CellProblem, is_blank, parse
from gongkai.proactive.importing.columns import Column, columns, match_header
from gongkai.proactive.importing.table import Cell, Sheet
from gongkai.proactive.vocab import TALLY_AMOUNTS, TALLY_COUNTS, Channel, TallyKind

__all__ = ["Accepted", "Existing", "Rejection", "Report", "check_sheet", "header_test"]


@dataclass(frozen=True)
class Rejection:
    row: int
    column: str  # the heading as written in the file; "" for the row as a whole
    problem: str

    def __str__(self) -> str:
        where = f"第{self.row}行" + (f"“{self.column}”列" if self.column else "")
        return f"{where}：{self.problem}"


@dataclass(frozen=True)
class Accepted:
    row: int
    values: dict[str, Any]
    action: str = "create"  # create | update (a document by its 文号) | replace (a month)


@dataclass
class Report:
    kind: str
    filename: str
    rows: int = 0
    accepted: list[Accepted] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str | None = None
    applied: bool = False

    @property
    def rejected_rows(self) -> list[int]:
        return sorted({r.row for r in self.rejections})

    def summary(self) -> str:
        if self.error:
            return f"{self.filename}：{self.error}"
        verb = "已导入" if self.applied else "可导入"
        return (
            f"{self.filename}：共{self.rows}行，{verb}{len(self.accepted)}行，"
            f"拒绝{len(self.rejected_rows)}行"
        )

    def lines(self) -> list[str]:
        """The report as a person reads it: the summary, notes, then every rejection."""
        return [self.summary(), *self.notes, *(str(r) for r in self.rejections)]


@dataclass(frozen=True)
class Existing:
    """What the agency's records already hold, for duplicate checks."""

    today: date
    agency_name: str = ""
    index_numbers: frozenset[str] = frozenset()
    items: dict[tuple[str, str, date | None], str] = field(default_factory=dict)
    tallies: frozenset[tuple[str, int, int]] = frozenset()
    documents: frozenset[tuple[str, str]] = frozenset()


class _Row:
    """One row being checked: parsed values and the problems found so far."""

    def __init__(self, number: int, header: tuple[str, ...], positions: dict[str, int]):
        self.number = number
        self.header = header
        self.positions = positions
        self.values: dict[str, Any] = {}
        self.problems: list[Rejection] = []

    def heading(self, key: str) -> str:
        return self.header[self.positions[key]] if key in self.positions else ""

    def reject(self, key: str, problem: str) -> None:
        self.problems.append(Rejection(self.number, self.heading(key), problem))


def _read(row: _Row, cells: tuple[Cell, ...], cols: tuple[Column, ...]) -> None:
    for c in cols:
        pos = row.positions.get(c.key)
        cell = cells[pos] if pos is not None and pos < len(cells) else None
        if is_blank(cell):
            if c.required:
                row.reject(c.key, "不能为空")
            continue
        try:
            row.values[c.key] = parse(c.type, cell, c.max)
        except CellProblem as e:
            row.reject(c.key, str(e))


def _catalogue(row: _Row, ex: Existing, seen: dict[Any, int], notes: set[str]) -> str:
    v = row.values
    formed, published = v.get("formed_on"), v.get("published_on")
    if formed and formed > ex.today:
        row.reject("formed_on", f"成文日期{formed.isoformat()}晚于今天")
    if published and published > ex.today:
        row.reject("published_on", f"发布日期{published.isoformat()}晚于今天，未发布的请留空")
    if formed and published and published < formed:
        row.reject(
            "published_on", f"发布日期{published.isoformat()}早于成文日期{formed.isoformat()}"
        )
    if published and not v.get("channels"):
        v["channels"] = [Channel.WEBSITE.value]
        notes.add("未填写发布渠道的已发布信息记为“政府网站”发布")
    v.setdefault("channels", [])
    v.setdefault("validity", "")
    v.setdefault("publisher", ex.agency_name)
    number = v.get("index_number", "")
    if number:
        if ("index", number) in seen:
            row.reject("index_number", f"索引号“{number}”与第{seen[('index', number)]}行重复")
        elif number in ex.index_numbers:
            row.reject("index_number", f"公开目录中已有索引号“{number}”")
        seen.setdefault(("index", number), row.number)
    if "title" in v:
        same = (v["title"], v.get("document_number", ""), published)
        if ("item", same) in seen:
            row.reject("", f"与第{seen[('item', same)]}行的标题、文号和发布日期都相同")
        elif same in ex.items:
            row.reject("", f"公开目录中已有同一信息（索引号{ex.items[same]}）")
        seen.setdefault(("item", same), row.number)
    return "create"


def _tallies(row: _Row, ex: Existing, seen: dict[Any, int], notes: set[str]) -> str:
    v = row.values
    kind = v.get("kind")
    if "amount" in v and "amount_wan" in v:
        row.reject("amount_wan", "“金额（元）”与“金额（万元）”只能填一个")
    elif "amount_wan" in v:
        v["amount"] = v.pop("amount_wan") * Decimal(10000)
    if kind is not None:
        label = TallyKind(kind).label
        if kind in TALLY_COUNTS and "count" not in v:
            row.reject("count", f"{label}应填写数量")
        if kind not in TALLY_COUNTS and v.get("count"):
            row.reject("count", f"{label}只记金额，不记数量")
        if kind in TALLY_AMOUNTS and "amount" not in v:
            row.reject("amount", f"{label}应填写金额")
        if kind not in TALLY_AMOUNTS and v.get("amount"):
            row.reject("amount", f"{label}只记数量，不记金额")
    v.setdefault("count", 0)
    v.setdefault("amount", Decimal(0))
    if "month" in v:
        y, m = v["month"]
        if (y, m) > (ex.today.year, ex.today.month):
            row.reject("month", f"{y}年{m}月尚未到来")
        if kind is not None:
            key = (kind, y, m)
            if ("tally", key) in seen:
                row.reject("", f"{y}年{m}月{TallyKind(kind).label}与第{seen[('tally', key)]}行重复")
            seen.setdefault(("tally", key), row.number)
            if key in ex.tallies:
                notes.add("已有数字的月份将被文件中的数字替换（不累加）")
                return "replace"
    return "create"


def _documents(row: _Row, ex: Existing, seen: dict[Any, int], notes: set[str]) -> str:
    v = row.values
    issued = v.get("issued_on")
    if issued and issued > ex.today:
        row.reject("issued_on", f"制发日期{issued.isoformat()}晚于今天")
    for key, what in (("published_on", "公开日期"), ("repealed_on", "废止日期")):
        d = v.get(key)
        if issued and d and d < issued:
            row.reject(key, f"{what}{d.isoformat()}早于制发日期{issued.isoformat()}")
    if "kind" in v and "document_number" in v:
        doc = (v["kind"], v["document_number"])
        if ("doc", doc) in seen:
            row.reject("document_number", f"文号“{doc[1]}”与第{seen[('doc', doc)]}行重复")
        seen.setdefault(("doc", doc), row.number)
        if doc in ex.documents:
            notes.add("文号已登记的文件将按文件中的内容更新（如补录废止日期）")
            return "update"
    return "create"


_CHECKS: dict[str, Callable[[_Row, Existing, dict[Any, int], set[str]], str]] = {
    "catalogue": _catalogue,
    "tallies": _tallies,
    "documents": _documents,
}


def header_test(kind: str) -> Callable[[Sequence[str]], bool]:
    required = {c.key for c in columns(kind) if c.required}
    return lambda header: bool(required & match_header(kind, header).keys())


def check_sheet(kind: str, filename: str, sheet: Sheet, existing: Existing) -> Report:
    """Every row checked; nothing written."""
    cols = columns(kind)
    positions = match_header(kind, sheet.header)
    report = Report(kind, filename, rows=len(sheet.rows))
    missing = [c.label for c in cols if c.required and c.key not in positions]
    if missing:
        report.error = "缺少必填列" + "".join(f"“{m}”" for m in missing)
        return report
    known = set(positions.values())
    for i, h in enumerate(sheet.header):
        if h and i not in known:
            report.notes.append(f"第{sheet.header_row}行的列“{h}”不是可导入的内容，已忽略")
    seen: dict[Any, int] = {}
    notes: set[str] = set()
    for number, cells in sheet.rows:
        row = _Row(number, sheet.header, positions)
        _read(row, cells, cols)
        action = _CHECKS[kind](row, existing, seen, notes)
        if row.problems:
            report.rejections.extend(row.problems)
        else:
            report.accepted.append(Accepted(number, row.values, action))
    report.notes.extend(sorted(notes))
    return report
