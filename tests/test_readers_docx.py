"""The DOCX reader on a Word file with the official tables' merged cells.

``kiro-2025.merged.docx`` (tests/data/formats/make_fixtures.py) is the 测试市 2025 report
(cells from corpus/expected/) as python-docx writes it: title and narrative paragraphs,
tables whose group titles and labels are merged across columns (gridSpan) and down rows
(vMerge), and every cell's text split over two runs, numbers between their digits.
"""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from lxml import etree

from gongkai.core.errors import ReportError
from gongkai.core.readers import read_bytes
from gongkai.core.readers.docx import docx_blocks
from gongkai.core.readers.tokens import EMPTY

from .format_support import FORMATS, assert_cells, fixture_cells, read
from .test_cli import run

DOCX = FORMATS / "kiro-2025.merged.docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def document_xml() -> etree._Element:
    with zipfile.ZipFile(DOCX) as z:
        return etree.fromstring(z.read("word/document.xml"))


def test_fixture_has_merged_cells_and_split_runs() -> None:
    root = document_xml()
    assert len(root.findall(f".//{W}vMerge")) > 20
    assert len(root.findall(f".//{W}gridSpan")) > 10
    cell = next(
        tc
        for tc in root.iter(f"{W}tc")
        if "".join(t.text or "" for t in tc.iter(f"{W}t")) == "14069"
    )
    assert [t.text for t in cell.iter(f"{W}t")] == ["14", "069"]


def test_reads_cell_exact() -> None:
    report = read(DOCX)
    assert (report.format, report.agency, report.year) == ("2021", "测试市", 2025)
    assert_cells(report, fixture_cells(DOCX))
    assert report.notes == []


def test_narrative_from_paragraphs() -> None:
    report = read(DOCX)
    assert "扎实推进政务公开" in report.narrative["overview"]
    assert "短板" in report.narrative["problems"]
    assert "信息处理费共计400元" in report.narrative["other"]


def test_provenance_table_row_column() -> None:
    report = read(DOCX)
    for address, where in {
        "proactive.rules.issued": (0, 3, 2),
        "proactive.licensing.decisions": (0, 7, 2),
        "requests.new_received.total": (1, 4, 10),
        "requests.withheld_state_secret.natural_person": (1, 8, 4),
        "reviews.litigation_after_reconsideration.total": (2, 4, 15),
    }.items():
        src = report.cells[address].source
        assert src is not None and (src.table, src.row, src.col) == where, (address, src)


def test_each_merged_cell_reaches_the_matcher_once() -> None:
    """python-docx repeats a merged cell's object in every grid position it covers; the
    reader gives one token per distinct ``tc`` element, as de-duplicating them does."""
    document = docx.Document(io.BytesIO(DOCX.read_bytes()))
    blocks = docx_blocks(DOCX.read_bytes())
    for index, table in enumerate(document.tables):
        distinct: list[str] = []
        seen: dict[int, object] = {}  # holding the elements keeps their ids unique
        for row in table.rows:
            for cell in row.cells:
                if id(cell._tc) not in seen:  # a merged cell: the same tc again
                    seen[id(cell._tc)] = cell._tc
                    distinct.append("".join(cell.text.split()))
        tokens = [
            t
            for b in blocks
            if b.cells is not None
            for t in b.cells
            if t.source.table == index and t.kind != EMPTY
        ]
        texts = [b.text for b in blocks if b.cells is None]
        printed = [t.source.text for t in tokens]
        # every distinct filled cell is a token, or a text block (a title row of one cell)
        assert [d for d in distinct if d and d not in printed and d not in texts] == []
        assert len(printed) == len([d for d in distinct if d and d not in texts])


def test_truncated_docx_is_refused() -> None:
    data = DOCX.read_bytes()
    with pytest.raises(ReportError) as err:
        read_bytes(data[: len(data) // 2])
    assert err.value.message == "Word（DOCX）文件已损坏或不完整，无法打开"


def test_cli_truncated_docx_exits_2(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "report.docx"
    path.write_bytes(DOCX.read_bytes()[:20000])
    out = run("parse", str(path))
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.splitlines() == [f"{path}: Word（DOCX）文件已损坏或不完整，无法打开"]
