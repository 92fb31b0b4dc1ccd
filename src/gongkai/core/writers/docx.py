"""DOCX in the official document style of GB/T 9704 (党政机关公文格式), with python-docx.

A4, margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right; the title in 方正小标宋简体
二号 centred; body in 仿宋_GB2312 三号, first line indented two characters, fixed 28-point
lines; section headings (一、) in 黑体 三号 and second-level headings (（一）) in 楷体_GB2312;
tables in 宋体 五号 with the template's merged cells (``grid.py``); page numbers in 宋体
四号 as "— 1 —", right on odd pages and left on even pages, one character in.

Chinese font names only take effect through ``w:rFonts/@w:eastAsia``, so every style and
run sets it (python-docx's ``font.name`` sets only the Latin slots), and the document
defaults lose their theme fonts, which would otherwise win. A font missing on the reader's
machine falls back to the ``w:altName`` the font table gives it (仿宋_GB2312 → 仿宋, …).
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING, WD_PARAGRAPH_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.simpletypes import ST_Merge
from docx.oxml.table import CT_Tc
from docx.shared import Length, Mm, Pt
from docx.styles.style import ParagraphStyle
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph
from lxml import etree

from gongkai.core.report import Report
from gongkai.core.writers.grid import CORNER, GROUP, LABEL, Grid, GridCell
from gongkai.core.writers.layout import title
from gongkai.core.writers.ooxml import DOCUMENT_TIME, stable_zip
from gongkai.core.writers.outline import outline, title_lines

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
TABLE_FONT = "宋体"
LATIN_FONT = "Times New Roman"
# The font Word uses when the one named is not installed (fontTable w:altName).
ALT_NAMES = {
    TITLE_FONT: "宋体",
    BODY_FONT: "仿宋",
    SUBHEADING_FONT: "楷体",
    HEADING_FONT: "SimHei",
    TABLE_FONT: "SimSun",
}

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
TOP, BOTTOM, LEFT, RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
TEXT_WIDTH = PAGE_WIDTH - LEFT - RIGHT
SIZE_2, SIZE_3, SIZE_4, SIZE_5 = Pt(22), Pt(16), Pt(14), Pt(10.5)  # 二号 三号 四号 五号
LINE = Pt(28)

TABLE_STYLE = "表格文字"


def write_docx(report: Report) -> bytes:
    doc = Document()
    _page(doc)
    _styles(doc)
    _font_table(doc)
    _footers(doc)
    _properties(doc, report)
    for block in outline(report):
        if block.kind == "title":
            _title(doc, report)
        elif block.kind == "heading":
            doc.add_paragraph(block.text, style="Heading 1")
        elif block.kind == "subheading":
            doc.add_paragraph(block.text, style="Heading 2")
        elif block.kind == "paragraph":
            doc.add_paragraph(block.text)
        elif block.grid is not None:
            _table(doc, block.grid)
    buf = io.BytesIO()
    doc.save(buf)
    return stable_zip(buf.getvalue())


# -- page, styles, fonts ---------------------------------------------------------------


def _page(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = TOP, BOTTOM
    section.left_margin, section.right_margin = LEFT, RIGHT
    # GB/T 9704: the page number's rule sits 7 mm below the text block.
    section.footer_distance = BOTTOM - Mm(7) - SIZE_4
    section.header_distance = Mm(15)


def set_fonts(rpr: Any, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Name the fonts on a ``w:rPr``: ``eastAsia`` for Chinese, ``ascii``/``hAnsi`` for
    digits and Latin letters, and no theme font that would override them."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for name in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{name}"), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:hint"), "eastAsia")


def _clear(style: ParagraphStyle) -> None:
    """Drop what the default template gives a style (colours, borders, spacing)."""
    el = style.element
    for tag in ("w:pPr", "w:rPr"):
        old = el.find(qn(tag))
        if old is not None:
            el.remove(old)


def _indent_chars(style: ParagraphStyle, chars: int, size: Length) -> None:
    """First-line indent in characters (w:firstLineChars, which Word honours over the
    absolute value), with the absolute value for readers that ignore it."""
    style.paragraph_format.first_line_indent = Pt(chars * size.pt)
    ind = style.element.get_or_add_pPr().find(qn("w:ind"))
    ind.set(qn("w:firstLineChars"), str(chars * 100))


def _paragraph_style(
    style: ParagraphStyle,
    font: str,
    size: Length,
    *,
    align: WD_PARAGRAPH_ALIGNMENT = WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: int = 2,
    line: Length | None = LINE,
    bold: bool = False,
    keep_next: bool = False,
    outline_level: int | None = None,
) -> None:
    _clear(style)
    style.font.size = size
    style.font.bold = bold
    style.font.italic = False
    set_fonts(style.element.get_or_add_rPr(), font)
    sz_cs = OxmlElement("w:szCs")
    sz_cs.set(qn("w:val"), str(int(size.pt * 2)))
    style.element.get_or_add_rPr().find(qn("w:sz")).addnext(sz_cs)
    pf = style.paragraph_format
    pf.alignment = align
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.keep_with_next = keep_next
    if line is None:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        pf.line_spacing = line
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    _indent_chars(style, indent, size)
    if outline_level is not None:
        lvl = OxmlElement("w:outlineLvl")
        lvl.set(qn("w:val"), str(outline_level))
        style.element.get_or_add_pPr().append(lvl)


def _styles(doc: DocxDocument) -> None:
    styles = doc.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is not None:
            set_fonts(rpr, BODY_FONT)
            lang = rpr.find(qn("w:lang"))
            if lang is None:
                lang = OxmlElement("w:lang")
                rpr.append(lang)
            lang.set(qn("w:eastAsia"), "zh-CN")
    _paragraph_style(styles["Normal"], BODY_FONT, SIZE_3)
    _paragraph_style(
        styles["Title"],
        TITLE_FONT,
        SIZE_2,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=0,
        line=Pt(36),
        keep_next=True,
    )
    styles["Title"].paragraph_format.space_after = LINE
    _paragraph_style(styles["Heading 1"], HEADING_FONT, SIZE_3, keep_next=True, outline_level=0)
    _paragraph_style(styles["Heading 2"], SUBHEADING_FONT, SIZE_3, keep_next=True, outline_level=1)
    for name in ("Title", "Heading 1", "Heading 2"):
        styles[name].base_style = styles["Normal"]
    table = styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    table.base_style = styles["Normal"]
    _paragraph_style(
        table, TABLE_FONT, SIZE_5, align=WD_ALIGN_PARAGRAPH.CENTER, indent=0, line=None
    )
    footer = styles["Footer"]
    _paragraph_style(
        footer, TABLE_FONT, SIZE_4, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=0, line=None
    )


def _font_table(doc: DocxDocument) -> None:
    """Give each Chinese font a fallback Word uses when it is not installed."""
    part = next(r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable"))
    root = etree.fromstring(part.blob)
    for name, alt in ALT_NAMES.items():
        font = parse_xml(
            f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alt}"/>'
            '<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
        )
        root.append(font)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _properties(doc: DocxDocument, report: Report) -> None:
    cp = doc.core_properties
    cp.title = title(report)
    cp.author = report.agency or ""
    cp.last_modified_by = "gongkai"
    cp.comments = ""
    cp.subject = "政府信息公开工作年度报告"
    cp.keywords = ""
    cp.language = "zh-CN"
    cp.revision = 1
    cp.created = DOCUMENT_TIME
    cp.modified = DOCUMENT_TIME
    cp.last_printed = DOCUMENT_TIME


# -- footer page numbers -----------------------------------------------------------------


def _page_number(
    doc: DocxDocument, paragraph: Paragraph, align: WD_PARAGRAPH_ALIGNMENT, indent_side: str
) -> None:
    paragraph.style = doc.styles["Footer"]
    paragraph.alignment = align
    if indent_side == "right":
        paragraph.paragraph_format.right_indent = SIZE_4
    else:
        paragraph.paragraph_format.left_indent = SIZE_4
    paragraph.add_run("— ")
    paragraph._p.append(
        parse_xml(
            f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:rPr/><w:t>1</w:t></w:r>'
            "</w:fldSimple>"
        )
    )
    paragraph.add_run(" —")
    for rpr in paragraph._p.iter(qn("w:rPr")):
        set_fonts(rpr, TABLE_FONT, TABLE_FONT)
    for r in paragraph.runs:
        set_fonts(r._r.get_or_add_rPr(), TABLE_FONT, TABLE_FONT)


def _footers(doc: DocxDocument) -> None:
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    _page_number(doc, section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT, "right")
    _page_number(doc, section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT, "left")


# -- title and tables ---------------------------------------------------------------------


def _title(doc: DocxDocument, report: Report) -> None:
    """The title's lines as line breaks in one paragraph, as agencies set it."""
    p = doc.add_paragraph(style="Title")
    lines = title_lines(report)
    for i, line in enumerate(lines):
        run = p.add_run(line)
        if i < len(lines) - 1:
            run.add_break(WD_BREAK.LINE)


