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
from gongkai.core.readers.grid import GridRow, grid_blocks, text_lines
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
_SPANS = {str(n): n for n in range(1, 32)}  # what tables print, looked up
_LINE_BREAKS = ("br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6")
_BREAKS = frozenset(_LINE_BREAKS)
_CELL_BREAKS = tuple(t for t in _LINE_BREAKS if t != "tr")  # no row inside a data cell
_CELLS = frozenset(("td", "th"))
# a cheap pre-filter in C; the regex below decides
_MAYBE_HIDDEN = etree.XPath("//*[@hidden or contains(@style, 'none') or contains(@style, 'idden')]")
# What a tag needs to hold for that XPath to find its element: the ``hidden`` attribute
# (its name in upper or lower case), or ``none`` or ``idden`` in a style, which may also
# be spelt with character references.
_HIDING_WORDS = ("none", "idden", "IDDEN", "&#")
_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
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
    first, end = _report_part(walker.items)
    blocks = [b for b, _ in walker.items[first:end]]
    if not any(_is_title(b) for b in blocks[:12]):
        title = _title_before(walker.items, first) or _page_title(root)
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
        buf, hidden = self.buf, self.hidden
        text = el.text  # lxml makes a new str on every access: asked once
        if text:
            buf.append(text)
        for child in el:
            tag = child.tag
            if isinstance(tag, str) and tag not in _SKIP and (not hidden or child not in hidden):
                if tag in _BLOCK:
                    self.flush(owner)
                    if tag == "table" and child.find(".//table") is None:
                        self.table(child)
                    else:
                        self.walk(child, child)
                        self.flush(child)
                elif tag == "br":
                    self.flush(owner)
                elif len(child):
                    self.walk(child, owner)
                else:  # an inline element holding text only (<span>, <a>, <strong>)
                    text = child.text
                    if text:
                        buf.append(text)
            tail = child.tail
            if tail:
                buf.append(tail)

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
    if not _may_hide(text):
        return set()
    found = cast(list[HtmlElement], _MAYBE_HIDDEN(root))
    return {
        el
        for el in found
        if el.get("hidden") is not None or _HIDDEN_STYLE.search(el.get("style") or "")
    }


def _may_hide(text: str) -> bool:
    """Whether some tag of the page may hide its element. Most pages hide nothing, or say
    ``display: none`` only in a stylesheet; searching their text (in C) spares a search
    of every element. When in doubt, yes."""
    for word in _HIDING_WORDS:
        at = text.find(word)
        while at >= 0:
            if _in_tag(text, at):
                return True
            at = text.find(word, at + 1)
    return False


def _in_tag(text: str, at: int) -> bool:
    """Whether ``at`` may lie inside a tag: after the last ``<`` before it, with no ``>``
    closing that tag in between (a ``>`` inside a quoted attribute value closes nothing)."""
    start = text.rfind("<", 0, at)
    if start < 0:
        return False
    between = text[start + 1 : at]
    if not between[:1].isalpha():
        return True  # not the start of an element: cannot tell
    rest = _QUOTED.sub("", between)
    unclosed = min((i for i in (rest.find('"'), rest.find("'")) if i >= 0), default=len(rest))
    return ">" not in rest[:unclosed]


def _grid(table: HtmlElement, index: int, hidden: set[HtmlElement]) -> list[GridRow]:
    """The table's rows with every cell at its grid column, rowspans carried down."""
    taken: dict[int, set[int]] = {}  # row → grid columns a rowspan from above covers
    rows: list[GridRow] = []
    trs = [tr for tr in table.iter("tr") if tr not in hidden] if hidden else list(table.iter("tr"))
    # every row's cells, held: the cells _several_lines finds are then these same objects
    cells = [
        [td for td in tr.iterchildren("td", "th") if td not in hidden]
        if hidden
        else list(tr.iterchildren("td", "th"))
        for tr in trs
    ]
    several = None if hidden else _several_lines(table)
    n_rows = len(trs)
    for r, (tr, tds) in enumerate(zip(trs, cells, strict=True), start=1):
        row = GridRow(_line(tr))
        texts, cols, spans, sources = row.texts, row.cols, row.spans, row.sources
        c = 1
        covered = taken.get(r)
        for td in tds:
            if covered:
                while c in covered:
                    c += 1
            colspan = 1
            if td.keys():  # most cells have no attribute: two lookups spared
                span = td.get("colspan")
                if span is not None:
                    colspan = _span(span)
                span = td.get("rowspan")
                if span is not None:
                    rowspan = min(_span(span), n_rows - r + 1)
                    if rowspan > 1:
                        for below in range(r + 1, r + rowspan):
                            taken.setdefault(below, set()).update(range(c, c + colspan))
            if not len(td):  # text only: the cell's own
                text = td.text or ""
                if text:
                    text = " ".join(text.split())
            elif several is None:
                text = _inner_text(td, hidden)
            elif td in several:
                parts: list[str] = []
                _collect(td, parts, hidden)
                text = _lines_of("".join(parts))
            else:
                text = _one_line_text(td)
            texts.append(text)
            cols.append(c)
            spans.append(colspan)
            flat = text.replace("\n", "") if "\n" in text else text
            sources.append(Source(flat, None, None, None, None, index, r, c))
            c += colspan
        rows.append(row)
    return rows


