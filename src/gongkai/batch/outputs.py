"""The outputs derived from the store once the reading and checking are done: the
tables (CSV and Parquet), the workbook (XLSX) and the dashboard — three independent
jobs, each opening the store for reading, so that a pool of local processes writes them
side by side."""

from __future__ import annotations

from pathlib import Path

from gongkai.batch.runners import Runner
from gongkai.batch.store import Store
from gongkai.batch.xlsx import MAX_ROWS

STEPS = ("tables", "workbook", "dashboard")


def write_output(step: str, store_path: str, out: str, xlsx_max_rows: int = MAX_ROWS) -> str:
    from gongkai.batch.dashboard import write_dashboard
    from gongkai.batch.export import export_csv_parquet, export_xlsx

    store = Store(Path(store_path), reader=True)
    try:
        if step == "tables":
            export_csv_parquet(store, Path(out))
        elif step == "workbook":
            export_xlsx(store, Path(out), xlsx_max_rows)
        elif step == "dashboard":
            write_dashboard(store, Path(out))
        else:
            raise ValueError(step)
    finally:
        store.close()
    return step


def _job(args: tuple[str, str, str]) -> str:
    return write_output(*args)


def write_outputs(store_path: Path, out: Path, runner: Runner) -> None:
    runner.side_by_side(_job, [(step, str(store_path), str(out)) for step in STEPS])
