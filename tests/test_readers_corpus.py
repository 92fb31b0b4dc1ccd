"""Every real PDF and HTML report in corpus/ whose cells are known, read cell by cell by the
format readers, and the published errors of those reports found by the checks.

The cells come from corpus/expected/ (verified by hand against the rendered PDFs) and, for
the two corpus files it does not cover, from tests/data/formats/expected/ (see
tests/format_support.py for how they were verified)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.core.checks import check

from .conftest import CORPUS
from .format_support import VERIFIED, assert_cells, known_cells, read

FORMAT_SUFFIXES = (".pdf", ".html", ".docx", ".xlsx")


def corpus_files() -> list[str]:
    """Corpus files in a format (not text) that have known cells."""
    if not CORPUS.is_dir():
        return []
    stems = {p.stem for p in (CORPUS / "expected").glob("*.tsv")} | {
        p.stem for p in VERIFIED.glob("*.tsv")
    }
    return sorted(
        p.name
        for p in CORPUS.iterdir()
        if p.suffix in FORMAT_SUFFIXES and p.name.rsplit(".", 1)[0] in stems
    )


def test_every_format_file_with_known_cells_is_covered() -> None:
    files = corpus_files()
    assert {Path(f).suffix for f in files} == {".pdf", ".html"}
    assert len(files) == 5, files


@pytest.mark.parametrize("name", corpus_files())
def test_corpus_file_reads_cell_exact(shared: Path, name: str) -> None:
    report = read(CORPUS / name)
    assert_cells(report, known_cells(name.rsplit(".", 1)[0]))
    assert not [n for n in report.notes if n.kind != "row_missing"], report.notes


@pytest.mark.parametrize("name", [n for n in corpus_files() if n.endswith(".pdf")])
def test_pdf_cells_carry_page_and_box(shared: Path, name: str) -> None:
    report = read(CORPUS / name)
    for address, cell in report.cells.items():
        src = cell.source
        assert src is not None and src.page is not None and src.box is not None, address
        x0, top, x1, bottom = src.box
        assert 0 <= x0 < x1 <= 595.3 and 0 <= top < bottom <= 842, (address, src.box)


def test_hongze_2023_pdf_table_four_totals_are_a_published_error(shared: Path) -> None:
    findings = check(read(CORPUS / "hongze-district-gov-2023.pdf"))
    errors = [(f.rule, f.cells[0].address) for f in findings if f.severity == "error"]
    assert errors == [
        ("reviews.group_total", "reviews.reconsideration.total"),
        ("reviews.group_total", "reviews.litigation_after_reconsideration.total"),
    ]
    first = findings[0]
    assert "总计0" in first.message and "结果维持10" in first.message
    assert first.diagnosis is None
    where = first.location()
    assert where is not None and where.page == 4 and where.box is not None


def test_hongze_2024_pdf_narrative_contradicts_its_table(shared: Path) -> None:
    findings = check(read(CORPUS / "hongze-district-gov-2024.pdf"))
    assert [(f.rule, f.severity) for f in findings] == [("narrative.matches_table", "error")]
    f = findings[0]
    assert "17" in f.message and "95" in f.message
    assert f.source is not None and f.source.page == 1
    cell = f.cells[0]
    assert cell.address == "requests.new_received.total"


def test_hongze_pdf_carry_chain_holds(shared: Path) -> None:
    previous = read(CORPUS / "hongze-district-gov-2023.pdf")
    rules = {f.rule for f in check(read(CORPUS / "hongze-district-gov-2024.pdf"), previous)}
    assert "year.carry_chain" not in rules and "year.in_force_chain" not in rules


def test_huaian_pdf_checks_clean(shared: Path) -> None:
    report = read(CORPUS / "huaian-city-gov-2024.pdf")
    assert check(report) == []
    # a label split by the page break (（四）无 … / 法提供 …) still names its row
    cell = report.cells["requests.unable_needs_creation.total"]
    assert cell.source is not None and cell.source.page == 5


def test_kiro_html_matches_its_source_projects_assertions(shared: Path) -> None:
    """The values the source project's own test asserts (its field names) and its text
    checks for sections 一 and 六."""
    report = read(CORPUS / "kiro-filing-html-fixture-2025.html")
    assert report.value("proactive.normative_documents.in_force") == 4185
    assert report.value("proactive.licensing.decisions") == 11398889
    assert report.value("requests.other_other.natural_person") == 941
    assert report.value("reviews.litigation_after_reconsideration.total") == 156
    assert "扎实推进政务公开" in report.narrative["overview"]
    assert "信息处理费" in report.narrative["other"]


def test_shanghai_html_blank_cells_are_blank_not_zero(shared: Path) -> None:
    """&nbsp; cells are blanks the checks report; rows printed wholly blank are rows read."""
    report = read(CORPUS / "shanghai-municipal-office-2019.html")
    assert report.value("requests.granted.total") is None
    assert "requests.not_processed_confirm.total" in report.cells
    assert not [n for n in report.notes if n.kind == "row_missing"]
    findings = check(report)
    blank = [f for f in findings if f.rule == "cells.blank"]
    assert any("requests.granted.total" in [c.address for c in f.cells] for f in blank)
    sums = [f for f in findings if f.rule == "requests.outcomes_sum"]
    assert sums and "空白单元格按0计" in sums[0].message
    src = report.cells["requests.new_received.total"].source
    assert src is not None and (src.table, src.row, src.col) == (1, 4, 10)
