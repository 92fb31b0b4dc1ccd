"""Tokens: what every reader turns a table region into before matching it to a template.

A table as it reaches us — one cell a line, a row a line, markdown pipes, aligned columns,
HTML cells — becomes a stream of TEXT (label fragments), VALUE (a number or an explicit
blank marker such as ``—``) and EMPTY (an empty cell or line, which may or may not be a
cell). The matcher (:mod:`gongkai.core.readers.matcher`) then needs no knowledge of the
layout, and every token can say where it was printed.

Text lines become :class:`Stream` columns directly; readers of tables (HTML, DOCX, XLSX,
PDF) make a :class:`Token` per cell, with its place, and the stream takes those in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import chain, compress
from operator import itemgetter
from typing import cast
from unicodedata import east_asian_width

from gongkai.core.labels import key_text
from gongkai.core.numbers import Value, parse_value
from gongkai.core.report import LabelRef, Source

TEXT, VALUE, EMPTY = 0, 1, 2


class Token:
    """One cell, label fragment or empty cell, with where it was printed.

    Readers that know a cell's place in detail (table, row, column, page box) give its
    :class:`~gongkai.core.report.Source`; others leave it to be built when asked.
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

    def __repr__(self) -> str:
        return f"Token({self.kind}, {self.text!r}, line={self.line})"


_CHUNK = re.compile(r"\S+")
_SPACE = re.compile(r"\s")
_MD_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")

# A token of a stream as (kind, text, value, column, centre): kind is "T", "V" or "E" so
# that the kinds of a whole table region make one string the matcher can search.
Shape = tuple[str, str, Value | None, int | None, float]
KIND_CHARS = "TVE"  # indexed by TEXT, VALUE, EMPTY

_PICK = {k: bytes.maketrans(KIND_CHARS.encode(), bytes(int(c == k) for c in KIND_CHARS))
         for k in KIND_CHARS}  # fmt: skip
_EMPTY_LINE: tuple[Shape, ...] = (("E", "", None, 1, -1.0),)
_SHAPES: dict[str, tuple[Shape, ...]] = {}
# the lines of _SHAPES that hold one token, and that token: most lines of a table region
# (one cell a line, labels, values), whose tokens are then the lookups themselves
_SINGLE: dict[str, Shape] = {}
_SHAPES_MAX = 65536


def _width(s: str) -> int:
    if s.isascii():
        return len(s)
    return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in s)


def forget_lines() -> None:
    """Empty the per-line caches (when full, and for benchmarks of unseen reports)."""
    _SHAPES.clear()
    _SINGLE.clear()


def line_shapes(text: str) -> tuple[Shape, ...]:
    """The tokens of one line of plain text, without the line's place.

    Kept per distinct line: the same lines (``0``, a template label, an indented blank)
    recur in every report, and what they hold does not depend on where they stand.
    """
    got = _SHAPES.get(text)
    if got is None:
        if len(_SHAPES) >= _SHAPES_MAX:
            forget_lines()
        got = _SHAPES[text] = _shapes_of(text)
        if len(got) == 1:
            _SINGLE[text] = got[0]
    return got


def _shapes_of(text: str) -> tuple[Shape, ...]:
    """Only the trailing run of number-like chunks are values: ``（其中修订 16 件）`` or
    ``2023 年`` keep their digits as text, while ``规章 0 0 0`` gives a label and three values.
    A markdown table row gives one token per cell."""
    stripped = text.strip()
    if not stripped:
        return _EMPTY_LINE
    if stripped[0] == "|":
        return _markdown_shapes(text)
    if not _SPACE.search(stripped):
        # one cell a line (tables copied off web pages): the common case
        col = text.index(stripped) + 1 if text[0].isspace() else 1
        v = parse_value(stripped)
        return (("T" if v is None else "V", stripped, v, col, -1.0),)
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
    out: list[Shape] = []
    if i > 0:
        first = chunks[0][0]
        end = chunks[i - 1][0] + len(chunks[i - 1][1])
        out.append(("T", text[first:end], None, first + 1, -1.0))
    aligned = len(values) > 1  # horizontal position matters only for aligned columns
    for start, chunk, v in values:
        centre = _width(text[:start]) + _width(chunk) / 2 if aligned else -1.0
        out.append(("V", chunk, v, start + 1, centre))
    return tuple(out)


def _markdown_shapes(text: str) -> tuple[Shape, ...]:
    if _MD_RULE.match(text.strip()):
        return ()
    out: list[Shape] = []
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
        if not content:
            out.append(("E", "", None, col, -1.0))
            continue
        v = parse_value(content)
        out.append(("T" if v is None else "V", content, v, col, -1.0))
    return tuple(out)


