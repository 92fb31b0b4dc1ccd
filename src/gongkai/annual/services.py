"""The workflow of an annual report: draft → checked → approved → published, corrections as
new versions, imports of reports published before gongkai, and "the report of (agency,
year)" as every other part (previous year, roll-up) reads it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from gongkai.annual.compile import compile_report, compile_reports
from gongkai.annual.counts import Agencies, AgencyYear, end_of
from gongkai.annual.models import AnnualReport, Origin, ReportVersion, State
from gongkai.cases import access
from gongkai.cases.access import User
from gongkai.cases.errors import ActionError
from gongkai.cases.models import Agency, DisclosureRequest, Role
from gongkai.core.checks import Finding, check, has_errors
from gongkai.core.errors import ReportError
from gongkai.core.readers import read_bytes
from gongkai.core.readers.interchange import read_interchange
from gongkai.core.report import Report
from gongkai.core.writers import render, write_json

__all__ = [
    "Checked",
    "approve",
    "check_report",
    "import_report",
    "previous_report",
    "publish",
    "report_of",
    "reports_of",
    "save_narrative",
    "start_correction",
    "stored_narrative",
]


def stored_narrative(agency: Agency, year: int) -> dict[str, str]:
    row = AnnualReport.objects.filter(agency=agency, year=year).first()
    return dict(row.narrative) if row is not None else {}


def _latest_documents(scope: Q, years: list[int]) -> dict[int, str]:
    """The interchange JSON of the latest version of each published report, by report id."""
    newer = ReportVersion.objects.filter(report=OuterRef("report"), number__gt=OuterRef("number"))
    published = AnnualReport.objects.filter(scope, year__in=years, state=State.PUBLISHED)
    return dict(
        ReportVersion.objects.filter(report__in=published)
        .exclude(Exists(newer))
        .values_list("report_id", "document")
    )


def reports_of(
    agencies: Agencies, years: Iterable[int], *, compile_missing: bool = False
) -> dict[AgencyYear, Report | None]:
    """:func:`report_of` for every agency of ``agencies`` (one, or a query set) and every
    year, by (agency id, year), in a dozen queries however many there are: a supervisor's
    roll-up must not cost two dozen queries per agency."""
    wanted = sorted(set(years))
    scope = Q(agency=agencies) if isinstance(agencies, Agency) else Q(agency__in=agencies)
    rows = {
        (r.agency_id, r.year): r
        for r in AnnualReport.objects.filter(scope, year__in=wanted).order_by()
    }
    latest = {}
    if any(r.state == State.PUBLISHED for r in rows.values()):
        latest = _latest_documents(scope, wanted)
    has_records = {
        f"has_{y}": Exists(
            DisclosureRequest.objects.filter(agency=OuterRef("pk"), received_on__lte=end_of(y))
        )
        for y in wanted
    }
    listed = Agency.objects.filter(pk=agencies.pk) if isinstance(agencies, Agency) else agencies
    names: dict[int, str] = {}
    out: dict[AgencyYear, Report | None] = {}
    to_compile: dict[AgencyYear, dict[str, str] | None] = {}  # the officer's narrative
    for a in listed.order_by().annotate(**has_records).values("pk", "name", *has_records):
        names[a["pk"]] = a["name"]
        for y in wanted:
            key = (a["pk"], y)
            row = rows.get(key)
            out[key] = None
            if row is not None:
                document = latest.get(row.pk) if row.state == State.PUBLISHED else None
                if document is not None:
                    out[key] = read_interchange(document)
                else:
                    to_compile[key] = dict(row.narrative)
            elif compile_missing and a[f"has_{y}"]:
                to_compile[key] = None
    out.update(compile_reports(agencies, to_compile, names))
    return out


def report_of(agency: Agency, year: int, *, compile_missing: bool = False) -> Report | None:
    """The report of (agency, year): its latest published version (compiled or imported),
    else its draft compiled from the records; with ``compile_missing``, compiled from the
    records even when nobody started it, if there are records. None when there is none."""
    return reports_of(agency, [year], compile_missing=compile_missing)[agency.pk, year]


def previous_report(agency: Agency, year: int) -> Report | None:
    """Last year's report to chain to: published, imported or compiled from the records."""
    return report_of(agency, year - 1, compile_missing=True)


@dataclass
class Checked:
    report: Report
    previous: Report | None
    findings: list[Finding]

    @property
    def passes(self) -> bool:
        return not has_errors(self.findings)


def check_report(agency: Agency, year: int) -> Checked:
    row = AnnualReport.objects.filter(agency=agency, year=year).first()
    report = compile_report(agency, year, row.narrative if row else None)
    previous = previous_report(agency, year)
    return Checked(report, previous, check(report, previous))


