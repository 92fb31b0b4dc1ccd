"""``gongkai batch`` over a generated corpus: a few hundred reports written by the project's
own writers (text one cell a line, Markdown, HTML, DOCX, XLSX, interchange JSON; GB18030,
BOM and CRLF text; both formats; series of years) with planted errors recorded in a
manifest, plus files that are no reports. The batch must give back every cell, exactly
the planted rule ids per file (no more, no fewer), every non-report as a failure with its
reason, the same tables in CSV, SQLite, Parquet and XLSX, and the same bytes again when
run with another number of workers or over its own output."""

from __future__ import annotations

import csv
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from gongkai.batch.store import OUTPUT_COLUMNS
from gongkai.batch.synth import ManifestLine, read_manifest, write_corpus
from gongkai.cli import main

CORPUS_SIZE = 260
FORMATS = {"txt": 40, "md": 25, "json": 8, "html": 12, "xlsx": 10, "docx": 1}
DERIVED = (
    "cells.csv",
    "findings.csv",
    "failures.csv",
    "reports.csv",
    "cells.parquet",
    "findings.parquet",
    "failures.parquet",
    "reports.parquet",
    "gongkai.xlsx",
    "index.html",
    "files.html",
    "figures.html",
)


def run_batch(corpus: Path, out: Path, *extra: str) -> int:
    return main(["batch", str(corpus), "-o", str(out), "--quiet", *extra])


def outputs(out: Path) -> dict[str, bytes]:
    """Every derived output file (the dashboard pages included) by relative path."""
    found = {name: (out / name).read_bytes() for name in DERIVED}
    for page in sorted((out / "files").glob("*.html")):
        found[f"files/{page.name}"] = page.read_bytes()
    return found


def assert_same_outputs(a: Path, b: Path) -> None:
    left, right = outputs(a), outputs(b)
    assert sorted(left) == sorted(right)
    differing = [name for name in left if left[name] != right[name]]
    assert not differing, f"outputs differ: {differing[:10]}"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[ManifestLine]]:
    root = tmp_path_factory.mktemp("corpus")
    manifest = write_corpus(root, CORPUS_SIZE, seed=7, formats=FORMATS, error_rate=0.35, jobs=2)
    return root / "reports", list(read_manifest(manifest))