class Stream:
    """The tokens of a table region as flat columns, with their kinds as one string.

    The matcher works on indices into these lists: where a row's values start and end,
    which of them are values, is found with ``str.find`` and ``str.count`` over
    :attr:`kinds` rather than by a Python loop over token objects. A token's
    :class:`~gongkai.core.report.Source` is built only for the cells and notes that
    ask for one.
    """

    __slots__ = (
        "_label_key",
        "_labels",
        "aligned",
        "kinds",
        "lines",
        "pages",
        "shapes",
        "sources",
        "texts",
        "values",
    )

    def __init__(self) -> None:
        self.shapes: list[Shape] = []
        self.lines: list[int] = []
        self.pages: list[int | None] = []
        self.sources: dict[int, Source] = {}  # tokens whose reader knew their place
        self.kinds = ""
        self.texts: list[str] = []
        self.values: list[Value | None] = []
        self.aligned = False  # some value has a horizontal position
        self._labels: dict[tuple[int, int, str], str] = {}  # a row's printed label, per row
        self._label_key: str | None = None

    def add_lines(self, texts: list[str], lines: list[int], pages: list[int | None]) -> None:
        """Lines of plain text, with their line numbers and pages."""
        single = list(map(_SINGLE.get, texts))  # most lines were seen, and hold one token
        if None not in single:
            self.shapes += cast(list[Shape], single)
            self.lines += lines
            self.pages += pages
            return
        cached = list(map(_SHAPES.get, texts))
        per_line: list[tuple[Shape, ...]] = (
            [sh if sh is not None else line_shapes(t) for sh, t in zip(cached, texts, strict=True)]
            if None in cached
            else cast(list[tuple[Shape, ...]], cached)
        )
        shapes = list(chain.from_iterable(per_line))
        if len(shapes) != len(per_line):  # some line gave no token or several
            lines = [n for sh, n in zip(per_line, lines, strict=True) for _ in sh]
            pages = [p for sh, p in zip(per_line, pages, strict=True) for _ in sh]
            # values get a position only when a line holds several (aligned columns)
            self.aligned = self.aligned or any(s[4] >= 0 for s in shapes if s[0] == "V")
        self.shapes += shapes
        self.lines += lines
        self.pages += pages

    def add_tokens(self, tokens: Sequence[Token]) -> None:
        """Cells a reader has already made tokens of, with their sources."""
        at = len(self.shapes)
        for n, t in enumerate(tokens, start=at):
            self.shapes.append((KIND_CHARS[t.kind], t.text, t.value, t.column, t.pos))
            self.lines.append(t.line)
            self.pages.append(t.page)
            if t._source is not None:
                self.sources[n] = t._source
            if t.pos >= 0 and t.kind == VALUE:
                self.aligned = True

    def done(self) -> Stream:
        shapes = self.shapes
        self.kinds = "".join(map(itemgetter(0), shapes))
        self.texts = list(map(itemgetter(1), shapes))
        self.values = list(map(itemgetter(2), shapes))
        return self

    def __len__(self) -> int:
        return len(self.shapes)

    def text_of(self, kind: str) -> str:
        """The texts of every token of one kind, joined."""
        # the kinds as bytes with 1 where the kind is ``kind``: compress() then picks the
        # texts without a Python-level call per token
        return "".join(compress(self.texts, self.kinds.encode("ascii").translate(_PICK[kind])))

    def label_key(self) -> str:
        """Every label token's text joined, as a key (:func:`key_text`): what tells the
        format and the unit of amounts. Kept, because both ask; and in key_text's cache,
        because reports of one layout print the same labels and headers (the values, which
        differ, are not label tokens)."""
        if self._label_key is None:
            self._label_key = key_text(self.text_of("T"))
        return self._label_key

    def source(self, at: int) -> Source:
        got = self.sources.get(at)
        if got is None:
            shape = self.shapes[at]
            got = Source(shape[1], self.lines[at], shape[3], self.pages[at])
        return got

    def cell_source(self, at: int, label: LabelRef, how: str) -> Source:
        """The source of a cell read from token ``at``: where, plus the row label as
        printed and how the row was matched (see :attr:`Cell.source`: the label is
        worked out here, when someone asks for it)."""
        if isinstance(label, tuple):
            printed = self._labels.get(label)
            if printed is None:
                printed = self._labels[label] = self.label_for(*label) or ""
            label = printed or None
        t = self.sources.get(at)
        if t is None:
            shape = self.shapes[at]
            return Source(shape[1], self.lines[at], shape[3], self.pages[at],
                          None, None, None, None, label, how)  # fmt: skip
        return Source(t.text, t.line, t.column, t.page, t.box, t.table, t.row, t.col, label, how)

    def label_for(self, a: int, b: int, key: str) -> str | None:
        """The printed label of a row whose label tokens are ``a`` to ``b``: the shortest
        run of trailing label tokens that holds the matched words ``key`` (not the headers
        and group labels before it)."""
        parts: list[str] = []
        for i in range(b - 1, a - 1, -1):
            if self.kinds[i] != "T":
                continue
            parts.insert(0, self.texts[i])
            got = key_text("".join(parts))
            if key in got or len(got) >= len(key):
                break
        return " ".join(parts) or None

    def has_number(self, lo: int, hi: int) -> bool:
        """Runs of blank markers only (``- -`` under a header) are placeholders, not data."""
        kinds, values = self.kinds, self.values
        at = kinds.find("V", lo, hi)
        while at >= 0:
            v = values[at]
            if v is not None and v.number is not None:
                return True
            at = kinds.find("V", at + 1, hi)
        return False


def cell_token(text: str, source: Source, row: int) -> Token:
    """A token for one table cell (HTML, DOCX, XLSX readers)."""
    content = text.strip()
    if not content:
        return Token(EMPTY, "", None, source, row)
    v = parse_value(content)
    if v is None:
        return Token(TEXT, content, None, source, row)
    return Token(VALUE, content, v, source, row)
