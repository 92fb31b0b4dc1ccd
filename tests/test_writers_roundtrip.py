"""Round trip through the format writers: a random consistent report of either format
(the strategies of ``test_properties``), written as HTML, DOCX, XLSX or PDF and read back
with ``read_bytes`` (the kind told by content), gives the same format, agency, year and
cells — blanks as None, never 0 — and, except for the statistics workbook, the same
narrative (for PDF, its words: a PDF holds lines, not paragraphs). PDF runs fewer
examples: each one is a WeasyPrint layout."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.core.readers import read_bytes
from gongkai.core.report import Report
from gongkai.core.writers import render

from .test_properties import _kind, assert_same_report, consistent_reports, reports_with_legacy
from .test_writers_grid import huaian, seed_000, seed_002


def assert_same_cells(orig: Report, back: Report, how: str) -> None:
    assert (back.format, back.agency, back.year) == (orig.format, orig.agency, orig.year), how
    assert back.all_addresses() == orig.all_addresses(), f"{how}: rows printed differ"
    addresses = [*orig.all_addresses(), *(a for a in orig.cells if a.startswith("legacy_stats."))]
    diffs = [
        f"{a}: wrote {orig.value(a)!r}, read {back.value(a)!r}"
        for a in addresses
        if back.value(a) != orig.value(a) or _kind(back.value(a)) != _kind(orig.value(a))
    ]
    assert not diffs, f"{how}: " + "; ".join(diffs[:10])


def round_trip(report: Report, fmt: str) -> None:
    back = read_bytes(_bytes(render(report, fmt)))
    assert_same_cells(report, back, fmt)
    if fmt in ("html", "docx"):
        assert_same_report(report, back, fmt)
    elif fmt == "pdf":
        # The PDF reader keeps the printed lines of a paragraph as lines (no paragraph
        # marks in a PDF): the words come back, the line breaks inside paragraphs do not.
        got = {k: v.replace("\n", "") for k, v in back.narrative.items() if v}
        assert got == {k: v.replace("\n", "") for k, v in report.narrative.items()}
    # a statistics workbook (xlsx) carries the tables, not the narrative


# Examples per writer, fewer where one example takes longer (DOCX about half a second,
# PDF one to two seconds: a WeasyPrint layout).
FORMATS = ("2019", "2021")


@pytest.mark.parametrize("report_format", FORMATS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_round_trip_html(report_format: str, data: st.DataObject) -> None:
    round_trip(data.draw(consistent_reports(fmt=report_format)), "html")


@pytest.mark.parametrize("report_format", FORMATS)
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_round_trip_docx(report_format: str, data: st.DataObject) -> None:
    round_trip(data.draw(consistent_reports(fmt=report_format)), "docx")


@pytest.mark.parametrize("report_format", FORMATS)
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_round_trip_xlsx(report_format: str, data: st.DataObject) -> None:
    round_trip(data.draw(consistent_reports(fmt=report_format)), "xlsx")


@pytest.mark.parametrize("report_format", FORMATS)
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_round_trip_pdf(report_format: str, data: st.DataObject) -> None:
    round_trip(data.draw(consistent_reports(fmt=report_format)), "pdf")


@pytest.mark.parametrize("fmt", ["html", "docx", "xlsx"])
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=reports_with_legacy())
def test_legacy_table_round_trip(fmt: str, report: Report) -> None:
    round_trip(report, fmt)


@pytest.mark.parametrize("fmt", ["html", "docx", "xlsx", "pdf"])
def test_real_reports_round_trip(shared: Path, fmt: str) -> None:
    # PDF: the two reports that add most (the legacy table; the 2021 format), to keep the
    # WeasyPrint layouts few.
    reports = (seed_002(), huaian()) if fmt == "pdf" else (seed_000(), seed_002(), huaian())
    for report in reports:
        back = read_bytes(_bytes(render(report, fmt)))
        assert_same_cells(report, back, f"{fmt} {report.agency}")


def _bytes(data: str | bytes) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data
