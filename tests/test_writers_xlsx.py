"""The XLSX writer, read back with openpyxl: sheets, the official merged header cells,
numbers as numbers (amounts too), blanks as empty cells, printing setup, same bytes."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from gongkai.core.report import Report
from gongkai.core.writers import render, write_xlsx

from .test_writers_grid import OFFICIAL, SIZES, awkward, huaian, positions, seed_000, seed_002

SHEETS = {"proactive": "表二 主动公开", "requests": "表三 依申请公开", "reviews": "表四 复议诉讼"}
TOP = 2  # the table's first row; row 1 holds its heading


def workbook(report: Report) -> dict[str, Worksheet]:
    wb = load_workbook(io.BytesIO(write_xlsx(report)))
    return {ws.title: ws for ws in wb.worksheets}


def merges(ws: Worksheet) -> dict[tuple[int, int], tuple[int, int]]:
    """Merged ranges below the heading row, as 0-based (row, col) → (rowspan, colspan)."""
    out = {}
    for rng in ws.merged_cells.ranges:
        if rng.min_row == 1:
            continue
        out[(rng.min_row - TOP, rng.min_col - 1)] = (
            rng.max_row - rng.min_row + 1,
            rng.max_col - rng.min_col + 1,
        )
    return out


def test_sheets_and_report_information(shared: Path) -> None:
    sheets = workbook(seed_000())
    assert list(sheets) == ["报告信息", *SHEETS.values()]
    ws = sheets["报告信息"]
    assert ws["A1"].value == "鄞江镇人民政府2019年政府信息公开工作年度报告"
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:B1"]
    info = {row[0]: row[1] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert info == {
        "机关名称": "鄞江镇人民政府",
        "年度": 2019,
        "报告格式": "2019",
        "格式依据": "国办公开办函〔2019〕60号",
    }
    assert list(workbook(seed_002()))[-1] == "统计指标"
    assert workbook(huaian())["报告信息"]["B4"].value == "2021"  # 报告格式


@pytest.mark.parametrize("make", [seed_000, huaian], ids=["2019", "2021"])
def test_merged_cells_and_numbers(shared: Path, make: object) -> None:
    report: Report = make()  # type: ignore[operator]
    sheets = workbook(report)
    for key, name in SHEETS.items():
        ws = sheets[name]
        assert merges(ws) == OFFICIAL[report.format][key], key
        rows, cols = SIZES[report.format][key]
        assert (ws.max_row, ws.max_column) == (TOP - 1 + rows, cols), key
        assert (
            ws["A1"].value
            == {
                "proactive": "二、主动公开政府信息情况",
                "requests": "三、收到和处理政府信息公开申请情况",
                "reviews": "四、政府信息公开行政复议、行政诉讼情况",
            }[key]
        )
    for address, (key, r, c) in positions(report).items():
        cell = sheets[SHEETS[key]].cell(TOP + r, 1 + c)
        want = report.value(address)
        if want is None:
            assert cell.value is None, address
        else:  # openpyxl reads every number back as int or float
            assert Decimal(str(cell.value)) == Decimal(str(want)), address
        assert cell.data_type == "n", address  # a number, not text
        assert cell.border.left.style == "thin"


def test_amounts_are_numbers_in_wan_yuan(shared: Path) -> None:
    ws = workbook(huaian())[SHEETS["proactive"]]
    header = [c.value for c in ws[TOP + 12] if c.value]
    assert header == ["信息内容", "本年收费金额（单位：万元）"]
    assert ws.cell(TOP + 13, 2).value == pytest.approx(96171.6)
    report = awkward()
    ws = workbook(report)[SHEETS["proactive"]]
    _, r, c = positions(report)["proactive.procurement.amount"]
    assert ws.cell(TOP + r, 1 + c).value == pytest.approx(12.5)
    assert ws.cell(TOP + r - 1, 1 + c).value == "采购总金额（万元）"
    _, r, c = positions(report)["proactive.licensing.change"]
    assert ws.cell(TOP + r, 1 + c).value == -3


def test_blank_cells_stay_empty(shared: Path) -> None:
    report = awkward()
    sheets = workbook(report)
    where = positions(report)
    for address in ("requests.granted.research", "reviews.litigation_direct.pending"):
        key, r, c = where[address]
        assert sheets[SHEETS[key]].cell(TOP + r, 1 + c).value is None, address
    key, r, c = where["requests.granted.natural_person"]
    assert sheets[SHEETS[key]].cell(TOP + r, 1 + c).value == 0


def test_legacy_sheet(shared: Path) -> None:
    ws = workbook(seed_002())["统计指标"]
    rows = list(ws.iter_rows(min_row=TOP, values_only=True))
    assert rows[0] == ("统计指标", "单位", "统计数")
    assert ("3.政务微博公开政府信息数", "条", 1324) in rows
    assert ("（二）通过不同渠道和方式公开政府信息的情况", "——", None) in rows
    assert ("其中：主动公开规范性文件数", "条", None) in rows  # not printed: blank, not 0


def test_prints_on_a4_with_repeated_headers(shared: Path) -> None:
    sheets = workbook(seed_000())
    for name, landscape, titles in (
        (SHEETS["requests"], False, "$1:$4"),
        (SHEETS["reviews"], True, "$1:$4"),
    ):
        ws = sheets[name]
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
        assert ws.page_setup.orientation == ("landscape" if landscape else "portrait")
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == titles
        widths = [ws.column_dimensions[c].width for c in "ABCDEFGHIJ"]
        assert all(w and w > 3 for w in widths)


def test_same_bytes_and_fixed_time(shared: Path) -> None:
    report = seed_000()
    data = render(report, "xlsx")
    assert isinstance(data, bytes) and render(report, "xlsx") == data
    wb = load_workbook(io.BytesIO(data))
    assert wb.properties.created is not None and wb.properties.created.year == 2000
    assert wb.properties.title == "鄞江镇人民政府2019年政府信息公开工作年度报告"


def test_decimal_values_are_not_text(shared: Path) -> None:
    ws = workbook(awkward())[SHEETS["proactive"]]
    values = [
        c.value for row in ws.iter_rows() for c in row if isinstance(c.value, Decimal | float)
    ]
    assert values, "the amount should be a number"
