"""Pages of the annual report: the officer's compiled report (every cell a link to its
records), the workflow acts, imports, the supervisor's roll-up, and the portal's
published versions with their downloads."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.views.decorators.http import require_POST

from gongkai.annual import rollup, services
from gongkai.annual.compile import compile_report, format_for, records_behind
from gongkai.annual.models import AnnualReport, ReportVersion, State
from gongkai.annual.tables import shown_tables
from gongkai.cases import access
from gongkai.cases.errors import ActionError
from gongkai.cases.models import Agency, Role
from gongkai.core.template import NARRATIVE_KEYS, sections
from gongkai.web.views.common import staff_required

SECTION_TITLES = {"preamble": "引言", **{s.key: f"{s.number}、{s.title}" for s in sections()}}
DOWNLOADS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word"),
    "pdf": ("application/pdf", "PDF"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"),
    "json": ("application/json", "JSON"),
}


def _visible_agency(request: HttpRequest, code: str) -> Agency:
    return get_object_or_404(access.visible_agencies(request.user), code=code)


@staff_required
def index(request: HttpRequest) -> HttpResponse:
    agencies = access.visible_agencies(request.user).order_by("path")
    reports = AnnualReport.objects.filter(agency__in=agencies).select_related("agency")
    supervised = access.handled_agencies(request.user, Role.SUPERVISOR)
    return render(
        request,
        "annual/index.html",
        {
            "agencies": agencies,
            "reports": reports,
            "supervised": supervised,
            "year": timezone.localdate().year - 1,
        },
    )


@staff_required
def report(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agency = _visible_agency(request, code)
    row = AnnualReport.objects.filter(agency=agency, year=year).first()
    checked = services.check_report(agency, year)
    editable = access.can(request.user, Role.OFFICER, agency)
    narrative = [
        (k, SECTION_TITLES.get(k, k), checked.report.narrative.get(k, "")) for k in NARRATIVE_KEYS
    ]
    return render(
        request,
        "annual/report.html",
        {
            "agency": agency,
            "year": year,
            "fmt": format_for(year),
            "row": row,
            "state": row.get_state_display() if row else "草稿（未保存）",
            "published": row is not None and row.state == State.PUBLISHED,
            "tables": shown_tables(checked.report),
            "narrative": narrative,
            "findings": checked.findings,
            "passes": checked.passes,
            "has_previous": checked.previous is not None,
            "versions": row.versions.all() if row else [],
            "editable": editable,
            "approver": access.can(request.user, Role.APPROVER, agency),
        },
    )


@staff_required
def cell(request: HttpRequest, code: str, year: int, address: str) -> HttpResponse:
    agency = _visible_agency(request, code)
    try:
        records = records_behind(agency, year, address)
    except (KeyError, ValueError):
        raise Http404("没有这个单元格") from None
    value = compile_report(agency, year).value(address)
    return render(
        request,
        "annual/cell.html",
        {
            "agency": agency,
            "year": year,
            "address": address,
            "value": value,
            "records": records[:1000],
            "count": records.count(),
            "kind": address.split(".")[0],
        },
    )


ACTIONS = ("save", "check", "approve", "publish", "correct", "import")


@require_POST
@staff_required
def act(request: HttpRequest, code: str, year: int, action: str) -> HttpResponse:
    agency = _visible_agency(request, code)
    user = request.user
    p = request.POST
    try:
        if action == "save":
            services.save_narrative(agency, year, user, {k: p.get(k, "") for k in NARRATIVE_KEYS})
            messages.success(request, "正文已保存，请重新核对。")
        elif action == "check":
            result = services.mark_checked(agency, year, user)
            if result.passes:
                messages.success(request, "核对通过，可以提交审核。")
            else:
                messages.error(request, "核对未通过，请根据下列问题修改后重新核对。")
        elif action == "approve":
            services.approve(agency, year, user)
            messages.success(request, "已审核，可以发布。")
        elif action == "publish":
            v = services.publish(agency, year, user, p.get("reason", ""))
            messages.success(request, f"已发布第{v.number}版。")
        elif action == "correct":
            services.start_correction(agency, year, user)
            messages.success(request, "已发起更正；已发布的版本保持不变。")
        elif action == "import":
            upload = request.FILES.get("file")
            if upload is None:
                raise ActionError("请选择要导入的报告文件")
            raw_year = p.get("year", "").strip()
            target = int(raw_year) if raw_year.isdigit() else None
            v = services.import_report(agency, target, user, upload.read(), upload.name or "")
            messages.success(request, f"已导入{v.report.year}年度报告。")
            return redirect("annual:report", code=code, year=v.report.year)
        else:
            raise Http404("没有这个操作")
    except ActionError as e:
        messages.error(request, str(e))
    return redirect("annual:report", code=code, year=year)


@staff_required
def rollup_view(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agency = _visible_agency(request, code)
    summary = rollup.roll_up_subtree(agency, year)
    return render(
        request,
        "annual/rollup.html",
        {
            "agency": agency,
            "year": year,
            "summary": summary,
            "tables": shown_tables(summary.result.report),
            "charts": rollup.charts(summary),
        },
    )


# -- portal ------------------------------------------------------------------------------


def published_list(request: HttpRequest) -> HttpResponse:
    versions = (
        ReportVersion.objects.select_related("report__agency")
        .filter(report__state=State.PUBLISHED)
        .order_by("report__agency__path", "-report__year", "-number")
    )
    return render(request, "annual/published_list.html", {"versions": versions})


def _version(code: str, year: int, number: int | None) -> ReportVersion:
    versions = ReportVersion.objects.filter(report__agency__code=code, report__year=year)
    if number is not None:
        versions = versions.filter(number=number)
    v = versions.select_related("report__agency").order_by("-number").first()
    if v is None:
        raise Http404("该年度报告尚未发布")
    return v


def published(
    request: HttpRequest, code: str, year: int, number: int | None = None
) -> HttpResponse:
    """The report as published: the official HTML page itself, with the downloads and the
    other versions above it."""
    v = _version(code, year, number)
    others = v.report.versions.order_by("number")
    links = "".join(
        f'<a href="{escape(_url(v, fmt))}" download>下载{label}</a> '
        for fmt, (_, label) in DOWNLOADS.items()
    )
    listed = "".join(
        f'<li><a href="{reverse("annual:version", args=[code, year, o.number])}">第{o.number}版</a>'
        f"（{o.published_at:%Y-%m-%d}发布{'，更正：' + escape(o.reason) if o.reason else ''}）"
        f"{'（本页）' if o.pk == v.pk else ''}</li>"
        for o in others
    )
    bar = (
        '<nav class="gk-published" style="max-width:210mm;margin:1em auto;font-size:14px">'
        f'<a href="{reverse("annual:published_list")}">年度报告</a> · {links}'
        f"<ul>{listed}</ul></nav>\n"
    )
    page = v.html.replace("<body>\n", "<body>\n" + bar, 1)
    return HttpResponse(page)


def _url(v: ReportVersion, fmt: str) -> str:
    return reverse("annual:download", args=[v.report.agency.code, v.report.year, v.number, fmt])


def download(request: HttpRequest, code: str, year: int, number: int, fmt: str) -> HttpResponse:
    if fmt not in DOWNLOADS:
        raise Http404("没有这种格式")
    v = _version(code, year, number)
    data: str | bytes = v.document if fmt == "json" else bytes(getattr(v, fmt))
    resp = HttpResponse(data, content_type=DOWNLOADS[fmt][0])
    name = f"{code}-{year}-v{v.number}.{fmt}"
    resp["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp
