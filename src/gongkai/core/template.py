"""The official report formats, loaded from the TOML files in ``templates/``.

Readers, checks, writers and the web form all walk these objects, so a new template
year is a data change. A *cell address* is ``table.row.column`` (DESIGN.md), e.g.
``requests.new_received.natural_person``; legacy rows are ``legacy_stats.<row>.value``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from gongkai.core.labels import key_text, match_key

FORMATS = ("2019", "2021")


HEADING_UNIT = "——"  # the unit of a row that only heads the rows below it


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "count"  # count | signed | amount
    parent: str | None = None


@dataclass(frozen=True)
class Row:
    """One printed row of a table; ``under`` are the merged group labels on its left."""

    key: str
    label: str
    columns: tuple[Column, ...]
    under: tuple[str, ...] = ()
    group: str | None = None
    tags: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    unit: str | None = None
    level: int = 0
    number: str = ""
    section: str | None = None
    keys: tuple[str, ...] = field(default=(), compare=False)
    variant_keys: tuple[str, ...] = field(default=(), compare=False)
    numbered_key: str = field(default="", compare=False)

    @property
    def is_heading(self) -> bool:
        return self.unit == HEADING_UNIT


@dataclass(frozen=True)
class Table:
    key: str
    heading: str
    layout: str  # rows | block | legacy
    rows: tuple[Row, ...]
    columns: tuple[Column, ...] = ()
    column_header: str | None = None
    note: str | None = None
    row_sets: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def row(self, key: str) -> Row:
        for r in self.rows:
            if r.key == key:
                return r
        raise KeyError(key)

    def addresses(self, row_keys: set[str] | None = None) -> list[str]:
        out: list[str] = []
        for r in self.rows:
            if row_keys is not None and r.key not in row_keys:
                continue
            out.extend(f"{self.key}.{r.key}.{c.key}" for c in r.columns)
        return out

    def interchangeable(self) -> dict[str, tuple[str, ...]]:
        return dict(self.row_sets)


@dataclass(frozen=True)
class Section:
    key: str
    number: str
    title: str
    variants: tuple[str, ...]
    keys: tuple[str, ...]


@dataclass(frozen=True)
class Template:
    """One official format: its tables in print order and the row set it prints."""

    format: str
    document: str
    proactive: Table
    requests: Table
    reviews: Table
    default_rows: frozenset[str]

    @property
    def tables(self) -> tuple[Table, Table, Table]:
        return (self.proactive, self.requests, self.reviews)

    def default_addresses(self) -> list[str]:
        """Every cell this format prints when nothing else is known (compiling, writing)."""
        out: list[str] = []
        for t in self.tables:
            out.extend(t.addresses(set(self.default_rows)))
        return out

    def column(self, address: str) -> Column:
        table_key, row_key, col_key = address.split(".")
        table = legacy_table() if table_key == LEGACY_KEY else self.table(table_key)
        for c in table.row(row_key).columns:
            if c.key == col_key:
                return c
        raise KeyError(address)

    def table(self, key: str) -> Table:
        for t in self.tables:
            if t.key == key:
                return t
        raise KeyError(key)


LEGACY_KEY = "legacy_stats"


def _load(name: str) -> dict[str, Any]:
    text = resources.files("gongkai.core").joinpath("templates", name).read_text("utf-8")
    return tomllib.loads(text)


def _columns(items: list[dict[str, Any]]) -> tuple[Column, ...]:
    return tuple(
        Column(c["key"], c["label"], c.get("kind", "count"), c.get("parent")) for c in items
    )


def _row(d: dict[str, Any], columns: tuple[Column, ...], group: str | None = None) -> Row:
    variants = tuple(d.get("variants", ()))
    keys = (match_key(d["label"]),)
    return Row(
        key=d["key"],
        label=d["label"],
        columns=columns,
        under=tuple(d.get("under", ())),
        group=group,
        tags=tuple(d.get("tags", ())),
        variants=variants,
        unit=d.get("unit"),
        level=d.get("level", 0),
        number=d.get("number", ""),
        section=d.get("section"),
        keys=keys,
        variant_keys=tuple(match_key(v) for v in variants),
        numbered_key=key_text(d["label"]),
    )


def _rows_table(d: dict[str, Any]) -> Table:
    columns = _columns(d.get("columns", []))
    if "groups" in d:
        rows = tuple(
            _row(r, _columns(g["columns"]), group=g["label"])
            for g in d["groups"]
            for r in g["rows"]
        )
    else:
        rows = tuple(_row(r, columns) for r in d["rows"])
    return Table(
        key=d["key"],
        heading=d["heading"],
        layout=d["layout"],
        rows=rows,
        columns=columns,
        column_header=d.get("column_header"),
        note=d.get("note"),
        row_sets=tuple((k, tuple(v)) for k, v in d.get("row_sets", {}).items()),
    )


@cache
def template(fmt: str) -> Template:
    """The template of a format (``"2019"`` or ``"2021"``)."""
    if fmt not in FORMATS:
        raise KeyError(fmt)
    d = _load(f"format_{fmt}.toml")
    requests = _rows_table(_load(d["requests"]))
    reviews = _rows_table(_load(d["reviews"]))
    proactive = _rows_table(d["proactive"])
    own = set(dict(requests.row_sets)[d["requests_row_set"]])
    others = {k for _, keys in requests.row_sets for k in keys} - own
    default = {r.key for t in (proactive, requests, reviews) for r in t.rows} - others
    return Template(fmt, d["document"], proactive, requests, reviews, frozenset(default))


@cache
def legacy_table() -> Table:
    """The pre-2019 统计指标 table; heading rows (unit ``——``) hold no cell."""
    d = _load("legacy.toml")
    value = _columns(d["columns"])
    amount = tuple(Column(c.key, c.label, "amount") for c in value)
    rows = tuple(
        _row(r, () if r.get("unit") == "——" else amount if r.get("kind") == "amount" else value)
        for r in d["rows"]
    )
    return Table(key=d["key"], heading=d["heading"], layout="legacy", rows=rows, columns=value)


@cache
def legacy_short_last() -> str:
    return str(_load("legacy.toml")["short_version_last"])


@cache
def sections() -> tuple[Section, ...]:
    d = _load("sections.toml")
    return tuple(
        Section(
            s["key"],
            s["number"],
            s["title"],
            tuple(s.get("variants", ())),
            tuple({key_text(t): None for t in (s["title"], *s.get("variants", ()))}),
        )
        for s in d["sections"]
    )


NARRATIVE_KEYS = ("preamble", "overview", "proactive", "requests", "reviews", "problems", "other")
