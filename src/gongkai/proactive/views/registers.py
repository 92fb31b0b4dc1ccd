"""The Article 20 registers and 回应解读 on staff screens: one list and one form per
register, described as data (:data:`REGISTERS`), so every register behaves the same."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from gongkai.cases.format import cn_date
from gongkai.proactive.models import Matter, RegulatoryDocument, Response, Tally
from gongkai.proactive.views.common import editable, may_edit, readable, refuse, staff_required
from gongkai.proactive.views.forms import (
    AgencyScoped,
    DocumentForm,
    MatterForm,
    ResponseForm,
    TallyForm,
)


def _d(name: str) -> Callable[[Any], str]:
    return lambda o: cn_date(getattr(o, name))


@dataclass(frozen=True)
class Register:
    title: str
    model: type[Model]
    form: type[AgencyScoped]
    columns: tuple[tuple[str, Callable[[Any], object]], ...]
    note: str = ""


REGISTERS: dict[str, Register] = {
    "documents": Register(
        "规章和行政规范性文件",
        RegulatoryDocument,
        DocumentForm,
        (
            ("类别", lambda o: o.get_kind_display()),
            ("名称", lambda o: o.title),
            ("文号", lambda o: o.document_number),
            ("制发日期", _d("issued_on")),
            ("公开日期", _d("published_on")),
            ("废止日期", _d("repealed_on")),
        ),
        "年度报告表二第（一）项的制发、废止和现行有效件数由本登记簿按日期统计。",
    ),
    "matters": Register(
        "事项清单",
        Matter,
        MatterForm,
        (
            ("类别", lambda o: o.get_kind_display()),
            ("事项名称", lambda o: o.name),
            ("事项编码", lambda o: o.code),
            ("列入日期", _d("listed_on")),
            ("取消日期", _d("delisted_on")),
        ),
        "2019年格式表二的“上一年项目数量”和“本年增/减”由本清单在各年末的事项数统计。",
    ),
    "tallies": Register(
        "月度统计",
        Tally,
        TallyForm,
        (
            ("月份", lambda o: f"{o.year}年{o.month}月"),
            ("类别", lambda o: o.get_kind_display()),
            ("数量（件）", lambda o: o.count),
            ("金额（元）", lambda o: o.amount),
            ("来源", lambda o: o.source or "录入"),
        ),
        "行政许可、处罚、强制的处理决定数量，行政事业性收费金额和政府集中采购，按月录入或导入。",
    ),
    "responses": Register(
        "回应解读",
        Response,
        ResponseForm,
        (
            ("形式", lambda o: o.get_kind_display()),
            ("标题", lambda o: o.title),
            ("日期", _d("held_on")),
            ("主要负责同志参加", lambda o: "是" if o.principal else ""),
            ("回应的热点或舆情", lambda o: o.concern),
        ),
        "政策解读、新闻发布会、在线访谈和回应关切，用于年度报告的叙述和统计指标。",
    ),
}


def _register(name: str) -> Register:
    if name not in REGISTERS:
        raise Http404("没有这个登记簿")
    return REGISTERS[name]


@staff_required
def register_list(request: HttpRequest, register: str) -> HttpResponse:
    reg = _register(register)
    qs: QuerySet[Any] = reg.model._default_manager.filter(
        agency__in=readable(request)
    ).select_related("agency")
    code = request.GET.get("agency", "")
    if code:
        qs = qs.filter(agency__code=code)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = [{"pk": o.pk, "agency": o.agency, "cells": [f(o) for _, f in reg.columns]} for o in page]
    return render(
        request,
        "proactive/staff/register_list.html",
        {
            "reg": reg,
            "register": register,
            "rows": rows,
            "page": page,
            "agencies": readable(request),
            "code": code,
            "can_add": editable(request).exists(),
            "registers": REGISTERS,
        },
    )


@staff_required
def register_edit(request: HttpRequest, register: str, pk: int | None = None) -> HttpResponse:
    reg = _register(register)
    obj: Any = None
    if pk is not None:
        obj = get_object_or_404(
            reg.model._default_manager.filter(agency__in=readable(request)), pk=pk
        )
    agencies = editable(request)
    allowed = may_edit(request, obj.agency) if obj is not None else agencies.exists()
    if request.method == "POST" and not allowed:
        return refuse(request, f"您不是该机构的经办人，不能修改其{reg.title}。")
    if obj is None and not allowed:
        return refuse(request, f"只有经办人可以登记{reg.title}。")
    form = reg.form(
        request.POST or None,
        instance=obj,
        agencies=agencies if allowed else readable(request),
    )
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        if isinstance(saved, Tally):
            saved.entered_by = request.user  # type: ignore[assignment]
            saved.source = saved.source or ""
        saved.save()
        messages.success(request, f"已保存{reg.title}")
        return redirect("proactive:register", register)
    return render(
        request,
        "proactive/staff/register_form.html",
        {"reg": reg, "register": register, "form": form, "obj": obj, "can_edit": allowed},
    )
