"""The ``Report`` value: every cell of an annual report with where it was read.

A report is a flat mapping of cell address to :class:`Cell`; the nested interchange JSON
of DESIGN.md (``gongkai.report/1``) is derived from it in template order. Keeping the
cells flat makes checks and writers generic over the templates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any, Protocol

from gongkai.core.template import (
    FORMATS,
    LEGACY_KEY,
    NARRATIVE_KEYS,
    Row,
    Table,
    legacy_table,
    template,
)

SCHEMA = "gongkai.report/1"
Number = int | Decimal


@dataclass(slots=True)
class Source:
    """Where a value was read, as precisely as the input allows.

    Text gives line and column; PDF gives page and box; HTML, DOCX and XLSX give
    table, row and column (0-based table index, 1-based row and column).
    ``label`` is the row label as printed and ``match`` how it was matched to the
    template: ``exact``, ``variant`` (a known printed variant), ``fuzzy`` or
    ``position`` (no usable label; taken by its place in the table).

    Treated as a value and never mutated; not ``frozen`` only because frozen dataclasses
    construct several times slower, and readers make one per printed cell. For the same
    reason ``__init__`` is written out: the one ``dataclass`` generates is interpreted
    Python even when the core is compiled, and cost a batch worker a twentieth of its time.
    """

    text: str
    line: int | None = None
    column: int | None = None
    page: int | None = None
    box: tuple[float, float, float, float] | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None
    label: str | None = None
    match: str = "exact"

    def __init__(
        self,
        text: str,
        line: int | None = None,
        column: int | None = None,
        page: int | None = None,
        box: tuple[float, float, float, float] | None = None,
        table: int | None = None,
        row: int | None = None,
        col: int | None = None,
        label: str | None = None,
        match: str = "exact",
    ) -> None:
        self.text = text
        self.line = line
        self.column = column
        self.page = page
        self.box = box
        self.table = table
        self.row = row
        self.col = col
        self.label = label
        self.match = match

    def where(self) -> str:
        """A short Chinese description of the place, for findings a person reads."""
        parts: list[str] = []
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.line is not None:
            parts.append(f"第{self.line}行" + (f"第{self.column}列" if self.column else ""))
        if self.box is not None:
            x0, top, _, _ = self.box
            parts.append(f"位置({x0:.0f},{top:.0f})")
        if self.table is not None:
            parts.append(f"表格{self.table + 1}第{self.row}行第{self.col}列")
        return "".join(parts) or "位置不详"

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text}
        for name in ("line", "column", "page", "box", "table", "row", "col", "label"):
            v = getattr(self, name)
            if v is not None:
                out[name] = list(v) if isinstance(v, tuple) else v
        if self.match != "exact":
            out["match"] = self.match
        return out

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Source:
        box = d.get("box")
        return cls(
            text=str(d.get("text", "")),
            line=d.get("line"),
            column=d.get("column"),
            page=d.get("page"),
            box=(box[0], box[1], box[2], box[3]) if box else None,
            table=d.get("table"),
            row=d.get("row"),
            col=d.get("col"),
            label=d.get("label"),
            match=d.get("match", "exact"),
        )


# A row label as a reader knows it: printed text, or where to find it in what was read.
LabelRef = tuple[int, int, str] | str | None


class Origin(Protocol):
    """Whatever a cell was read from that can say where, when asked (a reader's table
    reader): see :attr:`Cell.source`."""

    def cell_source(self, at: int, label: LabelRef, how: str) -> Source: ...


class Cell:
    """A value and where it was printed.

    Readers give the place as an origin (the token stream, the token's index in it, the
    row label and how the row was matched) and the :class:`Source` is built the first
    time someone asks: checking a report needs the values of every cell but the place of
    only the few a finding names, and building a Source per cell was a good part of the
    reading time. The origin is kept as four fields rather than one tuple, which would
    be one more object per cell.
    """

    __slots__ = ("_at", "_how", "_label", "_origin", "_source", "value")

    def __init__(
        self,
        value: Number | None,
        source: Source | None = None,
        origin: Origin | None = None,
        at: int = 0,
        label: LabelRef = None,
        how: str = "exact",
    ) -> None:
        self.value = value
        self._source = source
        self._origin = origin
        self._at = at
        self._label = label
        self._how = how

    @property
    def source(self) -> Source | None:
        if self._source is None and self._origin is not None:
            self._source = self._origin.cell_source(self._at, self._label, self._how)
            self._origin = None
        return self._source

    @source.setter
    def source(self, source: Source | None) -> None:
        self._source = source
        self._origin = None

    @property
    def printed(self) -> str:
        source = self.source
        if source is not None:
            return source.text
        return "" if self.value is None else str(self.value)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Cell):
            return NotImplemented
        return self.value == other.value and self.source == other.source

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dataclass it replaces

    def __reduce__(self) -> tuple[type[Cell], tuple[Number | None, Source | None]]:
        # pickled as value and place: the reader it came from stays behind
        return (Cell, (self.value, self.source))

    def __repr__(self) -> str:
        return f"Cell(value={self.value!r}, source={self.source!r})"


@dataclass(frozen=True, slots=True)
class ReadNote:
    """Something a reader noticed: a fuzzy label match, a row not printed, a row with
    too few values. Checks report these as ``read.*`` findings."""

    kind: str
    message: str
    address: str | None = None
    source: Source | None = None


@cache
def _alternative_rows(fmt: str, table_key: str) -> tuple[Row, ...]:
    """The rows of a table that belong to interchangeable sets (（六）其他处理 as one row or
    three): whether a report printed them decides which rows it holds."""
    table = template(fmt).table(table_key)
    return tuple(table.row(k) for ks in table.interchangeable().values() for k in ks)


@cache
def _rows_present(fmt: str, table_key: str, printed: frozenset[str]) -> tuple[str, ...]:
    """The row keys a report holds, given which interchangeable rows it printed: the
    printed sets, falling back to the format's own (kept per answer: a handful exist)."""
    tpl = template(fmt)
    table = tpl.table(table_key)
    keys = [r.key for r in table.rows]
    sets = table.interchangeable()
    if sets:
        if printed:
            drop = {k for ks in sets.values() for k in ks if not set(ks) & printed}
        else:
            drop = {k for ks in sets.values() for k in ks} - tpl.default_rows
        keys = [k for k in keys if k not in drop]
    return tuple(keys)


