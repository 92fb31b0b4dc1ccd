"""Every plain-text layout the text reader supports, built from real reports.

The real seed ``000_…`` prints its tables one cell a line. Its cells are read once (and
checked against the numbers printed in it); every other layout is the same seed re-laid
programmatically — tab-indented rows with stray spaces, a row a line separated by spaces
or tabs, markdown pipe tables, aligned columns — and must read cell-exact the same.
On top of the layouts come the noise of real files: labels wrapped over two lines, page
breaks with page numbers and a repeated header in the middle of table 三, full-width
digits, thousands separators, signed 本年增/减 and ``—``/``/``/``无`` blanks (None, never 0).

The two ``pdftotext -layout`` files in ``tests/data`` were made from the real PDFs in
``corpus/`` with ``pdftotext -layout hongze-district-gov-202X.pdf`` (poppler-utils) and are
checked against ``corpus/expected/*.tsv``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from unicodedata import east_asian_width

import pytest

from gongkai.core.readers.text import read_text
from gongkai.core.report import Report
from gongkai.core.template import template

from .conftest import CORPUS, DATA, SEED_000, SEED_002

pytestmark = pytest.mark.skipif(not SEED_000.exists(), reason="shared seeds not available")

Value = int | Decimal | None

# -- the seed as a model: section headings, header texts and rows of (address, printed) ----

HEADINGS = (
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
)
TABLE_OF_HEADING = dict(zip(HEADINGS, ("proactive", "requests", "reviews"), strict=True))
END = "五、存在的主要问题及改进情况"
_COUNT = re.compile(r"\d+")


@dataclass
class SeedRow:
    label: str | None  # None for table 四, printed as one block of fifteen values
    cells: list[tuple[str, str]] = field(default_factory=list)  # (address, printed)

    @property
    def addresses(self) -> list[str]:
        return [a for a, _ in self.cells]


# An entry of a table region: ("heading", text), ("text", text) or ("row", SeedRow).
Entry = tuple[str, object]


@dataclass
class Seed:
    before: list[str]  # lines before table 二's heading (title, preamble, section 一)
    entries: list[Entry]
    after: list[str]  # lines from section 五 on

    def rows(self) -> list[SeedRow]:
        return [e[1] for e in self.entries if e[0] == "row"]  # type: ignore[misc]


def seed_addresses() -> list[str]:
    """The cells seed 000 prints, in print order: the 2019 format's own rows."""
    tpl = template("2019")
    return [a for t in tpl.tables for a in t.addresses(set(tpl.default_rows))]


def load_seed(path: Path = SEED_000) -> Seed:
    lines = path.read_text("utf-8").splitlines()
    start = lines.index(HEADINGS[0])
    end = lines.index(END)
    addresses = iter(seed_addresses())
    entries: list[Entry] = []
    table = ""
    prev_value = False
    for raw in lines[start:end]:
        s = raw.strip()
        if s in HEADINGS:
            entries.append(("heading", s))
            table = TABLE_OF_HEADING[s]
            prev_value = False
        elif not s:
            prev_value = False  # layout only: blank lines between a label and its values
        elif _COUNT.fullmatch(s):
            cell = (next(addresses), s)
            if prev_value:
                entries[-1][1].cells.append(cell)  # type: ignore[attr-defined]
            else:
                label = None
                if table != "reviews":
                    kind, text = entries.pop()
                    assert kind == "text", (kind, text)
                    label = str(text)
                entries.append(("row", SeedRow(label, [cell])))
            prev_value = True
        else:
            entries.append(("text", s))
            prev_value = False
    assert next(addresses, None) is None, "seed prints fewer cells than the 2019 format"
    return Seed(lines[:start], entries, lines[end:])


SEED = load_seed() if SEED_000.exists() else Seed([], [], [])