def _several_lines(table: HtmlElement) -> set[HtmlElement]:
    """The cells of a table (none hidden) holding more than one element that breaks a
    line: found from those elements, one pass in C over the table, rather than by
    looking into every cell (most hold one <p>, or none)."""
    seen: set[HtmlElement] = set()
    several: set[HtmlElement] = set()
    for el in table.iter(*_CELL_BREAKS):
        cell = el.getparent()
        while cell is not None and cell.tag not in _CELLS:
            cell = cell.getparent()
        if cell is None:
            continue
        if cell in seen:
            several.add(cell)
        else:
            seen.add(cell)
    return several


def _span(value: str) -> int:
    known = _SPANS.get(value)
    if known is not None:
        return known
    if value.isdigit():
        return min(max(int(value), 1), _SPAN_LIMIT)
    digits = "".join(ch for ch in value if ch.isdigit())
    return min(max(int(digits), 1), _SPAN_LIMIT) if digits else 1


def _cell_text(el: HtmlElement, hidden: set[HtmlElement]) -> str:
    """A cell's text, ``\\n`` between its paragraphs and lines, spaces collapsed."""
    if len(el) == 0:
        return " ".join((el.text or "").split())
    return _inner_text(el, hidden)


def _inner_text(el: HtmlElement, hidden: set[HtmlElement]) -> str:
    """:func:`_cell_text` of an element with children."""
    if _one_line(el):
        return _one_line_text(el)
    parts: list[str] = []
    _collect(el, parts, hidden)
    return _lines_of("".join(parts))


def _one_line_text(el: HtmlElement) -> str:
    """The text of an element holding at most one element that breaks a line (the common
    <td><p><span>…</span></p></td>), as one line: serialised as text in C, several times
    quicker than joining itertext()."""
    return " ".join(etree.tostring(el, method="text", encoding="unicode", with_tail=False).split())


def _lines_of(text: str) -> str:
    """Each line's spaces collapsed, empty lines dropped."""
    return "\n".join(t for t in (" ".join(ln.split()) for ln in text.split("\n")) if t)


def _one_line(el: HtmlElement) -> bool:
    """Whether at most one element inside ``el`` breaks a line. A cell is mostly a chain
    of single children (<td><p><span>), followed here without an iterator."""
    node, breaks = el, 0
    n = len(node)
    while n == 1:
        node = node[0]
        if node.tag in _BREAKS:
            breaks += 1
            if breaks > 1:
                return False
        n = len(node)
    if n == 0:
        return True
    found = el.iter(*_LINE_BREAKS)  # the elements that break a line, found in C
    return next(found, None) is None or next(found, None) is None


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


def _report_part(items: list[tuple[Block, HtmlElement]]) -> tuple[int, int]:
    """Where the blocks inside the smallest element that holds every section heading
    start and end in ``items`` (all of them when no element but the page holds them).

    Positions, not the items: compiled code does not keep the identity of tuples."""
    everything = (0, len(items))
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
        return everything
    common = [owners[0], *owners[0].iterancestors()]
    for owner in owners[1:]:
        mine = {id(e) for e in (owner, *owner.iterancestors())}
        common = [e for e in common if id(e) in mine]
    if not common or common[0].tag in ("html", "body"):
        return everything
    container = common[0]
    # the first and the last item inside it (those between are kept as they are)
    first = next((i for i, (_, owner) in enumerate(items) if _within(owner, container)), None)
    if first is None:
        return everything
    last = next(i for i in range(len(items) - 1, first - 1, -1) if _within(items[i][1], container))
    return first, last + 1


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


def _title_before(items: list[tuple[Block, HtmlElement]], start: int) -> Block | None:
    """A title printed above the article (a page header, before ``items[start]``),
    nearest first."""
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
