"""XLSX, with openpyxl: the statistics workbook supervisors circulate.

A first sheet 报告信息 (the report's title, agency, year, format), then one sheet per table
(表二 主动公开, 表三 依申请公开, 表四 复议诉讼, and 统计指标 when the report has the legacy
table): the table's heading in the first row, then the template's grid with its merged
header cells (``grid.py``). Numbers are numbers (amounts too, in 万元, said in the
header), a blank cell is an empty cell, and each sheet prints on A4 with borders, its
header rows repeated and its width fitted to the page.
"""

from __future__ import annotations

import io
import math
import zipfile
from decimal import Decimal
from unicodedata import east_asian_width

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from gongkai.core.report import Report
from gongkai.core.template import FORMATS, template
from gongkai.core.writers.grid import CORNER, GROUP, HEAD, LABEL, Grid, GridCell, grids
from gongkai.core.writers.layout import title
from gongkai.core.writers.ooxml import DOCUMENT_TIME, stable_zip

INFO_SHEET = "报告信息"
FONT = "宋体"
AMOUNT_UNIT = "万元"
# Total width of each table in Excel's character units (a CJK character is about two).
TABLE_WIDTH = {"proactive": 96, "requests": 124, "reviews": 150}
DEFAULT_WIDTH = 96
LINE_HEIGHT = 15.0  # points per line of 10.5-point text

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def write_xlsx(report: Report) -> bytes:
    wb = Workbook()
    info = wb.active
    assert info is not None
    _info_sheet(info, report)
    for grid in grids(report).values():
        _table_sheet(wb.create_sheet(grid.name), grid)
    props = wb.properties
    props.title = title(report)
    props.creator = report.agency or "gongkai"
    props.lastModifiedBy = "gongkai"
    props.created = DOCUMENT_TIME
    props.modified = DOCUMENT_TIME
    props.language = "zh-CN"
    buf = io.BytesIO()
    archive = zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED)
    ExcelWriter(wb, archive).save()  # not wb.save(): that stamps the modification time
    return stable_zip(buf.getvalue())


def _info_sheet(ws: Worksheet, report: Report) -> None:
    """The report's title across the top (as on the first page of the report), then
    agency, year and format, one a row."""
    ws.title = INFO_SHEET
    heading = ws.cell(1, 1, title(report))
    heading.font = Font(name=FONT, size=14, bold=True)
    heading.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=2)
    ws.row_dimensions[1].height = 36
    document = template(report.format).document if report.format in FORMATS else ""
    rows: list[tuple[str, str | int | None]] = [
        ("机关名称", report.agency),
        ("年度", report.year),
        ("报告格式", report.format),
        ("格式依据", document),
    ]
    for r, (label, value) in enumerate(rows, start=2):
        head = ws.cell(r, 1, label)
        head.font = Font(name=FONT, bold=True)
        cell = ws.cell(r, 2, value)
        cell.font = Font(name=FONT)
        cell.alignment = Alignment(horizontal="left")
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 60


def _header_text(c: GridCell) -> str:
    col = c.column
    if c.kind == HEAD and col is not None and col.kind == "amount" and AMOUNT_UNIT not in c.text:
        return f"{c.text}（{AMOUNT_UNIT}）"
    return c.text


def _units(text: str) -> int:
    return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in text)


def _table_sheet(ws: Worksheet, grid: Grid) -> None:
    total = TABLE_WIDTH.get(grid.key, DEFAULT_WIDTH)
    widths = [max(4.0, round(w * total, 1)) for w in grid.widths]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    top = 2  # row 1 holds the table's heading
    heading = ws.cell(1, 1, grid.heading)
    heading.font = Font(name=FONT, size=14, bold=True)
    heading.alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=grid.width)
    ws.row_dimensions[1].height = 24
    lines = [1] * grid.height
    for c in grid.cells():
        _write(ws, c, top)
        if c.rowspan == 1:
            span = sum(widths[c.col : c.col + c.colspan]) - 1
            need = math.ceil(_units(_header_text(c)) / max(span, 1.0)) if c.text else 1
            lines[c.row] = max(lines[c.row], need)
    for i, n in enumerate(lines):
        ws.row_dimensions[top + i].height = n * LINE_HEIGHT + 3
    _print_setup(ws, grid, top)


def _write(ws: Worksheet, c: GridCell, top: int) -> None:
    row, col = top + c.row, 1 + c.col
    value: int | Decimal | str | None = (
        c.value if c.address is not None else (_header_text(c) or None)
    )
    cell = ws.cell(row, col, value)
    cell.font = Font(name=FONT, size=10.5 if c.kind != CORNER else 9, bold=c.kind == GROUP)
    horizontal = "left" if c.kind == LABEL else "center"
    cell.alignment = Alignment(
        horizontal=horizontal, vertical="center", wrap_text=True, indent=c.level
    )
    if c.address is not None and c.column is not None and c.column.kind != "amount":
        cell.number_format = "0"
    for r in range(row, row + c.rowspan):
        for k in range(col, col + c.colspan):
            ws.cell(r, k).border = _BORDER
    if c.rowspan > 1 or c.colspan > 1:
        ws.merge_cells(
            start_row=row,
            start_column=col,
            end_row=row + c.rowspan - 1,
            end_column=col + c.colspan - 1,
        )


def _print_setup(ws: Worksheet, grid: Grid, top: int) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if grid.width > 10 else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.page_margins.top = ws.page_margins.bottom = 0.8
    last = top + grid.header_rows - 1
    ws.print_title_rows = f"1:{last}" if grid.header_rows else "1:1"
    if grid.header_rows:
        ws.freeze_panes = f"A{top + grid.header_rows}"
