"""The official tables' merged cells, written out by hand from the templates of
国办公开办函〔2019〕60号 and 〔2021〕30号 (spec-cn.md), and the reports every writer
test prints. The HTML, DOCX and XLSX tests compare what each file holds against these
literal structures, not against the grid module that produced them.

Golden files live in ``tests/data/golden``; ``GONGKAI_UPDATE_GOLDEN=1`` rewrites them
from the current output instead of comparing (then look at the diff, and at the PNGs,
before committing).
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest

from gongkai.core.readers import read_bytes
from gongkai.core.report import Cell, Report
from gongkai.core.template import template
from gongkai.core.writers.grid import Grid, grids

from .conftest import CORPUS, DATA, SEED_000, SEED_002

GOLDEN = DATA / "golden"
HUAIAN = CORPUS / "huaian-city-gov-2024.pypdf-extract.txt"
UPDATE = os.environ.get("GONGKAI_UPDATE_GOLDEN") == "1"

Spans = dict[tuple[int, int], tuple[int, int]]  # (row, col) → (rowspan, colspan), 0-based

# -- the official merged cells (every cell that spans more than one grid cell) -----------

PROACTIVE_2019: Spans = {
    (0, 0): (1, 4),  # 第二十条第（一）项
    (4, 0): (1, 4),  # 第二十条第（五）项
    (8, 0): (1, 4),  # 第二十条第（六）项
    (12, 0): (1, 4),  # 第二十条第（八）项
    (13, 2): (1, 2),  # 本年增/减 over the last two columns
    (14, 2): (1, 2),
    (15, 0): (1, 4),  # 第二十条第（九）项
    (16, 2): (1, 2),  # 采购总金额
    (17, 2): (1, 2),
}
PROACTIVE_2021: Spans = {
    (0, 0): (1, 4),  # 第二十条第（一）项
    (4, 0): (1, 4),  # 第二十条第（五）项
    (5, 1): (1, 3),  # 本年处理决定数量
    (6, 1): (1, 3),
    (7, 0): (1, 4),  # 第二十条第（六）项
    (8, 1): (1, 3),
    (9, 1): (1, 3),
    (10, 1): (1, 3),
    (11, 0): (1, 4),  # 第二十条第（八）项
    (12, 1): (1, 3),  # 本年收费金额（单位：万元）
    (13, 1): (1, 3),
}
_REQUESTS_HEAD: Spans = {
    (0, 0): (3, 3),  # the note over the row labels
    (0, 3): (1, 7),  # 申请人情况
    (1, 3): (2, 1),  # 自然人
    (1, 4): (1, 5),  # 法人或其他组织
    (1, 9): (2, 1),  # 总计
    (3, 0): (1, 3),  # 一、本年新收
    (4, 0): (1, 3),  # 二、上年结转
    (5, 1): (1, 2),  # （一）予以公开
    (6, 1): (1, 2),  # （二）部分公开
    (7, 1): (8, 1),  # （三）不予公开
    (15, 1): (3, 1),  # （四）无法提供
    (18, 1): (5, 1),  # （五）不予处理
}
REQUESTS_2019: Spans = {
    **_REQUESTS_HEAD,
    (5, 0): (20, 1),  # 三、本年度办理结果
    (23, 1): (1, 2),  # （六）其他处理
    (24, 1): (1, 2),  # （七）总计
    (25, 0): (1, 3),  # 四、结转下年度继续办理
}
REQUESTS_2021: Spans = {
    **_REQUESTS_HEAD,
    (5, 0): (22, 1),
    (23, 1): (3, 1),  # （六）其他处理 over its three rows
    (26, 1): (1, 2),
    (27, 0): (1, 3),
}
REVIEWS: Spans = {
    (0, 0): (1, 5),  # 行政复议
    (0, 5): (1, 10),  # 行政诉讼
    **{(1, c): (2, 1) for c in range(5)},  # 结果维持 … 总计 of 行政复议
    (1, 5): (1, 5),  # 未经复议直接起诉
    (1, 10): (1, 5),  # 复议后起诉
}
OFFICIAL: dict[str, dict[str, Spans]] = {
    "2019": {"proactive": PROACTIVE_2019, "requests": REQUESTS_2019, "reviews": REVIEWS},
    "2021": {"proactive": PROACTIVE_2021, "requests": REQUESTS_2021, "reviews": REVIEWS},
}
SIZES = {  # (rows, columns) of each table
    "2019": {"proactive": (18, 4), "requests": (26, 10), "reviews": (4, 15)},
    "2021": {"proactive": (14, 4), "requests": (28, 10), "reviews": (4, 15)},
}


def positions(report: Report) -> dict[str, tuple[str, int, int]]:
    """Where each cell of tables 二–四 is printed: address → (table, row, column), from
    the official layouts above (a group heading and a header row before each group of
    table 二; three header rows in 三; three in 四, then its fifteen values)."""
    out: dict[str, tuple[str, int, int]] = {}
    tpl = template(report.format)
    row = 0
    group = None
    for rk in report.rows_present("proactive"):
        r = tpl.proactive.row(rk)
        if r.group != group:
            group, row = r.group, row + 2
        for i, c in enumerate(r.columns):
            out[f"proactive.{rk}.{c.key}"] = ("proactive", row, 1 + i)
        row += 1
    for i, rk in enumerate(report.rows_present("requests")):
        for j, c in enumerate(tpl.requests.row(rk).columns):
            out[f"requests.{rk}.{c.key}"] = ("requests", 3 + i, 3 + j)
    for i, rk in enumerate(report.rows_present("reviews")):
        for j, c in enumerate(tpl.reviews.row(rk).columns):
            out[f"reviews.{rk}.{c.key}"] = ("reviews", 3, 5 * i + j)
    return out


def printed(v: object) -> str:
    return "—" if v is None else str(v)


# -- the reports the writer tests print -------------------------------------------------


def seed_000() -> Report:
    return read_bytes(SEED_000.read_bytes())


def seed_002() -> Report:
    return read_bytes(SEED_002.read_bytes())


def huaian() -> Report:
    return read_bytes(HUAIAN.read_bytes())


def awkward() -> Report:
    """Seed 000 with what a writer must not get wrong: blanks (None, never 0), a negative
    本年增/减, an amount with trailing zeros, markup and quotes in the texts."""
    report = seed_000()
    report.agency = '<b>鄞江镇</b>&"人民政府"'
    report.cells["requests.granted.research"] = Cell(None)
    report.cells["reviews.litigation_direct.pending"] = Cell(None)
    report.cells["proactive.licensing.change"] = Cell(-3)
    report.cells["proactive.procurement.amount"] = Cell(Decimal("12.50"))
    report.narrative["problems"] = "<script>alert(1)</script> & 一是……\n（一）改进措施"
    return report


def check_golden(name: str, actual: bytes) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual)
        return
    if not path.exists():
        pytest.fail(f"{path} missing: run with GONGKAI_UPDATE_GOLDEN=1 and review it")
    assert actual == path.read_bytes(), f"{name} differs from the golden file"


def golden_path(name: str) -> Path:
    return GOLDEN / name


# -- the grids themselves ------------------------------------------------------------------


def spans_of(grid: Grid) -> Spans:
    return {
        (c.row, c.col): (c.rowspan, c.colspan) for c in grid.cells() if c.rowspan * c.colspan > 1
    }


def covered(grid: Grid) -> list[list[int]]:
    counts = [[0] * grid.width for _ in range(grid.height)]
    for c in grid.cells():
        for r in range(c.row, c.row + c.rowspan):
            for k in range(c.col, c.col + c.colspan):
                counts[r][k] += 1
    return counts


@pytest.mark.parametrize("make", [seed_000, huaian], ids=["2019", "2021"])
def test_grids_merge_exactly_as_the_official_template(shared: Path, make: object) -> None:
    report = make()  # type: ignore[operator]
    tables = grids(report)
    assert list(tables) == ["proactive", "requests", "reviews"]
    for key, grid in tables.items():
        assert spans_of(grid) == OFFICIAL[report.format][key], key
        assert (grid.height, grid.width) == SIZES[report.format][key], key
        # every grid cell is covered by exactly one printed cell: no holes, no overlaps
        assert all(n == 1 for row in covered(grid) for n in row), key
        assert abs(sum(grid.widths) - 1) < 1e-9


def test_grid_values_sit_where_the_template_prints_them(shared: Path) -> None:
    for report in (seed_000(), huaian(), awkward()):
        where = positions(report)
        tables = grids(report)
        seen = {}
        for key, grid in tables.items():
            for c in grid.values():
                seen[c.address] = (key, c.row, c.col)
                assert c.value == report.value(c.address)
                assert c.text == printed(c.value)
        assert seen == where


def test_legacy_table_grid(shared: Path) -> None:
    report = seed_002()
    grid = grids(report)["legacy_stats"]
    assert [c.text for c in grid.rows[0]] == ["统计指标", "单位", "统计数"]
    labels = [r[0].text for r in grid.rows[1:]]
    assert labels[0] == "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）"
    assert labels[-1] == "5.其他方式回应事件数"
    by_label = {r[0].text: (r[1].text, r[2].text) for r in grid.rows[1:]}
    assert by_label["3.政务微博公开政府信息数"] == ("条", "1324")
    assert by_label["（二）通过不同渠道和方式公开政府信息的情况"] == ("——", "")
    assert spans_of(grid) == {}


def test_mixed_report_keeps_the_rows_it_printed(shared: Path) -> None:
    """A 2021 report printing a single 2019-style （六）其他处理 row gets the 2019 merges
    for that row (DESIGN.md: the report keeps the rows it printed)."""
    report = huaian()
    for k in ("other_overdue_correction", "other_unpaid_fee", "other_other"):
        for c in template("2021").requests.columns:
            report.cells.pop(f"requests.{k}.{c.key}", None)
    for c in template("2021").requests.columns:
        report.cells[f"requests.other_processing.{c.key}"] = Cell(0)
    grid = grids(report)["requests"]
    assert spans_of(grid) == REQUESTS_2019
