"""Both seeds read to exactly the values they print, every cell, and check clean."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.core.checks import check
from gongkai.core.readers import read_bytes
from gongkai.core.report import Report
from gongkai.core.template import legacy_table, template

from .conftest import DATA, SEED_000, SEED_002


def typed_rows(path: Path) -> tuple[dict[str, str], dict[str, int]]:
    meta: dict[str, str] = {}
    cells: dict[str, int] = {}
    for line in path.read_text("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        key, values = line.split("\t")
        if "." not in key:
            meta[key] = values
        elif key.startswith("legacy_stats."):
            cells[f"{key}.value"] = int(values)
        else:
            table, row = key.split(".")
            cols = template(meta["format"]).table(table).row(row).columns
            nums = values.split()
            assert len(nums) == len(cols), key
            for c, v in zip(cols, nums, strict=True):
                cells[f"{table}.{row}.{c.key}"] = int(v)
    return meta, cells


def read(path: Path) -> Report:
    return read_bytes(path.read_bytes(), path.name)


@pytest.mark.parametrize(("seed", "rows"), [(SEED_000, "seed-000.rows"), (SEED_002, "seed-002.rows")])
def test_seed_reads_every_cell_as_printed(shared: Path, seed: Path, rows: str) -> None:
    report = read(seed)
    meta, cells = typed_rows(DATA / rows)
    assert (report.format, report.agency, str(report.year)) == (meta["format"], meta["agency"], meta["year"])
    got = {a: c.value for a, c in report.cells.items()}
    assert got == cells
    assert report.all_addresses() == template("2019").default_addresses()


def test_seed_002_legacy_table_keeps_units(shared: Path) -> None:
    doc = read(SEED_002).to_interchange()
    assert doc["legacy_stats"]["proactive_published"] == {"unit": "条", "value": 137}
    assert doc["legacy_stats"]["interpretations"] == {"unit": "篇", "value": 49}
    assert doc["legacy_stats"]["other_responses"] == {"unit": "次", "value": 5923}
    assert list(doc["legacy_stats"]) == [
        "proactive_published",
        "published_gazette",
        "published_website",
        "published_weibo",
        "published_wechat",
        "published_other",
        "responses",
        "press_conferences",
        "press_conferences_principal",
        "online_interviews",
        "online_interviews_principal",
        "interpretations",
        "social_media_responses",
        "other_responses",
    ]
    assert all(k in {r.key for r in legacy_table().rows} for k in doc["legacy_stats"])


@pytest.mark.parametrize("seed", [SEED_000, SEED_002])
def test_seeds_check_clean(shared: Path, seed: Path) -> None:
    assert check(read(seed)) == []


def test_seed_000_narrative_sections(shared: Path) -> None:
    report = read(SEED_000)
    assert set(report.narrative) == {"preamble", "overview", "problems", "other"}
    assert report.narrative["overview"].startswith("2019年度，我镇严格按照")
    assert report.narrative["other"].endswith("本年度未发生责任追究情况。")
    # the row 四、结转下年度继续办理 must not be taken for section 四's heading
    assert "四、结转下年度继续办理" not in report.narrative.get("requests", "")
    assert report.cells["requests.carried_forward.total"].source.line == 288


def test_provenance_points_at_the_printed_cell(shared: Path) -> None:
    report = read(SEED_000)
    src = report.cells["requests.new_received.natural_person"].source
    lines = SEED_000.read_text("utf-8").splitlines()
    assert (src.line, src.column, src.text) == (80, 1, "6")
    assert lines[src.line - 1].strip() == "6"
    assert src.label == "一、本年新收政府信息公开申请数量"
    doc = report.to_interchange(provenance=True)
    assert doc["sources"]["requests.new_received.natural_person"] == {
        "text": "6",
        "line": 80,
        "column": 1,
        "label": "一、本年新收政府信息公开申请数量",
    }
    assert doc["sources"]["agency"]["line"] == 1
