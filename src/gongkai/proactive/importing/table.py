"""A CSV or XLSX file as a header and numbered rows, told apart by content, not by name.

Row numbers are the ones a person sees in a spreadsheet (the header row of a CSV is row 1),
so a rejection can say 第5行 and mean the fifth line of the sheet. The header is the first
row, within the first ten, that names at least one column the import needs, so a title
line above the table (某某局政府信息公开目录) does not get in the way.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

__all__ = ["Cell", "Sheet", "TableError", "read_table"]

Cell = str | int | float | date | datetime | None


class TableError(ValueError):
    """The file is not a table gongkai can read; ``message`` is one Chinese sentence."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Sheet:
    header: tuple[str, ...]
    header_row: int
    rows: tuple[tuple[int, tuple[Cell, ...]], ...]  # (row number, cells)


def _decode(data: bytes) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise TableError("文件既不是UTF-8也不是GBK编码的CSV，无法读取")


def _csv_rows(data: bytes) -> list[tuple[int, tuple[Cell, ...]]]:
    text = _decode(data)
    dialect: type[csv.Dialect] | csv.Dialect
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    # line_num counts physical lines (a quoted cell may span several); the row number a
    # spreadsheet shows is the record's position, which is what a person looks for.
    return [(n, tuple(r)) for n, r in enumerate(reader, start=1)]


def _xlsx_rows(data: bytes) -> list[tuple[int, tuple[Cell, ...]]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        raise TableError(f"XLSX文件已损坏或不是工作簿，无法读取（{type(e).__name__}）") from None
    try:
        ws = wb.worksheets[0]
        out: list[tuple[int, tuple[Cell, ...]]] = []
        for n, row in enumerate(ws.iter_rows(values_only=True), start=1):
            out.append((n, tuple(v if not isinstance(v, bool) else str(v) for v in row)))  # type: ignore[misc]
        return out
    finally:
        wb.close()


def _blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def read_table(data: bytes, is_header: Callable[[Sequence[str]], bool]) -> Sheet:
    """The sheet in ``data`` (XLSX if it is a ZIP package, else CSV); ``is_header`` tells
    the header row from a title line above it."""
    if not data.strip():
        raise TableError("文件是空的")
    if data[:2] == b"PK":
        rows = _xlsx_rows(data)
    elif data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise TableError("这是旧版Excel（.xls）文件，请另存为.xlsx或CSV后再导入")
    else:
        rows = _csv_rows(data)
    rows = [(n, r) for n, r in rows if not all(_blank(c) for c in r)]
    for i, (n, r) in enumerate(rows[:10]):
        header = tuple("" if c is None else str(c).strip() for c in r)
        if is_header(header):
            return Sheet(header, n, tuple(rows[i + 1 :]))
    raise TableError("前10行中找不到表头（应有“标题”“成文日期”等列名）")
