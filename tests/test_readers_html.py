"""The HTML reader on government CMS pages as they are.

``seed-000.cms.html`` is the real seed 000 re-laid as its CMS would print it (built by
tests/data/formats/make_fixtures.py): GB2312-encoded, a top menu, a breadcrumb, a layout
table with a side menu around the article, the title in the page header outside the
article, tables in the official layout with rowspan/colspan, every cell in <p><span>,
long labels split over two spans, blanks as &nbsp;, half of table 三 in full-width digits,
and a footer. ``seed-000.onetable.html`` puts all three tables in one <table>.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import lxml.html
import pytest

from gongkai.core.errors import ReportError
from gongkai.core.readers import read_bytes
from gongkai.core.readers.decode import sniff

from .format_support import FORMATS, assert_cells, fixture_cells, read
from .test_cli import run

CMS = FORMATS / "seed-000.cms.html"
ONE_TABLE = FORMATS / "seed-000.onetable.html"
NOT_A_REPORT = FORMATS / "not-a-report.html"


def cms_text() -> str:
    return CMS.read_bytes().decode("gb2312")


def test_cms_page_is_really_gb2312() -> None:
    data = CMS.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert b"charset=gb2312" in data[:1024]
    assert "&nbsp;" in cms_text() and "<p style" in cms_text()


def test_cms_page_reads_cell_exact() -> None:
    report = read(CMS)
    assert (report.format, report.agency, report.year) == ("2019", "鄞江镇人民政府", 2019)
    assert_cells(report, fixture_cells(CMS))
    assert report.notes == []


def test_cms_blank_cells_and_full_width_digits() -> None:
    report = read(CMS)
    # a row printed with &nbsp; in every cell is a row of blanks, read, not a lost row
    row = [f"requests.withheld_state_secret.{c}" for c in ("natural_person", "total")]
    assert all(a in report.cells and report.value(a) is None for a in row)
    assert report.value("requests.granted.commercial") is None
    # full-width digits are numbers, and their source keeps what was printed
    cell = report.cells["requests.carried_over.total"]
    assert cell.value == 0 and cell.source is not None and cell.source.text == "０"


def test_cms_menus_scripts_and_footer_are_not_the_report() -> None:
    report = read(CMS)
    text = "\n".join(report.narrative.values())
    for chrome in ("首页", "当前位置", "ICP", "网站标识码", "document.write", "分享到", "浏览次数"):
        assert chrome not in text, chrome
    assert report.narrative["overview"].startswith("2019年度，我镇")
    assert "政务公开考核工作" in report.narrative["other"]


def test_cms_provenance_names_the_data_table_row_and_column() -> None:
    """Table indexes count the data tables only (the layout table around the article is
    not one); the row and column are those of the HTML grid, rowspans resolved."""
    report = read(CMS)
    root = lxml.html.document_fromstring(cms_text())
    data_tables = [t for t in root.iter("table") if t.find(".//table") is None]
    assert len(data_tables) == 3
    for address, (table, row, col) in {
        "requests.new_received.total": (1, 4, 10),
        "requests.granted.natural_person": (1, 6, 4),  # after 三、本年度办理结果 (rowspan)
        "requests.withheld_internal_affairs.total": (1, 12, 10),  # under （三）不予公开
        "proactive.procurement.amount": (0, 18, 3),  # 政府集中采购: projects, then amount
        "reviews.litigation_after_reconsideration.total": (2, 4, 15),
    }.items():
        src = report.cells[address].source
        assert src is not None
        assert (src.table, src.row, src.col) == (table, row, col), address
        tr = data_tables[table].findall(".//tr")[row - 1]
        printed = [" ".join(td.text_content().split()) for td in tr]
        assert src.text in printed, (address, src.text, printed)


ENCODINGS = {
    "gbk": lambda t: t.replace("charset=gb2312", "charset=gbk").encode("gbk"),
    "gb18030": lambda t: t.replace("charset=gb2312", "charset=GB18030").encode("gb18030"),
    "utf-8": lambda t: t.replace("charset=gb2312", "charset=utf-8").encode("utf-8"),
    "utf-8-bom": lambda t: "\ufeff".encode() + t.encode("utf-8"),
    "utf-8-labelled-gb2312": lambda t: t.encode("utf-8"),
    "gb-without-meta": lambda t: re.sub(r"<meta[^>]*>", "", t).encode("gb18030"),
}


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_cms_page_in_every_encoding(encoding: str) -> None:
    data = ENCODINGS[encoding](cms_text())
    assert sniff(data) == "html"
    report = read_bytes(data, "report.txt")  # the name says nothing: the content does
    assert report.agency == "鄞江镇人民政府"
    assert_cells(report, fixture_cells(CMS))


def test_one_table_holding_all_three_tables() -> None:
    assert ONE_TABLE.read_text("utf-8").count("<table") == 1
    report = read(ONE_TABLE)
    assert (report.format, report.agency, report.year) == ("2019", "鄞江镇人民政府", 2019)
    assert_cells(report, fixture_cells(ONE_TABLE))


def test_hidden_copies_and_nested_layout_tables(shared: Path) -> None:
    """A hidden element (display:none) is not read, even when it holds a table 三 with
    other numbers; a data table nested two layout tables deep is."""
    from .conftest import CORPUS

    page = (CORPUS / "kiro-filing-html-fixture-2025.html").read_text("utf-8")
    start = page.index("<table>", page.index("三、收到和处理"))
    end = page.index("</table>", start) + len("</table>")
    table = page[start:end]
    decoy = table.replace("14069", "99999").replace("13612", "88888")
    nested = f'<table class="outer"><tr><td><table class="inner"><tr><td>{table}</td></tr></table></td></tr></table>'
    page = page[:start] + f'<div style="display: none">{decoy}</div>' + nested + page[end:]
    report = read_bytes(page.encode("utf-8"))
    assert report.value("requests.new_received.total") == 14069
    assert report.value("requests.new_received.natural_person") == 13612
    src = report.cells["requests.new_received.total"].source
    assert src is not None and src.table == 1


def _with_hidden_decoy(wrap: str, head: str = "") -> int | None:
    """The kiro page with a copy of table 三 (other numbers) wrapped in ``wrap`` (``{}``
    marks the copy) before the real one: the new requests total read."""
    from .conftest import CORPUS

    page = (CORPUS / "kiro-filing-html-fixture-2025.html").read_text("utf-8")
    start = page.index("<table>", page.index("三、收到和处理"))
    end = page.index("</table>", start) + len("</table>")
    decoy = page[start:end].replace("14069", "99999")
    page = page[:start] + wrap.format(decoy) + page[start:]
    page = page.replace("</head>", head + "</head>")
    value = read_bytes(page.encode("utf-8")).value("requests.new_received.total")
    return value if value is None else int(value)


@pytest.mark.parametrize(
    "wrap",
    [
        "<div HIDDEN>{}</div>",
        "<div hidden>{}</div>",
        '<div title="a>b" style="color:red; display:none">{}</div>',
        "<div style='display:none'>{}</div>",
        '<div style="display:&#110;one">{}</div>',
        '<div style="visibility: hidden">{}</div>',
    ],
)
def test_every_way_of_hiding_an_element_is_seen(shared: Path, wrap: str) -> None:
    assert _with_hidden_decoy(wrap) == 14069


def test_display_none_in_a_stylesheet_hides_nothing_by_itself(shared: Path) -> None:
    """The page's stylesheet names hidden and none (most CMS pages do); an element is
    hidden only by what its own tag says, so the copy in a plain <div> is read first."""
    style = "<style>.hidden { display: none; } .x { visibility: hidden }</style>"
    assert _with_hidden_decoy('<div class="hidden">{}</div>', style) == 99999


def test_not_a_report_is_one_chinese_sentence() -> None:
    with pytest.raises(ReportError) as err:
        read(NOT_A_REPORT)
    message = err.value.message
    assert "不是政府信息公开工作年度报告" in message and "\n" not in message


def test_cli_not_a_report_exits_2() -> None:
    out = run("check", str(NOT_A_REPORT))
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.strip() == f"{NOT_A_REPORT}: " + _message(NOT_A_REPORT)


def _message(path: Path) -> str:
    try:
        read(path)
    except ReportError as e:
        return e.message
    raise AssertionError("read")


def test_cli_parse_stdin_with_table_provenance() -> None:
    out = run("parse", "--provenance", "-", stdin=CMS.read_bytes())
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["requests"]["new_received"]["total"] == 6
    src = doc["sources"]["requests.new_received.total"]
    assert {k: src[k] for k in ("table", "row", "col")} == {"table": 1, "row": 4, "col": 10}
    assert unicodedata.normalize("NFKC", src["text"]) == "6"
