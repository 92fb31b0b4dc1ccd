"""The parts of the batch one by one: which files are read, how years are paired, what the
store keeps across runs and versions, how the per-file work reports failures, long tables
over several XLSX sheets — and a batch over the real seeds and corpus."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import openpyxl

from gongkai.batch.discover import discover
from gongkai.batch.export import export_tables
from gongkai.batch.store import Store
from gongkai.batch.worker import Stored, check_pair, process
from gongkai.batch.years import choose_pairs, same_body
from gongkai.core.readers import read_bytes

from .conftest import SEED_000, SEED_002, SHARED
from .test_batch import read_csv, run_batch

# -- which files ---------------------------------------------------------------------------


def test_discover_lists_every_file_but_hidden_ones_and_the_output(tmp_path: Path) -> None:
    for name in ("b/2.txt", "a.pdf", "b/a/1.html", ".git/x", "b/.DS_Store", "out/cells.csv"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", "utf-8")
    assert list(discover(tmp_path, exclude=tmp_path / "out")) == ["a.pdf", "b/2.txt", "b/a/1.html"]
    assert "out/cells.csv" in discover(tmp_path)


# -- pairing years ---------------------------------------------------------------------


def test_pairs_by_agency_and_previous_year() -> None:
    readable = [
        ("a/2020.txt", "s1", "洪泽区人民政府", 2020),
        ("a/2021.html", "s2", "洪泽区人民政府", 2021),
        ("a/2021.txt", "s3", "洪泽区人民政府", 2021),  # the same year again: s2 stands for it
        ("a/2022.txt", "s4", "淮安市洪泽区人民政府", 2022),  # named with its city
        ("b/2019.txt", "s5", "上海市人民政府", 2019),
        ("b/2020.txt", "s6", "上海市人民政府办公厅", 2020),  # another body
        ("c/2019.txt", "s7", "金湖县人民政府", 2019),
        ("c/2021.txt", "s8", "金湖县人民政府", 2021),  # a year missing
        ("d/x.txt", "s9", None, 2021),
        ("e/x.txt", "s10", "金湖县人民政府", None),
    ]
    assert choose_pairs(readable) == [
        ("s2", "s1", "a/2020.txt"),
        ("s3", "s1", "a/2020.txt"),
        ("s4", "s2", "a/2021.html"),
    ]


def test_same_body_needs_a_place_prefixed() -> None:
    assert same_body("淮安市洪泽区人民政府", "洪泽区人民政府")
    assert same_body("洪泽区人民政府", "江苏省淮安市洪泽区人民政府")
    assert not same_body("上海市人民政府办公厅", "上海市人民政府")
    assert not same_body("某某镇人民政府", "镇人民政府")  # 镇 is not a place prefix here
    assert not same_body("洪泽区人民政府", "洪泽区人民政府")


def test_ambiguous_place_names_are_not_paired() -> None:
    readable = [
        ("a.txt", "s1", "甲市教育局", 2020),
        ("b.txt", "s2", "乙市教育局", 2020),
        ("c.txt", "s3", "教育局", 2021),
    ]
    assert choose_pairs(readable) == []


# -- the per-file work ---------------------------------------------------------------


def test_a_file_that_is_no_report_fails_with_the_readers_reason() -> None:
    result = process("sha", "notice.txt", "会议通知\n请准时参加。\n".encode())
    assert not result.ok and result.cells == b"[]" and result.findings == []
    assert result.reason is not None and result.reason.startswith("不是政府信息公开工作年度报告")


def test_an_unexpected_exception_is_recorded_as_an_internal_error() -> None:
    result = process("sha", "x", None)  # type: ignore[arg-type]
    assert not result.ok
    assert result.reason is not None and result.reason.startswith("内部错误：TypeError")


def test_a_seed_comes_back_cell_by_cell_with_its_provenance() -> None:
    data = SEED_000.read_bytes()
    report = read_bytes(data, SEED_000.name)
    result = process("sha", SEED_000.name, data)
    assert result.ok and result.agency == report.agency and result.year == report.year
    rebuilt = Stored(
        "sha", result.format or "", result.agency, result.year, result.narrative, result.cells
    ).report()
    assert rebuilt.cells.keys() == report.cells.keys()
    for address, cell in report.cells.items():
        assert rebuilt.cells[address] == cell, address
    assert rebuilt.narrative == report.narrative


def test_a_pair_that_cannot_be_checked_is_an_internal_error_finding() -> None:
    good = process("a", SEED_000.name, SEED_000.read_bytes())
    broken = json.loads(good.cells)
    broken[0][1] = "不是数字"  # a value the store could not have written
    cur = Stored("b", good.format or "", good.agency, 2020, good.narrative, json.dumps(broken).encode())
    prev = Stored("a", good.format or "", good.agency, 2019, good.narrative, good.cells)
    result = check_pair(cur, prev)
    assert [f[1] for f in result.findings] == ["batch.internal_error"]
    assert "内部错误" in result.findings[0][3]


def test_a_copied_narrative_is_found_against_last_year() -> None:
    good = process("a", SEED_000.name, SEED_000.read_bytes())
    cur = Stored("b", good.format or "", good.agency, 2020, good.narrative, good.cells)
    prev = Stored("a", good.format or "", good.agency, 2019, good.narrative, good.cells)
    rules = {f[1] for f in check_pair(cur, prev).findings}
    assert rules == {"narrative.repeats_last_year"}


# -- the store --------------------------------------------------------------------------


def test_store_keeps_results_and_drops_another_versions(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    store = Store(path)
    store.add([process("one", SEED_000.name, SEED_000.read_bytes())])
    store.close()
    store = Store(path)
    assert store.done() == {"one"}
    store.close()

    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value = '0.0.0' WHERE key = 'gongkai'")
    db.commit()
    db.close()
    store = Store(path)
    assert store.done() == set()
    store.close()
    mode = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_long_tables_go_on_over_numbered_sheets(tmp_path: Path) -> None:
    store = Store(tmp_path / "gongkai.sqlite")
    results = [process(f"s{i}", p.name, p.read_bytes()) for i, p in enumerate((SEED_000, SEED_002))]
    store.add(results)
    store.set_scan([("a.txt", "s0", None), ("b.txt", "s1", None), ("c.txt", None, "无法读取文件")])
    export_tables(store, tmp_path, xlsx_max_rows=100)
    store.close()
    with (tmp_path / "cells.csv").open(encoding="utf-8") as f:
        cells = list(csv.reader(f))[1:]
    wb = openpyxl.load_workbook(tmp_path / "gongkai.xlsx", read_only=True)
    sheets = [ws.title for ws in wb.worksheets if ws.title.startswith("单元格")]
    rows = [r for t in sheets for r in list(wb[t].iter_rows(values_only=True))[1:]]
    wb.close()
    assert sheets[:3] == ["单元格", "单元格（2）", "单元格（3）"]
    assert len(sheets) == -(-len(cells) // 99)
    assert [(r[0], r[1]) for r in rows] == [(c[0], c[1]) for c in cells]
    assert list(csv.reader((tmp_path / "failures.csv").open(encoding="utf-8"))) == [
        ["file", "reason"],
        ["c.txt", "无法读取文件"],
    ]


# -- real reports ---------------------------------------------------------------------


def test_batch_over_the_real_seeds_and_corpus(tmp_path: Path) -> None:
    """Every file is a report or a failure; the two seeds give the cells ``gongkai parse``
    gives; the 2023 and 2024 reports of 洪泽区 (named with and without 淮安市) are paired."""
    folder = tmp_path / "in"
    for src in [*sorted((SHARED / "corpus").rglob("*")), SEED_000, SEED_002]:
        if src.is_file():
            rel = src.relative_to(SHARED)
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_bytes(src.read_bytes())
    out = tmp_path / "out"
    assert run_batch(folder, out, "--workers", "2") == 0

    reports = {r["file"]: r for r in read_csv(out / "reports.csv")}
    failures = {r["file"]: r["reason"] for r in read_csv(out / "failures.csv")}
    every = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert set(reports) | set(failures) == every and not set(reports) & set(failures)
    assert failures["corpus/MANIFEST.tsv"].startswith("不是政府信息公开工作年度报告")
    assert not any("内部错误" in r for r in failures.values())

    for seed in (SEED_000, SEED_002):
        rel = f"seeds/{seed.name}"
        want = read_bytes(seed.read_bytes()).to_interchange(provenance=True)["sources"]
        got = {r["address"]: r for r in read_csv(out / "cells.csv") if r["file"] == rel}
        for address, source in want.items():
            if address in got:
                assert got[address]["printed"] == source["text"]
                assert got[address]["line"] == str(source.get("line", ""))
        assert int(reports[rel]["cell_count"]) == len(got) > 150

    pdf_2024 = reports["corpus/hongze-district-gov-2024.pdf"]
    assert pdf_2024["previous_file"] == "corpus/hongze-district-gov-2023.pdf"
    findings = read_csv(out / "findings.csv")
    assert all(json.loads(f["cells"]) is not None for f in findings)
