"""What the format reader tests share: where the fixtures are, and the cell-by-cell
comparison of a report with a file of known cells (``address<TAB>value``)."""

from __future__ import annotations

from pathlib import Path

from gongkai.core.readers import read_bytes
from gongkai.core.report import Report

from .conftest import CORPUS, DATA, expected_cells, flatten, same

FORMATS = DATA / "formats"
# Known cells of corpus files that corpus/expected/ does not cover, verified here: the
# Shanghai 2019 page's cells typed from its HTML source, the Huaian 2024 PDF's cells as
# pdfplumber's own table extraction and the pypdf text extract both give them.
VERIFIED = FORMATS / "expected"
META = ("format", "year", "agency")


def read(path: Path, name: str | None = None) -> Report:
    return read_bytes(path.read_bytes(), path.name if name is None else name)


def known_cells(stem: str) -> Path:
    """The file of known cells for a corpus stem (corpus/expected/ first)."""
    for folder in (CORPUS / "expected", VERIFIED):
        path = folder / f"{stem}.tsv"
        if path.exists():
            return path
    raise FileNotFoundError(stem)


def fixture_cells(fixture: Path) -> Path:
    """``seed-000.cms.html`` → ``seed-000.cms.tsv``: the cells make_fixtures.py wrote."""
    return fixture.with_suffix(".tsv")


def assert_cells(report: Report, tsv: Path) -> None:
    """Every known cell read with its value, a blank as a blank cell that was read (not a
    row the reader lost), and nothing read that the file does not print."""
    expected = expected_cells(tsv)
    doc = report.to_interchange()
    got = flatten({k: doc[k] for k in ("proactive", "requests", "reviews") if k in doc})
    got.update({k: doc[k] for k in META})
    wrong = {a: (v, got.get(a)) for a, v in expected.items() if not same(got.get(a), v)}
    assert wrong == {}, f"{len(wrong)} cells differ (expected, read): {list(wrong.items())[:8]}"
    lost = [a for a in expected if a not in META and a not in report.cells]
    assert lost == [], f"cells printed but not read: {lost[:8]}"
    assert set(got) == set(expected), sorted(set(got) ^ set(expected))[:8]
