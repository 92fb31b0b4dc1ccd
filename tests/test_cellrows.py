"""A report's cells as rows and as JSON (gongkai.core.cellrows): the JSON is written from
kept encodings of its strings, so it must be exactly what ``json.dumps`` writes, for any
text a report can print; and a row gives back the cell it was made from."""

from __future__ import annotations

import json
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from gongkai.core.cellrows import (
    CellRow,
    cell_from_row,
    cell_row,
    cell_rows,
    cells_json,
    row_value,
    rows_json,
    show_value,
)
from gongkai.core.readers import read_bytes
from gongkai.core.report import Cell, Source

from .conftest import CORPUS, SEED_000, SEED_002

texts = st.none() | st.text(max_size=12)  # any character: quotes, backslashes, controls, CJK
ints = st.none() | st.integers(min_value=-(10**12), max_value=10**12)
rows = st.tuples(st.text(max_size=40), texts, texts, ints, ints, ints, texts, ints, ints, ints,
                 texts, texts)  # fmt: skip


def dumps(x: object) -> str:
    return json.dumps(x, ensure_ascii=False, separators=(",", ":"))


@given(st.lists(rows, max_size=8))
def test_rows_json_is_what_json_dumps_writes(got: list[CellRow]) -> None:
    assert rows_json(got) == dumps(got)
    assert rows_json(got) == dumps(got)  # again, from the kept encodings


def test_rows_json_of_nothing() -> None:
    assert rows_json([]) == "[]"


def test_values_as_rows_hold_them() -> None:
    for v in (0, 12, -3, Decimal("431946.05"), Decimal("1.50"), None):
        assert row_value(show_value(v)) == v
        assert str(row_value(show_value(v))) == str(v)


def test_every_cell_of_the_seeds_a_pdf_and_a_page_comes_back_from_its_row() -> None:
    files = [SEED_000, SEED_002, CORPUS / "hongze-district-gov-2024.pdf"]
    files.append(CORPUS / "shanghai-municipal-office-2019.html")
    for path in files:
        report = read_bytes(path.read_bytes(), path.name)
        got = cell_rows(report)
        assert [r[0] for r in got] == sorted(report.cells)
        assert dict(cell_from_row(r) for r in got) == report.cells, path.name
        assert cells_json(report) == dumps(got)


def test_a_row_keeps_every_part_of_the_source() -> None:
    source = Source("1,234", 7, 3, 2, (1.5, 2.0, 30.25, 40.0), 1, 4, 5, "其中：自然人", "fuzzy")
    row = cell_row("requests.granted.total", Cell(1234, source))
    assert row == ("requests.granted.total", "1234", "1,234", 7, 3, 2, "1.5,2.0,30.25,40.0", 1,
                   4, 5, "其中：自然人", "fuzzy")  # fmt: skip
    assert cell_from_row(row) == ("requests.granted.total", Cell(1234, source))
    bare = cell_row("requests.granted.total", Cell(None))
    assert bare == ("requests.granted.total", *[None] * 11)
    assert cell_from_row(bare) == ("requests.granted.total", Cell(None))
