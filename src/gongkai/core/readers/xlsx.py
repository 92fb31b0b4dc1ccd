"""The XLSX reader: the statistics spreadsheets supervisors circulate, read with openpyxl.

Each visible sheet is a grid (merged ranges resolved to their first cell and their width,
see :mod:`gongkai.core.readers.grid`); numbers may be stored as numbers or as text.
Provenance: table = the sheet (0-based, in workbook order), row and column as Excel
numbers them (1-based).

Workbooks come as one sheet per table — often without the section heading, the sheet tab
saying 表三 — or as one sheet holding everything. A sheet that prints no section heading
gets one: from its tab name when that is a heading, else from the table its labels show
(申请人情况 → 三, 行政复议/行政诉讼 → 四, 第二十条/信息内容 → 二).
"""

from __future__ import annotations

import itertools
import zipfile
import zlib
from collections.abc import Iterator
from datetime import date, datetime, time
from decimal import Decimal
from io import BytesIO
from xml.etree.ElementTree import ParseError

import openpyxl
from lxml.etree import XMLSyntaxError
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from gongkai.core.errors import ReportError
from gongkai.core.labels import key_text
from gongkai.core.readers.document import Block, build_report, heading_of
from gongkai.core.readers.grid import GridRow, grid_blocks
from gongkai.core.report import Report, Source
from gongkai.core.template import sections

# Which table a sheet without a heading holds, by words its labels print (checked in order).
_TABLE_WORDS = (
    ("requests", ("申请人情况", "本年新收政府信息公开申请")),
    ("reviews", ("行政复议", "行政诉讼")),
    ("proactive", ("第二十条", "信息内容", "行政许可")),
)


def read_xlsx(data: bytes) -> Report:
    """The report a workbook holds; ReportError when it is damaged or not a report."""
    return build_report(xlsx_blocks(data))


def xlsx_blocks(data: bytes) -> list[Block]:
    try:
        book = openpyxl.load_workbook(BytesIO(data), data_only=True)
    except (
        zipfile.BadZipFile,
        InvalidFileException,
        KeyError,
        ValueError,
        OSError,
        EOFError,
        zlib.error,  # a damaged compressed part
        XMLSyntaxError,  # a part that is not well-formed XML (lxml or the standard parser)
        ParseError,
    ):
        raise ReportError("Excel（XLSX）文件已损坏或不完整，无法打开") from None
    blocks: list[Block] = []
    ids = itertools.count(1)
    for index, sheet in enumerate(book.worksheets):
        if sheet.sheet_state != "visible":
            continue
        blocks.extend(_sheet_blocks(sheet, index, ids))
    return blocks


def _sheet_blocks(sheet: Worksheet, index: int, ids: Iterator[int]) -> list[Block]:
    blocks = grid_blocks(_grid(sheet, index), ids)
    if blocks and not any(_is_heading(b) for b in blocks):
        heading = _heading_for(sheet.title, blocks)
        if heading is not None:
            # after the title rows (find_title reads above the first heading), before the rest
            at = next((i for i, b in enumerate(blocks) if "报告" not in b.text), 0)
            blocks.insert(at, Block(heading, blocks[at].line))
    return blocks


def _is_heading(block: Block) -> bool:
    return (block.cells is None or len(block.cells) <= 2) and heading_of(block.text, -1) is not None


def _heading_for(title: str, blocks: list[Block]) -> str | None:
    secs = sections()
    idx = heading_of(title, -1)
    if idx is not None:
        return f"{secs[idx].number}、{secs[idx].title}"
    text = key_text("".join(b.text for b in blocks[:12]))
    for key, words in _TABLE_WORDS:
        if any(w in text for w in words):
            s = next(s for s in secs if s.key == key)
            return f"{s.number}、{s.title}"
    return None


def _grid(sheet: Worksheet, index: int) -> list[GridRow]:
    covered: set[tuple[int, int]] = set()
    spans: dict[tuple[int, int], int] = {}
    for rng in sheet.merged_cells.ranges:
        spans[(rng.min_row, rng.min_col)] = rng.max_col - rng.min_col + 1
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if (r, c) != (rng.min_row, rng.min_col):
                    covered.add((r, c))
    rows: list[GridRow] = []
    first_col = sheet.min_column
    for r, values in enumerate(sheet.iter_rows(values_only=True), start=sheet.min_row):
        row = GridRow(r)
        for c, value in enumerate(values, start=first_col):
            if (r, c) in covered:
                continue
            text = _text(value)
            src = Source(text.replace("\n", ""), table=index, row=r, col=c)
            row.add(text, c, spans.get((r, c), 1), src)
        rows.append(row)
    return rows


def _text(value: object) -> str:
    """A cell's value as printed: integral floats without ``.0``, no float noise."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.12g}"
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value).strip()