@pytest.fixture(scope="session")
def batch_out(
    corpus: tuple[Path, list[ManifestLine]], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    out = tmp_path_factory.mktemp("batch") / "out"
    assert run_batch(corpus[0], out, "--workers", "2") == 0
    return out


def reports_of(manifest: list[ManifestLine]) -> Iterator[ManifestLine]:
    return (m for m in manifest if not m.failure)


def test_corpus_is_varied(corpus: tuple[Path, list[ManifestLine]]) -> None:
    """The generated corpus has what the other tests rely on: every writer, both formats,
    mixed reports, series of years, every kind of planted error, clean reports."""
    _, manifest = corpus
    reports = list(reports_of(manifest))
    assert {m.writer for m in reports} == set(FORMATS)
    assert {m.format for m in reports} == {"2019", "2021"}
    assert any(m.mixed for m in reports)
    assert {m.variant for m in reports if m.writer == "txt"} >= {"", "gb18030"}
    expected = {rule for m in reports for rule in m.expected}
    assert expected >= {
        "requests.row_total",
        "requests.balance",
        "requests.outcomes_sum",
        "reviews.group_total",
        "cells.non_negative",
        "narrative.matches_table",
        "narrative.fees_disclosed",
        "year.carry_chain",
        "year.in_force_chain",
        "narrative.repeats_last_year",
    }
    assert sum(not m.planted for m in reports) > len(reports) / 2
    assert sum(m.failure for m in manifest) == 4


def test_every_cell_comes_back(corpus: tuple[Path, list[ManifestLine]], batch_out: Path) -> None:
    cells: dict[str, dict[str, str]] = defaultdict(dict)
    for row in read_csv(batch_out / "cells.csv"):
        cells[row["file"]][row["address"]] = row["value"]
    wrong = []
    for m in reports_of(corpus[1]):
        got = cells.get(m.file, {})
        if set(got) != set(m.cells):
            wrong.append(f"{m.file}: addresses {sorted(set(got) ^ set(m.cells))[:5]}")
            continue
        for address, value in m.cells.items():
            printed = got[address]
            same = (
                printed == "" if value is None else printed and Decimal(printed) == Decimal(value)
            )
            if not same:
                wrong.append(f"{m.file} {address}: wrote {value!r}, got {printed!r}")
    assert not wrong, "\n".join(wrong[:20])
    assert set(cells) == {m.file for m in reports_of(corpus[1])}


def test_exactly_the_planted_errors(
    corpus: tuple[Path, list[ManifestLine]], batch_out: Path
) -> None:
    """Per file, the rule ids of the errors and warnings found are the ones planted (and
    the warnings the corpus maker knows it causes: blank cells, a statistics workbook
    without narrative) — including the cross-year rules, which need the pairing."""
    found: dict[str, set[str]] = defaultdict(set)
    for row in read_csv(batch_out / "findings.csv"):
        if row["severity"] in ("error", "warning"):
            found[row["file"]].add(row["rule"])
    wrong = [
        f"{m.file}: planted {m.planted}, expected {sorted(m.expected)}, found {sorted(found[m.file])}"
        for m in reports_of(corpus[1])
        if found[m.file] != set(m.expected)
    ]
    assert not wrong, "\n".join(wrong[:20])
    planted = sum(bool(m.planted) for m in reports_of(corpus[1]))
    assert planted > 50


def test_cross_year_findings_name_the_previous_report(
    corpus: tuple[Path, list[ManifestLine]], batch_out: Path
) -> None:
    by_file = {m.file: m for m in corpus[1]}
    rows = [r for r in read_csv(batch_out / "findings.csv") if r["rule"].startswith("year.")]
    assert rows
    for r in rows:
        current, previous = by_file[r["file"]], by_file[r["previous_file"]]
        assert previous.agency == current.agency
        assert previous.year is not None and current.year == previous.year + 1
        cells = json.loads(r["cells"])
        assert any(c.get("report") == "previous" for c in cells)


def test_failures_listed_with_their_reason(
    corpus: tuple[Path, list[ManifestLine]], batch_out: Path
) -> None:
    failures = read_csv(batch_out / "failures.csv")
    assert [f["file"] for f in failures] == sorted(m.file for m in corpus[1] if m.failure)
    reasons = {f["file"]: f["reason"] for f in failures}
    assert reasons["misc/attachments.zip"] == "这是ZIP 压缩包文件，不是可读取的年度报告"
    assert all(r and "内部错误" not in r for r in reasons.values())


def test_reports_table(corpus: tuple[Path, list[ManifestLine]], batch_out: Path) -> None:
    rows = {r["file"]: r for r in read_csv(batch_out / "reports.csv")}
    for m in reports_of(corpus[1]):
        r = rows[m.file]
        assert (r["agency"], r["year"], r["format"]) == (m.agency, str(m.year), m.format)
        assert int(r["cell_count"]) == len(m.cells)
        assert (int(r["errors"]) + int(r["warnings"]) > 0) == bool(m.expected)


def test_tables_sorted_by_file_then_address(batch_out: Path) -> None:
    rows = read_csv(batch_out / "cells.csv")
    keys = [(r["file"].encode(), r["address"]) for r in rows]
    assert keys == sorted(keys)
    assert list(rows[0])[:3] == ["file", "address", "value"]
    assert list(read_csv(batch_out / "findings.csv")[0])[:5] == [
        "file",
        "rule",
        "severity",
        "message",
        "cells",
    ]
    with (batch_out / "failures.csv").open(encoding="utf-8") as f:
        assert f.readline() == "file,reason\n"


def _csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))[1:]


def _text(v: object) -> str:
    return "" if v is None else str(v)


@pytest.fixture(scope="module")
def workbook(batch_out: Path) -> dict[str, list[tuple[object, ...]]]:
    """The XLSX read back once with openpyxl (an independent reader), sheet by sheet."""
    import openpyxl

    wb = openpyxl.load_workbook(batch_out / "gongkai.xlsx", read_only=True)
    sheets = {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}
    wb.close()
    return sheets


