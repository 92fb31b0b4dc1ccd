"""Roll-up (汇总): a supervisor's report as the sum of its agencies' reports.

Pure, like the rest of the core, so the web application (compiled reports), the command
line (imported files) and a batch worker all sum the same way. A roll-up never invents a
number: a cell is the sum of the agencies' printed values (a blank counted as 0, as the
arithmetic rules read it), blank only when every agency left it blank, and each summed
cell's source says how many agencies it sums. Agencies without a report, and reports in
another format whose table 二 cannot be added cell by cell, are listed, not guessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from gongkai.core.report import Cell, Number, Report, Source
from gongkai.core.template import FORMATS, template


@dataclass
class RollUp:
    """The summed report and what it could not include."""

    report: Report
    included: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # agencies with no report
    # agency → addresses of the roll-up's format that its report (another format) lacks
    partial: dict[str, list[str]] = field(default_factory=dict)


def roll_up(
    agency: str, year: int, parts: Mapping[str, Report | None], fmt: str | None = None
) -> RollUp:
    """Sum ``parts`` (agency name → its report, None when it has none) into one report.

    ``fmt`` defaults to the format the law prescribes for ``year`` (2021 from report year
    2021 on, 2019 before). Cells are summed by address, so rows the two formats share —
    all of table 三 but （六）其他处理, all of table 四 — add up across formats.
    """
    fmt = fmt or ("2021" if year >= 2021 else "2019")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    out = RollUp(Report(format=fmt, agency=agency, year=year))
    present: list[tuple[str, Report]] = []
    for name, report in parts.items():
        if report is None:
            out.missing.append(name)
        else:
            present.append((name, report))
            out.included.append(name)
    addresses = _addresses(fmt, [r for _, r in present])
    for name, report in present:
        lacking = [a for a in addresses if a not in report.cells]
        if report.format != fmt and lacking:
            out.partial[name] = lacking
    for address in addresses:
        cell = _sum_cell(address, [r for _, r in present])
        if cell is not None:
            out.report.cells[address] = cell
    return out


def _addresses(fmt: str, reports: list[Report]) -> list[str]:
    """The roll-up's cells: every cell of the format's tables that some agency printed,
    with （六）其他处理 as the agencies printed it (one row or three)."""
    seen: set[str] = set()
    for r in reports:
        seen.update(r.cells)
    out: list[str] = []
    for table in template(fmt).tables:
        for row in table.rows:
            for col in row.columns:
                address = f"{table.key}.{row.key}.{col.key}"
                if address in seen or row.key in template(fmt).default_rows:
                    out.append(address)
    return out


def _sum_cell(address: str, reports: list[Report]) -> Cell | None:
    values = [r.value(address) for r in reports if address in r.cells]
    if not values and reports:
        values = [None]
    if not values:
        return None
    printed = [v for v in values if v is not None]
    if not printed:
        return Cell(None, Source("", label=f"汇总{len(values)}个单位（均为空白）"))
    total: Number = sum(printed, start=0)
    return Cell(total, Source(str(total), label=f"汇总{len(printed)}个单位"))
