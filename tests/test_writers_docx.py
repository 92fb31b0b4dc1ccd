"""The DOCX writer, read back with python-docx and its XML (no office suite needed):
GB/T 9704 page and margins, fonts through ``w:eastAsia``, merged cells (``w:gridSpan``,
``w:vMerge``) exactly where the official template has them, every value in its cell,
page numbers, and the same bytes for the same report."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from gongkai.core.report import Report
from gongkai.core.writers import render, write_docx
from gongkai.core.writers.layout import section_titles
from gongkai.core.writers.ooxml import DOCUMENT_TIME

from .test_writers_grid import (
    OFFICIAL,
    SIZES,
    awkward,
    huaian,
    positions,
    printed,
    seed_000,
    seed_002,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MM = 1440 / 25.4  # twips per millimetre


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(name))


def style(styles: etree._Element, style_id: str) -> etree._Element:
    found = styles.find(f"{W}style[@{W}styleId='{style_id}']")
    assert found is not None, style_id
    return found


def attr(el: etree._Element | None, path: str, name: str) -> str | None:
    assert el is not None
    node = el.find(path)
    return None if node is None else node.get(f"{W}{name}")


def docx_table(tbl: etree._Element) -> dict[tuple[int, int], tuple[int, int, str]]:
    """(row, col) → (rowspan, colspan, text) of each cell that starts there, from the
    table's own gridSpan and vMerge marks."""
    starts: dict[tuple[int, int], list[object]] = {}
    origin_above: dict[int, tuple[int, int]] = {}
    for r, tr in enumerate(tbl.iter(f"{W}tr")):
        c = 0
        for tc in tr.iter(f"{W}tc"):
            span = int(attr(tc, f"{W}tcPr/{W}gridSpan", "val") or 1)
            vmerge = tc.find(f"{W}tcPr/{W}vMerge")
            text = "".join(t.text or "" for t in tc.iter(f"{W}t"))
            if vmerge is not None and vmerge.get(f"{W}val") != "restart":
                top = origin_above[c]
                starts[top][0] = int(starts[top][0]) + 1  # type: ignore[call-overload]
                assert text == "", (r, c)
            else:
                starts[(r, c)] = [1, span, text]
                origin_above[c] = (r, c)
            c += span
    return {k: (int(v[0]), int(v[1]), str(v[2])) for k, v in starts.items()}  # type: ignore[call-overload]


def merged(
    cells: dict[tuple[int, int], tuple[int, int, str]],
) -> dict[tuple[int, int], tuple[int, int]]:
    return {k: (rs, cs) for k, (rs, cs, _) in cells.items() if rs * cs > 1}


def body_tables(data: bytes) -> list[etree._Element]:
    return list(part(data, "word/document.xml").iter(f"{W}tbl"))


def test_page_is_a4_with_gbt9704_margins(shared: Path) -> None:
    data = write_docx(seed_000())
    sect = part(data, "word/document.xml").find(f"{W}body/{W}sectPr")
    assert sect is not None
    size = sect.find(f"{W}pgSz")
    margins = sect.find(f"{W}pgMar")
    assert size is not None and margins is not None
    want = {"w": 210, "h": 297}
    for k, mm in want.items():
        assert abs(int(size.get(f"{W}{k}")) - mm * MM) < 1, k
    for k, mm in {"top": 37, "bottom": 35, "left": 28, "right": 26}.items():
        assert abs(int(margins.get(f"{W}{k}")) - mm * MM) < 1, k


