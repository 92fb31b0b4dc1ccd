"""The PDF writer (WeasyPrint from the HTML page): golden pictures of rendered pages,
A4 pages, embedded fonts, the text in the PDF, and the same bytes for the same report.

Golden PNGs: page 1 of seed ``000_…`` and the page holding its table 三, rendered with
``pdftoppm -r 50`` and kept in grey. A REVIEWER MUST LOOK AT THESE PNGs (open them) BEFORE ACCEPTING A
CHANGE TO THEM: they are the only check that the printed report looks like an agency's.
Regenerate with ``GONGKAI_UPDATE_GOLDEN=1``.

Tolerance: glyph rasterisation differs slightly between builds of fonts-noto-cjk and
poppler, so the pictures are compared pixel by pixel in grey and at most
``MAX_CHANGED`` of the pixels may differ by more than ``GREY_STEP`` levels. A layout
change (a line or table row moved, a border gone, a cell merged differently, another
font) changes several percent of the page and fails; the exact text and cells are pinned
by the HTML golden files, which the PDF is rendered from. On failure the difference
picture is written next to the test's temporary files.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from PIL import Image, ImageChops

from gongkai.core.writers import render, write_pdf

from .test_writers_grid import UPDATE, golden_path, seed_000

DPI = 50
GREY_STEP = 64
MAX_CHANGED = 0.002  # 0.2 % of the page, about 480 pixels at 50 dpi


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def page_png(pdf: Path, page: int, out: Path) -> Path:
    stem = out / f"page{page}"
    run(
        "pdftoppm",
        "-r",
        str(DPI),
        "-png",
        "-singlefile",
        "-f",
        str(page),
        "-l",
        str(page),
        str(pdf),
        str(stem),
    )
    return stem.with_suffix(".png")


def assert_looks_like(actual: Path, name: str, tmp_path: Path) -> None:
    golden = golden_path(name)
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        Image.open(actual).convert("L").save(golden, optimize=True)
        return
    assert golden.exists(), f"{golden} missing: run with GONGKAI_UPDATE_GOLDEN=1 and look at it"
    want = Image.open(golden).convert("L")
    got = Image.open(actual).convert("L")
    assert got.size == want.size, f"{name}: page size {got.size} != {want.size}"
    diff = ImageChops.difference(got, want).point(lambda v: 255 if v > GREY_STEP else 0)
    changed = diff.histogram()[255] / (got.width * got.height)
    if changed > MAX_CHANGED:
        diff.save(tmp_path / f"diff-{name}")
        raise AssertionError(
            f"{name}: {changed:.2%} of the pixels differ (allowed {MAX_CHANGED:.2%}); "
            f"see {tmp_path / f'diff-{name}'} and {actual}"
        )


def rendered(tmp_path: Path) -> tuple[Path, list[str]]:
    pdf = tmp_path / "seed-000.pdf"
    pdf.write_bytes(write_pdf(seed_000()))
    pages = run("pdftotext", "-layout", str(pdf), "-").split("\f")
    return pdf, pages


def test_first_page_looks_like_the_golden_picture(shared: Path, tmp_path: Path) -> None:
    pdf, _ = rendered(tmp_path)
    assert_looks_like(page_png(pdf, 1, tmp_path), "seed-000-page1.png", tmp_path)


def test_table_three_page_looks_like_the_golden_picture(shared: Path, tmp_path: Path) -> None:
    pdf, pages = rendered(tmp_path)
    page = next(i for i, text in enumerate(pages, start=1) if "申请人情况" in text)
    # table 三 starts a page with its heading and fits on it, nothing cut
    assert "三、收到和处理政府信息公开申请情况" in pages[page - 1]
    assert "四、结转下年度继续办理" in pages[page - 1]
    assert_looks_like(page_png(pdf, page, tmp_path), "seed-000-table3.png", tmp_path)


def test_pdf_pages_fonts_text_and_metadata(shared: Path, tmp_path: Path) -> None:
    pdf, pages = rendered(tmp_path)
    info = run("pdfinfo", str(pdf))
    assert "Page size:       595.276 x 841.89 pts (A4)" in info
    assert "Title:           鄞江镇人民政府2019年政府信息公开工作年度报告" in info
    assert "CreationDate" not in info and "ModDate" not in info
    fonts = run("pdffonts", str(pdf)).splitlines()[2:]
    assert fonts and all(" yes " in line for line in fonts), fonts  # every font embedded
    text = "".join(pages)
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "六、其他需要报告的事项"):
        assert heading in text
    # page numbers in the official "— N —" form, one per page
    numbered = [p for p in pages if p.strip()]
    for n, page in enumerate(numbered, start=1):
        assert re.search(rf"—\s*{n}\s*—", page), n


def test_same_report_same_bytes(shared: Path) -> None:
    report = seed_000()
    first = render(report, "pdf")
    assert isinstance(first, bytes) and first.startswith(b"%PDF-")
    assert render(report, "pdf") == first
