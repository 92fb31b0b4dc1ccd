"""Real published reports from the corpus: cell-exact where the cells are verified, and
their published errors found by the checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.core.checks import check
from gongkai.core.errors import ReportError
from gongkai.core.readers import read_bytes
from gongkai.core.report import Report

from .conftest import CORPUS, expected_cells, flatten, same


def read(name: str) -> Report:
    path = CORPUS / name
    return read_bytes(path.read_bytes(), name)


@pytest.mark.parametrize("year", [2023, 2024])
def test_hongze_text_reads_cell_exact(shared: Path, year: int) -> None:
    report = read(f"hongze-district-gov-{year}.pypdf-extract.txt")
    expected = expected_cells(CORPUS / "expected" / f"hongze-district-gov-{year}.tsv")
    doc = report.to_interchange()
    got = flatten({k: doc[k] for k in ("proactive", "requests", "reviews")})
    got.update(format=doc["format"], year=doc["year"], agency=doc["agency"])
    wrong = {a: (v, got.get(a)) for a, v in expected.items() if not same(got.get(a), v)}
    assert wrong == {}
    assert set(got) == set(expected)


def test_hongze_2023_table_four_totals_are_a_published_error(shared: Path) -> None:
    findings = check(read("hongze-district-gov-2023.pypdf-extract.txt"))
    errors = [(f.rule, f.cells[0].address) for f in findings if f.severity == "error"]
    assert errors == [
        ("reviews.group_total", "reviews.reconsideration.total"),
        ("reviews.group_total", "reviews.litigation_after_reconsideration.total"),
    ]
    first = findings[0]
    assert "总计0" in first.message and "结果维持10" in first.message
    assert first.diagnosis is None  # no reading of the printed digits makes it add up
    assert first.location() is not None and first.location().line == 134


def test_hongze_2024_narrative_count_contradicts_its_table(shared: Path) -> None:
    findings = check(read("hongze-district-gov-2024.pypdf-extract.txt"))
    assert [(f.rule, f.severity) for f in findings] == [("narrative.matches_table", "error")]
    f = findings[0]
    assert "17" in f.message and "95" in f.message
    assert f.source is not None and f.source.line == 25  # 受理政府\n信息公开申请 17 件 wraps at line 24–25
    assert f.cells[0].address == "requests.new_received.total"


def test_hongze_carry_chain_from_2023_to_2024_holds(shared: Path) -> None:
    previous = read("hongze-district-gov-2023.pypdf-extract.txt")
    report = read("hongze-district-gov-2024.pypdf-extract.txt")
    rules = {f.rule for f in check(report, previous)}
    assert "year.carry_chain" not in rules
    assert "year.in_force_chain" not in rules  # 5 + 3 − 0 = 8


def test_huaian_2024_reads_and_checks_clean(shared: Path) -> None:
    report = read("huaian-city-gov-2024.pypdf-extract.txt")
    assert (report.format, report.agency, report.year) == ("2021", "淮安市人民政府", 2024)
    assert report.value("requests.other_overdue_correction.total") == 71
    assert report.value("reviews.litigation_after_reconsideration.total") == 20
    assert check(report) == []


def test_shuyang_markdown_with_wrong_headers_reads_and_balances(shared: Path) -> None:
    report = read("shuyang-county-gov-2025.llm-markdown.txt")
    assert report.value("requests.new_received.total") == 713
    assert report.value("requests.carried_over.total") == 36
    assert report.value("requests.total_processed.total") == 718
    assert report.value("requests.carried_forward.total") == 31
    assert report.value("requests.other_unpaid_fee.natural_person") == 7
    errors = [f for f in check(report) if f.severity == "error"]
    assert errors == []  # 受理 749 件 = new 713 + carried 36 is an accepted reading


def test_truncated_extract_is_refused_as_cut_off(shared: Path) -> None:
    with pytest.raises(ReportError, match="中断"):
        read("huaian-city-gov-2024.section3-raw-extract.txt")
