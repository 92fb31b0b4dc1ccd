"""Round trip through every file format: random consistent reports of both formats (the
generator of tests/test_properties.py), written by the HTML, DOCX, XLSX and PDF writers
(gongkai.core.writers) and read back from the bytes by the format readers, give the same
format, agency, year and cells — blanks as blanks, never 0 — and the same narrative.

What each format carries of the narrative: HTML and DOCX keep its paragraphs; a PDF wraps
them into lines where the page ends them, and the reader joins those lines back into the
paragraphs (every section, also 二, 三 and 四 where only sentences are narrative); the
XLSX writer writes the statistics only (tables and report details, as the workbooks
supervisors circulate), so its narrative is not compared.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from gongkai.core.readers import read_bytes
from gongkai.core.readers.decode import sniff
from gongkai.core.report import Report
from gongkai.core.writers import WRITERS

from .test_properties import assert_same_cells, consistent_reports

FORMATS = ("html", "docx", "xlsx", "pdf")
EXAMPLES = {"html": 40, "docx": 20, "xlsx": 20, "pdf": 6}


def assert_same(orig: Report, back: Report, how: str) -> None:
    assert_same_cells(orig, back, how)
    got = {k: v for k, v in back.narrative.items() if v}
    if how != "xlsx":
        assert got == orig.narrative, how


def round_trip(report: Report, to: str) -> Report:
    written = WRITERS[to](report)
    data = written if isinstance(written, bytes) else written.encode("utf-8")
    assert sniff(data) == to
    try:
        return read_bytes(data, "report")
    except Exception:
        note(f"{to} output, {len(data)} bytes")
        raise


def test_every_format_has_a_writer() -> None:
    assert set(FORMATS) <= set(WRITERS)


@pytest.mark.parametrize("to", FORMATS)
@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_written_and_read_back_gives_the_same_cells(fmt: str, to: str) -> None:
    @settings(
        max_examples=EXAMPLES[to],
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        report = data.draw(consistent_reports(fmt=fmt))
        assert_same(report, round_trip(report, to), to)

    run()
