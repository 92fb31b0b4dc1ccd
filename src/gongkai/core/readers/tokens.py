"""Tokens: what every reader turns a table region into before matching it to a template.

A table as it reaches us — one cell a line, a row a line, markdown pipes, aligned columns,
HTML cells — becomes a stream of TEXT (label fragments), VALUE (a number or an explicit
blank marker such as ``—``) and EMPTY (an empty cell or line, which may or may not be a
cell). The matcher (:mod:`gongkai.core.readers.matcher`) then needs no knowledge of the
layout, and every token carries its :class:`~gongkai.core.report.Source`.
"""

from __future__ import annotations

import re
from unicodedata import east_asian_width

from gongkai.core.numbers import Value, parse_value
from gongkai.core.report import Source

TEXT, VALUE, EMPTY = 0, 1, 2


class Token:
    """One cell, label fragment or empty cell, with where it was printed.

    The :class:`~gongkai.core.report.Source` is built only when someone asks for it (a
    cell kept, a note written): most tokens of a report are header fragments and the
    values of rows that are read once, and building a Source for each of them would be
    most of the reading time.
    """

    __slots__ = ("_source", "column", "kind", "line", "page", "pos", "text", "value")

    def __init__(
        self,
        kind: int,
        text: str,
        value: Value | None,
        source: Source | None,
        line: int,
        pos: float = -1.0,
        column: int | None = None,
        page: int | None = None,
    ) -> None:
        self.kind = kind
        self.text = text
        self.value = value
        self._source = source
        self.line = line  # index of the physical line (or table row) the token came from
        self.pos = pos  # horizontal centre, for aligned-column layouts; -1 when unknown
        self.column = column
        self.page = page

    @property
    def source(self) -> Source:
        if self._source is None:
            self._source = Source(self.text, self.line, self.column, self.page)
        return self._source

    def cell_source(self, label: str | None, how: str) -> Source:
        """The source of a cell read from this token: where, plus the row label as printed
        and how the row was matched."""
        t = self._source
        if t is None:
            return Source(self.text, self.line, self.column, self.page, None, None, None, None,
                          label, how)  # fmt: skip
        return Source(t.text, t.line, t.column, t.page, t.box, t.table, t.row, t.col, label, how)

    def __repr__(self) -> str:
        return f"Token({self.kind}, {self.text!r}, line={self.line})"


_CHUNK = re.compile(r"\S+")
_SPACE = re.compile(r"\s")
_MD_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _width(s: str) -> int:
    if s.isascii():
        return len(s)
    return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in s)


def line_tokens(text: str, line_no: int, page: int | None) -> list[Token]:
    """Tokens of one line of plain text.

    Only the trailing run of number-like chunks are values: ``（其中修订 16 件）`` or
    ``2023 年`` keep their digits as text, while ``规章 0 0 0`` gives a label and three values.
    A markdown table row gives one token per cell.
    """
    stripped = text.strip()
    if not stripped:
        return [Token(EMPTY, "", None, None, line_no, -1.0, 1, page)]
    if stripped[0] == "|":
        return _markdown_tokens(text, line_no, page)
    if not _SPACE.search(stripped):
        # one cell a line (tables copied off web pages): the common case, kept cheap
        col = text.index(stripped) + 1 if text[0].isspace() else 1
        v = parse_value(stripped)
        return [Token(TEXT if v is None else VALUE, stripped, v, None, line_no, -1.0, col, page)]
    chunks = [(m.start(), m.group()) for m in _CHUNK.finditer(text)]
    values: list[tuple[int, str, Value]] = []
    i = len(chunks)
    while i > 0:
        start, chunk = chunks[i - 1]
        v = parse_value(chunk)
        if v is None:
            break
        values.append((start, chunk, v))
        i -= 1
    values.reverse()
    out: list[Token] = []
    if i > 0:
        first = chunks[0][0]
        end = chunks[i - 1][0] + len(chunks[i - 1][1])
        out.append(Token(TEXT, text[first:end], None, None, line_no, -1.0, first + 1, page))
    aligned = len(values) > 1  # horizontal position matters only for aligned columns
    for start, chunk, v in values:
        centre = _width(text[:start]) + _width(chunk) / 2 if aligned else -1.0
        out.append(Token(VALUE, chunk, v, None, line_no, centre, start + 1, page))
    return out


def _markdown_tokens(text: str, line_no: int, page: int | None) -> list[Token]:
    if _MD_RULE.match(text.strip()):
        return []
    out: list[Token] = []
    body = text.strip()
    offset = text.index("|")
    cells = body.split("|")
    if cells and cells[0] == "":
        cells = cells[1:]
        offset += 1
    if cells and cells[-1].strip() == "":
        cells = cells[:-1]
    for cell in cells:
        content = cell.strip()
        col = offset + (cell.index(content) if content else 0) + 1
        offset += len(cell) + 1
        src = Source(content, line=line_no, column=col, page=page)
        if not content:
            out.append(Token(EMPTY, "", None, src, line_no))
            continue
        v = parse_value(content)
        if v is None:
            out.append(Token(TEXT, content, None, src, line_no))
        else:
            out.append(Token(VALUE, content, v, src, line_no))
    return out


def cell_token(text: str, source: Source, row: int) -> Token:
    """A token for one table cell (HTML, DOCX, XLSX readers)."""
    content = text.strip()
    if not content:
        return Token(EMPTY, "", None, source, row)
    v = parse_value(content)
    if v is None:
        return Token(TEXT, content, None, source, row)
    return Token(VALUE, content, v, source, row)