@pytest.mark.parametrize("table", sorted(OUTPUT_COLUMNS))
def test_sqlite_parquet_xlsx_hold_the_csv_table(
    batch_out: Path, workbook: dict[str, list[tuple[object, ...]]], table: str
) -> None:
    import pyarrow.parquet as pq

    expected = _csv_rows(batch_out / f"{table}.csv")
    assert expected

    db = sqlite3.connect(batch_out / "gongkai.sqlite")
    got = [[_text(v) for v in row] for row in db.execute(f"SELECT * FROM {table}")]
    db.close()
    assert got == expected, "sqlite"

    parquet = pq.read_table(batch_out / f"{table}.parquet")
    assert parquet.column_names == list(OUTPUT_COLUMNS[table])
    got = [[_text(v) for v in row.values()] for row in parquet.to_pylist()]
    assert got == expected, "parquet"

    names = {"cells": "单元格", "findings": "问题", "failures": "无法读取", "reports": "报告"}
    rows = workbook[names[table]]
    assert list(rows[0]) == list(OUTPUT_COLUMNS[table])
    value_col = OUTPUT_COLUMNS[table].index("value") if table == "cells" else -1
    for i, (row, want) in enumerate(zip(rows[1:], expected, strict=True)):
        for j, (v, w) in enumerate(zip(row, want, strict=True)):
            if j == value_col and w:
                assert Decimal(str(v)) == Decimal(w), f"xlsx row {i} {table}.value"
            else:
                assert _text(v) == w, f"xlsx row {i} column {OUTPUT_COLUMNS[table][j]}"


def test_same_bytes_with_one_worker_and_over_its_own_output(
    corpus: tuple[Path, list[ManifestLine]], batch_out: Path, tmp_path: Path
) -> None:
    """One worker (in process) gives the bytes two workers gave; a re-run over a finished
    output reads nothing again and changes nothing."""
    serial = tmp_path / "serial"
    assert run_batch(corpus[0], serial, "--workers", "1") == 0
    assert_same_outputs(batch_out, serial)

    db = sqlite3.connect(serial / "gongkai.sqlite")
    before = db.execute("SELECT COUNT(*) FROM r_results").fetchone()[0]
    db.close()
    assert run_batch(corpus[0], serial, "--workers", "2") == 0
    assert_same_outputs(batch_out, serial)
    db = sqlite3.connect(serial / "gongkai.sqlite")
    assert db.execute("SELECT COUNT(*) FROM r_results").fetchone()[0] == before
    db.close()


def test_changed_folder_changes_only_what_changed(
    corpus: tuple[Path, list[ManifestLine]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A re-run after files were removed, renamed, copied and added: the tables show the
    folder as it is now, and only the new content is read (a renamed or copied file has
    a content the store holds; two copies in one run are read once)."""
    import shutil

    src, manifest = corpus
    folder = tmp_path / "corpus"
    picked = [m for m in reports_of(manifest) if m.writer in ("txt", "md")][:12]
    for m in picked:
        (folder / m.file).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(src / m.file, folder / m.file)
    out = tmp_path / "out"
    assert run_batch(folder, out, "--workers", "1") == 0

    (folder / picked[0].file).unlink()
    (folder / picked[1].file).rename(folder / "renamed.txt")
    shutil.copy(folder / picked[2].file, folder / "copy.txt")
    (folder / "new").mkdir()
    (folder / "new" / "not-a-report.txt").write_text("会议通知\n请各单位准时参加。\n", "utf-8")
    shutil.copy(folder / "new" / "not-a-report.txt", folder / "new" / "again.txt")
    capsys.readouterr()
    assert run_batch(folder, out, "--workers", "1") == 0
    assert "共 14 个文件（本次新读 1 个）" in capsys.readouterr().err

    reports = {r["file"]: r for r in read_csv(out / "reports.csv")}
    assert picked[0].file not in reports and picked[1].file not in reports
    assert "renamed.txt" in reports
    assert reports["copy.txt"]["sha256"] == reports[picked[2].file]["sha256"]
    cells = read_csv(out / "cells.csv")
    assert {r["file"] for r in cells} == set(reports)
    copied = [(r["address"], r["value"]) for r in cells if r["file"] == "copy.txt"]
    assert copied == [(r["address"], r["value"]) for r in cells if r["file"] == picked[2].file]
    failures = read_csv(out / "failures.csv")
    assert [f["file"] for f in failures] == ["new/again.txt", "new/not-a-report.txt"]
    assert failures[0]["reason"] == failures[1]["reason"] != ""


def test_missing_folder_is_one_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_batch(tmp_path / "nowhere", tmp_path / "out") == 2
    assert capsys.readouterr().err.strip() == f"{tmp_path / 'nowhere'}: 文件夹不存在"
