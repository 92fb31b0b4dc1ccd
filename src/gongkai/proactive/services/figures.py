"""The records of an agency as the facts :mod:`gongkai.proactive.counting` counts, and the
records behind each cell (drill-down).

For the annual report compiler (issue 6)::

    from gongkai.proactive.services import figures
    figures.table2_cells(agency, 2024)            # {"proactive.rules.issued": 0, …}
    figures.table2_cells(agency, 2020, "2019")    # the 2019 columns
    figures.records_behind(agency, 2024, "proactive.penalty.decisions")  # a QuerySet
    figures.catalogue(agency, 2024)               # total, per channel, per category, late
    figures.legacy(agency, 2024)                  # legacy_stats.<row>.value cells
    figures.registers_of(district.subtree(), [2023, 2024])  # {(agency id, year): Registers}
    figures.catalogues_of(district.subtree(), [2024])       # {(agency id, year): figures}

Only the agency's own records count; a supervisor's roll-up adds its agencies' reports.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum

from gongkai.cases.models import Agency
from gongkai.proactive import counting
from gongkai.proactive.models import Item, ItemChannel, Matter, RegulatoryDocument, Response, Tally

__all__ = [
    "catalogue",
    "catalogues_of",
    "item_facts",
    "legacy",
    "records_behind",
    "registers",
    "registers_of",
    "table2_cells",
]


Agencies = Agency | QuerySet[Agency]
AgencyYear = tuple[int, int]


def _of(records: QuerySet[Any], agencies: Agencies, field: str = "agency") -> QuerySet[Any]:
    """The records of one agency, or of every agency of a query set (one subquery)."""
    if isinstance(agencies, Agency):
        return records.filter(**{field: agencies})
    return records.filter(**{f"{field}__in": agencies})


def registers_of(agencies: Agencies, years: Iterable[int]) -> dict[AgencyYear, counting.Registers]:
    """The register facts that can affect each year (documents and matters up to its end,
    tallies of the year, each kind's added up) of each agency that has any, by (agency id,
    year): three queries however many agencies and years, so a supervisor's roll-up costs
    what one report does."""
    wanted = sorted(set(years))
    last = date(wanted[-1], 12, 31)
    docs: dict[int, list[counting.DocumentFact]] = defaultdict(list)
    for agency_id, *doc in (
        _of(RegulatoryDocument.objects.all(), agencies)
        .filter(issued_on__lte=last)
        .order_by()
        .values_list("agency_id", "kind", "issued_on", "published_on", "repealed_on")
    ):
        docs[agency_id].append(counting.DocumentFact(*doc))
    matters: dict[int, list[counting.MatterFact]] = defaultdict(list)
    for agency_id, *matter in (
        _of(Matter.objects.all(), agencies)
        .filter(listed_on__lte=last)
        .order_by()
        .values_list("agency_id", "kind", "listed_on", "delisted_on")
    ):
        matters[agency_id].append(counting.MatterFact(*matter))
    tallies: dict[AgencyYear, list[counting.TallyFact]] = defaultdict(list)
    for agency_id, k, y, c, a in (  # added up by the database: months are many
        _of(Tally.objects.all(), agencies)
        .filter(year__in=wanted)
        .order_by()
        .values_list("agency_id", "kind", "year")
        .annotate(c=Sum("count"), a=Sum("amount"))
    ):
        tallies[agency_id, y].append(counting.TallyFact(k, y, None, c or 0, Decimal(a or 0)))
    out: dict[AgencyYear, counting.Registers] = {}
    for agency_id in {*docs, *matters, *(a for a, _ in tallies)}:
        for y in wanted:
            end = date(y, 12, 31)
            out[agency_id, y] = counting.Registers(
                documents=tuple(d for d in docs[agency_id] if d.issued_on <= end),
                matters=tuple(m for m in matters[agency_id] if m.listed_on <= end),
                tallies=tuple(tallies.get((agency_id, y), ())),
            )
    return out


def registers(agency: Agency, year: int) -> counting.Registers:
    """The register facts that can affect ``year`` (documents and matters up to its end,
    tallies of the year)."""
    return registers_of(agency, [year]).get((agency.pk, year), counting.Registers())


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


def catalogues_of(
    agencies: Agencies, years: Iterable[int]
) -> dict[AgencyYear, counting.CatalogueFigures]:
    """The catalogue figures of each year of each agency that published anything in it,
    by (agency id, year), counted in the database (two grouped queries): a district's
    catalogue is too big to fetch item by item."""
    wanted = sorted(set(years))
    span = (date(wanted[0], 1, 1), date(wanted[-1], 12, 31))
    groups: dict[AgencyYear, list[counting.ItemCounts]] = defaultdict(list)
    # a count per year, filtered by date range: no per-row function call in the database
    on_a_channel = Exists(ItemChannel.objects.filter(item=OuterRef("pk")))
    per_year: dict[str, Count] = {}
    for y in wanted:
        published = Q(published_on__range=_span(y))
        per_year[f"n_{y}"] = Count("id", filter=published)
        per_year[f"late_{y}"] = Count("id", filter=published & Q(published_on__gt=F("due_on")))
        per_year[f"bare_{y}"] = Count("id", filter=published & ~on_a_channel)
    for row in (
        _of(Item.objects.all(), agencies)
        .filter(published_on__range=span)
        .order_by()
        .values("agency_id", "category")
        .annotate(**per_year)
    ):
        for y in wanted:
            if row[f"n_{y}"]:
                groups[row["agency_id"], y].append(
                    counting.ItemCounts(
                        row["category"], row[f"n_{y}"], row[f"late_{y}"], row[f"bare_{y}"]
                    )
                )
    channels: dict[AgencyYear, dict[str, int]] = defaultdict(dict)
    for row in (
        _of(ItemChannel.objects.all(), agencies, "item__agency")
        .filter(item__published_on__range=span)
        .order_by()
        .values("item__agency_id", "channel")
        .annotate(
            **{f"n_{y}": Count("id", filter=Q(item__published_on__range=_span(y))) for y in wanted}
        )
    ):
        for y in wanted:
            if row[f"n_{y}"]:
                channels[row["item__agency_id"], y][row["channel"]] = row[f"n_{y}"]
    return {
        key: counting.counted_catalogue(key[1], groups.get(key, ()), channels.get(key, {}))
        for key in {*groups, *channels}
    }


def catalogue(agency: Agency, year: int) -> counting.CatalogueFigures:
    got = catalogues_of(agency, [year]).get((agency.pk, year))
    return got or counting.counted_catalogue(year, (), {})


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
