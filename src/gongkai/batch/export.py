"""The output tables written from the store as CSV, Parquet and XLSX.

One pass over each table feeds its CSV and Parquet files; the workbook is written in a
pass of its own, so that it can be written beside them by another process. Each file is written under a temporary
name in the output folder and renamed over the old one when complete, so a reader (or a
killed run) never sees half a table. Rows come from the store a chunk at a time, sorted
by file then address, and nothing in them depends on the clock or on the order results
arrived in: two runs over the same folder give the same bytes.
"""

from __future__ import annotations

import csv
import importlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from gongkai.batch.store import INTEGER_COLUMNS, OUTPUT_COLUMNS, Store
from gongkai.batch.xlsx import MAX_ROWS, Workbook

TABLES = ("cells", "findings", "failures", "reports")
SHEET_NAMES = {"cells": "单元格", "findings": "问题", "failures": "无法读取", "reports": "报告"}
XLSX_NAME = "gongkai.xlsx"
_WIDTHS = {
    "file": 48,
    "address": 40,
    "message": 60,
    "reason": 50,
    "agency": 24,
    "label": 30,
    "holds": 40,
    "cells": 40,
}


@contextmanager
def atomic(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target``, renamed to it when the block ends normally."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


class _Parquet:
    def __init__(self, path: Path, columns: tuple[str, ...]) -> None:
        pa: Any = importlib.import_module("pyarrow")  # untyped: used as Any
        pq: Any = importlib.import_module("pyarrow.parquet")

        self.pa = pa
        self.schema = pa.schema(
            [pa.field(c, pa.int64() if c in INTEGER_COLUMNS else pa.string()) for c in columns]
        )
        self.writer: Any = pq.ParquetWriter(str(path), self.schema, compression="zstd")
        self.wrote = False

    def write(self, chunk: list[tuple[Any, ...]]) -> None:
        arrays = [list(col) for col in zip(*chunk, strict=True)]
        self.writer.write_table(self.pa.Table.from_arrays(arrays, schema=self.schema))
        self.wrote = True

    def close(self) -> None:
        if not self.wrote:
            self.writer.write_table(self.schema.empty_table())
        self.writer.close()


def export_csv_parquet(store: Store, out: Path) -> None:
    for table in TABLES:
        columns = OUTPUT_COLUMNS[table]
        with (
            atomic(out / f"{table}.csv") as csv_path,
            atomic(out / f"{table}.parquet") as pq_path,
            csv_path.open("w", encoding="utf-8", newline="") as f,
        ):
            parquet = _Parquet(pq_path, columns)
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(columns)
            for chunk in store.rows(table):
                writer.writerows(chunk)
                parquet.write(chunk)
            parquet.close()


def export_xlsx(store: Store, out: Path, max_rows: int = MAX_ROWS) -> None:
    """One sheet per table; a table longer than Excel allows goes on over numbered sheets.
    Cell values are numbers in the workbook (the CSV and Parquet keep the text)."""
    with atomic(out / XLSX_NAME) as path:
        book = Workbook(path, "gongkai 批量核对结果", max_rows)
        for table in TABLES:
            columns = OUTPUT_COLUMNS[table]
            widths = [_WIDTHS.get(c, 12) for c in columns]
            numbers = frozenset(i for i, c in enumerate(columns) if c == "value")
            part = 1
            sheet = book.sheet(SHEET_NAMES[table], columns, widths, numbers)
            for chunk in store.rows(table):
                rows = chunk
                while rows:
                    if sheet.room == 0:
                        part += 1
                        name = f"{SHEET_NAMES[table]}（{part}）"
                        sheet = book.sheet(name, columns, widths, numbers)
                    take = sheet.room
                    sheet.append_many(rows[:take])
                    rows = rows[take:]
        book.close()


def export_tables(store: Store, out: Path, xlsx_max_rows: int = MAX_ROWS) -> None:
    export_csv_parquet(store, out)
    export_xlsx(store, out, xlsx_max_rows)