def _officer(user: User, agency: Agency) -> None:
    if not access.can(user, Role.OFFICER, agency):
        raise ActionError(f"您不是{agency.name}的经办人，不能办理年度报告")


def _row(agency: Agency, year: int) -> AnnualReport:
    row, _ = AnnualReport.objects.get_or_create(
        agency=agency, year=year, defaults={"origin": Origin.COMPILED}
    )
    return row


@transaction.atomic
def save_narrative(agency: Agency, year: int, user: User, sections: dict[str, str]) -> None:
    """The officer's text; a report already checked or approved goes back to draft."""
    _officer(user, agency)
    row = _row(agency, year)
    if row.state == State.PUBLISHED:
        raise ActionError("报告已发布，如需修改请先发起更正")
    row.narrative = {k: v for k, v in sections.items() if v.strip()}
    row.state = State.DRAFT
    row.save()


@transaction.atomic
def mark_checked(agency: Agency, year: int, user: User) -> Checked:
    """Run every rule (with last year's report); the report is 已核对 only when none fails."""
    _officer(user, agency)
    row = _row(agency, year)
    if row.state == State.PUBLISHED:
        raise ActionError("报告已发布，如需修改请先发起更正")
    result = check_report(agency, year)
    row.findings = [f.to_json() for f in result.findings]
    row.state = State.CHECKED if result.passes else State.DRAFT
    row.save()
    return result


@transaction.atomic
def approve(agency: Agency, year: int, user: User) -> None:
    if not access.can(user, Role.APPROVER, agency):
        raise ActionError(f"您不是{agency.name}的审核人，不能审核年度报告")
    row = _row(agency, year)
    if row.state != State.CHECKED:
        raise ActionError("报告须先通过核对才能审核")
    if not check_report(agency, year).passes:  # the records may have changed since
        row.state = State.DRAFT
        row.save()
        raise ActionError("办理记录已变化，报告未通过核对，请重新核对")
    row.state = State.APPROVED
    row.save()


def _files(report: Report) -> dict[str, Any]:
    return {
        "document": write_json(report),
        "html": str(render(report, "html")),
        "docx": render(report, "docx"),
        "pdf": render(report, "pdf"),
        "xlsx": render(report, "xlsx"),
    }


@transaction.atomic
def publish(agency: Agency, year: int, user: User, reason: str = "") -> ReportVersion:
    """Freeze the approved report as the next version, with its rendered files."""
    _officer(user, agency)
    row = _row(agency, year)
    if row.state != State.APPROVED:
        raise ActionError("报告须经审核后才能发布")
    report = compile_report(agency, year, row.narrative)
    number = (row.versions.count()) + 1
    if number > 1 and not reason.strip():
        raise ActionError("发布更正版本须写明更正说明")
    version = ReportVersion.objects.create(
        report=row,
        number=number,
        published_at=timezone.now(),
        published_by=user if user.is_authenticated else None,
        reason=reason.strip(),
        **_files(report),
    )
    row.state = State.PUBLISHED
    row.save()
    return version


@transaction.atomic
def start_correction(agency: Agency, year: int, user: User) -> None:
    """A published report stays as it is; the correction is a new draft of the next version."""
    _officer(user, agency)
    row = _row(agency, year)
    if row.state != State.PUBLISHED or row.origin != Origin.COMPILED:
        raise ActionError("只有已发布的、由办理记录生成的报告可以更正")
    row.state = State.DRAFT
    row.save()


@transaction.atomic
def import_report(
    agency: Agency, year: int | None, user: User, data: bytes, name: str
) -> ReportVersion:
    """A report the agency published before gongkai, from any file the core reads."""
    _officer(user, agency)
    try:
        report = read_bytes(data, name)
    except ReportError as e:
        raise ActionError(f"{name}：{e.message}") from None
    year = year or report.year
    if year is None:
        raise ActionError(f"{name}：无法从文件中读出报告年度，请填写年度")
    report.year = year
    report.agency = report.agency or agency.name
    if AnnualReport.objects.filter(agency=agency, year=year).exists():
        raise ActionError(f"{agency.name}{year}年度已有报告，不能再导入")
    row = AnnualReport.objects.create(
        agency=agency, year=year, origin=Origin.IMPORTED, state=State.PUBLISHED
    )
    row.findings = [f.to_json() for f in check(report, previous_report(agency, year))]
    row.save()
    return ReportVersion.objects.create(
        report=row,
        number=1,
        published_at=timezone.now(),
        published_by=user if user.is_authenticated else None,
        original=data,
        original_name=name[:200],
        **_files(report),
    )
