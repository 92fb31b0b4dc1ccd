"""Importing on the staff screens: upload, see the dry run, then confirm.

The uploaded file is kept (:class:`ImportBatch`) between the two steps, so what is imported
is exactly what the officer saw checked, and the upload stays on record.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from gongkai.proactive import importing
from gongkai.proactive.models import ImportBatch
from gongkai.proactive.views.common import editable, refuse, staff_required
from gongkai.proactive.views.forms import ImportForm

MAX_BYTES = 20 * 1024 * 1024


@staff_required
def upload(request: HttpRequest) -> HttpResponse:
    agencies = editable(request)
    if not agencies.exists():
        return refuse(request, "只有经办人可以导入。")
    form = ImportForm(request.POST or None, request.FILES or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        if (f.size or 0) > MAX_BYTES:
            form.add_error("file", "文件超过20MB，请分批导入")
        else:
            batch = ImportBatch.objects.create(
                agency=form.cleaned_data["agency"],
                kind=form.cleaned_data["kind"],
                filename=(f.name or "导入文件")[:200],
                data=f.read(),
                created_by_id=request.user.pk,
            )
            return redirect("proactive:import_batch", batch.pk)
    columns = {k: importing.columns(k) for k in importing.KINDS}
    return render(request, "proactive/staff/import.html", {"form": form, "columns": columns})


@staff_required
def batch(request: HttpRequest, pk: int) -> HttpResponse:
    b = get_object_or_404(ImportBatch.objects.filter(agency__in=editable(request)), pk=pk)
    data = bytes(b.data)
    if request.method == "POST":
        if b.applied_at is not None:
            messages.error(request, "该文件已经导入过")
            return redirect("proactive:import_batch", b.pk)
        report = importing.apply(b.agency, b.kind, b.filename, data, actor=request.user)
        if report.applied:
            b.applied_at = timezone.now()
            b.accepted, b.rejected = len(report.accepted), len(report.rejected_rows)
            b.save(update_fields=["applied_at", "accepted", "rejected"])
            messages.success(request, report.summary())
        return render(request, "proactive/staff/import_report.html", {"batch": b, "report": report})
    if b.applied_at is not None:
        return render(request, "proactive/staff/import_report.html", {"batch": b, "report": None})
    report = importing.check(b.agency, b.kind, b.filename, data)
    return render(request, "proactive/staff/import_report.html", {"batch": b, "report": report})
