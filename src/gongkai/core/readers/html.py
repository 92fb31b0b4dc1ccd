"""The HTML reader: annual reports as government CMS pages publish them.

The page is walked once with lxml in document order. Paragraphs, headings, list items and
``<br>``-separated lines become text blocks; every innermost ``<table>`` is a data table
whose rows become blocks of cell tokens (``rowspan``/``colspan`` resolved to grid columns,
see :mod:`gongkai.core.readers.grid`), each cell keeping its provenance (table index, row,
column); a table that holds other tables is page layout and is read as text around them.

A CMS page carries menus, breadcrumbs and footers around the report. The report is the
smallest element holding all its section headings (一、总体情况 … 六、其他需要报告的事项);
what lies outside it is dropped, except the title, which pages often print in a header
above the article or only in ``<title>``.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator
from typing import cast

from lxml import etree

from gongkai.core.errors import ReportError
from gongkai.core.readers.decode import decode_html
from gongkai.core.readers.document import Block, build_report, heading_of
from gongkai.core.readers.grid import GridCell, GridRow, grid_blocks, text_lines
from gongkai.core.report import Report, Source

_SKIP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "select",
        "option",
        "button",
        "iframe",
        "object",
        "embed",
        "svg",
        "textarea",
        "input",
        "map",
    }
)
_BLOCK = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_TITLE_LIKE = re.compile(r"(?:19|20)\d{2}\s*年.*政府信息公开.*报告")
_TITLE_SEPARATORS = re.compile(r"\s+[-_|—>»]+\s+|[_|>»]")
_SPAN_LIMIT = 1000
_LINE_BREAKS = frozenset({"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"})
# a cheap pre-filter in C; the regex below decides
_MAYBE_HIDDEN = etree.XPath("//*[@hidden or contains(@style, 'none') or contains(@style, 'idden')]")
_HIDING_WORDS = re.compile(r"none|hidden", re.I)  # no such word: nothing is hidden
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# lxml.etree, not lxml.html: lxml.html looks up a Python class for every element it
# hands out, which costs more than the rest of the reading together.
_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)

HtmlElement = etree._Element


def read_html(data: bytes) -> Report:
    """The report a web page prints; ReportError when the page is not one."""
    return build_report(html_blocks(decode_html(data)))


def html_blocks(text: str) -> list[Block]:
    text = _XML_DECL.sub("", text, count=1)
    if not text.strip():
        raise ReportError("HTML 网页是空的")
    try:
        root = etree.fromstring(text, _PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as e:
        raise ReportError(f"HTML 网页无法解析（{e}）") from None
    if root is None:
        raise ReportError("HTML 网页是空的")
    body = root.find("body")
    walker = _Walker(_hidden(root, text))
    walker.walk(body if body is not None else root, body if body is not None else root)
    walker.flush(root)
    items = _report_part(walker.items)
    blocks = [b for b, _ in items]
    if not any(_is_title(b) for b in blocks[:12]):
        title = _title_before(walker.items, items) or _page_title(root)
        if title is not None:
            blocks.insert(0, title)
    return blocks


# -- walking the page -------------------------------------------------------------------------


class _Walker:
    """Blocks in document order, each with the element it was read from."""

    def __init__(self, hidden: set[HtmlElement]) -> None:
        self.hidden = hidden
        self.items: list[tuple[Block, HtmlElement]] = []
        self.buf: list[str] = []
        self.tables = 0
        self.ids: Iterator[int] = itertools.count(1)

    def flush(self, owner: HtmlElement) -> None:
        if not self.buf:
            return
        text = " ".join("".join(self.buf).split())
        self.buf.clear()
        if text:
            self.items.append((Block(text, _line(owner)), owner))

    def walk(self, el: HtmlElement, owner: HtmlElement) -> None:
        if el.text:
            self.buf.append(el.text)
        for child in el:
            tag = child.tag
            if isinstance(tag, str) and tag not in _SKIP and child not in self.hidden:
                if tag == "br":
                    self.flush(owner)
                elif tag == "table" and child.find(".//table") is None:
                    self.flush(owner)
                    self.table(child)
                elif tag in _BLOCK:
                    self.flush(owner)
                    self.walk(child, child)
                    self.flush(child)
                else:
                    self.walk(child, owner)
            if child.tail:
                self.buf.append(child.tail)

    def table(self, el: HtmlElement) -> None:
        """One data table: its caption as text, its rows as grid rows."""
        index = self.tables
        self.tables += 1
        caption = el.find("caption")
        if caption is not None:
            for line in text_lines(_cell_text(caption, self.hidden)):
                self.items.append((Block(line, _line(caption)), el))
        for block in grid_blocks(_grid(el, index, self.hidden), self.ids):
            self.items.append((block, el))


def _line(el: HtmlElement) -> int:
    n = el.sourceline
    return n if isinstance(n, int) else 0


def _hidden(root: HtmlElement, text: str) -> set[HtmlElement]:
    """Elements a browser does not show (``hidden``, ``display:none``), found once."""
    if not _HIDING_WORDS.search(text):
        return set()
    found = cast(list[HtmlElement], _MAYBE_HIDDEN(root))
    return {
        el
        for el in found
        if el.get("hidden") is not None or _HIDDEN_STYLE.search(el.get("style") or "")
    }


def _grid(table: HtmlElement, index: int, hidden: set[HtmlElement]) -> list[GridRow]:
    """The table's rows with every cell at its grid column, rowspans carried down."""
    taken: set[tuple[int, int]] = set()
    rows: list[GridRow] = []
    trs = [tr for tr in table.iter("tr") if tr not in hidden]
    for r, tr in enumerate(trs, start=1):
        cells: list[GridCell] = []
        c = 1
        for td in tr.iterchildren("td", "th"):
            if td in hidden:
                continue
            while taken and (r, c) in taken:
                c += 1
            colspan = _span(td.get("colspan"))
            rowspan = _span(td.get("rowspan"))
            if rowspan > 1:
                rowspan = min(rowspan, len(trs) - r + 1)
                taken.update((r + dr, c + dc) for dr in range(rowspan) for dc in range(colspan))
            text = _cell_text(td, hidden)
            flat = text.replace("\n", "")
            src = Source(flat, None, None, None, None, index, r, c)
            cells.append(GridCell(text, c, colspan, src))
            c += colspan
        rows.append(GridRow(cells, _line(tr)))
    return rows


