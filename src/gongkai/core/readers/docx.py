"""The DOCX reader: reports as Word files, opened with python-docx.

The document body is read in order straight from its XML: paragraphs are text blocks
(a value split over several runs is one string again), tables are grids. Merged cells are
read from the cell properties themselves — ``gridSpan`` for a cell over several columns,
``vMerge`` for one over several rows — so each printed cell reaches the matcher once, at
its first row and column, which is what de-duplicating python-docx's repeated ``_Cell``
objects by their ``tc`` element gives, without building python-docx's cell matrix.
Provenance: table (0-based, in document order), row and grid column (1-based).
"""

from __future__ import annotations

import itertools
import zipfile
import zlib
from collections.abc import Iterator
from io import BytesIO
from typing import cast

import docx
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from gongkai.core.errors import ReportError
from gongkai.core.readers.document import Block, build_report
from gongkai.core.readers.grid import GridRow, grid_blocks, text_lines
from gongkai.core.report import Report, Source

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006"}
_P, _TBL, _SDT, _TR, _TC = (f"{{{W}}}{t}" for t in ("p", "tbl", "sdt", "tr", "tc"))
_T, _TAB, _BR, _CR = (f"{{{W}}}{t}" for t in ("t", "tab", "br", "cr"))
_LIVE = "not(ancestor::w:del or ancestor::w:moveFrom or ancestor::mc:Fallback or ancestor::w:pPr)"
_RUNS = etree.XPath(
    f".//w:t[{_LIVE}] | .//w:tab[{_LIVE}] | .//w:br[{_LIVE}] | .//w:cr[{_LIVE}]",
    namespaces=NS,
)
_ROWS = etree.XPath("./w:tr | ./w:sdt/w:sdtContent/w:tr", namespaces=NS)
_CELLS = etree.XPath("./w:tc | ./w:sdt/w:sdtContent/w:tc", namespaces=NS)
_CELL_PARAGRAPHS = etree.XPath("./w:p | ./w:sdt/w:sdtContent/w:p", namespaces=NS)
_NESTED = etree.XPath("boolean(.//w:tbl)", namespaces=NS)
_GRID_BEFORE = etree.XPath("string(./w:trPr/w:gridBefore/@w:val)", namespaces=NS)
_GRID_SPAN = etree.XPath("string(./w:tcPr/w:gridSpan/@w:val)", namespaces=NS)
_VMERGE = etree.XPath("./w:tcPr/w:vMerge", namespaces=NS)
_HMERGE = etree.XPath("./w:tcPr/w:hMerge", namespaces=NS)
_VAL = f"{{{W}}}val"

Element = etree._Element


def _found(xpath: etree.XPath, el: Element) -> list[Element]:
    return cast(list[Element], xpath(el))


def _string(xpath: etree.XPath, el: Element) -> str:
    return str(xpath(el))


def read_docx(data: bytes) -> Report:
    """The report a Word file prints; ReportError when it is damaged or not a report."""
    return build_report(docx_blocks(data))


def docx_blocks(data: bytes) -> list[Block]:
    try:
        document = docx.Document(BytesIO(data))
    except (
        zipfile.BadZipFile,
        PackageNotFoundError,
        KeyError,
        ValueError,
        EOFError,
        zlib.error,  # a damaged compressed part
        etree.XMLSyntaxError,
    ):
        raise ReportError("Word（DOCX）文件已损坏或不完整，无法打开") from None
    reader = _Body()
    reader.read(document.element.body)
    return reader.blocks


class _Body:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.paragraphs = 0
        self.tables = 0
        self.ids: Iterator[int] = itertools.count(1)

    def read(self, parent: Element) -> None:
        for el in parent:
            tag = el.tag
            if tag == _P:
                self.paragraphs += 1
                for line in text_lines(paragraph_text(el)):
                    self.blocks.append(Block(line, self.paragraphs))
            elif tag == _TBL:
                self.table(el)
            elif tag == _SDT:
                for content in el.iterchildren(f"{{{W}}}sdtContent"):
                    self.read(content)

    def table(self, tbl: Element) -> None:
        if bool(_NESTED(tbl)):
            # a layout table: its cells hold paragraphs and the real tables
            for tr in _found(_ROWS, tbl):
                for tc in _found(_CELLS, tr):
                    self.read(tc)
            return
        index = self.tables
        self.tables += 1
        self.paragraphs += 1
        self.blocks.extend(grid_blocks(_grid(tbl, index, self.paragraphs), self.ids))


def paragraph_text(p: Element) -> str:
    """The paragraph's text: its runs joined, tabs kept, line breaks as ``\\n``."""
    parts: list[str] = []
    for el in _found(_RUNS, p):
        tag = el.tag
        if tag == _T:
            parts.append(el.text or "")
        elif tag == _TAB:
            parts.append("\t")
        elif tag == _CR or (tag == _BR and el.get(f"{{{W}}}type") in (None, "textWrapping")):
            parts.append("\n")
    return "".join(parts)


def _grid(tbl: Element, index: int, line: int) -> list[GridRow]:
    rows: list[GridRow] = []
    for r, tr in enumerate(_found(_ROWS, tbl), start=1):
        col = 1 + _int(_string(_GRID_BEFORE, tr), 0)
        row = GridRow(line)
        for tc in _found(_CELLS, tr):
            span = _int(_string(_GRID_SPAN, tc), 1)
            if not _continues(tc):
                text = "\n".join(
                    " ".join(paragraph_text(p).split()) for p in _found(_CELL_PARAGRAPHS, tc)
                ).strip("\n")
                flat = "".join(text.split("\n"))
                row.add(text, col, span, Source(flat, table=index, row=r, col=col))
            col += span
        rows.append(row)
    return rows


def _continues(tc: Element) -> bool:
    """A cell merged into the one above (vMerge continue) or to its left (hMerge)."""
    for merge in _found(_VMERGE, tc):
        return merge.get(_VAL) in (None, "continue")
    return any(m.get(_VAL) in (None, "continue") for m in _found(_HMERGE, tc))


def _int(value: str, default: int) -> int:
    try:
        return max(1, int(value)) if default else max(0, int(value))
    except ValueError:
        return default