def test_fonts_sizes_and_spacing_through_the_xml(shared: Path) -> None:
    styles = part(write_docx(seed_000()), "word/styles.xml")
    fonts = f"{W}rPr/{W}rFonts"
    cases = {  # style id: (East Asian font, half-points, line, alignment)
        "Normal": ("仿宋_GB2312", "32", "560", "both"),
        "Title": ("方正小标宋简体", "44", None, "center"),
        "Heading1": ("黑体", "32", "560", "both"),
        "Heading2": ("楷体_GB2312", "32", "560", "both"),
        "表格文字": ("宋体", "21", "240", "center"),
    }
    for sid, (font, size, line, jc) in cases.items():
        s = style(styles, sid)
        assert attr(s, fonts, "eastAsia") == font, sid
        assert attr(s, f"{W}rPr/{W}sz", "val") == size, sid
        assert attr(s, f"{W}pPr/{W}jc", "val") == jc, sid
        if line is not None:
            assert attr(s, f"{W}pPr/{W}spacing", "line") == line, sid
    normal = style(styles, "Normal")
    assert attr(normal, f"{W}pPr/{W}spacing", "lineRule") == "exact"  # fixed 28 pt
    assert attr(normal, f"{W}pPr/{W}ind", "firstLineChars") == "200"  # two characters
    assert attr(style(styles, "表格文字"), f"{W}pPr/{W}ind", "firstLineChars") == "0"
    assert attr(style(styles, "Heading1"), f"{W}pPr/{W}outlineLvl", "val") == "0"
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert defaults is not None and defaults.get(f"{W}eastAsia") == "仿宋_GB2312"
    assert not [k for k in defaults.attrib if k.endswith("Theme")]  # no theme font overrides


def test_font_table_gives_fallbacks(shared: Path) -> None:
    table = part(write_docx(seed_000()), "word/fontTable.xml")
    alt = {f.get(f"{W}name"): attr(f, f"{W}altName", "val") for f in table.iter(f"{W}font")}
    assert alt["仿宋_GB2312"] == "仿宋"
    assert alt["楷体_GB2312"] == "楷体"
    assert alt["方正小标宋简体"]


def test_title_headings_and_narrative(shared: Path) -> None:
    report = seed_000()
    doc = Document(io.BytesIO(write_docx(report)))
    paragraphs = doc.paragraphs
    assert paragraphs[0].style is not None and paragraphs[0].style.style_id == "Title"
    assert paragraphs[0].text == "鄞江镇人民政府\n2019年政府信息公开工作年度报告"
    headings = [
        p.text for p in paragraphs if p.style is not None and p.style.style_id == "Heading1"
    ]
    assert headings == [h for _, h in section_titles()]
    texts = {p.text for p in paragraphs}
    for key in ("preamble", "overview", "problems", "other"):
        for line in report.narrative[key].split("\n"):
            if line.strip():
                assert line.strip() in texts, line
    sub = [p.text for p in paragraphs if p.style is not None and p.style.style_id == "Heading2"]
    assert sub[:2] == ["（一）强化领导力量，明确职责分工", "（二）严格考核制度，完善工作方式"]


@pytest.mark.parametrize("make", [seed_000, huaian], ids=["2019", "2021"])
def test_merged_cells_and_every_value(shared: Path, make: object) -> None:
    report: Report = make()  # type: ignore[operator]
    tables = [docx_table(t) for t in body_tables(write_docx(report))]
    assert len(tables) == 3
    by_key = dict(zip(("proactive", "requests", "reviews"), tables, strict=True))
    for key, cells in by_key.items():
        assert merged(cells) == OFFICIAL[report.format][key], key
        rows = max(r + rs for (r, _), (rs, _, _) in cells.items())
        cols = max(c + cs for (_, c), (_, cs, _) in cells.items())
        assert (rows, cols) == SIZES[report.format][key], key
    for address, (key, r, c) in positions(report).items():
        assert by_key[key][(r, c)][2] == printed(report.value(address)), address
    requests = by_key["requests"]
    assert requests[(5, 0)][2] == "三、本年度办理结果"
    assert requests[(0, 3)][2] == "申请人情况"


def test_table_rows_do_not_split_and_headers_repeat(shared: Path) -> None:
    tables = body_tables(write_docx(seed_000()))
    for tbl, header in zip(tables, (0, 3, 3), strict=True):
        rows = list(tbl.iter(f"{W}tr"))
        assert all(tr.find(f"{W}trPr/{W}cantSplit") is not None for tr in rows)
        repeated = [tr.find(f"{W}trPr/{W}tblHeader") is not None for tr in rows]
        assert repeated == [i < header for i in range(len(rows))]
        widths = [int(g.get(f"{W}w")) for g in tbl.iter(f"{W}gridCol")]
        assert abs(sum(widths) - 156 * MM) < len(widths)  # the text block's width