def _span(value: str | None) -> int:
    if value is None or value == "1":
        return 1
    if value.isdigit():
        return min(max(int(value), 1), _SPAN_LIMIT)
    digits = "".join(ch for ch in value if ch.isdigit())
    return min(max(int(digits), 1), _SPAN_LIMIT) if digits else 1


def _cell_text(el: HtmlElement, hidden: set[HtmlElement]) -> str:
    """A cell's text, ``\\n`` between its paragraphs and lines, spaces collapsed."""
    if len(el) == 0:
        return " ".join((el.text or "").split())
    breaks = 0
    for d in el.iter():
        if d.tag in _LINE_BREAKS:
            breaks += 1
            if breaks > 1:
                break
    if breaks < 2:
        # the common <td><p><span>…</span></p></td>: one line, read in one go
        return " ".join("".join(cast(Iterator[str], el.itertext())).split())
    parts: list[str] = []
    _collect(el, parts, hidden)
    return "\n".join(t for t in (" ".join(ln.split()) for ln in "".join(parts).split("\n")) if t)


def _collect(el: HtmlElement, parts: list[str], hidden: set[HtmlElement]) -> None:
    if el.text:
        parts.append(el.text)
    for child in el:
        tag = child.tag
        if isinstance(tag, str) and tag not in _SKIP and child not in hidden:
            if tag == "br":
                parts.append("\n")
            elif tag in _BLOCK:
                parts.append("\n")
                _collect(child, parts, hidden)
                parts.append("\n")
            else:
                _collect(child, parts, hidden)
        if child.tail:
            parts.append(child.tail)


# -- the report inside the page ---------------------------------------------------------------


def _report_part(
    items: list[tuple[Block, HtmlElement]],
) -> list[tuple[Block, HtmlElement]]:
    """The blocks inside the smallest element that holds every section heading."""
    owners: list[HtmlElement] = []
    current = -1
    for block, owner in items:
        if block.cells is not None and len(block.cells) > 2:
            continue
        idx = heading_of(block.text, current)
        if idx is not None:
            owners.append(owner)
            current = idx
    if len(owners) < 2:
        return items
    common = [owners[0], *owners[0].iterancestors()]
    for owner in owners[1:]:
        mine = {id(e) for e in (owner, *owner.iterancestors())}
        common = [e for e in common if id(e) in mine]
    if not common or common[0].tag in ("html", "body"):
        return items
    container = common[0]
    inside = [i for i, (_, owner) in enumerate(items) if _within(owner, container)]
    return items[inside[0] : inside[-1] + 1] if inside else items


def _within(el: HtmlElement, container: HtmlElement) -> bool:
    node: HtmlElement | None = el
    while node is not None:
        if node is container:
            return True
        node = node.getparent()
    return False


def _is_title(block: Block) -> bool:
    """A title line: short, no sentence, naming a year and the annual report."""
    if block.cells is not None or len(block.text) > 60 or "。" in block.text:
        return False
    return (
        _TITLE_LIKE.search("".join(unicodedata.normalize("NFKC", block.text).split())) is not None
    )


def _title_before(
    items: list[tuple[Block, HtmlElement]], kept: list[tuple[Block, HtmlElement]]
) -> Block | None:
    """A title printed above the article (a page header), nearest first."""
    if not kept or kept[0] is items[0]:
        return None
    start = next(i for i, item in enumerate(items) if item is kept[0])
    for block, _ in reversed(items[max(0, start - 30) : start]):
        if _is_title(block):
            return block
    return None


def _page_title(root: HtmlElement) -> Block | None:
    """``<title>``, without the site name CMSs append (``… - 某某市人民政府``)."""
    el = root.find(".//title")
    text = " ".join("".join(cast(Iterator[str], el.itertext())).split()) if el is not None else ""
    if el is None or not text:
        return None
    parts = [p for p in _TITLE_SEPARATORS.split(text) if p.strip()]
    best = next((p for p in parts if "报告" in p), text)
    return Block(best.strip(), _line(el))
