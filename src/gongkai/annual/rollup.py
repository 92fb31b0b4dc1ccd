"""A supervisor's roll-up (汇总) of its subtree for a year, from the agencies' reports
(published or imported versions, else drafts compiled from the records)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from gongkai.annual.charts import bar_chart
from gongkai.annual.models import AnnualReport
from gongkai.annual.services import reports_of
from gongkai.cases.models import Agency
from gongkai.core.checks import check, check_rollup
from gongkai.core.checks.findings import Finding
from gongkai.core.report import Report
from gongkai.core.rollup import RollUp, roll_up

MAIN_FIGURES = (
    ("收到申请", ("requests.new_received.total",)),
    ("办结", ("requests.total_processed.total",)),
    ("结转下年度", ("requests.carried_forward.total",)),
    (
        "复议诉讼",
        (
            "reviews.reconsideration.total",
            "reviews.litigation_direct.total",
            "reviews.litigation_after_reconsideration.total",
        ),
    ),
)


@dataclass
class AgencyRow:
    agency: Agency
    report: Report | None
    state: str  # the AnnualReport's state label, or 未生成
    errors: int = 0
    warnings: int = 0


@dataclass
class SupervisorRollUp:
    root: Agency
    year: int
    result: RollUp
    rows: list[AgencyRow]
    findings: list[Finding] = field(default_factory=list)

    @property
    def missing(self) -> list[AgencyRow]:
        return [r for r in self.rows if r.report is None]


def figure(report: Report | None, addresses: tuple[str, ...]) -> int:
    if report is None:
        return 0
    return int(sum(report.value(a) or 0 for a in addresses))


def _below(root: Agency) -> QuerySet[Agency]:
    """The agencies under ``root`` (not ``root`` itself, whose own report is its own)."""
    return root.subtree().exclude(pk=root.pk)


def roll_up_subtree(root: Agency, year: int, *, with_checks: bool = True) -> SupervisorRollUp:
    """The reports of the agencies under ``root`` summed, each checked against its
    previous year (``with_checks``); every report, compiled or stored, is read in one go
    (:func:`reports_of`)."""
    scope = _below(root)
    agencies = list(scope.order_by("path"))
    reports = reports_of(scope, [year - 1, year] if with_checks else [year], compile_missing=True)
    states = {
        r.agency_id: r.get_state_display()
        for r in AnnualReport.objects.filter(agency__in=scope, year=year).order_by()
    }
    rows: list[AgencyRow] = []
    for a in agencies:
        rep = reports[a.pk, year]
        row = AgencyRow(a, rep, states.get(a.pk, "未生成" if rep is None else "草稿（未保存）"))
        if rep is not None and with_checks:
            found = check(rep, reports[a.pk, year - 1])
            row.errors = sum(f.severity == "error" for f in found)
            row.warnings = sum(f.severity == "warning" for f in found)
        rows.append(row)
    parts = {r.agency.name: r.report for r in rows}
    result = roll_up(root.name, year, parts)
    findings = check_rollup(result.report, parts) if with_checks else []
    return SupervisorRollUp(root, year, result, rows, findings)


def yearly_totals(root: Agency, years: list[int]) -> dict[int, Report]:
    """The sum of the agencies under ``root`` for each of ``years``, unchecked, every
    year's reports read together."""
    agencies = list(_below(root).order_by("path"))
    reports = reports_of(_below(root), years, compile_missing=True)
    return {
        y: roll_up(root.name, y, {a.name: reports[a.pk, y] for a in agencies}).report for y in years
    }


def charts(summary: SupervisorRollUp, years: int = 5) -> list[str]:
    """The main figures by agency (this year) and of the whole subtree by year."""
    present = [r for r in summary.rows if r.report is not None]
    by_agency = bar_chart(
        f"{summary.year}年主要数据（按机构）",
        [r.agency.name for r in present],
        [(name, [figure(r.report, cells) for r in present]) for name, cells in MAIN_FIGURES[:3]],
    )
    span = list(range(summary.year - years + 1, summary.year + 1))
    # this year's sum is the summary's own: compiling every agency again would double its cost
    totals = yearly_totals(summary.root, span[:-1])
    totals[summary.year] = summary.result.report
    by_year = bar_chart(
        "主要数据（按年度，全部下级机构合计）",
        [f"{y}年" for y in span],
        [(name, [figure(totals[y], cells) for y in span]) for name, cells in MAIN_FIGURES],
    )
    return [by_agency, by_year]