# The numbers seed 000 prints (checked by eye against the file): all 0 except these.
SEED_NONZERO: dict[str, Value] = {
    "requests.new_received.natural_person": 6,
    "requests.new_received.total": 6,
    "requests.unable_not_held.natural_person": 6,
    "requests.unable_not_held.total": 6,
    "requests.total_processed.natural_person": 6,
    "requests.total_processed.total": 6,
    "reviews.reconsideration.upheld": 2,
    "reviews.reconsideration.total": 2,
    "reviews.litigation_after_reconsideration.pending": 2,
    "reviews.litigation_after_reconsideration.total": 2,
}
SEED_CELLS: dict[str, Value] = {a: SEED_NONZERO.get(a, 0) for a in seed_addresses()}


# -- rendering the model in a layout --------------------------------------------------------

Printed = dict[str, str]  # address -> text printed instead of the seed's (overrides)


def _values(row: SeedRow, printed: Printed) -> list[str]:
    return [printed.get(a, p) for a, p in row.cells]


def _document(body: list[str], seed: Seed = SEED) -> str:
    return "\n".join([*seed.before, *body, *seed.after]) + "\n"


Inserts = dict[str, list[str]]  # address -> lines printed after the row holding it


def _after(row: SeedRow, inserts: Inserts | None) -> list[str]:
    return [ln for a in row.addresses for ln in (inserts or {}).get(a, [])]


def cell_per_line(
    printed: Printed | None = None, inserts: Inserts | None = None, seed: Seed = SEED
) -> str:
    """(a) one cell a line, as web pages copy: the seed's own layout."""
    printed = printed or {}
    body: list[str] = []
    for kind, item in seed.entries:
        if kind == "row":
            row: SeedRow = item  # type: ignore[assignment]
            if row.label is not None:
                body.append(row.label)
            body.extend(_values(row, printed))
            body.extend(_after(row, inserts))
        else:
            body.append(str(item))
    return _document(body, seed)


_STRAY = (" {}", "{} ", " {} ", "{}", "  {}")


def tab_indented(printed: Printed | None = None, empty: Iterable[str] = ()) -> str:
    """(b) Tab-indented cells with stray spaces around the values and empty merged-cell
    lines between rows, as seed 002 prints; addresses in ``empty`` are printed as an empty
    cell (a line holding only the indent)."""
    printed = printed or {}
    empty = set(empty)
    body: list[str] = []
    n = 0
    for kind, item in SEED.entries:
        if kind == "heading":
            body += ["\t", "\t" + str(item)]
        elif kind == "text":
            body.append("\t\t" + str(item))
        else:
            row: SeedRow = item  # type: ignore[assignment]
            body.append("\t")
            if row.label is not None:
                body += ["\t\t", "\t\t" + row.label]
            for a, p in row.cells:
                if a in empty:
                    body.append("\t\t")
                    continue
                body.append("\t\t" + _STRAY[n % len(_STRAY)].format(printed.get(a, p)))
                n += 1
    return _document(body)


def row_per_line(
    printed: Printed | None = None,
    sep: str = " ",
    wrap: bool | str = False,
    inserts: Inserts | None = None,
) -> str:
    """(c)/(d) One row a line, the label then the values separated by ``sep``.

    ``wrap`` breaks every label longer than 12 characters over two lines: in the middle,
    the values following the second part (as PDF text mostly gives them), or with
    ``"values_first"`` before its last two characters, the values on the first line.
    """
    printed = printed or {}
    body: list[str] = []
    for kind, item in SEED.entries:
        if kind == "heading":
            body.append(str(item))
            continue
        if kind == "text":
            body.append(str(item))
            continue
        row: SeedRow = item  # type: ignore[assignment]
        values = sep.join(_values(row, printed))
        if row.label is None:
            body.append(values)
        elif wrap == "values_first" and len(row.label) > 12:
            body += [row.label[:-2] + sep + values, row.label[-2:]]
        elif wrap and len(row.label) > 12:
            cut = len(row.label) // 2
            body += [row.label[:cut], row.label[cut:] + sep + values]
        else:
            body.append(row.label + sep + values)
        body.extend(_after(row, inserts))
    return _document(body)


