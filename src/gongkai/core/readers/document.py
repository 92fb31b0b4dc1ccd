"""From a sequence of blocks (text lines, or table rows from HTML/DOCX/PDF) to a Report.

Every reader produces :class:`Block` objects; this module finds the title, the six
sections, the table regions and the narrative, and runs the matcher. Readers differ only
in how they make blocks and what provenance their tokens carry.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from functools import cache
from itertools import accumulate, islice

from gongkai.core.errors import ReportError
from gongkai.core.labels import key_text
from gongkai.core.readers.matcher import TableReader
from gongkai.core.readers.tokens import Stream, Token
from gongkai.core.report import ReadNote, Report, Source
from gongkai.core.template import (
    Table,
    legacy_table,
    sections,
    template,
)


class Block:
    """A line of text, or one row of a table whose cells are already tokens."""

    __slots__ = ("cells", "line", "page", "text")

    def __init__(
        self, text: str, line: int, page: int | None = None, cells: list[Token] | None = None
    ) -> None:
        self.text = text
        self.line = line
        self.page = page
        self.cells = cells

    def __repr__(self) -> str:
        return f"Block({self.text!r}, line={self.line}, page={self.page})"


class Blocks:
    """The blocks of a document as columns: texts, line numbers, pages, and the tokens of
    the blocks that are table rows.

    The text reader makes these directly from the lines of a file (a Block object per
    line would cost more than reading the line); other readers give a list of
    :class:`Block` and :meth:`of` turns it into columns.
    """

    __slots__ = ("_joined", "_offsets", "cells", "lines", "pages", "texts")

    def __init__(
        self,
        texts: list[str],
        lines: list[int],
        pages: list[int | None],
        cells: dict[int, list[Token]] | None = None,
        joined: str | None = None,
    ) -> None:
        self.texts = texts
        self.lines = lines
        self.pages = pages
        self.cells: dict[int, list[Token]] = cells or {}
        self._joined = joined  # the texts joined by line feeds, when the caller has it
        self._offsets: list[int] | None = None

    @classmethod
    def of(cls, blocks: Sequence[Block]) -> Blocks:
        return cls(
            [b.text for b in blocks],
            [b.line for b in blocks],
            [b.page for b in blocks],
            {i: b.cells for i, b in enumerate(blocks) if b.cells is not None},
        )

    def __len__(self) -> int:
        return len(self.texts)

    def source(self, i: int, text: str | None = None) -> Source:
        return Source(self.texts[i] if text is None else text, line=self.lines[i],
                      page=self.pages[i])  # fmt: skip

    # -- searching the text ------------------------------------------------------------
    #
    # The blocks' texts are searched as one string joined by line feeds, with str.find,
    # and a hit is turned into a block index by bisecting the blocks' offsets: a Python
    # call per block, or a regex run along the whole text, costs several times more
    # (most blocks of a report are table cells and short lines).

    def _index(self) -> tuple[str, list[int]] | None:
        """The joined text and where each block starts in it; None when a block holds
        a line feed itself (then blocks are searched one by one)."""
        if self._offsets is None:
            joined = self._joined if self._joined is not None else "\n".join(self.texts)
            if joined.count("\n") != len(self.texts) - 1:
                self._offsets = []
                return None
            self._joined = joined
            self._offsets = list(accumulate([len(t) + 1 for t in self.texts], initial=0))
        if not self._offsets and self.texts:
            return None
        return self._joined or "", self._offsets

    def containing(self, part: str, start: int = 0, end: int | None = None) -> list[int]:
        """Indexes (``start`` to ``end``) of the blocks whose text holds ``part``."""
        end = len(self.texts) if end is None else min(end, len(self.texts))
        if start >= end:
            return []
        index = self._index()
        if index is None:
            return [i for i in range(start, end) if part in self.texts[i]]
        joined, offsets = index
        out: list[int] = []
        stop = offsets[end] - 1
        at = joined.find(part, offsets[start], stop)
        while at >= 0:
            i = bisect_right(offsets, at) - 1
            out.append(i)
            at = joined.find(part, offsets[i + 1], stop)
        return out

    def matching(self, pattern: re.Pattern[str], firsts: str) -> list[int]:
        """Indexes of the blocks whose text ``pattern`` finds something in, in order;
        every match of ``pattern`` starts with one of the characters ``firsts``."""
        index = self._index()
        if index is None:
            return [i for i, t in enumerate(self.texts) if pattern.search(t)]
        joined, offsets = index
        hits: set[int] = set()
        for first in firsts:
            at = joined.find(first)
            while at >= 0:
                if pattern.match(joined, at):
                    hits.add(bisect_right(offsets, at) - 1)
                at = joined.find(first, at + 1)
        return sorted(hits)


_HEADING = re.compile(
    r"^[#*\s]*(?:(?:[一二三四五六七八九十]{1,2}|\d{1,2})\s*[、.．]\s*)?(?P<rest>.*)$"
)
_TITLE = re.compile(
    r"^(?P<pre>.*?)(?P<year>(?:19|20)\d{2})年度?(?P<mid>.*?)"
    r"政府信息公开(?:工作)?(?:年度)?(?:工作)?报告"
)
_SPACES = re.compile(r"[\s#*]+")
_YEAR_IN_TEXT = re.compile(r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")


@cache
def _heading_words() -> re.Pattern[str]:
    """A quick filter: every section title ends in one of a few words (情况, 事项 …)."""
    return re.compile("|".join(rf"{re.escape(e[0])}\s*{re.escape(e[1])}" for e in _heading_ends()))


@cache
def _heading_ends() -> list[str]:
    return sorted({k[-2:] for s in sections() for k in s.keys})


def heading_of(text: str, after: int) -> int | None:
    """Index of the section whose heading this line is (only sections after ``after``)."""
    t = text.strip()
    if not t or len(t) > 60 or not _heading_words().search(t):
        return None
    return _heading_index(t, after)


def _heading_index(t: str, after: int) -> int | None:
    """:func:`heading_of` for a stripped line known to hold a heading word."""
    if not t or len(t) > 60 or t[0] in "（(":
        return None
    if "。" in t or "，" in t or "," in t or "；" in t:
        return None
    m = _HEADING.match(t)
    rest = key_text(m.group("rest")) if m else ""
    if not rest:
        return None
    exact = _section_keys().get(rest)
    if exact is not None and exact > after:
        return exact
    for i, s in enumerate(sections()):
        if i <= after:
            continue
        for k in s.keys:
            if rest == k or ((rest.startswith(k) or rest.endswith(k)) and len(rest) <= len(k) + 6):
                return i
    return None


@cache
def _section_keys() -> dict[str, int]:
    """Each section key and the first section it names (headings are mostly printed
    exactly, and a lookup is cheaper than trying every key)."""
    out: dict[str, int] = {}
    for i, s in enumerate(sections()):
        for k in s.keys:
            out.setdefault(k, i)
    return out


def is_prose(text: str) -> bool:
    return "。" in text and len(key_text(text)) >= 12


def find_headings(blocks: Blocks) -> dict[str, int]:
    found: dict[str, int] = {}
    current = -1
    secs = sections()
    cells = blocks.cells
    firsts = "".join(sorted({e[0] for e in _heading_ends()}))
    for i in blocks.matching(_heading_words(), firsts):
        row = cells.get(i)
        if row is not None and len(row) > 2:
            continue
        idx = _heading_index(blocks.texts[i].strip(), current)
        if idx is not None:
            found[secs[idx].key] = i
            current = idx
    return found


def find_title(blocks: Blocks, limit: int) -> tuple[str | None, int | None, dict[str, Source], int]:
    """Agency and year from the title (possibly over two lines, agency before or after the
    year, or on the line above), falling back to the statistics period for the year."""
    meta: dict[str, Source] = {}
    texts = _Folded(blocks.texts[:limit], 13)
    for j in range(min(len(texts), 12)):
        i, t = texts[j]
        for joined, last in _title_candidates(texts, j):
            m = _TITLE.search(joined)
            if not m:
                continue
            year = int(m.group("year"))
            agency = _clean_agency(m.group("pre")) or _clean_agency(m.group("mid"))
            agency_block = i
            if not agency and j > 0:
                prev_i, prev = texts[j - 1]
                if len(prev) <= 30 and "。" not in prev:
                    agency, agency_block = _clean_agency(prev), prev_i
            meta["year"] = blocks.source(i, m.group("year"))
            if agency:
                meta["agency"] = blocks.source(agency_block, agency)
            return agency or None, year, meta, last + 1
    for i, t in enumerate(blocks.texts[:limit]):
        m = _YEAR_IN_TEXT.search(t)
        if m:
            meta["year"] = blocks.source(i, m.group(1))
            return None, int(m.group(1)), meta, 0
    return None, None, meta, 0


def _title_candidates(texts: _Folded, j: int) -> Iterator[tuple[str, int]]:
    """Line ``j`` alone, then joined with the next line (a title wrapped in two): lazily,
    because the next line is often the long first paragraph, costly to fold."""
    i, t = texts[j]
    yield t, i
    if j + 1 < len(texts):
        i2, t2 = texts[j + 1]
        yield t + t2, i2


class _Folded:
    """The first non-empty lines as (index, text folded with NFKC and without spaces),
    each folded only when the title search reaches it: the title is mostly the first
    line or two, and folding the long first paragraph would cost more than finding it."""

    def __init__(self, texts: list[str], limit: int) -> None:
        self._lines = list(islice(((i, t) for i, t in enumerate(texts) if t.strip()), limit))
        self._done: dict[int, tuple[int, str]] = {}

    def __len__(self) -> int:
        return len(self._lines)

    def __getitem__(self, k: int) -> tuple[int, str]:
        got = self._done.get(k)
        if got is None:
            i, t = self._lines[k]
            got = self._done[k] = (i, _SPACES.sub("", unicodedata.normalize("NFKC", t)))
        return got


def _clean_agency(s: str) -> str:
    s = s.strip('：:，,。（）()【】[]《》"“”')
    for junk in ("正文", "关于"):
        if s.startswith(junk):
            s = s[len(junk) :]
    return s if 2 <= len(s) <= 40 else ""


_FORMAT_2021 = tuple(
    key_text(s)
    for s in ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额")
)
_FORMAT_2019 = tuple(
    key_text(s)
    for s in (
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "采购项目数量",
        "采购总金额",
    )
)
_ROWS_2021 = tuple(key_text(s) for s in ("逾期不补正", "逾期未按收费通知要求缴纳费用"))


def detect_format(proactive: Stream, requests: Stream, year: int | None) -> str:
    """2019 or 2021, from table 二's column labels, else table 三's （六） rows, else the year."""
    text = proactive.label_key()
    n21 = sum(k in text for k in _FORMAT_2021)
    n19 = sum(k in text for k in _FORMAT_2019)
    if n21 != n19:
        return "2021" if n21 > n19 else "2019"
    rtext = requests.label_key()
    if any(k in rtext for k in _ROWS_2021):
        return "2021"
    if year is not None and year <= 2020:
        return "2019"
    return "2021"


def _region(blocks: Blocks, start: int, end: int) -> Stream:
    """The tokens of the blocks from ``start`` to ``end``, prose left out."""
    st = Stream()
    texts, cells = blocks.texts, blocks.cells
    end = min(end, len(texts))
    prose = {
        i for i in blocks.containing("。", start, end)
        if i not in cells and is_prose(texts[i])
    }  # fmt: skip
    if not prose and not cells:  # no prose, no table cells: every line as it is
        st.add_lines(texts[start:end], blocks.lines[start:end], blocks.pages[start:end])
        return st.done()
    keep = [i for i in range(start, end) if i not in prose]
    if not cells:
        st.add_lines([texts[i] for i in keep], [blocks.lines[i] for i in keep],
                     [blocks.pages[i] for i in keep])  # fmt: skip
        return st.done()
    run: list[int] = []
    for i in [*keep, -1]:
        row = cells.get(i)
        if row is None and i >= 0:
            run.append(i)
            continue
        if run:
            st.add_lines([texts[j] for j in run], [blocks.lines[j] for j in run],
                         [blocks.pages[j] for j in run])  # fmt: skip
            run = []
        if row is not None:
            st.add_tokens(row)
    return st.done()


_LEGACY_HEAD = re.compile(r"统\s*计\s*指\s*标")


def _legacy_start(blocks: Blocks, start: int) -> int | None:
    for i in blocks.matching(_LEGACY_HEAD, "统"):
        if i >= start:
            k = key_text(blocks.texts[i])
            if k.startswith("统计指标") and len(k) <= 12:
                return i
    return None


def build_report(blocks: Sequence[Block] | Blocks) -> Report:
    """The report that ``blocks`` print; raises ReportError when they are not one."""
    if not isinstance(blocks, Blocks):
        blocks = Blocks.of(blocks)
    heads = find_headings(blocks)
    first = min(heads.values(), default=len(blocks))
    agency, year, meta, title_end = find_title(blocks, first)
    order = sorted(heads.items(), key=lambda kv: kv[1])
    bounds: dict[str, tuple[int, int]] = {}
    for n, (key, idx) in enumerate(order):
        end = order[n + 1][1] if n + 1 < len(order) else len(blocks)
        bounds[key] = (idx + 1, end)
    legacy_at = _legacy_start(blocks, first if heads else 0)
    if legacy_at is not None:
        for key, (s, e) in bounds.items():
            if s <= legacy_at < e:
                bounds[key] = (s, legacy_at)
    regions = {
        k: _region(blocks, *bounds[k]) if k in bounds else Stream().done()
        for k in ("proactive", "requests", "reviews")
    }
    fmt = detect_format(regions["proactive"], regions["requests"], year)
    report = Report(format=fmt, agency=agency, year=year, meta_sources=meta)
    tpl = template(fmt)
    found_table = False
    for table in tpl.tables:
        toks = regions[table.key]
        if "V" not in toks.kinds:
            if len(toks) or table.key in bounds:
                report.notes.append(
                    ReadNote("table_missing", f"未读到{_table_name(table)}的数值", table.key)
                )
            continue
        reader = _read_table(table, toks)
        _check_cut_off(table, reader, bounds.get(table.key), len(blocks), legacy_at)
        report.cells.update(reader.cells)
        report.notes.extend(reader.notes)
        _note_missing_rows(report, table, reader)
        found_table = found_table or table.key == "requests"
    if legacy_at is not None:
        end = next((i for i in sorted(heads.values()) if i > legacy_at), len(blocks))
        reader = TableReader(legacy_table(), legacy_table().rows)
        reader.read_rows(_region(blocks, legacy_at + 1, end))
        report.cells.update(reader.cells)
        report.notes.extend(reader.notes)
        if reader.cells:
            found_table = True
            if "requests" not in bounds and "proactive" not in bounds:
                report.format = "legacy"
    if not found_table:
        raise ReportError(_not_a_report(blocks, heads))
    report.narrative, report.narrative_sources = _narrative(blocks, bounds, title_end, first)
    report.headings = set(heads)
    return report


def _read_table(table: Table, toks: Stream) -> TableReader:
    unit = "元" if _prints_yuan(toks) else None
    reader = TableReader(table, table.rows, amount_unit=unit)
    if table.layout == "block":
        reader.read_block(toks)
    else:
        reader.read_rows(toks)
    return reader


def _prints_yuan(toks: Stream) -> bool:
    text = toks.label_key()
    return "单位元" in text or "金额元" in text


def _check_cut_off(
    table: Table,
    reader: TableReader,
    bound: tuple[int, int] | None,
    n_blocks: int,
    legacy_at: int | None,
) -> None:
    """A table whose region runs to the end of the file and whose last row is not there
    was cut off: the file is incomplete, not a report with blank rows."""
    if bound is None or bound[1] < n_blocks or legacy_at is not None:
        return
    last = table.rows[-1]
    if last.key in reader.matched and all(
        f"{table.key}.{last.key}.{c.key}" in reader.cells for c in last.columns
    ):
        return
    done = [table.row(k).label for k in reader.matched]
    after = f"在“{done[-1]}”之后" if done else "在开头"
    raise ReportError(f"{_table_name(table)}{after}中断，文件不完整（表格被截断）")


def _table_name(table: Table) -> str:
    return {
        "proactive": "表二（主动公开）",
        "requests": "表三（依申请公开）",
        "reviews": "表四（复议诉讼）",
    }.get(table.key, table.heading)


def _note_missing_rows(report: Report, table: Table, reader: TableReader) -> None:
    if table.layout == "block":
        return
    got = set(reader.matched)
    for rk in report.rows_present(table.key):
        if rk not in got:
            report.notes.append(
                ReadNote(
                    "row_missing",
                    f"{_table_name(table)}未印出“{table.row(rk).label}”行",
                    f"{table.key}.{rk}",
                )
            )


def _not_a_report(blocks: Blocks, heads: dict[str, int]) -> str:
    if not any(t.strip() for t in blocks.texts):
        return "文件是空的"
    if not heads:
        return "不是政府信息公开工作年度报告：未找到“一、总体情况”至“六、其他需要报告的事项”等章节，也未找到统计表"
    return "未找到年度报告的统计表（表三“收到和处理政府信息公开申请情况”没有可读的数值）"


def _narrative(
    blocks: Blocks, bounds: dict[str, tuple[int, int]], title_end: int, first: int
) -> tuple[dict[str, str], dict[str, list[Source]]]:
    texts: dict[str, str] = {}
    sources: dict[str, list[Source]] = {}
    parts = [("preamble", title_end, first), *((k, s, e) for k, (s, e) in bounds.items())]
    for key, s, e in parts:
        lines = _lines(blocks, s, e, prose_only=key in ("proactive", "requests", "reviews"))
        if lines:
            texts[key] = "\n".join(src.text for src in lines)
            sources[key] = lines
    return texts, sources


def _lines(blocks: Blocks, start: int, end: int, *, prose_only: bool) -> list[Source]:
    out: list[Source] = []
    texts, cells, lines, pages = blocks.texts, blocks.cells, blocks.lines, blocks.pages
    start, end = max(start, 0), min(end, len(texts))
    for i in blocks.containing("。", start, end) if prose_only else range(start, end):
        t = texts[i].strip()
        if not t or i in cells:
            continue
        if t[0] == "#":
            t = t.lstrip("#").strip()
            if not t:
                continue
        if prose_only and not is_prose(t):
            continue
        out.append(Source(t, lines[i], None, pages[i]))
    return out
