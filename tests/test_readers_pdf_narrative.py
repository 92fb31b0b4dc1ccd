"""The PDF reader keeps the narrative: a paragraph the page wraps over several lines comes
back whole, in every section — also in 二, 三 and 四, where the tables are and only
sentences are narrative (a wrapped line holding no 。 on its own used to be lost there).

The report is seed ``000_…`` with long paragraphs put into sections 二, 三 and 四, written
by the project's PDF writer (WeasyPrint, 16 pt 仿宋 on A4: about 27 characters a line),
so every paragraph below wraps; its section 一 runs from page 1 onto page 2.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pdfplumber
import pytest

from gongkai.core.readers import read_bytes
from gongkai.core.report import Report
from gongkai.core.writers.pdf import write_pdf

from .conftest import CORPUS, SEED_000
from .test_properties import assert_same_cells
from .test_writers_grid import check_golden

PROACTIVE = (
    "2019年，本镇通过政府门户网站、政务微信和政府信息公开专栏主动公开政府信息414条，"
    "其中机构职能类信息26条，法规文件类信息38条，规划计划类信息19条，重点领域信息"
    "331条，较上年增长百分之十二，公开内容覆盖财政预决算、征地拆迁和社会救助等领域。\n"
    "围绕乡村振兴和民生保障等重点工作，及时发布政策文件12份、政策解读材料35篇，组织"
    "新闻发布会8场，回应社会关切问题43个。"
)
REQUESTS = (
    "本年度共收到政府信息公开申请6件，上年结转政府信息公开申请0件，全部在法定期限内"
    "办结，其中予以公开4件，部分公开1件，因本机关不掌握相关政府信息而无法提供1件，"
    "结转下年度继续办理0件。\n"
    "依申请公开办理流程进一步规范，申请登记、审核、答复和归档各环节均留有记录，平均办理"
    "时长缩短至12个工作日，未发生因逾期答复引起的行政复议或行政诉讼。"
)
REVIEWS = (
    "本年度发生政府信息公开行政复议2件，结果均为维持；未发生政府信息公开行政诉讼，"
    "本机关将继续加强答复文书的说理和法律依据的引用，减少因答复不规范引起的争议。"
)


@cache
def written() -> tuple[Report, bytes]:
    report = read_bytes(SEED_000.read_bytes())
    report.narrative["proactive"] = PROACTIVE
    report.narrative["requests"] = REQUESTS
    report.narrative["reviews"] = REVIEWS
    return report, write_pdf(report)


@pytest.fixture(scope="module")
def back(shared: Path) -> Report:
    return read_bytes(written()[1])


def _printed_lines(data: bytes) -> list[str]:
    import io

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [ln for p in pdf.pages for ln in (p.extract_text() or "").splitlines()]


def test_fixture_really_wraps_every_paragraph(shared: Path) -> None:
    report, data = written()
    lines = _printed_lines(data)
    for key in ("proactive", "requests", "reviews"):
        for paragraph in report.narrative[key].split("\n"):
            assert paragraph not in lines, paragraph  # no paragraph is one printed line
            assert any(paragraph.startswith(ln) for ln in lines if len(ln) > 10), paragraph


@pytest.mark.parametrize("key", ["proactive", "requests", "reviews"])
def test_wrapped_paragraphs_in_table_sections_come_back_whole(back: Report, key: str) -> None:
    assert back.narrative.get(key) == written()[0].narrative[key]


def test_every_section_and_the_cells_come_back(back: Report) -> None:
    report = written()[0]
    assert_same_cells(report, back, "pdf")
    assert {k: v for k, v in back.narrative.items() if v} == report.narrative


def test_a_paragraph_keeps_the_place_of_its_first_line(back: Report) -> None:
    """Each paragraph's source is where its first line is printed: the page, and the
    line's number on it (lines counted from the top of the page)."""
    sources = back.narrative_sources["requests"]
    assert [s.text for s in sources] == REQUESTS.split("\n")
    data = written()[1]
    import io

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for src in sources:
            assert src.page is not None and src.line is not None
            page_lines = (pdf.pages[src.page - 1].extract_text() or "").splitlines()
            first = page_lines[src.line - 1].replace(" ", "")
            assert src.text.startswith(first) and len(first) > 10, (src.line, first)


def test_paragraphs_set_without_first_line_indent(shared: Path) -> None:
    """The same page with no first-line indents (as some pages printed from the web are):
    a paragraph ends where its last line stops short of the right edge."""
    from weasyprint import HTML  # type: ignore[import-untyped]

    from gongkai.core.writers.html import write_html

    report = written()[0]
    page = write_html(report)
    assert "text-indent: 2em" in page
    data = HTML(string=page.replace("text-indent: 2em", "text-indent: 0")).write_pdf()
    back = read_bytes(data)
    assert {k: v for k, v in back.narrative.items() if v} == report.narrative


# -- real reports ---------------------------------------------------------------------------

CORPUS_PDFS = [
    "huaian-city-gov-2024.pdf",
    "hongze-district-gov-2023.pdf",
    "hongze-district-gov-2024.pdf",
]
_PAGE_NUMBER = re.compile(r"^\s*[-—–－]?\s*\d{1,3}\s*[-—–－]?\s*$")


def _printed_text(path: Path) -> str:
    """The text pdfplumber extracts from every page, page numbers left out, without any
    whitespace (so a paragraph running over a page break is one run of text)."""
    with pdfplumber.open(path) as pdf:
        lines = [
            ln
            for p in pdf.pages
            for ln in (p.extract_text() or "").splitlines()
            if not _PAGE_NUMBER.match(ln)
        ]
    return "".join("".join(lines).split())


@pytest.mark.parametrize("name", CORPUS_PDFS)
def test_corpus_narrative_is_whole_paragraphs_as_printed(shared: Path, name: str) -> None:
    report = read_bytes((CORPUS / name).read_bytes())
    assert set(report.narrative) >= {"preamble", "overview", "problems", "other"}
    printed = _printed_text(CORPUS / name)
    for key, text in report.narrative.items():
        for paragraph in text.split("\n"):
            assert len(paragraph) > 10, (key, paragraph)  # no stray 。 or ，
            assert "".join(paragraph.split()) in printed, (key, paragraph)


def test_huaian_narrative_golden(shared: Path) -> None:
    """The 淮安市 2024 PDF's narrative in full: its paragraphs (section 一's first one runs
    from page 1 onto page 2) as pdftotext prints them, joined."""
    report = read_bytes((CORPUS / "huaian-city-gov-2024.pdf").read_bytes())
    doc = {
        "narrative": report.narrative,
        "lines": {
            k: [f"page {s.page} line {s.line}" for s in v]
            for k, v in report.narrative_sources.items()
        },
    }
    check_golden("huaian-city-gov-2024.pdf-narrative.json", _json(doc))


def _json(doc: object) -> bytes:
    import json

    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
