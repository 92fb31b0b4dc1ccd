"""Build the format fixtures of tests/test_readers_*.py from real reports.

Every fixture is a real report re-laid in a published layout; its cells come from a file
whose cells are known (the seed ``000_…`` as modelled in tests/test_layouts.py, and the
verified ``expected/*.tsv`` of the corpus), never from our readers. Beside each fixture
``<name>.tsv`` lists the cells it prints (``address<TAB>value``, ``null`` for a blank), so
the tests compare what the readers get with what was written.

The tables follow the official templates (国办公开办函〔2019〕60号 / 〔2021〕30号) with
their merged cells: 第二十条 group titles over the whole width, table 三's three header
rows and its group labels over the rows they head (三、本年度办理结果, （三）不予公开 …),
table 四's two header rows. The same layout model is drawn as HTML (rowspan/colspan),
DOCX (python-docx merges), XLSX (openpyxl merged ranges) and PDF (WeasyPrint from HTML).

Run (from the repository root, needs ../shared):
    .venv/bin/python tests/data/formats/make_fixtures.py
"""

from __future__ import annotations

import html
import io
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

import docx  # noqa: E402
import openpyxl  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402
from docx.shared import Pt  # noqa: E402
from openpyxl.styles import Alignment, Border, Side  # noqa: E402
from PIL import Image  # noqa: E402

from gongkai.core.template import template  # noqa: E402
from tests.test_layouts import SEED, SEED_CELLS  # noqa: E402