def requests_header() -> list[str]:
    """Table 三's column header as the seed prints it (申请人情况 … 其他)."""
    out: list[str] = []
    inside = False
    for kind, item in SEED.entries:
        if kind == "heading":
            inside = item == HEADINGS[1]
        elif inside and kind == "text":
            if str(item).startswith("（本列数据"):
                continue
            out.append(str(item))
        elif inside and kind == "row":
            break
    return out


def markdown(
    printed: Printed | None = None, empty: Iterable[str] = (), inserts: Inserts | None = None
) -> str:
    """(e) Markdown pipe tables, as PDF-to-markdown converters give them: header texts as a
    header row with its rule, group labels of table 三 (三、本年度办理结果, （三）不予公开 …) as
    leading cells of the row that opens them, table 四 as three rows of five."""
    printed = printed or {}
    empty = set(empty)
    body: list[str] = []
    pending: list[str] = []
    table = ""
    rows_done = 0

    def pipe(cells: list[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    def flush() -> None:
        if pending:
            body.append(pipe(pending))
            body.append("|" + "---|" * len(pending))
            pending.clear()

    for kind, item in SEED.entries:
        if kind == "heading":
            flush()
            table = TABLE_OF_HEADING[str(item)]
            rows_done = 0
            body += ["", f"## {item}", ""]
            continue
        if kind == "text":
            pending.append(str(item))
            continue
        row: SeedRow = item  # type: ignore[assignment]
        values = ["" if a in empty else printed.get(a, p) for a, p in row.cells]
        if row.label is None:  # table 四
            flush()
            names = ("行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）")
            for i, name in enumerate(names):
                body.append(pipe([name, *values[5 * i : 5 * i + 5]]))
            continue
        if table == "requests" and rows_done:
            body.append(pipe([*pending, row.label, *values]))
            pending.clear()
        else:
            flush()
            body.append(pipe([row.label, *values]))
        body.extend(_after(row, inserts))
        rows_done += 1
    flush()
    body.append("")
    return _document(body)


def aligned(printed: Printed | None = None, missing: Iterable[str] = ()) -> str:
    """``pdftotext -layout`` style: labels padded to one width, values right-aligned in
    fixed columns; a cell in ``missing`` is printed as nothing (only spaces)."""
    printed = printed or {}
    missing = set(missing)
    width = max(_width(r.label or "") for r in SEED.rows()) + 2
    body: list[str] = []
    for kind, item in SEED.entries:
        if kind != "row":
            body.append(("    " if kind == "text" else "  ") + str(item))
            continue
        row: SeedRow = item  # type: ignore[assignment]
        label = row.label or ""
        cells = "".join(
            " " + _rjust("" if a in missing else printed.get(a, p), 7) for a, p in row.cells
        )
        body.append(label + " " * (width - _width(label)) + cells)
    return _document(body)


def _rjust(s: str, n: int) -> str:
    return " " * (n - _width(s)) + s


def _width(s: str) -> int:
    return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in s)


# -- assertions ------------------------------------------------------------------------------


def assert_cells(report: Report, expected: dict[str, Value], *, strict_blank: bool = True) -> None:
    """Every expected cell read with its value (a blank as None and, when ``strict_blank``,
    present as a cell); no cell of tables 二–四 read that was not expected."""
    wrong = [
        f"{a}: expected {v!r}, read {report.value(a)!r}"
        + ("" if a in report.cells else " (not read)")
        for a, v in expected.items()
        if report.value(a) != v
        or (v is None) != (report.value(a) is None)
        or (strict_blank and a not in report.cells)
    ]
    extra = sorted(
        a for a in report.cells if a not in expected and not a.startswith("legacy_stats.")
    )
    assert not wrong, f"{len(wrong)} cells differ: " + "; ".join(wrong[:12])
    assert not extra, f"cells read that the text does not print: {extra[:12]}"


def assert_seed_meta(report: Report) -> None:
    assert (report.format, report.agency, report.year) == ("2019", "鄞江镇人民政府", 2019)


# -- (a) one cell a line: the seed itself ------------------------------------------------------


def test_seed_model_matches_the_seed() -> None:
    """The model re-renders the seed line for line (apart from its layout blank lines)."""
    original = [ln.strip() for ln in SEED_000.read_text("utf-8").splitlines() if ln.strip()]
    rendered = [ln.strip() for ln in cell_per_line().splitlines() if ln.strip()]
    assert rendered == original


def test_one_cell_per_line_seed() -> None:
    report = read_text(SEED_000.read_text("utf-8"))
    assert_seed_meta(report)
    assert_cells(report, SEED_CELLS)


def test_one_cell_per_line_rendered() -> None:
    assert_cells(read_text(cell_per_line()), SEED_CELLS)


# -- (b) tab-indented rows ---------------------------------------------------------------------

SEED_002_LEGACY: dict[str, Value] = {
    "proactive_published": 137,
    "published_gazette": 0,
    "published_website": 0,
    "published_weibo": 1324,
    "published_wechat": 1271,
    "published_other": 313,
    "responses": 5,
    "press_conferences": 0,
    "press_conferences_principal": 0,
    "online_interviews": 0,
    "online_interviews_principal": 0,
    "interpretations": 49,
    "social_media_responses": 23,
    "other_responses": 5923,
}


def test_tab_indented_seed_002() -> None:
    """The real tab-indented seed: blank merged-cell lines are layout, not cells; its
    tables are all zeros and section 六 carries the pre-2019 统计指标 table."""
    report = read_text(SEED_002.read_text("utf-8"))
    assert (report.format, report.agency, report.year) == ("2019", "镇海区新闻中心", 2020)
    assert_cells(report, dict.fromkeys(seed_addresses(), 0))
    legacy = {
        a.removeprefix("legacy_stats.").removesuffix(".value"): c.value
        for a, c in report.cells.items()
        if a.startswith("legacy_stats.")
    }
    assert legacy == SEED_002_LEGACY


def test_tab_indented_with_stray_spaces() -> None:
    text = tab_indented()
    assert "\t\t 0" in text and "\t\t0 " in text
    report = read_text(text)
    assert_seed_meta(report)
    assert_cells(report, SEED_CELLS)


BLANK_CELLS = (
    "proactive.rules.new_made",  # first cell of a row
    "proactive.licensing.change",  # middle
    "proactive.procurement.amount",  # last
    "requests.granted.commercial",
    "requests.withheld_third_party.total",
    "requests.carried_forward.natural_person",
)


def test_tab_indented_with_empty_cells() -> None:
    """An empty cell (a line holding only the indent) in a row of values is a blank cell."""
    expected = {**SEED_CELLS, **dict.fromkeys(BLANK_CELLS)}
    assert_cells(read_text(tab_indented(empty=BLANK_CELLS)), expected)


# -- (c)/(d) one row a line --------------------------------------------------------------------


@pytest.mark.parametrize(
    "sep",
    [
        " ",
        "  ",
        "\t",
        " \t ",
        "\u3000",
        "\xa0",
    ],
    ids=["space", "spaces", "tab", "mixed", "ideographic_space", "nbsp"],
)
def test_row_per_line(sep: str) -> None:
    text = row_per_line(sep=sep)
    assert f"规章{sep}0{sep}0{sep}0" in text
    report = read_text(text)
    assert_seed_meta(report)
    assert_cells(report, SEED_CELLS)


# -- (e) markdown pipe tables -------------------------------------------------------------------


def test_markdown_pipe_tables() -> None:
    text = markdown()
    assert "| 规章 | 0 | 0 | 0 |" in text
    report = read_text(text)
    assert_seed_meta(report)
    assert_cells(report, SEED_CELLS)


def test_markdown_empty_cells_are_blank() -> None:
    expected = {**SEED_CELLS, **dict.fromkeys(BLANK_CELLS)}
    assert_cells(read_text(markdown(empty=BLANK_CELLS)), expected)


# -- aligned columns ---------------------------------------------------------------------------


def test_aligned_columns() -> None:
    assert_cells(read_text(aligned()), SEED_CELLS)


def test_aligned_columns_with_a_missing_cell() -> None:
    """pdftotext prints an empty cell as nothing: the values left are placed by column."""
    missing = ("requests.granted.research", "proactive.licensing.change")
    expected = {**SEED_CELLS, **dict.fromkeys(missing)}
    assert_cells(read_text(aligned(missing=missing)), expected, strict_blank=False)


# -- noise of real files on every layout --------------------------------------------------------

LAYOUTS: dict[str, Callable[[Printed], str]] = {
    "cell_per_line": lambda p: cell_per_line(p),
    "tab_indented": lambda p: tab_indented(p),
    "row_spaces": lambda p: row_per_line(p, sep=" "),
    "row_tabs": lambda p: row_per_line(p, sep="\t"),
    "markdown": lambda p: markdown(p),
    "aligned": lambda p: aligned(p),
}

_FULL_WIDTH = str.maketrans("0123456789,+-", "０１２３４５６７８９，＋－")


def full_width(s: str) -> str:
    return s.translate(_FULL_WIDTH)


# Blank markers, in every table: read as None, never 0.
BLANK_MARKERS: dict[str, str] = {
    "proactive.rules.new_made": "—",
    "proactive.normative_documents.total_published": "/",
    "proactive.penalty.decisions": "无",
    "proactive.procurement.amount": "——",
    "requests.granted.commercial": "—",
    "requests.withheld_third_party.total": "/",
    "requests.not_processed_duplicate.research": "无",
    "requests.carried_forward.total": "—",
    "reviews.litigation_direct.other": "/",
    "reviews.litigation_direct.corrected": "无",
}
# The 2019 本年增/减 column, signed.
SIGNED: dict[str, tuple[str, int]] = {
    "proactive.licensing.change": ("+1", 1),
    "proactive.other_services.change": ("-2", -2),
    "proactive.penalty.change": ("+15", 15),
    "proactive.enforcement.change": ("−3", -3),
    "proactive.fees.change": ("-1", -1),
}
# Thousands separators (and the row stays consistent: 1,234 requests, all 不掌握).
THOUSANDS: dict[str, tuple[str, int]] = {
    "requests.new_received.natural_person": ("1,234", 1234),
    "requests.new_received.total": ("1,234", 1234),
    "requests.unable_not_held.natural_person": ("1,234", 1234),
    "requests.unable_not_held.total": ("1,234", 1234),
    "requests.total_processed.natural_person": ("1，234", 1234),
    "requests.total_processed.total": ("1,234", 1234),
    "proactive.licensing.decisions": ("12,345", 12345),
    "proactive.procurement.projects": ("2,000", 2000),
}


# Whole rows left blank, one marker each, in every table.
BLANK_ROWS: dict[str, str] = {
    "proactive.fees": "/",
    "proactive.procurement": "—",
    "requests.withheld_state_secret": "—",
    "requests.not_processed_publication": "/",
    "requests.other_processing": "无",
    "reviews.litigation_direct": "—",
}


def _noisy(kind: str) -> tuple[Printed, dict[str, Value]]:
    if kind == "blank_markers":
        return dict(BLANK_MARKERS), {**SEED_CELLS, **dict.fromkeys(BLANK_MARKERS)}
    if kind == "blank_rows":
        printed = {
            a: marker
            for prefix, marker in BLANK_ROWS.items()
            for a in SEED_CELLS
            if a.startswith(prefix + ".")
        }
        return printed, {**SEED_CELLS, **dict.fromkeys(printed)}
    if kind == "signed_change":
        return {a: p for a, (p, _) in SIGNED.items()}, {
            **SEED_CELLS,
            **{a: v for a, (_, v) in SIGNED.items()},
        }
    if kind == "thousands":
        return {a: p for a, (p, _) in THOUSANDS.items()}, {
            **SEED_CELLS,
            **{a: v for a, (_, v) in THOUSANDS.items()},
        }
    if kind == "full_width":
        printed = {a: full_width(p) for r in SEED.rows() for a, p in r.cells}
        printed.update({a: full_width(p) for a, (p, _) in THOUSANDS.items()})
        printed.update({a: full_width(p) for a, (p, _) in SIGNED.items()})
        expected = {
            **SEED_CELLS,
            **{a: v for a, (_, v) in THOUSANDS.items()},
            **{a: v for a, (_, v) in SIGNED.items()},
        }
        return printed, expected
    raise KeyError(kind)


NOISE = ("blank_markers", "blank_rows", "signed_change", "thousands", "full_width")


@pytest.mark.parametrize("noise", NOISE)
@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_printed_values(layout: str, noise: str) -> None:
    printed, expected = _noisy(noise)
    text = LAYOUTS[layout](printed)
    assert_cells(read_text(text), expected)


def test_full_width_year_in_title() -> None:
    text = cell_per_line().replace(
        "2019年政府信息公开工作年度报告", "２０１９年政府信息公开工作年度报告", 1
    )
    report = read_text(text)
    assert_seed_meta(report)
    assert_cells(report, SEED_CELLS)


def _table_region(text: str, fn: Callable[[str], str]) -> str:
    start = text.index(HEADINGS[0])
    end = text.index(END)
    return text[:start] + fn(text[start:end]) + text[end:]


@pytest.mark.parametrize("layout", ["cell_per_line", "row_spaces", "markdown"])
def test_full_width_labels_and_values(layout: str) -> None:
    """The whole table region in full-width digits: numbering of labels (１.属于国家秘密)
    as well as values."""
    text = _table_region(LAYOUTS[layout]({}), full_width)
    assert "１.属于国家秘密" in text
    assert_cells(read_text(text), SEED_CELLS)


@pytest.mark.parametrize("layout", ["cell_per_line", "tab_indented", "row_tabs", "markdown"])
def test_crlf_line_endings(layout: str) -> None:
    text = LAYOUTS[layout]({}).replace("\n", "\r\n")
    report = read_text(text)
    assert_seed_meta(report)
    assert_cells(report, SEED_CELLS)


def test_group_labels_one_character_a_line() -> None:
    """Merged group cells (三、本年度办理结果, （三）不予公开 …) printed one character a line,
    as pypdf gives vertical text (淮安市 2024)."""
    text = row_per_line()
    for group in ("三、本年度办理结果", "（三）不予公开", "（四）无法提供", "（五）不予处理"):
        text = text.replace(f"\n{group}\n", "\n" + "\n".join(group) + "\n", 1)
    assert "\n本\n年\n度\n" in text
    assert_cells(read_text(text), SEED_CELLS)


@pytest.mark.parametrize("sep", [" ", "\t"], ids=["spaces", "tabs"])
def test_wrapped_labels(sep: str) -> None:
    text = row_per_line(sep=sep, wrap=True)
    assert f"\n一、本年新收政府\n信息公开申请数量{sep}6{sep}0" in text
    report = read_text(text)
    assert_seed_meta(report)
    assert_cells(report, SEED_CELLS)


def test_wrapped_labels_one_cell_per_line() -> None:
    """Labels wrapped in the middle of a word, one cell a line."""
    body = cell_per_line()
    for row in SEED.rows():
        if row.label and len(row.label) > 12:
            cut = len(row.label) // 2
            body = body.replace(
                row.label + "\n", row.label[:cut] + "\n" + row.label[cut:] + "\n", 1
            )
    assert "\n规范性文件\n" in body  # short labels stay whole
    assert_cells(read_text(body), SEED_CELLS)


def test_wrapped_labels_values_on_first_line() -> None:
    """pdftotext sometimes prints the values on the first line of a wrapped label and the
    end of the label below them (``一、本年新收政府信息公开申请 6 0 …`` / ``数量``)."""
    text = row_per_line(wrap="values_first")
    assert "\n一、本年新收政府信息公开申请 6 0 0 0 0 0 6\n数量\n" in text
    assert_cells(read_text(text), SEED_CELLS)


PAGE_BREAKS = (
    "requests.carried_over.total",
    "requests.granted.total",
    "requests.withheld_administrative_query.total",
    "requests.unable_not_held.total",
    "requests.not_processed_confirm.total",
    "requests.other_processing.total",
)


def page_break(layout: str, address: str) -> Inserts:
    """A page break after the row holding ``address``: a page-number line, a form feed and
    table 三's column header printed again, as the layout prints a header."""
    cols = requests_header()
    if layout == "cell_per_line":
        header = cols
    elif layout == "row_header":
        header = [" ".join(cols)]
    elif layout == "markdown":
        header = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    else:
        header = cols
    return {address: ["", "- 3 -", "\f" + header[0], *header[1:]]}


PAGE_BREAK_LAYOUTS: dict[str, Callable[[Inserts], str]] = {
    "cell_per_line": lambda ins: cell_per_line(inserts=ins),
    "row_header_lines": lambda ins: row_per_line(inserts=ins),
    "row_header": lambda ins: row_per_line(inserts=ins),
    "row_wrapped": lambda ins: row_per_line(wrap=True, inserts=ins),
    "markdown": lambda ins: markdown(inserts=ins),
}


@pytest.mark.parametrize("after", PAGE_BREAKS, ids=lambda a: a.split(".")[1])
@pytest.mark.parametrize("layout", list(PAGE_BREAK_LAYOUTS))
def test_page_break_with_repeated_header(layout: str, after: str) -> None:
    text = PAGE_BREAK_LAYOUTS[layout](page_break(layout, after))
    assert "- 3 -\n\f" in text
    report = read_text(text)
    assert_seed_meta(report)
    assert_cells(report, SEED_CELLS)


@pytest.mark.parametrize("layout", ["cell_per_line", "row_per_line"])
def test_page_break_inside_table_four(layout: str) -> None:
    """Table 四 is one block of fifteen values; a page break in the middle of it (page
    number, form feed, the 行政诉讼 header again) neither adds nor loses a value."""
    lines = (cell_per_line() if layout == "cell_per_line" else row_per_line()).splitlines()
    last_header = max(i for i, ln in enumerate(lines) if ln == "总计")
    brk = ["- 4 -", "\f行政诉讼", "未经复议直接起诉", "复议后起诉"]
    if layout == "cell_per_line":
        at = last_header + 1 + 7  # after the seventh value
        lines[at:at] = brk
    else:
        values = lines[last_header + 1].split(" ")
        assert len(values) == 15
        lines[last_header + 1 : last_header + 2] = [
            " ".join(values[:7]),
            *brk,
            " ".join(values[7:]),
        ]
    report = read_text("\n".join(lines) + "\n")
    assert_cells(report, SEED_CELLS)


@pytest.mark.parametrize(
    "marker", ["- 3 -", "－ 3 －", "—3—", "第 3 页", "第3页 共5页", "3 / 5", "[[page 3 end]]"]
)
@pytest.mark.parametrize("layout", ["row_wrapped", "cell_per_line"])
def test_page_number_lines(layout: str, marker: str) -> None:
    """Page-number lines between rows of every table, between a wrapped label's halves and
    (one cell a line) between the values of a row are dropped, never read as values."""
    text = row_per_line(wrap=True) if layout == "row_wrapped" else cell_per_line()
    lines = text.splitlines()
    out: list[str] = []
    for i, line in enumerate(lines):
        out.append(line)
        if i % 9 == 4:
            out += ["", marker, ""]
    text = "\n".join(out) + "\n"
    report = read_text(text)
    assert_seed_meta(report)
    assert_cells(report, SEED_CELLS)


def test_huaian_style_split_group_label_over_page_break() -> None:
    """Group labels printed beside a row and split by a page break, as pypdf gives
    淮安市 2024 (``（四）无 1.本机关… 746 …`` / ``- 5 -`` / ``法提供 2.没有… 11 …``)."""
    text = row_per_line()
    text = text.replace("（四）无法提供\n1.本机关", "（四）无 1.本机关", 1)
    text = text.replace("\n2.没有现成", "\n[[page 4 end]]\n- 5 -\n法提供 2.没有现成", 1)
    text = text.replace("（五）不予处理\n", "（五）不\n予处理\n", 1)
    assert "（四）无 1.本机关不掌握相关政府信息 6" in text
    assert_cells(read_text(text), SEED_CELLS)


# -- (f) pdftotext -layout output of real PDFs -----------------------------------------------------


def read_expected(path: Path) -> tuple[dict[str, str], dict[str, Value]]:
    meta: dict[str, str] = {}
    cells: dict[str, Value] = {}
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        key, value = line.split("\t")
        if key in ("format", "year", "agency"):
            meta[key] = value
        elif value in ("", "null", "None"):
            cells[key] = None
        else:
            cells[key] = Decimal(value) if "." in value else int(value)
    return meta, cells


@pytest.mark.parametrize("year", [2023, 2024])
def test_pdftotext_layout(year: int) -> None:
    name = f"hongze-district-gov-{year}"
    text = (DATA / f"{name}.layout.txt").read_text("utf-8")
    assert "\f" in text, "pdftotext output keeps its form feeds"
    meta, expected = read_expected(CORPUS / "expected" / f"{name}.tsv")
    report = read_text(text)
    assert (report.format, str(report.year), report.agency) == (
        meta["format"],
        meta["year"],
        meta["agency"],
    )
    assert_cells(report, expected)


@pytest.mark.parametrize("year", [2023, 2024])
def test_pdftotext_layout_provenance(year: int) -> None:
    """Each cell read from pdftotext output knows its page (form feeds) and its line in
    the file."""
    path = DATA / f"hongze-district-gov-{year}.layout.txt"
    text = path.read_text("utf-8")
    report = read_text(text)
    file_lines = text.split("\n")
    cell = report.cells["requests.new_received.total"]
    assert cell.source is not None and cell.source.line is not None
    assert file_lines[cell.source.line - 1].lstrip("\f").startswith("一、本年新收")
    assert cell.source.page == 3


@pytest.mark.parametrize("year", [2023, 2024])
def test_pdftotext_layout_without_form_feeds(year: int) -> None:
    """The same output with its form feeds lost (copied through an editor): the page
    numbers alone separate the pages."""
    name = f"hongze-district-gov-{year}"
    text = (DATA / f"{name}.layout.txt").read_text("utf-8").replace("\f", "")
    _, expected = read_expected(CORPUS / "expected" / f"{name}.tsv")
    assert_cells(read_text(text), expected)


def test_table_four_short_of_values_is_missing_values_not_extra_ones() -> None:
    """Table 四 printed as a block with one value too few: the reader says values are
    missing and keeps those it has, in order; none of them is called extra."""
    text = SEED_000.read_text(encoding="utf-8")
    head = text.index("四、政府信息公开行政复议")
    block = text.index("\n2\n0\n0\n0\n2\n", head)
    text = text[:block] + text[block + 2 :]  # the first value (复议 结果维持 2) is gone
    report = read_text(text)
    kinds = [n.kind for n in report.notes if n.address == "reviews"]
    assert kinds == ["values_missing"]
    # the 14 values left fill the first 14 cells in order; the last is blank
    assert report.value("reviews.reconsideration.upheld") == 0
    assert report.value("reviews.reconsideration.total") == 0
    assert report.value("reviews.litigation_after_reconsideration.pending") == 2
    assert report.value("reviews.litigation_after_reconsideration.total") is None