def _merge(tcs: list[list[CT_Tc]], c: GridCell, widths: list[Length]) -> None:
    """Merge as Word does: the first cell of each row of the span widens over the span
    (``w:gridSpan``) and the cells it covers go; down the rows, ``w:vMerge`` restarts at
    the top and continues below. Done on the XML, since python-docx's ``merge`` recomputes
    the grid on every call."""
    width = Length(sum(widths[c.col : c.last_col + 1]))
    for r in range(c.row, c.last_row + 1):
        tc = tcs[r][c.col]
        tc_pr = tc.get_or_add_tcPr()
        tc_pr.width = width
        if c.colspan > 1:
            tc_pr.grid_span = c.colspan
        if c.rowspan > 1:
            tc_pr.vMerge_val = ST_Merge.RESTART if r == c.row else ST_Merge.CONTINUE
        for k in range(c.col + 1, c.last_col + 1):
            covered = tcs[r][k]
            parent = covered.getparent()
            assert parent is not None
            parent.remove(covered)


def _table(doc: DocxDocument, grid: Grid) -> None:
    table: DocxTable = doc.add_table(rows=grid.height, cols=grid.width)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    margins = parse_xml(
        f"<w:tblCellMar {nsdecls('w')}>"
        '<w:top w:w="0" w:type="dxa"/><w:left w:w="57" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="57" w:type="dxa"/>'
        "</w:tblCellMar>"
    )
    # tblCellMar comes after tblLayout (set by autofit) and before tblLook in the schema.
    layout = table._tbl.tblPr.find(qn("w:tblLayout"))
    assert layout is not None  # table.autofit = False wrote it
    layout.addnext(margins)
    widths = [Length(int(TEXT_WIDTH * w)) for w in grid.widths]
    for i, column in enumerate(table.columns):
        column.width = widths[i]
    # Cells are reached through the XML: python-docx's table.cell() re-walks the whole
    # table on every call, which made a report take seconds.
    style_id = doc.styles[TABLE_STYLE].style_id
    tcs: list[list[CT_Tc]] = []
    for i, tr in enumerate(table._tbl.tr_lst):
        tr_pr = tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if i < grid.header_rows:
            tr_pr.append(OxmlElement("w:tblHeader"))
        for j, tc in enumerate(tr.tc_lst):
            tc_pr = tc.get_or_add_tcPr()
            tc_pr.width = widths[j]
            tc_pr.vAlign_val = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            tc.p_lst[0].get_or_add_pPr().style = style_id
        tcs.append(list(tr.tc_lst))
    for c in grid.cells():
        tc = tcs[c.row][c.col]
        p = Paragraph(tc.p_lst[0], table)
        if c.kind == LABEL:
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT
            if c.level:
                p.paragraph_format.left_indent = SIZE_5 * c.level
        run = p.add_run(c.text)
        if c.kind == GROUP:
            run.bold = True
        if c.kind == CORNER:
            run.font.size = Pt(9)
    for c in grid.cells():
        if c.rowspan > 1 or c.colspan > 1:
            _merge(tcs, c, widths)
    # A paragraph after the table keeps two tables (or a table and a heading) apart.
    doc.add_paragraph(style=TABLE_STYLE)