def test_page_numbers_in_the_footer(shared: Path) -> None:
    data = write_docx(seed_000())
    settings = part(data, "word/settings.xml")
    assert settings.find(f"{W}evenAndOddHeaders") is not None
    doc = Document(io.BytesIO(data))
    section = doc.sections[0]
    for footer, jc in ((section.footer, "right"), (section.even_page_footer, "left")):
        p = footer.paragraphs[0]._p
        field = p.find(qn("w:fldSimple"))
        assert field is not None and field.get(qn("w:instr")).strip() == "PAGE"
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        assert text == "— 1 —"
        assert p.find(f"{qn('w:pPr')}/{qn('w:jc')}").get(qn("w:val")) == jc
        fonts = p.find(f".//{qn('w:rFonts')}")
        assert fonts is not None and fonts.get(qn("w:eastAsia")) == "宋体"


def test_legacy_table_blanks_and_escaping(shared: Path) -> None:
    tables = body_tables(write_docx(seed_002()))
    legacy = docx_table(tables[-1])
    rows: dict[int, list[str]] = {}
    for (r, _), (_, _, text) in sorted(legacy.items()):
        rows.setdefault(r, []).append(text)
    assert rows[0] == ["统计指标", "单位", "统计数"]
    assert ["3.政务微博公开政府信息数", "条", "1324"] in rows.values()
    report = awkward()
    doc = Document(io.BytesIO(write_docx(report)))
    assert doc.paragraphs[0].text == '<b>鄞江镇</b>&"人民政府"\n2019年政府信息公开工作年度报告'
    by_key = dict(
        zip(
            ("proactive", "requests", "reviews"),
            [docx_table(t) for t in body_tables(write_docx(report))],
            strict=True,
        )
    )
    where = positions(report)
    for address, want in (
        ("requests.granted.research", "—"),
        ("requests.granted.natural_person", "0"),
        ("proactive.licensing.change", "-3"),
        ("proactive.procurement.amount", "12.50"),
    ):
        key, r, c = where[address]
        assert by_key[key][(r, c)][2] == want, address


def test_core_properties_and_same_bytes(shared: Path) -> None:
    report = seed_000()
    data = render(report, "docx")
    assert isinstance(data, bytes)
    assert render(report, "docx") == data
    props = Document(io.BytesIO(data)).core_properties
    assert props.title == "鄞江镇人民政府2019年政府信息公开工作年度报告"
    assert props.author == "鄞江镇人民政府"
    assert props.created is not None and props.modified is not None
    assert props.created.replace(tzinfo=None) == DOCUMENT_TIME
    assert props.modified.replace(tzinfo=None) == DOCUMENT_TIME


# Child order the WordprocessingML schema requires (Word refuses a file out of order).
ORDER = {
    "pPr": "pStyle keepNext keepLines pageBreakBefore widowControl numPr pBdr shd tabs spacing ind jc outlineLvl rPr sectPr",
    "rPr": "rStyle rFonts b bCs i iCs caps color spacing kern sz szCs u lang",
    "tblPr": "tblStyle tblW jc tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook",
    "tcPr": "tcW gridSpan vMerge tcBorders shd noWrap tcMar vAlign",
    "trPr": "cantSplit trHeight tblHeader",
}


def test_elements_in_schema_order(shared: Path) -> None:
    data = write_docx(seed_002())
    for name in ("word/document.xml", "word/styles.xml", "word/footer1.xml"):
        root = part(data, name)
        for parent, order in ORDER.items():
            names = order.split()
            for el in root.iter(f"{W}{parent}"):
                kids = [etree.QName(k).localname for k in el]
                known = [names.index(k) for k in kids if k in names]
                assert known == sorted(known), (name, parent, kids)
