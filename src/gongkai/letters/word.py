"""A letter as DOCX in the official document style (GB/T 9704-2012).

A4, margins 37/35/28/26 mm (top/bottom/left/right, the 156 × 225 mm type area); title in
方正小标宋简体 二号 centred; body in 仿宋_GB2312 三号, first line indented two characters,
fixed 28 pt line spacing; page numbers in 宋体 四号 between em dashes, odd pages right and
even pages left. The Chinese fonts are named in ``w:eastAsia`` — Word picks the font of a
Chinese character from there, not from ``w:ascii``. The bytes depend on the letter only:
core-property dates are the letter's date and every zip entry carries the same timestamp.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.run import CT_R
from docx.shared import Length, Mm, Pt
from docx.text.paragraph import Paragraph

from gongkai.letters.compose import Letter
from gongkai.letters.layout import signature_indents

__all__ = ["letter_docx"]

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
PAGE_NUMBER_FONT = "宋体"
TITLE_SIZE = Pt(22)  # 二号
BODY_SIZE = Pt(16)  # 三号
PAGE_NUMBER_SIZE = Pt(14)  # 四号
LINE = Pt(28)
CHAR = 16.0  # pt: one character of the body size
MARGINS = {"top": 37, "bottom": 35, "left": 28, "right": 26}  # mm
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _fonts(r: CT_R, name: str) -> None:
    fonts = r.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _run(p: Paragraph, text: str, font: str, size: Length) -> None:
    run = p.add_run(text)
    run.font.size = size
    _fonts(run._r, font)


def _format(
    p: Paragraph,
    *,
    align: WD_ALIGN_PARAGRAPH | None = None,
    first_line_chars: float = 0.0,
    left_chars: float = 0.0,
    right_chars: float = 0.0,
    char: float = CHAR,
) -> None:
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE
    fmt.space_before = fmt.space_after = Pt(0)
    if align is not None:
        p.alignment = align
    if first_line_chars:
        fmt.first_line_indent = Pt(char * first_line_chars)
    if left_chars:
        fmt.left_indent = Pt(char * left_chars)
    if right_chars:
        fmt.right_indent = Pt(char * right_chars)
    ind = p._p.get_or_add_pPr().find(qn("w:ind"))
    if ind is not None:
        # Word and WPS measure in characters when the *Chars attributes are present.
        for attr, chars in (
            ("w:firstLineChars", first_line_chars),
            ("w:leftChars", left_chars),
            ("w:rightChars", right_chars),
        ):
            if chars:
                ind.set(qn(attr), str(round(chars * 100)))


def _line(
    doc: DocxDocument,
    text: str = "",
    *,
    font: str = BODY_FONT,
    size: Length = BODY_SIZE,
    **fmt: float | WD_ALIGN_PARAGRAPH | None,
) -> Paragraph:
    p = doc.add_paragraph()
    _format(p, **fmt)  # type: ignore[arg-type]
    if text:
        _run(p, text, font, size)
    return p


def _page_number(p: Paragraph) -> None:
    """— N — with N a PAGE field, in 宋体 四号."""
    _run(p, "— ", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    for kind, instr in (
        ("begin", None),
        (None, " PAGE "),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        run = p.add_run()
        run.font.size = PAGE_NUMBER_SIZE
        _fonts(run._r, PAGE_NUMBER_FONT)
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif instr == " PAGE ":
            it = OxmlElement("w:instrText")
            it.set(qn("xml:space"), "preserve")
            it.text = instr
            run._r.append(it)
        else:
            run.text = instr or ""
    _run(p, " —", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)


def _setup(doc: DocxDocument) -> None:
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(MARGINS["top"]), Mm(MARGINS["bottom"])
    sec.left_margin, sec.right_margin = Mm(MARGINS["left"]), Mm(MARGINS["right"])
    sec.header_distance = Mm(15)
    # The page number's dash sits 7 mm below the type area (GB/T 9704, 7.5).
    sec.footer_distance = Mm(MARGINS["bottom"] - 7 - 5)
    normal = doc.styles["Normal"]
    normal.font.size = BODY_SIZE
    normal.font.name = BODY_FONT
    fonts = normal.element.rPr.rFonts
    fonts.set(qn("w:eastAsia"), BODY_FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:eastAsia"), "zh-CN")
    normal.element.rPr.append(lang)
    doc.settings.odd_and_even_pages_header_footer = True
    odd = sec.footer.paragraphs[0]
    _format(odd, align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=1, char=14.0)
    _page_number(odd)
    even = sec.even_page_footer.paragraphs[0]
    _format(even, align=WD_ALIGN_PARAGRAPH.LEFT, left_chars=1, char=14.0)
    _page_number(even)


def _properties(doc: DocxDocument, letter: Letter, when: datetime) -> None:
    cp = doc.core_properties
    cp.title = "".join(letter.title[1:])
    cp.subject = letter.number
    cp.author = cp.last_modified_by = letter.signature
    cp.category = "政府信息公开"
    cp.comments = cp.keywords = cp.identifier = cp.content_status = ""
    cp.language = "zh-CN"
    cp.created = cp.modified = cp.last_printed = when
    cp.revision = 1


def _stable_zip(data: bytes) -> bytes:
    """The same entries, in the same order, each with one fixed timestamp."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def letter_docx(letter: Letter, when: datetime) -> bytes:
    """The letter as DOCX bytes; ``when`` goes into the core properties."""
    doc = Document()
    _setup(doc)
    _properties(doc, letter, when)
    center = WD_ALIGN_PARAGRAPH.CENTER
    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    right = WD_ALIGN_PARAGRAPH.RIGHT
    for line in letter.title:
        _line(doc, line, font=TITLE_FONT, size=TITLE_SIZE, align=center)
    if letter.number:
        _line(doc, letter.number, align=center)
    _line(doc)
    _line(doc, letter.addressee, align=justify)
    for text in letter.paragraphs:
        _line(doc, text, align=justify, first_line_chars=2)
    # The signature never stands alone on a page: the closing line, the space for the
    # seal, the name, the date and the contact note are kept together (GB/T 9704, 7.3.5).
    doc.paragraphs[-1].paragraph_format.keep_with_next = True
    name_right, date_right = signature_indents(letter.signature, letter.date)
    block = [
        _line(doc),
        _line(doc),
        _line(doc, letter.signature, align=right, right_chars=name_right),
        _line(doc, letter.date, align=right, right_chars=date_right),
    ]
    if letter.note:
        block.append(_line(doc, letter.note, align=justify, first_line_chars=2))
    for p in block[:-1]:
        p.paragraph_format.keep_with_next = True
    buf = io.BytesIO()
    doc.save(buf)
    return _stable_zip(buf.getvalue())
