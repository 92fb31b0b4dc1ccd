"""The records of an agency as the facts :mod:`gongkai.proactive.counting` counts, and the
records behind each cell (drill-down).

For the annual report compiler (issue 6)::

    from gongkai.proactive.services import figures
    figures.table2_cells(agency, 2024)            # {"proactive.rules.issued": 0, …}
    figures.table2_cells(agency, 2020, "2019")    # the 2019 columns
    figures.records_behind(agency, 2024, "proactive.penalty.decisions")  # a QuerySet
    figures.catalogue(agency, 2024)               # total, per channel, per category, late
    figures.legacy(agency, 2024)                  # legacy_stats.<row>.value cells

Only the agency's own records count; a supervisor's roll-up adds its agencies' reports.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from gongkai.cases.models import Agency
from gongkai.proactive import counting
from gongkai.proactive.models import Item, ItemChannel, Matter, RegulatoryDocument, Response, Tally

__all__ = [
    "catalogue",
    "item_facts",
    "legacy",
    "records_behind",
    "registers",
    "table2_cells",
]


def registers(agency: Agency, year: int) -> counting.Registers:
    """The register facts that can affect ``year`` (documents and matters up to its end,
    tallies of the year)."""
    end = date(year, 12, 31)
    docs = RegulatoryDocument.objects.filter(agency=agency, issued_on__lte=end)
    matters = Matter.objects.filter(agency=agency, listed_on__lte=end)
    tallies = Tally.objects.filter(agency=agency, year=year)
    return counting.Registers(
        documents=tuple(
            counting.DocumentFact(*row)
            for row in docs.values_list("kind", "issued_on", "published_on", "repealed_on")
        ),
        matters=tuple(
            counting.MatterFact(*row)
            for row in matters.values_list("kind", "listed_on", "delisted_on")
        ),
        tallies=tuple(
            counting.TallyFact(k, y, m, c, Decimal(a))
            for k, y, m, c, a in tallies.values_list("kind", "year", "month", "count", "amount")
        ),
    )


def table2_cells(
    agency: Agency, year: int, fmt: str | None = None
) -> dict[str, int | Decimal | None]:
    """Table 二 of (agency, year) in ``fmt`` (default: the year's own format)."""
    return counting.table2(year, registers(agency, year), fmt)


def item_facts(agency: Agency, year: int) -> list[counting.ItemFact]:
    """The items published in ``year``, with their channels (two queries)."""
    items = Item.objects.filter(agency=agency).published_in(year)
    rows = list(items.values_list("id", "published_on", "due_on", "category"))
    channels: dict[int, set[str]] = {}
    for item_id, ch in (
        ItemChannel.objects.filter(item__in=items).values_list("item_id", "channel").iterator()
    ):
        channels.setdefault(item_id, set()).add(ch)
    return [
        counting.ItemFact(pub, due, frozenset(channels.get(pk, ())), cat)
        for pk, pub, due, cat in rows
    ]


def catalogue(agency: Agency, year: int) -> counting.CatalogueFigures:
    return counting.catalogue_figures(year, item_facts(agency, year))


def legacy(agency: Agency, year: int) -> dict[str, int]:
    responses = Response.objects.filter(agency=agency, held_on__year=year)
    return counting.legacy_cells(
        year,
        item_facts(agency, year),
        registers(agency, year),
        [
            counting.ResponseFact(*r)
            for r in responses.values_list("kind", "held_on", "principal", "concern")
        ],
    )


def _span(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _in_force(end: date) -> Q:
    return Q(repealed_on__isnull=True) | Q(repealed_on__gt=end)


def records_behind(agency: Agency, year: int, address: str) -> QuerySet[Any]:
    """The records a table 二 cell counts (for ``change``, the matters listed or delisted in
    the year). Raises ``KeyError`` for an address that is not a table 二 cell."""
    table, row, col = address.split(".")
    if table != "proactive":
        raise KeyError(address)
    start, end = _span(year)
    prev_end = date(year - 1, 12, 31)
    docs = RegulatoryDocument.objects.filter(agency=agency, kind=row)
    matters = Matter.objects.filter(agency=agency, kind=row)
    tallies = Tally.objects.filter(agency=agency, kind=row, year=year)
    queries: dict[str, QuerySet[Any]] = {
        "issued": docs.filter(issued_on__range=(start, end)),
        "new_made": docs.filter(issued_on__range=(start, end)),
        "repealed": docs.filter(repealed_on__range=(start, end)),
        "in_force": docs.filter(_in_force(end), issued_on__lte=end),
        "new_published": docs.filter(published_on__range=(start, end)),
        "total_published": docs.filter(_in_force(end), published_on__lte=end, issued_on__lte=end),
        "previous_year_items": matters.filter(
            Q(delisted_on__isnull=True) | Q(delisted_on__gt=prev_end), listed_on__lte=prev_end
        ),
        "change": matters.filter(
            Q(listed_on__range=(start, end)) | Q(delisted_on__range=(start, end))
        ),
        "decisions": tallies,
        "projects": tallies,
        "amount": tallies,
    }
    if col not in queries:
        raise KeyError(address)
    return queries[col]