HERE = Path(__file__).resolve().parent
SHARED = Path(os.environ.get("GONGKAI_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"

Printed = dict[str, str]  # address -> text printed in the cell ("" = left blank)


# -- the official layout as a grid of merged cells ---------------------------------------------


@dataclass
class Cell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    head: bool = False  # a header cell (printed bold)


Grid = list[list[Cell]]  # rows of the cells that start in them


def proactive_grid(fmt: str, printed: Printed) -> Grid:
    """Table 二: each 第二十条 group titled over the full width, 信息内容 header row, rows."""
    rows: Grid = []
    group = None
    for row in template(fmt).proactive.rows:
        if row.group != group:
            group = row.group
            rows.append([Cell(group or "", colspan=4, head=True)])
            rows.append([Cell("信息内容", head=True), *_spread([c.label for c in row.columns], True)])
        values = [printed[f"proactive.{row.key}.{c.key}"] for c in row.columns]
        rows.append([Cell(row.label), *_spread(values, False)])
    return rows


def _spread(texts: list[str], head: bool) -> list[Cell]:
    """Three data columns: the last of fewer cells spans the rest."""
    cells = [Cell(t, head=head) for t in texts]
    cells[-1].colspan = 4 - len(texts)
    return cells


def requests_grid(fmt: str, printed: Printed, row_keys: list[str]) -> tuple[Grid, int]:
    """Table 三 with its three header rows (returned as the count, for a repeated header)."""
    tpl = template(fmt).requests
    rows: Grid = [
        [Cell(tpl.note or "", colspan=3, rowspan=3, head=True), Cell("申请人情况", colspan=7, head=True)],
        [
            Cell("自然人", rowspan=2, head=True),
            Cell("法人或其他组织", colspan=5, head=True),
            Cell("总计", rowspan=2, head=True),
        ],
        [Cell(c.label, head=True) for c in tpl.columns[1:6]],
    ]
    present = [tpl.row(k) for k in row_keys]
    seen: set[str] = set()
    for row in present:
        cells: list[Cell] = []
        for depth, group in enumerate(row.under):
            if group not in seen:
                seen.add(group)
                span = sum(1 for r in present if len(r.under) > depth and r.under[depth] == group)
                cells.append(Cell(group, rowspan=span))
        cells.append(Cell(row.label, colspan=3 - len(row.under)))
        cells += [Cell(printed[f"requests.{row.key}.{c.key}"]) for c in row.columns]
        rows.append(cells)
    return rows, 3


def reviews_grid(fmt: str, printed: Printed) -> Grid:
    tpl = template(fmt).reviews
    labels = [c.label for c in tpl.rows[0].columns]
    return [
        [Cell("行政复议", colspan=5, head=True), Cell("行政诉讼", colspan=10, head=True)],
        [
            *(Cell(t, rowspan=2, head=True) for t in labels),
            Cell("未经复议直接起诉", colspan=5, head=True),
            Cell("复议后起诉", colspan=5, head=True),
        ],
        [Cell(t, head=True) for t in labels * 2],
        [Cell(printed[f"reviews.{r.key}.{c.key}"]) for r in tpl.rows for c in r.columns],
    ]


@dataclass
class Report:
    """What a fixture prints: title, narrative per section, the three grids."""

    fmt: str
    title: str
    printed: Printed
    row_keys: list[str]
    before: list[str]  # preamble and section 一 (heading included)
    after: list[str]  # sections 五 and 六 (headings included)
    meta: dict[str, str]

    def grids(self) -> dict[str, tuple[Grid, int]]:
        return {
            "二、主动公开政府信息情况": (proactive_grid(self.fmt, self.printed), 0),
            "三、收到和处理政府信息公开申请情况": requests_grid(self.fmt, self.printed, self.row_keys),
            "四、政府信息公开行政复议、行政诉讼情况": (reviews_grid(self.fmt, self.printed), 0),
        }

    def write_expected(self, path: Path) -> None:
        lines = [f"{k}\t{v}" for k, v in self.meta.items()]
        lines += [f"{a}\t{_expected(p)}" for a, p in self.printed.items()]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _expected(printed: str) -> str:
    """The value a printed cell holds: full-width digits folded, 元 turned into 万元."""
    import unicodedata
    from decimal import Decimal

    t = unicodedata.normalize("NFKC", printed).strip()
    if not t:
        return "null"
    if t.endswith("元"):
        v = Decimal(t[:-1]) / 10000
        return format(v.normalize(), "f")
    return t


def _row_keys(fmt: str, printed: Printed) -> list[str]:
    tpl = template(fmt)
    return [r.key for r in tpl.requests.rows if f"requests.{r.key}.total" in printed]


def load_tsv(path: Path) -> tuple[dict[str, str], Printed]:
    meta: dict[str, str] = {}
    printed: Printed = {}
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        key, value = line.split("\t")
        if key in ("format", "year", "agency"):
            meta[key] = value
        else:
            printed[key] = "" if value in ("", "null") else value
    return meta, printed


# -- the reports -------------------------------------------------------------------------------

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def seed_000() -> Report:
    """Seed 000 as its CMS printed it: some values in full-width digits, one row and one
    cell left blank (&nbsp;)."""
    printed: Printed = {a: str(v) for a, v in SEED_CELLS.items()}
    for a in printed:
        if a.startswith("requests.withheld_state_secret."):
            printed[a] = ""
    printed["requests.granted.commercial"] = ""
    for i, a in enumerate(a for a in printed if a.startswith("requests.")):
        if (i // 7) % 2:
            printed[a] = printed[a].translate(FULL_WIDTH)
    before = [ln.strip() for ln in SEED.before if ln.strip()]
    after = [ln.strip() for ln in SEED.after if ln.strip()]
    return Report(
        "2019",
        before[0],
        printed,
        _row_keys("2019", printed),
        before[1:],
        after,
        {"format": "2019", "year": "2019", "agency": "鄞江镇人民政府"},
    )


KIRO_TEXT = {
    "before": [
        "根据《中华人民共和国政府信息公开条例》规定编制本报告。本报告中所列数据统计期限为2025年1月1日至12月31日。",
        "一、总体情况",
        "2025年，全市各级行政机关扎实推进政务公开工作。主动公开方面成效明显。",
        "（一）主动公开。发布规章与规范性文件若干。",
        "（二）依申请公开。规范办理程序。",
    ],
    "after": [
        "五、存在的主要问题及改进情况",
        "对照新要求新任务，仍存在以下短板：一是主动公开工作还需进一步规范。",
        "六、其他需要报告的事项",
        "依据《政府信息公开信息处理费管理办法》规定，2025年全市实际收取信息处理费共计400元。",
    ],
}


def from_corpus(stem: str, expected: Path, title: str, text: dict[str, list[str]]) -> Report:
    meta, printed = load_tsv(expected)
    fmt = meta["format"]
    return Report(
        fmt,
        title,
        printed,
        _row_keys(fmt, printed),
        text["before"],
        text["after"],
        meta,
    )


SHANGHAI_TEXT = {
    "before": [
        "发布日期：2020-01-31",
        "本年度报告根据《中华人民共和国政府信息公开条例》的要求编制。本年度报告中所列数据统计期限从2019年1月1日到12月31日止。",
        "一、总体情况",
        "2019年，上海市人民政府办公厅全面落实《条例》要求，不断提高政府工作透明度。",
        "（一）主动公开方面",
        "2019年，通过“中国上海”门户网站、《上海市人民政府公报》等平台主动公开规章13件，行政规范性文件60件。"
        * 3,
        "（二）依申请公开方面",
        "严格执行新出台的《条例》，进一步规范政府信息公开申请办理工作。及时修订全市“依申请办理示范文书”，优化依申请工作流程。"
        * 4,
    ],
    "after": [
        "五、政府信息公开工作存在的主要问题及改进情况",
        "一是新《条例》实施后，专业领域的理论学习仍需加强；二是决策公开仍需进一步加强。",
        "六、其他需要报告的事项",
        "无。",
    ],
}


# -- HTML --------------------------------------------------------------------------------------

MENU = (
    "首页",
    "政务公开",
    "政府信息公开",
    "政府信息公开指南",
    "政府信息公开制度",
    "法定主动公开内容",
    "政府信息公开年报",
    "政务服务",
    "互动交流",
    "走进海曙",
    "镇乡街道",
    "专题专栏",
    "政策文件",
    "政策解读",
    "人事信息",
    "财政信息",
)


def _span_html(text: str, split: bool) -> str:
    """A cell's text in <p><span>, as Word-pasted CMS pages print it: long labels in two
    spans, blanks as &nbsp;."""
    if not text:
        return '<p style="text-align:center"><span style="font-family:仿宋_GB2312">&nbsp;</span></p>'
    parts = [text[: len(text) // 2], text[len(text) // 2 :]] if split and len(text) > 6 else [text]
    spans = "".join(
        f'<span style="font-family:仿宋_GB2312;font-size:14px">{html.escape(p)}</span>' for p in parts
    )
    return f'<p style="text-align:center;line-height:150%">{spans}</p>'


def grid_html(grid: Grid, header_rows: int = 0, cls: str = "MsoNormalTable") -> str:
    out = [f'<table class="{cls}" border="1" cellspacing="0" cellpadding="0" width="100%">']
    for i, row in enumerate(grid):
        if header_rows and i == 0:
            out.append("<thead>")
        if header_rows and i == header_rows:
            out.append("</thead><tbody>")
        out.append("<tr>")
        for c in row:
            attrs = "".join(
                f' {k}="{v}"' for k, v in (("colspan", c.colspan), ("rowspan", c.rowspan)) if v > 1
            )
            out.append(f"<td{attrs}>{_span_html(c.text, split=not c.head)}</td>")
        out.append("</tr>")
    out.append("</tbody></table>" if header_rows else "</table>")
    return "\n".join(out)


def cms_page(report: Report, charset: str) -> str:
    """The report inside a government CMS page: top menu, breadcrumb, a layout table with a
    side menu, the title in the page header (outside the article), a footer."""
    body: list[str] = []
    for line in report.before:
        body.append(f'<p style="text-indent:2em"><span>{html.escape(line)}</span></p>')
    for heading, (grid, _) in report.grids().items():
        body.append(f"<p><strong><span>{heading}</span></strong></p>")
        body.append(grid_html(grid))
    for line in report.after:
        body.append(f'<p style="text-indent:2em"><span>{html.escape(line)}</span></p>')
    menu = "".join(f'<li><a href="/col/col{i}/index.html">{m}</a></li>' for i, m in enumerate(MENU))
    side = "".join(f'<p><a href="/col/col{i}/">{m}</a></p>' for i, m in enumerate(MENU[2:9]))
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<title>{html.escape(report.title)}_海曙区人民政府门户网站</title>
<script type="text/javascript">var siteid = 1; document.write("");</script>
<style type="text/css">.nav li {{ float: left; }} .hidden {{ display: none; }}</style>
</head>
<body>
<div class="top"><div class="logo">海曙区人民政府</div><ul class="nav">{menu}</ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/col/col2/">政府信息公开</a> &gt; 政府信息公开年报</div>
<table width="1000" border="0" cellspacing="0" cellpadding="0" class="layout"><tr>
<td width="200" valign="top" class="side">{side}</td>
<td valign="top" class="main">
<div class="title"><h1>{html.escape(report.title)}</h1></div>
<div class="info">发布时间：2020-01-15　　来源：鄞江镇人民政府　　浏览次数：<span id="hits">1024</span></div>
<div id="zoom" class="TRS_Editor">
{chr(10).join(body)}
</div>
<div class="share">分享到：微信 微博　【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
</td></tr></table>
<div class="footer"><p>主办：宁波市海曙区人民政府办公室　　承办：海曙区大数据发展管理中心</p>
<p>网站标识码：3302030001　　浙ICP备05000000号　　浙公网安备 33020302000000号</p>
<p>联系电话：0574-88888888　　技术支持：某某科技有限公司</p></div>
</body></html>
"""


def one_table_page(report: Report) -> str:
    """All three tables in one <table> of fifteen columns, section headings as full-width
    rows: pages pasted from a Word file that keeps every table in one."""
    rows: list[str] = []
    for heading, (grid, _) in report.grids().items():
        rows.append(f'<tr><td colspan="15"><b>{heading}</b></td></tr>')
        width = sum(c.colspan for c in grid[0])
        for n, row in enumerate(grid):
            cells = []
            for c in row:
                attrs = f' colspan="{c.colspan}"' if c.colspan > 1 else ""
                attrs += f' rowspan="{c.rowspan}"' if c.rowspan > 1 else ""
                cells.append(f"<td{attrs}>{html.escape(c.text) or '&nbsp;'}</td>")
            if n == 0 and width < 15:
                # one empty cell, as tall as the sub-table, fills the width
                cells.append(f'<td colspan="{15 - width}" rowspan="{len(grid)}">&nbsp;</td>')
            rows.append("<tr>" + "".join(cells) + "</tr>")
    paras = "\n".join(f"<p>{html.escape(t)}</p>" for t in report.before)
    after = "\n".join(f"<p>{html.escape(t)}</p>" for t in report.after)
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{html.escape(report.title)}</title></head>
<body><h2 style="text-align:center">{html.escape(report.title)}</h2>
{paras}
<table border="1">
{chr(10).join(rows)}
</table>
{after}
</body></html>
"""


NOT_A_REPORT = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk">
<title>关于开展2024年度政务公开工作考核的通知_某某区人民政府</title></head>
<body><ul class="nav"><li>首页</li><li>政务公开</li><li>政府信息公开年报</li></ul>
<div id="zoom">
<p>各镇（街道）、区直各部门：</p>
<p>为进一步提升政务公开工作水平，根据《中华人民共和国政府信息公开条例》，现就开展2024年度政务公开工作考核有关事项通知如下。</p>
<p>一、考核对象</p><p>各镇（街道）人民政府（办事处）、区政府各部门。</p>
<p>二、考核内容</p>
<table border="1"><tr><td>考核项目</td><td>分值</td></tr>
<tr><td>主动公开</td><td>40</td></tr><tr><td>依申请公开</td><td>30</td></tr>
<tr><td>政府信息公开年度报告</td><td>10</td></tr><tr><td>平台建设</td><td>20</td></tr></table>
<p>三、工作要求</p><p>请各单位于2025年1月15日前报送自评材料。</p>
</div><div class="footer">版权所有：某某区人民政府办公室</div></body></html>
"""


# -- DOCX --------------------------------------------------------------------------------------


def _runs(paragraph: docx.text.paragraph.Paragraph, text: str, bold: bool = False) -> None:
    """Text in several runs, as Word saves an edited cell: numbers split between digits,
    labels split in the middle."""
    if len(text) > 1:
        cut = len(text) // 2
        parts = [text[:cut], text[cut:]]
    else:
        parts = [text]
    for part in parts:
        run = paragraph.add_run(part)
        run.bold = bold
        run.font.size = Pt(10.5)


def docx_fixture(report: Report) -> bytes:
    document = docx.Document()
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _runs(title, report.title, bold=True)
    for line in report.before:
        document.add_paragraph(line)
    for heading, (grid, _) in report.grids().items():
        document.add_paragraph(heading)
        width = max(sum(c.colspan for c in row) for row in grid)
        table = document.add_table(rows=len(grid), cols=width)
        table.style = "Table Grid"
        taken: set[tuple[int, int]] = set()
        for r, row in enumerate(grid):
            c = 0
            for cell in row:
                while (r, c) in taken:
                    c += 1
                target = table.cell(r, c)
                if cell.colspan > 1 or cell.rowspan > 1:
                    target = target.merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
                taken.update(
                    (r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan)
                )
                target.text = ""
                _runs(target.paragraphs[0], cell.text, bold=cell.head)
                c += cell.colspan
    for line in report.after:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# -- XLSX --------------------------------------------------------------------------------------

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _put_grid(sheet: openpyxl.worksheet.worksheet.Worksheet, grid: Grid, top: int) -> int:
    """Write a grid from row ``top``; numbers as numbers on odd rows, as text on even
    ones (both are seen in circulated sheets). Returns the next free row."""
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            value: object = cell.text or None
            if cell.text.isdigit() and r % 2:
                value = int(cell.text)
            target = sheet.cell(top + r, 1 + c, value)
            target.border = BOX
            target.alignment = Alignment(wrap_text=True, vertical="center")
            if cell.colspan > 1 or cell.rowspan > 1:
                sheet.merge_cells(
                    start_row=top + r,
                    start_column=1 + c,
                    end_row=top + r + cell.rowspan - 1,
                    end_column=c + cell.colspan,
                )
            taken.update((r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan))
            c += cell.colspan
    return top + len(grid)


def xlsx_sheet_per_table(report: Report) -> bytes:
    """One sheet per table, tabs 表二/表三/表四, no section headings; the workbook title
    over the first sheet."""
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for n, (grid, _) in enumerate(g for g in report.grids().values()):
        sheet = book.create_sheet(("表二", "表三", "表四")[n])
        top = 1
        if n == 0:
            sheet.cell(1, 1, report.title + "统计表")
            sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=4)
            top = 3
        _put_grid(sheet, grid, top)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_one_sheet(report: Report) -> bytes:
    """All tables on one sheet under their section headings."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "年报统计表"
    sheet.cell(1, 1, report.title)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=15)
    top = 3
    for heading, (grid, _) in report.grids().items():
        sheet.cell(top, 1, heading)
        top = _put_grid(sheet, grid, top + 1) + 1
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# -- PDF ---------------------------------------------------------------------------------------

PDF_CSS = """
@page { size: A4; margin: 25mm 22mm 25mm 22mm;
        @bottom-center { content: "- " counter(page) " -"; font-size: 10pt;
                         font-family: "Noto Serif CJK SC"; } }
* { font-family: "Noto Serif CJK SC" !important; font-weight: normal; }
body { font-size: 12pt; line-height: 1.55; }
h1 { font-size: 18pt; text-align: center; margin: 0 0 12pt 0; }
p { margin: 0; text-indent: 2em; }
p.h { text-indent: 0; margin: 6pt 0; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt 0; }
td { border: 0.75pt solid #000; padding: 2pt 3pt; font-size: 9.5pt; line-height: 1.3;
     text-align: center; vertical-align: middle; }
td p { text-indent: 0; }
"""


def pdf_html(report: Report) -> str:
    """HTML for WeasyPrint: table 三's header rows in <thead>, which WeasyPrint repeats
    when the table continues on the next page."""
    parts = [f"<h1>{html.escape(report.title)}</h1>"]

    def para(t: str) -> str:
        heading = t[:2] in ("一、", "五、", "六、")
        return f'<p class="h">{html.escape(t)}</p>' if heading else f"<p>{html.escape(t)}</p>"

    parts += [para(t) for t in report.before]
    for heading, (grid, header_rows) in report.grids().items():
        parts.append(f'<p class="h">{heading}</p>')
        parts.append(grid_html(grid, header_rows=header_rows, cls="t"))
    parts += [para(t) for t in report.after]
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><style>{PDF_CSS}</style></head>'
        f"<body>{''.join(parts)}</body></html>"
    )


def pdf_fixture(report: Report) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=pdf_html(report)).write_pdf())


def scanned(pdf: bytes) -> bytes:
    """Page 1 of a PDF as a coarse greyscale image in a PDF with no text layer: a scan."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", "40", "-gray", "-png", "-f", "1", "-l", "1", str(src), f"{tmp}/p"],
            check=True,
        )
        png = next(Path(tmp).glob("p*.png"))
        image = Image.open(png).convert("L")
        out = io.BytesIO()
        image.save(out, format="PDF", resolution=40.0)
        return out.getvalue()


# -- main --------------------------------------------------------------------------------------


def write(name: str, data: bytes | str, report: Report | None = None) -> None:
    path = HERE / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    if report is not None:
        report.write_expected(HERE / (name.rsplit(".", 1)[0] + ".tsv"))
    print(f"{path.relative_to(ROOT)}: {path.stat().st_size} bytes")


def main() -> None:
    seed = seed_000()
    write("seed-000.cms.html", cms_page(seed, "gb2312").encode("gb2312"), seed)
    write("seed-000.onetable.html", one_table_page(seed), seed)
    write("not-a-report.html", NOT_A_REPORT.encode("gbk"))

    kiro = from_corpus(
        "kiro",
        CORPUS / "expected" / "kiro-filing-html-fixture-2025.tsv",
        "测试市2025年政府信息公开工作年度报告",
        KIRO_TEXT,
    )
    write("kiro-2025.merged.docx", docx_fixture(kiro), kiro)

    hongze = from_corpus(
        "hongze",
        CORPUS / "expected" / "hongze-district-gov-2024.tsv",
        "淮安市洪泽区人民政府2024年政府信息公开工作年度报告",
        {"before": [], "after": []},
    )
    write("hongze-2024.sheets.xlsx", xlsx_sheet_per_table(hongze), hongze)
    write("hongze-2024.onesheet.xlsx", xlsx_one_sheet(hongze), hongze)

    shanghai = from_corpus(
        "shanghai",
        HERE / "expected" / "shanghai-municipal-office-2019.tsv",
        "2019年上海市人民政府办公厅政府信息公开工作年度报告",
        SHANGHAI_TEXT,
    )
    shanghai.printed["proactive.procurement.amount"] = "251000元"
    pdf = pdf_fixture(shanghai)
    write("shanghai-2019.pages.pdf", pdf, shanghai)
    write("scanned.pdf", scanned(pdf))

if __name__ == "__main__":
    main()
