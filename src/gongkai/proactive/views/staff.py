"""Staff screens: the catalogue with its deadlines, entering and editing items, the table 二
figures of a year, the agency's 公开指南."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from gongkai.cases import clock
from gongkai.core.template import LEGACY_KEY, legacy_table, template
from gongkai.proactive import counting
from gongkai.proactive.models import Guide, Item, ItemAttachment
from gongkai.proactive.services import figures
from gongkai.proactive.services.catalogue import add_attachment, save_item
from gongkai.proactive.views.common import editable, may_edit, readable, refuse, staff_required
from gongkai.proactive.views.forms import GuideForm, ItemForm
from gongkai.proactive.vocab import Category, Channel
from gongkai.workdays import working_days_left

STATES = (
    ("draft", "未发布"),
    ("overdue", "逾期未发布"),
    ("late", "逾期发布"),
    ("published", "已发布"),
)


@staff_required
def items(request: HttpRequest) -> HttpResponse:
    today = clock.today()
    qs = Item.objects.filter(agency__in=readable(request)).select_related("agency")
    f = request.GET
    if f.get("agency"):
        qs = qs.filter(agency__code=f["agency"])
    if f.get("category") in Category.values:
        qs = qs.filter(category=f["category"])
    state = f.get("state", "")
    if state == "draft":
        qs = qs.filter(published_on__isnull=True)
    elif state == "overdue":
        qs = qs.overdue(today)
    elif state == "late":
        qs = qs.late()
    elif state == "published":
        qs = qs.published()
    q = f.get("q", "").strip()
    if q:
        qs = qs.filter(
            Q(title__icontains=q) | Q(index_number__icontains=q) | Q(document_number__icontains=q)
        )
    qs = qs.order_by("published_on", "due_on") if state in ("draft", "overdue") else qs
    page = Paginator(qs, 50).get_page(f.get("page"))
    params = f.copy()
    params.pop("page", None)
    return render(
        request,
        "proactive/staff/items.html",
        {
            "page": page,
            "f": f,
            "today": today,
            "states": STATES,
            "categories": Category.choices,
            "agencies": readable(request),
            "query": params.urlencode(),
            "can_add": editable(request).exists(),
            "overdue": Item.objects.filter(agency__in=readable(request)).overdue(today).count(),
        },
    )


def _save(request: HttpRequest, form: ItemForm) -> Item:
    item: Item = form.save(commit=False)
    with transaction.atomic():
        save_item(item, form.cleaned_data["channels"], actor=request.user)
        for u in form.cleaned_data["uploads"]:
            add_attachment(item, u.name, u.content_type, u.data)
    return item


@staff_required
def item_new(request: HttpRequest) -> HttpResponse:
    agencies = editable(request)
    if not agencies.exists():
        return refuse(request, "只有经办人可以登记主动公开信息。")
    form = ItemForm(request.POST or None, request.FILES or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        item = _save(request, form)
        messages.success(request, f"已登记 {item.index_number}《{item.title}》")
        return redirect("proactive:staff_item", item.pk)
    if request.method != "POST" and agencies.count() == 1:
        form.initial["agency"] = agencies.first()
    return render(request, "proactive/staff/item_form.html", {"form": form, "item": None})


@staff_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Item.objects.filter(agency__in=readable(request)), pk=pk)
    can_edit = may_edit(request, item.agency)
    if request.method == "POST":
        if not can_edit:
            return refuse(request, "您不是该机构的经办人，不能修改其主动公开信息。")
        if "delete_file" in request.POST:
            ItemAttachment.objects.filter(item=item, pk=request.POST["delete_file"]).delete()
            messages.success(request, "已删除附件")
            return redirect("proactive:staff_item", item.pk)
        form = ItemForm(request.POST, request.FILES, instance=item, agencies=editable(request))
        if form.is_valid():
            _save(request, form)
            messages.success(request, f"已保存 {item.index_number}")
            return redirect("proactive:staff_item", item.pk)
    else:
        form = ItemForm(instance=item, agencies=readable(request))
    today = clock.today()
    left = (
        working_days_left(item.due_on, today, calendar=clock.calendar())
        if item.published_on is None
        else None
    )
    return render(
        request,
        "proactive/staff/item_form.html",
        {
            "form": form,
            "item": item,
            "can_edit": can_edit,
            "attachments": item.attachments.only("id", "name", "size"),
            "left": left,
            "today": today,
        },
    )


@staff_required
def year_figures(request: HttpRequest) -> HttpResponse:
    """Table 二 of a year in both formats, the channel figures and the 统计指标 rows, as
    the annual report will compile them."""
    agencies = readable(request)
    first = agencies.first()
    code = request.GET.get("agency") or (first.code if first is not None else "")
    agency = get_object_or_404(agencies, code=code) if code else None
    today = clock.today()
    y = request.GET.get("year", "")
    year = int(y) if y.isdigit() and 2000 <= int(y) <= today.year else today.year - 1
    ctx: dict[str, Any] = {
        "agencies": agencies,
        "agency": agency,
        "year": year,
        "years": range(today.year, today.year - 8, -1),
    }
    if agency is not None:
        tables = []
        for fmt in ("2021", "2019"):
            cells = figures.table2_cells(agency, year, fmt)
            rows = [
                {
                    "group": r.group,
                    "label": r.label,
                    "cells": [(c.label, cells[f"proactive.{r.key}.{c.key}"]) for c in r.columns],
                }
                for r in template(fmt).proactive.rows
            ]
            tables.append(
                {
                    "fmt": fmt,
                    "document": template(fmt).document,
                    "rows": rows,
                    "used": fmt == counting.format_for(year),
                }
            )
        cat = figures.catalogue(agency, year)
        ctx.update(
            tables=tables,
            catalogue=cat,
            channel_rows=[(Channel(k).label, n) for k, n in cat.channels.items()],
            category_rows=[(Category(k).label, n) for k, n in cat.categories.items()],
            sentence=counting.narrative_sentence(agency.name, cat),
            legacy=_legacy_rows(figures.legacy(agency, year)),
        )
    return render(request, "proactive/staff/figures.html", ctx)


def _legacy_rows(cells: dict[str, int]) -> list[tuple[str, str, int]]:
    return [
        (r.label, r.unit or "", cells[f"{LEGACY_KEY}.{r.key}.value"])
        for r in legacy_table().rows
        if f"{LEGACY_KEY}.{r.key}.value" in cells
    ]


@staff_required
def guide_edit(request: HttpRequest, code: str) -> HttpResponse:
    agency = get_object_or_404(readable(request), code=code)
    if not may_edit(request, agency):
        return refuse(request, "您不是该机构的经办人，不能修改其政府信息公开指南。")
    guide, _ = Guide.objects.get_or_create(agency=agency)
    form = GuideForm(request.POST or None, instance=guide)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "已保存政府信息公开指南")
        return redirect("proactive:guide", agency.code)
    return render(request, "proactive/staff/guide_form.html", {"form": form, "agency": agency})
