"""HTML: one self-contained page (inline CSS, nothing fetched) in the official layout.

The page is also the PDF writer's input, so its stylesheet carries the print rules
(A4, GB/T 9704 margins and type sizes, page numbers, no page break inside a table row,
table headers repeated on every page). Tables are the template's grids with exactly its
merged cells (``grid.py``); every text is escaped; a blank cell prints ``—``
(``layout.show``), a zero prints 0.
"""

from __future__ import annotations

from functools import cache
from html import escape
from importlib import resources
from string import Template

from gongkai.core.report import Report
from gongkai.core.writers.grid import CORNER, GROUP, HEAD, LABEL, SIDE, UNIT, VALUE, Grid, GridCell
from gongkai.core.writers.layout import title
from gongkai.core.writers.outline import outline, title_lines

_CLASS = {GROUP: "group", CORNER: "corner", SIDE: "side", LABEL: "label", UNIT: "unit"}


@cache
def _asset(name: str) -> str:
    return resources.files("gongkai.core.writers").joinpath("assets", name).read_text("utf-8")


def write_html(report: Report) -> str:
    body: list[str] = []
    in_section = False
    for block in outline(report):
        text = escape(block.text)
        if block.kind == "title":
            body.append(_title(report))
        elif block.kind == "heading":
            if in_section:
                body.append("</section>")
            body.append(f'<section id="{block.key}">')
            body.append(f"<h2>{text}</h2>")
            in_section = True
        elif block.kind == "subheading":
            body.append(f"<h3>{text}</h3>")
        elif block.kind == "paragraph":
            body.append(f"<p>{text}</p>")
        elif block.grid is not None:
            body.extend(_table(block.grid))
    if in_section:
        body.append("</section>")
    meta = f'<meta name="author" content="{escape(report.agency)}">\n' if report.agency else ""
    return Template(_asset("report.html")).substitute(
        title=escape(title(report)),
        meta=meta,
        style=_asset("report.css"),
        body="".join(line + "\n" for line in body),
    )


def _title(report: Report) -> str:
    """One ``<h1>`` whose lines are block spans, not ``<br>``: its text reads as the title."""
    lines = title_lines(report)
    if len(lines) == 1:
        return f"<h1>{escape(lines[0])}</h1>"
    return "<h1>" + "".join(f"<span>{escape(line)}</span>" for line in lines) + "</h1>"


def _table(grid: Grid) -> list[str]:
    out = [
        f'<div class="table-wrap"><table class="official {grid.key}">',
        "<colgroup>"
        + "".join(f'<col style="width:{w * 100:.2f}%">' for w in grid.widths)
        + "</colgroup>",
    ]
    head, body = grid.rows[: grid.header_rows], grid.rows[grid.header_rows :]
    if head:
        out.append("<thead>")
        out.extend(_row(cells) for cells in head)
        out.append("</thead>")
    out.append("<tbody>")
    out.extend(_row(cells) for cells in body)
    out.append("</tbody>")
    out.append("</table></div>")
    return out


def _row(cells: tuple[GridCell, ...]) -> str:
    return "<tr>" + "".join(_cell(c) for c in cells) + "</tr>"


def _cell(c: GridCell) -> str:
    tag = "th" if c.kind in (GROUP, HEAD, CORNER) else "td"
    attrs = ""
    if c.rowspan > 1:
        attrs += f' rowspan="{c.rowspan}"'
    if c.colspan > 1:
        attrs += f' colspan="{c.colspan}"'
    if c.kind == VALUE:
        cls = "num blank" if c.address is not None and c.value is None else "num"
    else:
        cls = _CLASS.get(c.kind, "")
    if cls:
        attrs += f' class="{cls}"'
    if c.level:
        attrs += f' style="padding-left:{c.level}em"'
    return f"<{tag}{attrs}>{escape(c.text)}</{tag}>"
