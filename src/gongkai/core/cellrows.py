"""A report's cells as flat rows, each with where it was read, and those rows as JSON:
what a batch keeps of a report and shows in its cell tables (one row per report and cell).

Part of the core, and compiled with it, because a batch worker spent as long turning a
report's two hundred cells into rows and JSON as reading the report. The JSON is written
from kept encodings of the strings: addresses, row labels, how they matched and most
printed values ("0", "12") recur from report to report, and encoding each again (CJK
text, which ``json`` copies character by character) was most of that time.
"""

from __future__ import annotations

import json
from decimal import Decimal

from gongkai.core.report import Cell, Number, Report, Source

# One cell: address, value as the report holds it (None for a blank), then where it was
# read (printed text, line and column; page and box; table, row and column; the label
# and how it matched). ``printed`` is None only when the reader kept no source.
CellRow = tuple[
    str,
    str | None,
    str | None,
    int | None,
    int | None,
    int | None,
    str | None,
    int | None,
    int | None,
    int | None,
    str | None,
    str | None,
]

_NO_SOURCE = (None, None, None, None, None, None, None, None, None, None)


def show_value(v: Number | None) -> str | None:
    """A value as a row holds it: its digits, exactly (a Decimal keeps its places)."""
    return None if v is None else str(v)


def row_value(text: str | None) -> Number | None:
    """The value of a row's text: :func:`show_value` undone."""
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        return Decimal(text)


def _box(box: tuple[float, float, float, float] | None) -> str | None:
    return None if box is None else ",".join(repr(float(x)) for x in box)


def cell_row(address: str, cell: Cell) -> CellRow:
    s = cell.source
    value = show_value(cell.value)
    if s is None:
        return (address, value, *_NO_SOURCE)
    return (
        address,
        value,
        s.text,
        s.line,
        s.column,
        s.page,
        _box(s.box),
        s.table,
        s.row,
        s.col,
        s.label,
        s.match,
    )


def cell_rows(report: Report) -> list[CellRow]:
    """The report's cells in the order of their addresses."""
    return [cell_row(a, c) for a, c in sorted(report.cells.items())]


def cell_from_row(row: CellRow) -> tuple[str, Cell]:
    """The address and cell a row was made from (the source as the row kept it)."""
    address, value, printed, line, column, page, box, table, trow, tcol, label, match = row
    source = None
    if printed is not None:
        b = [float(x) for x in box.split(",")] if box else None
        source = Source(
            text=printed,
            line=line,
            column=column,
            page=page,
            box=(b[0], b[1], b[2], b[3]) if b else None,
            table=table,
            row=trow,
            col=tcol,
            label=label,
            match=match or "exact",
        )
    return address, Cell(row_value(value), source)


# -- JSON ------------------------------------------------------------------------------

_ENCODED: dict[str, str] = {}
_ENCODED_MAX = 200_000  # distinct strings kept; emptied when full (a batch's values vary)


def _string(s: str) -> str:
    got = _ENCODED.get(s)
    if got is None:
        if len(_ENCODED) >= _ENCODED_MAX:
            _ENCODED.clear()
        got = _ENCODED[s] = json.dumps(s, ensure_ascii=False)
    return got


def _text(x: str | None) -> str:
    return "null" if x is None else _string(x)


def _int(x: int | None) -> str:
    return "null" if x is None else str(x)


_HEADS: dict[str, str] = {}  # address -> '["address",'
_TAILS: dict[tuple[str | None, str | None], str] = {}  # (label, match) -> ',"label","match"]'


def _head(address: str) -> str:
    got = _HEADS.get(address)
    if got is None:
        got = _HEADS[address] = f"[{_string(address)},"
    return got


def _tail(label: str | None, match: str | None) -> str:
    key = (label, match)
    got = _TAILS.get(key)
    if got is None:
        if len(_TAILS) >= _ENCODED_MAX:
            _TAILS.clear()
        got = _TAILS[key] = f",{_text(label)},{_text(match)}]"
    return got


def _row_json(r: CellRow) -> str:
    # A row's address and its label with how it matched are the same in every report
    # of a layout: their parts of the row are kept whole. The printed text is mostly
    # the value's. One f-string a row (compiled, one allocation).
    value = _text(r[1])
    printed = value if r[2] == r[1] else _text(r[2])
    return (
        f"{_head(r[0])}{value},{printed},{_int(r[3])},{_int(r[4])},{_int(r[5])},"
        f"{_text(r[6])},{_int(r[7])},{_int(r[8])},{_int(r[9])}{_tail(r[10], r[11])}"
    )


def rows_json(rows: list[CellRow]) -> str:
    """The rows as ``json.dumps(rows, ensure_ascii=False, separators=(",", ":"))`` writes
    them, character for character."""
    return "[" + ",".join([_row_json(r) for r in rows]) + "]"


def cells_json(report: Report) -> str:
    """The report's cell rows as JSON (see :func:`rows_json`)."""
    return rows_json(cell_rows(report))
