"""The official tables as grids of merged cells, derived from the template data.

HTML, DOCX and XLSX all print the same grid, so their merged cells agree and follow
the template: a new template year changes the data, not this module. Each builder
walks the rows a report holds (``Report.rows_present``) and places every cell with its
row and column span:

- table 二 (groups of rows under 第二十条第（N）项): each group prints its heading across
  the table, a header row 信息内容 + its column labels, then its rows. A group with fewer
  columns than the widest one lets its last column take the remaining width (the 2019
  （八） row: 上一年项目数量 | 本年增/减 over two columns).
- table 三 (rows with ``under`` group labels): the group labels are merged down the rows
  they cover (三、本年度办理结果, （三）不予公开, …) and a row label spans the columns its
  row has no group for; the header merges the template's ``column_header`` over all
  columns and each ``parent`` over its children, with the note in the corner.
- table 四 (``block`` layout): one header tree built from each row's ``under`` path and
  label over its columns (行政诉讼 over 未经复议直接起诉 over 结果维持 …), then one row of
  values.
- the legacy 统计指标 table: 统计指标 | 单位 | 统计数, labels indented by level.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from gongkai.core.report import Number, Report
from gongkai.core.template import LEGACY_KEY, Column, Row, Table, legacy_table
from gongkai.core.writers.layout import legacy_rows, rows, show, tables_of

ITEM_HEADER = "信息内容"
UNIT_HEADER = "单位"

# Cell kinds: how a writer styles a cell. ``group`` a group heading across the table,
# ``head`` a column header, ``corner`` the note over the row labels, ``label`` a row label, ``unit`` a unit of the legacy table (条, 件, ——),
# ``value`` a number (or a blank); ``side`` a group label merged down the rows it covers.
GROUP, HEAD, CORNER, SIDE, LABEL, UNIT, VALUE = (
    "group",
    "head",
    "corner",
    "side",
    "label",
    "unit",
    "value",
)

# Short names for a table where a writer needs one (XLSX sheet names); the writers fall
# back to the table's heading for a table key not listed.
SHORT_NAMES = {
    "proactive": "表二 主动公开",
    "requests": "表三 依申请公开",
    "reviews": "表四 复议诉讼",
    LEGACY_KEY: "统计指标",
}


@dataclass(frozen=True, slots=True)
class GridCell:
    text: str
    kind: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    level: int = 0
    address: str | None = None
    value: Number | None = None
    column: Column | None = None

    @property
    def last_row(self) -> int:
        return self.row + self.rowspan - 1

    @property
    def last_col(self) -> int:
        return self.col + self.colspan - 1


@dataclass(frozen=True)
class Grid:
    """One table: its cells by the row they start in, column widths as fractions of the
    table's width, and how many leading rows are the header a page break repeats."""

    key: str
    heading: str
    widths: tuple[float, ...]
    header_rows: int
    rows: tuple[tuple[GridCell, ...], ...]
    note: str | None = None

    @property
    def width(self) -> int:
        return len(self.widths)

    @property
    def height(self) -> int:
        return len(self.rows)

    @property
    def name(self) -> str:
        return SHORT_NAMES.get(self.key, self.heading)

    def cells(self) -> list[GridCell]:
        return [c for r in self.rows for c in r]

    def values(self) -> list[GridCell]:
        return [c for c in self.cells() if c.address is not None]


@dataclass
class _Builder:
    rows: list[list[GridCell]] = field(default_factory=list)

    def add(self, cell: GridCell) -> None:
        while len(self.rows) <= cell.row:
            self.rows.append([])
        self.rows[cell.row].append(cell)

    def frozen(self) -> tuple[tuple[GridCell, ...], ...]:
        return tuple(tuple(sorted(r, key=lambda c: c.col)) for r in self.rows)


def grids(report: Report) -> dict[str, Grid]:
    """The grids of the tables the report prints, by the narrative section they sit in."""
    out: dict[str, Grid] = {}
    for key, table in tables_of(report).items():
        if table.layout == "block":
            out[key] = block_grid(report, table)
        elif any(r.group for r in table.rows):
            out[key] = grouped_grid(report, table)
        else:
            out[key] = nested_grid(report, table)
    legacy = legacy_grid(report)
    if legacy is not None:
        out[LEGACY_KEY] = legacy
    return out


def _value(
    report: Report, table: Table, row: Row, col: Column, r: int, c: int, span: int
) -> GridCell:
    address = f"{table.key}.{row.key}.{col.key}"
    v = report.value(address)
    return GridCell(show(v), VALUE, r, c, colspan=span, address=address, value=v, column=col)


def _spans(n: int, slots: int) -> list[int]:
    """n columns over ``slots`` columns of the grid: one each, the last takes the rest."""
    return [1] * (n - 1) + [slots - (n - 1)] if n else []


def grouped_grid(report: Report, table: Table) -> Grid:
    present = [table.row(k) for k in report.rows_present(table.key)]
    slots = max((len(r.columns) for r in present), default=1)
    width = 1 + slots
    b = _Builder()
    r = 0
    for view in rows(report, table):
        row = view.row
        spans = _spans(len(row.columns), slots)
        for g in view.groups:
            b.add(GridCell(g, GROUP, r, 0, colspan=width))
            b.add(GridCell(ITEM_HEADER, HEAD, r + 1, 0))
            c = 1
            for col, span in zip(row.columns, spans, strict=True):
                b.add(GridCell(col.label, HEAD, r + 1, c, colspan=span, column=col))
                c += span
            r += 2
        b.add(GridCell(row.label, LABEL, r, 0))
        c = 1
        for col, span in zip(row.columns, spans, strict=True):
            b.add(_value(report, table, row, col, r, c, span))
            c += span
        r += 1
    label = 0.34
    widths = (label, *([(1 - label) / slots] * slots))
    return Grid(table.key, table.heading, widths, 0, b.frozen(), table.note)


