"""Rows of a real table (HTML, DOCX, XLSX, PDF) as blocks the matcher reads like text.

A reader that sees a table knows where each cell sits in the grid and how far it spans.
This module decides which tokens each row gives, so that every format reaches
:func:`~gongkai.core.readers.document.build_report` the way the text layouts do:

* each cell once, at its top-left position: a merged label (三、本年度办理结果 over twenty
  rows) reaches the matcher once, before the rows it spans, as text prints it; a merged
  value cell (本年处理决定数量 over three columns) is one value, not three;
* an empty cell is a *blank* (None) only in a data row and under a column that holds numbers
  in the same band of rows; elsewhere (under a header, in a spacer row) it stays layout.
  So a row printed with no value at all still reaches the matcher as a row of blanks;
* a row that is a single cell — a section heading, a 第二十条 group title, prose someone put
  in a table — becomes text, so headings and narrative are found as in a text file.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from gongkai.core.numbers import Value
from gongkai.core.readers.document import Block, heading_of
from gongkai.core.readers.tokens import EMPTY, TEXT, VALUE, Token, cell_token
from gongkai.core.report import Source

_BLANK = Value(None)


@dataclass(slots=True)
class GridCell:
    """One printed cell: its text (lines joined by ``\\n``), first grid column (1-based),
    the number of grid columns it covers, and where it was read."""

    text: str
    col: int
    span: int
    source: Source


@dataclass(slots=True)
class GridRow:
    """The cells that start in one table row, left to right (cells merged from the row
    above are left out), with the line and page the row is reported at."""

    cells: list[GridCell]
    line: int
    page: int | None = None


def grid_blocks(rows: Sequence[GridRow], ids: Iterator[int]) -> list[Block]:
    """Blocks for one table; ``ids`` gives each table row a number unique in the document."""
    out: list[Block] = []
    for band in _bands(rows):
        if len(band) == 1 and _is_text_row(band[0]):
            row = band[0]
            cell = next(c for c in row.cells if c.text.strip())
            out.extend(Block(ln, row.line, row.page) for ln in text_lines(cell.text))
            continue
        tokens = [[cell_token(_flat(c.text), c.source, 0) for c in row.cells] for row in band]
        numbers = _value_columns(band, tokens)
        first_value = min(numbers, default=0)
        for row, toks in zip(band, tokens, strict=True):
            block = _row_block(row, toks, numbers, first_value, next(ids))
            if block is not None:
                out.append(block)
    return out


def text_lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.split("\n") if ln.strip()]


def _flat(text: str) -> str:
    """A cell's lines as one label: wrapped Chinese joins without a space."""
    if "\n" not in text:
        return text.strip()
    return "".join(ln.strip() for ln in text.split("\n"))


def _bands(rows: Sequence[GridRow]) -> Iterator[list[GridRow]]:
    """Runs of rows between text rows (section headings, 第二十条 group titles printed as
    one cell): each band has its own value columns, so a table or a sheet holding all
    three tables reads right."""
    band: list[GridRow] = []
    for row in rows:
        if _is_text_row(row):
            if band:
                yield band
                band = []
            yield [row]
        else:
            band.append(row)
    if band:
        yield band


def _is_text_row(row: GridRow) -> bool:
    """One cell over the whole row, or one filled cell that is a heading or a sentence."""
    filled = [c for c in row.cells if c.text.strip()]
    if len(filled) != 1:
        return False
    if len(row.cells) == 1:
        return True
    flat = _flat(filled[0].text)
    return heading_of(flat, -1) is not None or "。" in flat


def _covers(cell: GridCell) -> range:
    return range(cell.col, cell.col + max(cell.span, 1))


def _value_columns(band: Sequence[GridRow], tokens: Sequence[list[Token]]) -> set[int]:
    cols: set[int] = set()
    for row, toks in zip(band, tokens, strict=True):
        for cell, tok in zip(row.cells, toks, strict=True):
            if _is_number(tok):
                cols.update(_covers(cell))
    return cols


def _is_number(tok: Token) -> bool:
    return tok.kind == VALUE and tok.value is not None and tok.value.number is not None


def _in(cell: GridCell, cols: set[int]) -> bool:
    return any(c in cols for c in _covers(cell))


def _row_block(
    row: GridRow, toks: list[Token], numbers: set[int], first_value: int, row_id: int
) -> Block | None:
    filled = [c for c in row.cells if c.text.strip()]
    if not filled:
        return None
    for t in toks:
        t.line = row_id
    if _is_data_row(row, toks, numbers, first_value):
        for i, (cell, tok) in enumerate(zip(row.cells, toks, strict=True)):
            if tok.kind == EMPTY and _in(cell, numbers):
                toks[i] = Token(VALUE, "", _BLANK, cell.source, row_id)
    text = " ".join(_flat(c.text) for c in filled)
    return Block(text, row.line, row.page, toks)


def _is_data_row(row: GridRow, toks: list[Token], numbers: set[int], first_value: int) -> bool:
    """Labels left of the value columns, then only values and empty cells under them."""
    if not numbers:
        return False
    has_number = has_label = value_slot = False
    for cell, tok in zip(row.cells, toks, strict=True):
        inside = _in(cell, numbers)
        if tok.kind == TEXT:
            if inside:
                return False  # a header: column titles over the values
            has_label = has_label or cell.col < first_value
        elif inside:
            value_slot = True
            has_number = has_number or tok.kind == VALUE
    return value_slot and (has_number or has_label)
