"""The PDF reader: reports published as text-layer PDFs, read with pdfplumber.

Each page is parsed once: its characters (``page.chars``) and its ruled tables
(``page.find_tables()``, which only looks at the page's lines and rectangles). Characters
inside a table's cells become that cell's text; every other character becomes a visual
line of text. So a label wrapped over three lines in its cell, or a vertical group label
printed one character a line, stays one label, and the values of its row stay with it.

A table that crosses pages is simply read on: the matcher reads rows in template order
and treats a repeated header on the next page as header text. Page numbers in the page
margins are dropped. Every value keeps its page and the box of its printed text
(x0, top, x1, bottom in PDF points from the top left of the page).

The lines of a paragraph are joined into the paragraph a person reads (see
:func:`~gongkai.core.readers.pdflines.continues`), also across a page break, so that a
sentence wrapped over several lines is narrative as a whole; the paragraph keeps the page
and line number of its first line (lines are counted from the top of each page, a table
row or a line of a paragraph as one). Rectangles drawn without ink (the white shading
Word puts behind paragraphs) are not table rules: prose stays prose.

A PDF without a text layer (a scan) cannot be read without OCR, and says so.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any

import pdfplumber
from pdfplumber.page import Page
from pdfplumber.table import Table as PlumberTable
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from gongkai.core.errors import ReportError
from gongkai.core.numbers import parse_value
from gongkai.core.readers.document import Block, build_report, heading_of, is_prose
from gongkai.core.readers.grid import GridRow, grid_blocks
from gongkai.core.readers.pdflines import (
    Box,
    Char,
    Frame,
    Line,
    box_of,
    continues,
    frame_of,
    joined,
    lines_of,
    rounded,
)
from gongkai.core.readers.tokens import TEXT, VALUE, Token
from gongkai.core.report import Report, Source

NO_TEXT_LAYER = "PDF 没有文字层（扫描件），需要先做文字识别（OCR）"
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3}|\d{1,3})\s*$"
)
MARGIN = 0.1  # share of the page height at top and bottom where page numbers are printed


def read_pdf(data: bytes) -> Report:
    """The report a PDF prints; ReportError when it is not readable as one."""
    return build_report(pdf_blocks(data))


def pdf_blocks(data: bytes) -> list[Block]:
    try:
        pdf = pdfplumber.open(BytesIO(data))
    except (PdfminerException, MalformedPDFException) as e:
        raise ReportError(_unreadable(e)) from None
    pages: list[PageItems] = []
    ids = itertools.count(1)
    chars_seen = undecodable = 0
    with pdf:
        try:
            for number, page in enumerate(pdf.pages, start=1):
                chars = [c for c in page.chars if c["text"].strip()]
                chars_seen += len(chars)
                undecodable += sum(1 for c in chars if c["text"].startswith("(cid:"))
                pages.append(PageItems(float(page.width), page_items(page, number, chars, ids)))
        except (PdfminerException, MalformedPDFException) as e:
            raise ReportError(_unreadable(e)) from None
    if chars_seen == 0:
        raise ReportError(NO_TEXT_LAYER)
    if undecodable > chars_seen / 2:
        raise ReportError("PDF 的文字层无法解码（字体缺少编码表），需要先做文字识别（OCR）")
    return paragraphs(pages)


def _unreadable(e: Exception) -> str:
    cause = e.args[0] if e.args else e
    if "Password" in type(cause).__name__ or "Encrypt" in type(cause).__name__:
        return "PDF 文件已加密，需要先解除密码保护"
    return "PDF 文件已损坏或不完整，无法打开"


# -- one page ---------------------------------------------------------------------------------


@dataclass(slots=True)
class Item:
    """What a page prints at one height: a line of prose (``line`` set: it may carry on a
    paragraph), a line of a table printed without rules, or the rows of a ruled table."""

    top: float
    blocks: list[Block]
    line: Line | None = None


@dataclass(slots=True)
class PageItems:
    """A page's items, and its width (pages of one width share their margins)."""

    width: float
    items: list[Item]


def page_items(page: Page, number: int, chars: Sequence[Char], ids: Iterator[int]) -> list[Item]:
    """The page's text lines and table rows, top to bottom, each block numbered by its
    place on the page."""
    tables = [_TableGrid(t) for t in _inked(page).find_tables()]
    loose: list[Char] = []
    for ch in chars:
        cx = (ch["x0"] + ch["x1"]) / 2
        cy = (ch["top"] + ch["bottom"]) / 2
        for t in tables:
            if t.take(ch, cx, cy):
                break
        else:
            loose.append(ch)
    height = float(page.height)
    items: list[Item] = []
    for line in lines_of(loose):
        if _is_page_number(line, height):
            continue
        block = _line_block(line, number, ids)
        prose = block.cells is None and not line.columnar
        items.append(Item(line.top, [block], line if prose else None))
    for t in tables:
        items.append(Item(t.top, grid_blocks(t.rows(number), ids)))
    items.sort(key=lambda it: it.top)
    n = 0
    for item in items:
        for block in item.blocks:
            n += 1
            block.line = n
    return items


def _inked(page: Page) -> Page:
    """The page without the rectangles nothing is drawn with, whose edges pdfplumber
    would otherwise take for the rules of a table around plain paragraphs."""
    if not any(_no_ink(r) for r in page.rects):
        return page
    return page.filter(lambda obj: obj["object_type"] != "rect" or not _no_ink(obj))


