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
from itertools import compress, repeat

from gongkai.core.numbers import Value
from gongkai.core.readers.document import Block, heading_of
from gongkai.core.readers.tokens import EMPTY, TEXT, VALUE, Token, cell_token
from gongkai.core.report import Source

_BLANK = Value(None)


class GridRow:
    """The cells that start in one table row, left to right (cells merged from the row
    above are left out), with the line and page the row is reported at.

    The cells are kept as columns: each one's text (stripped lines joined by ``\\n``),
    first grid column (1-based), the number of grid columns it covers, and where it was
    read (the source's text is the cell's text as one line, what a label or a value is
    read from): a table has hundreds of cells, each of which already costs a source and
    a token, so it gets no object of its own besides.
    """

    __slots__ = ("cols", "line", "page", "sources", "spans", "texts")

    def __init__(self, line: int, page: int | None = None) -> None:
        self.texts: list[str] = []
        self.cols: list[int] = []
        self.spans: list[int] = []
        self.sources: list[Source] = []
        self.line = line
        self.page = page

    def add(self, text: str, col: int, span: int, source: Source) -> None:
        self.texts.append(text)
        self.cols.append(col)
        self.spans.append(span)
        self.sources.append(source)


def grid_blocks(rows: Sequence[GridRow], ids: Iterator[int]) -> list[Block]:
    """Blocks for one table; ``ids`` gives each table row a number unique in the document.

    Cell texts come stripped, their lines joined by ``\\n``. Rows are cut into bands at
    text rows (a section heading or a 第二十条 group title printed as one cell): each band
    has its own value columns, so one table, or one sheet, holding all three reads right.
    A band that prints no number at all (a group left wholly blank) takes the table's
    value columns, less the columns its rows have their labels in.
    """
    parts: list[list[Block] | _Band] = []
    band: list[GridRow] = []
    for row in rows:
        texts = row.texts
        empty = texts.count("")
        if empty == len(texts):
            continue
        if empty == len(texts) - 1:
            text = texts[0] if empty == 0 else next(t for t in texts if t)
            if empty == 0 or _is_text_line(text):
                if band:
                    parts.append(_Band(band, ids))
                    band = []
                parts.append([Block(ln, row.line, row.page) for ln in text_lines(text)])
                continue
        band.append(row)
    if band:
        parts.append(_Band(band, ids))
    table_numbers: set[int] = set()
    for part in parts:
        if isinstance(part, _Band):
            table_numbers |= part.numbers
    out: list[Block] = []
    for part in parts:
        if isinstance(part, _Band):
            if not part.numbers:
                part.numbers = table_numbers - part.label_columns()
            part.blocks(out)
        else:
            out.extend(part)
    return out


def text_lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.split("\n") if ln.strip()]


def _flat(text: str) -> str:
    """A cell's lines as one label: wrapped Chinese joins without a space."""
    return text.replace("\n", "") if "\n" in text else text


def _is_text_line(text: str) -> bool:
    """A section heading or a sentence: text, even when the row has other (empty) cells."""
    flat = _flat(text)
    return "。" in flat or heading_of(flat, -1) is not None


class _Band:
    """Consecutive table rows that share value columns (the columns printing numbers)."""

    def __init__(self, band: list[GridRow], ids: Iterator[int]) -> None:
        # each row with its cells' one-line texts, its tokens, and whether it has an empty
        # cell (a blank, in a data row)
        self.rows: list[tuple[GridRow, list[str], list[Token], bool]] = []
        numbers: set[int] = set()
        for row in band:
            row_id = next(ids)
            sources = row.sources
            flats = [s.text for s in sources]
            toks = list(map(cell_token, flats, sources, repeat(row_id)))
            empty = False
            for i, tok in enumerate(toks):
                kind = tok.kind
                if kind == VALUE:
                    value = tok.value
                    if value is not None and value.number is not None:
                        span = row.spans[i]
                        if span == 1:
                            numbers.add(row.cols[i])
                        else:
                            numbers.update(range(row.cols[i], row.cols[i] + span))
                elif kind == EMPTY:
                    empty = True
            self.rows.append((row, flats, toks, empty))
        self.numbers = numbers

    def label_columns(self) -> set[int]:
        """Columns covered by the first printed cell of each row."""
        cols: set[int] = set()
        for row, _, _, _ in self.rows:
            first = next(i for i, t in enumerate(row.texts) if t)
            cols.update(range(row.cols[first], row.cols[first] + row.spans[first]))
        return cols

    def blocks(self, out: list[Block]) -> None:
        """Each row as a block of tokens, onto ``out``; in a data row, an empty cell under
        a value column is a blank."""
        numbers = self.numbers
        first_value = min(numbers, default=0)
        for row, flats, toks, empty in self.rows:
            if empty and numbers:
                inside = [
                    c in numbers if span == 1 else _in(c, span, numbers)
                    for c, span in zip(row.cols, row.spans, strict=True)
                ]
                if True in inside and _is_data_row(row.cols, toks, inside, first_value):
                    for tok, within in zip(toks, inside, strict=True):
                        if within and tok.kind == EMPTY:  # the token is this row's own
                            tok.kind, tok.value = VALUE, _BLANK
            text = " ".join(compress(flats, row.texts))
            out.append(Block(text, row.line, row.page, toks))


def _in(col: int, span: int, cols: set[int]) -> bool:
    return any(c in cols for c in range(col, col + span))


def _is_data_row(cols: list[int], toks: list[Token], inside: list[bool], first_value: int) -> bool:
    """Labels left of the value columns, then only values and empty cells under them."""
    has_number = has_label = value_slot = False
    for col, tok, within in zip(cols, toks, inside, strict=True):
        kind = tok.kind
        if kind == TEXT:
            if within:
                return False  # a header: column titles over the values
            has_label = has_label or col < first_value
        elif within:
            value_slot = True
            has_number = has_number or kind == VALUE
    return value_slot and (has_number or has_label)
