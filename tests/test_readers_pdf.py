"""The PDF reader on a report whose tables cross pages.

``shanghai-2019.pages.pdf`` is the Shanghai 2019 report (cells verified from its published
HTML) typeset by WeasyPrint in the official layout (tests/data/formats/make_fixtures.py):
A4, page numbers ``- N -`` in the footer, table 二 running from page 1 onto page 2 and
table 三 from page 2 onto page 3 with its three header rows repeated, blank cells left
empty, and 政府集中采购 printed in 元. ``scanned.pdf`` is its first page as an image only.
"""

from __future__ import annotations

import io
import sys
from decimal import Decimal

import pdfplumber
import pytest

from gongkai.core.errors import ReportError
from gongkai.core.readers import read_bytes
from gongkai.core.readers.pdf import NO_TEXT_LAYER

from .format_support import FORMATS, assert_cells, fixture_cells, read
from .test_cli import run

PAGES = FORMATS / "shanghai-2019.pages.pdf"
SCANNED = FORMATS / "scanned.pdf"


def test_fixture_really_splits_table_three_with_a_repeated_header() -> None:
    with pdfplumber.open(PAGES) as pdf:
        assert len(pdf.pages) == 3
        texts = [p.extract_text() for p in pdf.pages]
    assert "一、本年新收" in texts[1] and "四、结转下年度" in texts[2]
    assert all("申请人情况" in t for t in texts[1:])  # the header, on both pages
    assert [t.strip().splitlines()[-1] for t in texts] == ["- 1 -", "- 2 -", "- 3 -"]


def test_reads_cell_exact() -> None:
    report = read(PAGES)
    assert (report.format, report.agency, report.year) == ("2019", "上海市人民政府办公厅", 2019)
    assert_cells(report, fixture_cells(PAGES))
    assert report.notes == []


def test_table_three_over_two_pages_keeps_each_rows_page() -> None:
    report = read(PAGES)
    pages = {
        a: report.cells[a].source.page  # type: ignore[union-attr]
        for a in (
            "requests.new_received.total",
            "requests.not_processed_publication.natural_person",
            "requests.not_processed_excessive.natural_person",
            "requests.total_processed.total",
            "requests.carried_forward.total",
        )
    }
    assert pages == {
        "requests.new_received.total": 2,
        "requests.not_processed_publication.natural_person": 2,
        "requests.not_processed_excessive.natural_person": 3,
        "requests.total_processed.total": 3,
        "requests.carried_forward.total": 3,
    }


def test_every_box_shows_the_printed_value() -> None:
    """Show your work: cropping the page to a cell's box gives back the text it printed."""
    report = read(PAGES)
    with pdfplumber.open(PAGES) as pdf:
        for address, cell in report.cells.items():
            src = cell.source
            assert src is not None and src.page is not None and src.box is not None, address
            page = pdf.pages[src.page - 1]
            x0, top, x1, bottom = src.box
            shown = page.crop((x0 - 0.5, top - 0.5, x1 + 0.5, bottom + 0.5)).extract_text()
            assert "".join(shown.split()) == src.text, (address, src.text, shown)


def test_empty_cells_are_blanks_and_yuan_becomes_wan_yuan() -> None:
    report = read(PAGES)
    for address in ("requests.granted.total", "requests.other_processing.natural_person"):
        assert address in report.cells and report.value(address) is None, address
    amount = report.cells["proactive.procurement.amount"]
    assert amount.value == Decimal("25.1")
    assert amount.source is not None and amount.source.text == "251000元"


def test_page_numbers_and_repeated_header_are_not_values() -> None:
    report = read(PAGES)
    printed = [c.source.text for c in report.cells.values() if c.source is not None]
    assert not any("-" in t for t in printed)
    assert not [n for n in report.notes if n.kind == "extra_values"]


def test_scanned_pdf_needs_ocr() -> None:
    with pdfplumber.open(SCANNED) as pdf:
        assert pdf.pages[0].chars == [] and pdf.pages[0].images
    with pytest.raises(ReportError) as err:
        read(SCANNED)
    assert err.value.message == NO_TEXT_LAYER == "PDF 没有文字层（扫描件），需要先做文字识别（OCR）"


@pytest.mark.parametrize("command", ["parse", "check"])
def test_cli_scanned_pdf_exits_2_with_one_line(command: str) -> None:
    out = run(command, str(SCANNED))
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.splitlines() == [f"{SCANNED}: {NO_TEXT_LAYER}"]


def test_truncated_pdf_is_refused() -> None:
    data = PAGES.read_bytes()
    with pytest.raises(ReportError, match="PDF 文件已损坏或不完整"):
        read_bytes(data[: len(data) // 2])


def test_cli_parse_pdf_from_stdin_with_page_and_box() -> None:
    import json

    out = run("parse", "--provenance", "-", stdin=PAGES.read_bytes())
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    src = doc["sources"]["requests.new_received.total"]
    assert src["text"] == "859" and src["page"] == 2 and len(src["box"]) == 4


def test_table_printed_without_rules() -> None:
    """No ruling lines, so no table for pdfplumber to find: each line's trailing numbers
    are the row's values, placed by their column centres (every cell printed here; blank
    cells in a table without rules are placed only when some row prints them all)."""
    import importlib.util

    from .conftest import CORPUS

    spec = importlib.util.spec_from_file_location("make_fixtures", FORMATS / "make_fixtures.py")
    assert spec is not None and spec.loader is not None
    maker = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_fixtures", maker)  # its dataclasses look themselves up
    spec.loader.exec_module(maker)
    known = CORPUS / "expected" / "kiro-filing-html-fixture-2025.tsv"
    report = maker.from_corpus("kiro", known, "测试市2025年政府信息公开工作年度报告", maker.KIRO_TEXT)
    html = maker.pdf_html(report).replace("border: 0.75pt solid #000;", "border: none;")
    from weasyprint import HTML

    data = HTML(string=html).write_pdf()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert not any(p.find_tables() for p in pdf.pages)
    back = read_bytes(data)
    assert_cells(back, known)
    src = back.cells["requests.new_received.total"].source
    assert src is not None and src.page is not None and src.box is not None