def _runs(items: Sequence[str | None]) -> list[tuple[str | None, int, int]]:
    """Consecutive equal items as (item, start, length)."""
    out: list[tuple[str | None, int, int]] = []
    for i, item in enumerate(items):
        if out and out[-1][0] == item:
            out[-1] = (item, out[-1][1], out[-1][2] + 1)
        else:
            out.append((item, i, 1))
    return out


def nested_grid(report: Report, table: Table) -> Grid:
    present = [table.row(k) for k in report.rows_present(table.key)]
    columns = table.columns
    depth = max((len(r.under) for r in present), default=0)
    label_cols = depth + 1
    nested = any(c.parent for c in columns)
    header = (1 if table.column_header else 0) + (2 if nested else 1)
    b = _Builder()
    b.add(GridCell(table.note or "", CORNER, 0, 0, rowspan=header, colspan=label_cols))
    top = 0
    if table.column_header:
        b.add(GridCell(table.column_header, HEAD, 0, label_cols, colspan=len(columns)))
        top = 1
    for parent, start, n in _runs([c.parent for c in columns]):
        c = label_cols + start
        if parent is None:
            for i in range(n):
                col = columns[start + i]
                b.add(GridCell(col.label, HEAD, top, c + i, rowspan=2 if nested else 1, column=col))
        else:
            b.add(GridCell(parent, HEAD, top, c, colspan=n))
            for i in range(n):
                col = columns[start + i]
                b.add(GridCell(col.label, HEAD, top + 1, c + i, column=col))
    for i, row in enumerate(present):
        r = header + i
        for j, name in enumerate(row.under):
            prefix = row.under[: j + 1]
            if i and present[i - 1].under[: j + 1] == prefix:
                continue
            span = 1
            while i + span < len(present) and present[i + span].under[: j + 1] == prefix:
                span += 1
            b.add(GridCell(name, SIDE, r, j, rowspan=span))
        b.add(GridCell(row.label, LABEL, r, len(row.under), colspan=label_cols - len(row.under)))
        for k, col in enumerate(row.columns):
            b.add(_value(report, table, row, col, r, label_cols + k, 1))
    # The outermost group label (三、本年度办理结果) is a narrow column as in the template;
    # the inner ones (（三）不予公开) hold a few characters a line; numbers are short.
    side = tuple(0.06 if j == 0 else 0.09 for j in range(depth))
    value_w = 0.065
    label_w = 1 - sum(side) - value_w * len(columns)
    widths = (*side, label_w, *([value_w] * len(columns)))
    return Grid(table.key, table.heading, widths, header, b.frozen(), table.note)


def block_grid(report: Report, table: Table) -> Grid:
    present = [table.row(k) for k in report.rows_present(table.key)]
    paths = [(*r.under, r.label) for r in present]
    levels = max((len(p) for p in paths), default=1) + 1
    b = _Builder()
    starts: list[int] = []
    c = 0
    for row in present:
        starts.append(c)
        c += len(row.columns)
    width = c
    for i, (row, path) in enumerate(zip(present, paths, strict=True)):
        for k in range(len(path)):
            prefix = path[: k + 1]
            if i and paths[i - 1][: k + 1] == prefix:
                continue
            span = len(row.columns)
            j = i + 1
            while j < len(present) and paths[j][: k + 1] == prefix:
                span += len(present[j].columns)
                j += 1
            b.add(GridCell(path[k], HEAD, k, starts[i], colspan=span))
        down = levels - len(path)
        for n, col in enumerate(row.columns):
            b.add(GridCell(col.label, HEAD, len(path), starts[i] + n, rowspan=down, column=col))
            b.add(_value(report, table, row, col, levels, starts[i] + n, 1))
    widths = tuple([1 / width] * width)
    return Grid(table.key, table.heading, widths, levels, b.frozen(), table.note)


def legacy_grid(report: Report) -> Grid | None:
    printed = legacy_rows(report)
    if not printed:
        return None
    table = legacy_table()
    b = _Builder()
    b.add(GridCell(table.heading, HEAD, 0, 0))
    b.add(GridCell(UNIT_HEADER, HEAD, 0, 1))
    b.add(GridCell(table.columns[0].label, HEAD, 0, 2, column=table.columns[0]))
    for i, (row, label, text) in enumerate(printed, start=1):
        b.add(GridCell(label, LABEL, i, 0, level=row.level))
        b.add(GridCell(row.unit or "", UNIT, i, 1))
        if row.is_heading:
            b.add(GridCell(text, UNIT, i, 2))
        else:
            col = row.columns[0]
            address = f"{LEGACY_KEY}.{row.key}.{col.key}"
            v = report.value(address)
            b.add(GridCell(text, VALUE, i, 2, address=address, value=v, column=col))
    return Grid(LEGACY_KEY, table.heading, (0.66, 0.12, 0.22), 1, b.frozen())
