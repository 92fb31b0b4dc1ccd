"""The HTML writer: golden pages compared in full, the official merged cells read back
from the page's own rowspan/colspan, every value in its cell, escaping, blanks, and a
page that fetches nothing.

The golden files are the seed ``000_…`` (2019 format) and the 淮安市 2024 report (2021
format) as the text reader reads them today; a reader change that alters a cell or the
narrative shows up here too. Regenerate with ``GONGKAI_UPDATE_GOLDEN=1`` and read the
diff before committing it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

import lxml.html
import pytest

from gongkai.core.report import Report
from gongkai.core.writers import render, write_html
from gongkai.core.writers.layout import title

from .test_writers_grid import (
    OFFICIAL,
    SIZES,
    awkward,
    check_golden,
    huaian,
    positions,
    printed,
    seed_000,
    seed_002,
)


class HtmlCell(NamedTuple):
    rowspan: int
    colspan: int
    text: str
    tag: str
    classes: str


def html_tables(page: str) -> list[dict[tuple[int, int], HtmlCell]]:
    """Each ``<table>`` as its cells by (row, column) of the grid the browser lays out."""
    doc = lxml.html.fromstring(page)
    out = []
    for table in doc.iter("table"):
        cells: dict[tuple[int, int], HtmlCell] = {}
        taken: set[tuple[int, int]] = set()
        for r, tr in enumerate(table.iter("tr")):
            c = 0
            for td in tr:
                if td.tag not in ("td", "th"):
                    continue
                while (r, c) in taken:
                    c += 1
                rs, cs = int(td.get("rowspan", "1")), int(td.get("colspan", "1"))
                cells[(r, c)] = HtmlCell(rs, cs, td.text_content(), td.tag, td.get("class", ""))
                taken.update((r + i, c + j) for i in range(rs) for j in range(cs))
                c += cs
        out.append(cells)
    return out


def spans(cells: dict[tuple[int, int], HtmlCell]) -> dict[tuple[int, int], tuple[int, int]]:
    return {k: (v.rowspan, v.colspan) for k, v in cells.items() if v.rowspan * v.colspan > 1}


def size(cells: dict[tuple[int, int], HtmlCell]) -> tuple[int, int]:
    rows = max(r + v.rowspan for (r, _), v in cells.items())
    cols = max(c + v.colspan for (_, c), v in cells.items())
    return rows, cols


def test_golden_2019_seed_000(shared: Path) -> None:
    check_golden("seed-000.html", write_html(seed_000()).encode("utf-8"))


def test_golden_2021_huaian(shared: Path) -> None:
    check_golden("huaian-city-gov-2024.html", write_html(huaian()).encode("utf-8"))


@pytest.mark.parametrize("make", [seed_000, huaian], ids=["2019", "2021"])
def test_tables_have_the_official_merged_cells_and_every_value(shared: Path, make: object) -> None:
    report: Report = make()  # type: ignore[operator]
    tables = html_tables(write_html(report))
    assert len(tables) == 3
    by_key = dict(zip(("proactive", "requests", "reviews"), tables, strict=True))
    for key, cells in by_key.items():
        assert spans(cells) == OFFICIAL[report.format][key], key
        assert size(cells) == SIZES[report.format][key], key
    for address, (key, r, c) in positions(report).items():
        cell = by_key[key][(r, c)]
        assert cell.text == printed(report.value(address)), address
        assert cell.tag == "td" and "num" in cell.classes


def test_table_labels_are_the_templates(shared: Path) -> None:
    tables = html_tables(write_html(seed_000()))
    requests, reviews = tables[1], tables[2]
    assert (
        requests[(0, 0)].text
        == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    )
    assert [requests[(0, 3)].text, requests[(1, 3)].text, requests[(1, 4)].text] == [
        "申请人情况",
        "自然人",
        "法人或其他组织",
    ]
    assert [requests[(2, c)].text for c in range(4, 9)] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    assert requests[(5, 0)].text == "三、本年度办理结果"
    assert [requests[(r, 1)].text for r in (7, 15, 18, 23)] == [
        "（三）不予公开",
        "（四）无法提供",
        "（五）不予处理",
        "（六）其他处理",
    ]
    assert [
        reviews[(0, 0)].text,
        reviews[(0, 5)].text,
        reviews[(1, 5)].text,
        reviews[(1, 10)].text,
    ] == [
        "行政复议",
        "行政诉讼",
        "未经复议直接起诉",
        "复议后起诉",
    ]


def test_sections_title_and_narrative(shared: Path) -> None:
    report = seed_000()
    doc = lxml.html.fromstring(write_html(report))
    assert doc.findtext(".//title") == title(report)
    assert doc.find(".//h1").text_content() == "鄞江镇人民政府2019年政府信息公开工作年度报告"
    assert [h.text_content() for h in doc.iter("h2")] == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    # tables 二, 三, 四 sit in their own sections
    for key in ("proactive", "requests", "reviews"):
        section = doc.get_element_by_id(key)
        assert len(section.findall(".//table")) == 1, key
    texts = [p.text_content() for p in doc.iter("p", "h3")]
    for key in ("preamble", "overview", "problems", "other"):
        for line in report.narrative[key].split("\n"):
            if line.strip():
                assert line.strip() in texts, line


def test_legacy_table_in_section_six(shared: Path) -> None:
    doc = lxml.html.fromstring(write_html(seed_002()))
    tables = doc.get_element_by_id("other").findall(".//table")
    assert len(tables) == 1
    rows = [[c.text_content() for c in tr] for tr in tables[0].iter("tr")]
    assert rows[0] == ["统计指标", "单位", "统计数"]
    assert ["3.政务微博公开政府信息数", "条", "1324"] in rows


def test_escaping_blanks_and_signed_values(shared: Path) -> None:
    report = awkward()
    page = write_html(report)
    assert "<script>" not in page and "<b>鄞江镇" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; 一是……" in page
    doc = lxml.html.fromstring(page)
    assert doc.find(".//h1").text_content() == title(report)
    tables = dict(zip(("proactive", "requests", "reviews"), html_tables(page), strict=True))
    where = positions(report)
    blank = tables["requests"][where["requests.granted.research"][1:]]
    assert (blank.text, blank.classes) == ("—", "num blank")
    assert tables["reviews"][where["reviews.litigation_direct.pending"][1:]].text == "—"
    assert tables["proactive"][where["proactive.licensing.change"][1:]].text == "-3"
    assert tables["proactive"][where["proactive.procurement.amount"][1:]].text == "12.50"
    # a zero stays a zero, never a blank
    assert tables["requests"][where["requests.granted.natural_person"][1:]].text == "0"


def test_page_is_self_contained(shared: Path) -> None:
    page = write_html(seed_000())
    assert not re.search(r"<link|<script|<img|<iframe|@import|url\(|src=|href=", page)
    assert "<style>" in page and "@page" in page and "size: A4" in page
    assert '<meta charset="utf-8">' in page


def test_render_registers_html(shared: Path) -> None:
    assert render(seed_000(), "html") == write_html(seed_000())