@dataclass
class Report:
    format: str
    agency: str | None = None
    year: int | None = None
    cells: dict[str, Cell] = field(default_factory=dict)
    narrative: dict[str, str] = field(default_factory=dict)
    notes: list[ReadNote] = field(default_factory=list)
    meta_sources: dict[str, Source] = field(default_factory=dict)
    narrative_sources: dict[str, list[Source]] = field(default_factory=dict)
    headings: set[str] = field(default_factory=set)

    def value(self, address: str) -> Number | None:
        cell = self.cells.get(address)
        return None if cell is None else cell.value

    def rows_present(self, table_key: str) -> list[str]:
        """The row keys of a table this report holds, in template order.

        For table 三 the （六）其他处理 rows are the ones printed (one 2019-style row or the
        three 2021 rows), falling back to the format's own.
        """
        if table_key == LEGACY_KEY:
            return [
                r.key for r in legacy_table().rows if f"{LEGACY_KEY}.{r.key}.value" in self.cells
            ]
        fmt = self.format if self.format in FORMATS else "2021"
        printed = frozenset(
            r.key for r in _alternative_rows(fmt, table_key) if self._has_row(table_key, r)
        )
        return list(_rows_present(fmt, table_key, printed))

    def _has_row(self, table_key: str, row: Row) -> bool:
        cells = self.cells
        return any(f"{table_key}.{row.key}.{c.key}" in cells for c in row.columns)

    def addresses(self, table: Table) -> list[str]:
        out: list[str] = []
        for rk in self.rows_present(table.key):
            out.extend(f"{table.key}.{rk}.{c.key}" for c in table.row(rk).columns)
        return out

    def all_addresses(self) -> list[str]:
        """Every cell of tables 二–四 this report holds, in template order (blanks included)."""
        if self.format not in FORMATS:
            return []
        out: list[str] = []
        for t in template(self.format).tables:
            out.extend(self.addresses(t))
        return out

    # -- interchange JSON -------------------------------------------------------------

    def to_interchange(self, provenance: bool = False) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "schema": SCHEMA,
            "format": self.format,
            "agency": self.agency,
            "year": self.year,
        }
        if self.format in FORMATS:
            for table in template(self.format).tables:
                doc[table.key] = self._nested(table)
        legacy_rows = self.rows_present(LEGACY_KEY)
        if legacy_rows:
            lt = legacy_table()
            doc[LEGACY_KEY] = {
                rk: {"unit": lt.row(rk).unit, "value": self.value(f"{LEGACY_KEY}.{rk}.value")}
                for rk in legacy_rows
            }
        doc["narrative"] = {k: self.narrative[k] for k in NARRATIVE_KEYS if self.narrative.get(k)}
        if provenance:
            sources = {k: s.to_json() for k, s in self.meta_sources.items()}
            for key, lines in self.narrative_sources.items():
                if lines:
                    sources[f"narrative.{key}"] = {"lines": [s.line for s in lines if s.line]}
            sources.update(
                {a: c.source.to_json() for a, c in self.cells.items() if c.source is not None}
            )
            doc["sources"] = sources
        return doc

    def _nested(self, table: Table) -> dict[str, Any]:
        return {
            rk: {c.key: self.value(f"{table.key}.{rk}.{c.key}") for c in table.row(rk).columns}
            for rk in self.rows_present(table.key)
        }

    @classmethod
    def from_interchange(cls, doc: dict[str, Any]) -> Report:
        from gongkai.core.readers.interchange import report_from_interchange

        return report_from_interchange(doc)
