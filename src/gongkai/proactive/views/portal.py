"""The public 政府信息公开 portal: agencies, each agency's home with 公开指南, 公开目录,
年度报告 and 回应解读, each item's page with its catalogue entry, and search."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from gongkai.cases import clock
from gongkai.cases.models import Agency
from gongkai.proactive.models import Guide, Item, ItemAttachment, Response
from gongkai.proactive.services.reports import annual_reports
from gongkai.proactive.services.search import search as run_search
from gongkai.proactive.vocab import Category, Channel

PER_PAGE = 20


def _agency(code: str) -> Agency:
    return get_object_or_404(Agency, code=code)


def _page_number(request: HttpRequest) -> int:
    p = request.GET.get("page", "1")
    return max(1, min(int(p), 10_000)) if p.isdigit() else 1


def _categories(qs: Any) -> list[dict[str, Any]]:
    counts = dict(qs.values_list("category").annotate(n=Count("id")).order_by())
    return [
        {"key": k, "label": label, "count": counts.get(k, 0)}
        for k, label in Category.choices
        if counts.get(k)
    ]


def index(request: HttpRequest) -> HttpResponse:
    """All agencies as a tree, the latest items of all, and one search box."""
    roots = Agency.objects.filter(parent__isnull=True).prefetch_related("children")
    latest = Item.objects.published().select_related("agency").order_by("-published_on", "-id")[:10]
    return render(
        request,
        "proactive/index.html",
        {"roots": roots, "latest": latest, "categories": Category.choices},
    )


def agency_home(request: HttpRequest, code: str) -> HttpResponse:
    agency = _agency(code)
    items = Item.objects.filter(agency=agency).published()
    return render(
        request,
        "proactive/agency.html",
        {
            "agency": agency,
            "categories": _categories(items),
            "latest": items.order_by("-published_on", "-id")[:10],
            "reports": annual_reports(agency)[:3],
            "responses": Response.objects.filter(agency=agency)[:5],
            "children": agency.children.all(),
        },
    )


def guide(request: HttpRequest, code: str) -> HttpResponse:
    agency = _agency(code)
    g = Guide.objects.filter(agency=agency).first()
    return render(
        request,
        "proactive/guide.html",
        {"agency": agency, "guide": g, "categories": Category.choices, "section": "guide"},
    )


def reports(request: HttpRequest, code: str) -> HttpResponse:
    agency = _agency(code)
    return render(
        request,
        "proactive/reports.html",
        {"agency": agency, "reports": annual_reports(agency), "section": "reports"},
    )


def responses(request: HttpRequest, code: str) -> HttpResponse:
    agency = _agency(code)
    qs = Response.objects.filter(agency=agency)
    page = Paginator(qs, PER_PAGE).get_page(_page_number(request))
    return render(
        request,
        "proactive/responses.html",
        {"agency": agency, "page": page, "section": "responses"},
    )


def catalogue(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """公开目录: published items by agency, category and year, newest first."""
    agency = _agency(code) if code else None
    if agency is None and request.GET.get("agency"):
        agency = _agency(request.GET["agency"])
    qs = Item.objects.published().select_related("agency")
    if agency is not None:
        qs = qs.filter(agency=agency)
    category = request.GET.get("category", "")
    if category in Category.values:
        qs = qs.filter(category=category)
    else:
        category = ""
    year = request.GET.get("year", "")
    if year.isdigit() and 1990 <= int(year) <= 2100:
        y = int(year)
        qs = qs.filter(published_on__gte=date(y, 1, 1), published_on__lte=date(y, 12, 31))
    else:
        year = ""
    qs = qs.order_by("-published_on", "-id")
    page = Paginator(qs, PER_PAGE).get_page(_page_number(request))
    params = request.GET.copy()
    params.pop("page", None)
    this_year = clock.today().year
    return render(
        request,
        "proactive/catalogue.html",
        {
            "agency": agency,
            "page": page,
            "category": category,
            "category_label": Category(category).label if category else "",
            "year": year,
            "years": range(this_year, this_year - 10, -1),
            "categories": Category.choices,
            "query": params.urlencode(),
            "section": "catalogue",
        },
    )


def item(request: HttpRequest, pk: int) -> HttpResponse:
    it = get_object_or_404(Item.objects.published().select_related("agency"), pk=pk)
    return render(
        request,
        "proactive/item.html",
        {
            "item": it,
            "agency": it.agency,
            "channels": sorted(it.channels.all(), key=lambda c: Channel.values.index(c.channel)),
            "attachments": it.attachments.only("id", "name", "size", "content_type"),
            "paragraphs": [p for p in it.body.splitlines() if p.strip()],
            "section": "catalogue",
        },
    )


def attachment(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    a = get_object_or_404(ItemAttachment, pk=file_pk, item_id=pk, item__published_on__isnull=False)
    r = HttpResponse(bytes(a.data), content_type=a.content_type)
    r["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(a.name)}"
    r["X-Content-Type-Options"] = "nosniff"
    return r


def search(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    agency = None
    if request.GET.get("agency"):
        agency = Agency.objects.filter(code=request.GET["agency"]).first()
        if agency is None:
            raise Http404("没有这个机构")
    category = request.GET.get("category", "")
    if category not in Category.values:
        category = ""
    page_no = _page_number(request)
    hits = None
    if q:
        hits = run_search(
            q,
            agency_id=agency.pk if agency else None,
            category=category or None,
            offset=(page_no - 1) * PER_PAGE,
            limit=PER_PAGE,
        )
    pages = -(-hits.total // PER_PAGE) if hits else 0
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "proactive/search.html",
        {
            "q": q,
            "agency": agency,
            "category": category,
            "categories": Category.choices,
            "hits": hits,
            "page_no": page_no,
            "pages": pages,
            "query": params.urlencode(),
        },
    )
