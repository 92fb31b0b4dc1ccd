"""The XLSX reader on statistics workbooks as supervisors circulate them.

Both fixtures hold the 洪泽区 2024 report's cells (corpus/expected/) in the official
layout with merged header cells, numbers stored as numbers on some rows and as text on
others (tests/data/formats/make_fixtures.py): ``hongze-2024.sheets.xlsx`` one sheet per
table, tabs 表二/表三/表四 and no section headings, the title over the first sheet;
``hongze-2024.onesheet.xlsx`` all tables on one sheet under their headings.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from gongkai.core.checks import check
from gongkai.core.errors import ReportError
from gongkai.core.readers import read_bytes

from .format_support import FORMATS, assert_cells, fixture_cells, read
from .test_cli import run

SHEETS = FORMATS / "hongze-2024.sheets.xlsx"
ONE_SHEET = FORMATS / "hongze-2024.onesheet.xlsx"


def test_fixture_stores_numbers_both_ways_and_merges_headers() -> None:
    book = openpyxl.load_workbook(SHEETS)
    assert book.sheetnames == ["表二", "表三", "表四"]
    values = [c for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row]
    assert any(isinstance(v, int) for v in values)
    assert any(isinstance(v, str) and v.isdigit() for v in values)
    assert len(book["表三"].merged_cells.ranges) >= 10


@pytest.mark.parametrize("path", [SHEETS, ONE_SHEET], ids=["sheet_per_table", "one_sheet"])
def test_reads_cell_exact(path: Path) -> None:
    report = read(path)
    assert (report.format, report.agency, report.year) == ("2021", "淮安市洪泽区人民政府", 2024)
    assert_cells(report, fixture_cells(path))
    assert report.notes == []


def test_tables_checked_like_any_report() -> None:
    """The tables add up; a workbook has no section 六, so fees > 0 go unreported."""
    report = read(SHEETS)
    errors = [f.rule for f in check(report) if f.severity == "error"]
    assert errors == ["narrative.fees_disclosed"]


def test_provenance_is_the_sheet_and_its_cell() -> None:
    """Show your work: the sheet, row and column of a cell's source hold what it printed."""
    report = read(SHEETS)
    book = openpyxl.load_workbook(SHEETS)
    for address, cell in report.cells.items():
        src = cell.source
        assert src is not None and src.table is not None and src.row and src.col, address
        printed = book.worksheets[src.table].cell(src.row, src.col).value
        assert str(printed) == src.text, (address, printed, src.text)
    src = report.cells["requests.new_received.total"].source
    assert src is not None and src.table == 1


def test_truncated_xlsx_is_refused() -> None:
    data = SHEETS.read_bytes()
    with pytest.raises(ReportError) as err:
        read_bytes(data[: len(data) // 2])
    assert err.value.message == "Excel（XLSX）文件已损坏或不完整，无法打开"


def test_cli_truncated_xlsx_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "stats.xlsx"
    path.write_bytes(SHEETS.read_bytes()[:4000])
    out = run("check", str(path))
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.splitlines() == [f"{path}: Excel（XLSX）文件已损坏或不完整，无法打开"]