def _no_ink(rect: dict[str, Any]) -> bool:
    if rect.get("stroke"):
        return False
    return not rect.get("fill") or _is_white(rect.get("non_stroking_color"))


def _is_white(colour: object) -> bool:
    if isinstance(colour, int | float):
        colour = (colour,)
    if not isinstance(colour, tuple | list) or not colour:
        return False
    if not all(isinstance(v, int | float) for v in colour):
        return False
    if len(colour) == 4:  # CMYK: no ink at all
        return all(abs(v) < 0.01 for v in colour)
    return all(v > 0.99 for v in colour)


# -- paragraphs -------------------------------------------------------------------------------


def paragraphs(pages: Sequence[PageItems]) -> list[Block]:
    """Every page's blocks in order, each paragraph of prose as one block: its lines
    joined, with the page and line number of its first line."""
    frames = _frames(pages)
    out: list[Block] = []
    para: Block | None = None  # the paragraph being read, and its last line so far
    last: Line | None = None
    for page in pages:
        frame = frames.get(page.width)
        same_page = False
        for item in page.items:
            line = item.line
            if (
                line is not None
                and para is not None
                and last is not None
                and frame is not None
                and continues(last, line, frame, same_page=same_page)
                and heading_of(line.text, -1) is None
            ):
                para.text = joined(para.text, line.text)
                last = line
            else:
                out.extend(item.blocks)
                para, last = (item.blocks[0], line) if line is not None else (None, None)
            same_page = True
    return out


def _frames(pages: Sequence[PageItems]) -> dict[float, Frame]:
    """The text column of each page size (pages of one size share their margins)."""
    by_width: dict[float, list[Line]] = {}
    for page in pages:
        lines = by_width.setdefault(page.width, [])
        lines.extend(it.line for it in page.items if it.line is not None)
    frames: dict[float, Frame] = {}
    for width, lines in by_width.items():
        frame = frame_of(lines)
        if frame is not None:
            frames[width] = frame
    return frames


def _is_page_number(line: Line, height: float) -> bool:
    in_margin = line.bottom < height * MARGIN or line.top > height * (1 - MARGIN)
    return in_margin and _PAGE_NUMBER.match(line.text) is not None


def _line_block(line: Line, page: int, ids: Iterator[int]) -> Block:
    """A line of text; when it ends in numbers (a table printed without rules), its values
    become tokens with their boxes and column centres, as pdftotext -layout lines do."""
    text = line.text
    words = line.words
    i = len(words)
    while i > 0 and parse_value(words[i - 1].text) is not None:
        i -= 1
    if i == len(words) or is_prose(text):
        return Block(text, 0, page)
    row = next(ids)
    toks: list[Token] = []
    if i > 0:
        label = " ".join(w.text for w in words[:i])
        box = rounded((words[0].box[0], line.top, words[i - 1].box[2], line.bottom))
        toks.append(Token(TEXT, label, None, Source(label, page=page, box=box), row))
    aligned = len(words) - i > 1
    for w in words[i:]:
        src = Source(w.text, page=page, box=rounded(w.box))
        toks.append(
            Token(VALUE, w.text, parse_value(w.text), src, row, w.centre if aligned else -1.0)
        )
    return Block(text, 0, page, toks)


class _TableGrid:
    """A ruled table found by pdfplumber, with the characters that fall in its cells."""

    def __init__(self, table: PlumberTable) -> None:
        self.bbox: Box = table.bbox
        self.top = float(table.bbox[1])
        self._rows = table.rows
        xs = sorted({c[0] for c in table.cells})
        ys = sorted({c[1] for c in table.cells})
        self._xs, self._ys = xs, ys
        self._slots: dict[tuple[int, int], Box] = {}
        for cell in table.cells:
            x0, top, x1, bottom = cell
            for i in range(bisect_right(ys, top) - 1, bisect_right(ys, bottom - 0.01)):
                for j in range(bisect_right(xs, x0) - 1, bisect_right(xs, x1 - 0.01)):
                    self._slots[(i, j)] = cell
        self._chars: dict[Box, list[Char]] = {}

    def take(self, ch: Char, cx: float, cy: float) -> bool:
        x0, top, x1, bottom = self.bbox
        if not (x0 <= cx <= x1 and top <= cy <= bottom):
            return False
        i = bisect_right(self._ys, cy) - 1
        j = bisect_right(self._xs, cx) - 1
        cell = self._slots.get((i, j))
        if cell is None:
            return False
        self._chars.setdefault(cell, []).append(ch)
        return True

    def rows(self, page: int) -> list[GridRow]:
        out: list[GridRow] = []
        for row in self._rows:
            grid_row = GridRow(0, page)
            for col, cell in enumerate(row.cells, start=1):
                if cell is None:
                    continue
                self._cell(grid_row, cell, col, page)
            out.append(grid_row)
        return out

    def _cell(self, row: GridRow, cell: Box, col: int, page: int) -> None:
        span = max(1, bisect_right(self._xs, cell[2] - 0.01) - bisect_right(self._xs, cell[0]) + 1)
        chars = self._chars.get(cell)
        if not chars:
            row.add("", col, span, Source("", page=page, box=rounded(cell)))
            return
        text = "\n".join("".join(w.text for w in ln.words) for ln in lines_of(chars))
        flat = text.replace("\n", "")
        row.add(text, col, span, Source(flat, page=page, box=rounded(box_of(chars))))
