"""The records behind annual reports, counted for many agencies and years at once.

A report is a pure function of these counts (:mod:`gongkai.annual.compile`). One agency's
report and a supervisor's roll-up of a thousand run the same grouped queries — filtered to
the one agency, or to the subtree — so the two cannot disagree, and a roll-up costs a
handful of queries instead of a couple of dozen per agency.

The rows of table 三 (for year Y, the day D = 31 December) are defined here once, as
conditions the counts and the drill-down (:func:`gongkai.annual.compile.records_behind`)
both use:

- ``new_received``: requests received in Y;
- ``carried_over``: requests open at the end of 31 December of Y−1;
- an outcome row: requests answered in Y (``replied_on``), by their outcome;
- ``carried_forward``: requests open at the end of D.

So every request received by D is in exactly one of "answered in Y", "open at D" or
"answered before Y", and the template's balance holds by construction. Table 四 counts the
review cases filed in Y, in the column of their result as of D (尚未审结 when not decided
by then).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Aggregate, Case, CharField, Count, F, Q, Sum, Value, When

from gongkai.cases.models import Agency, DisclosureRequest, FeeNotice, ReviewCase
from gongkai.proactive import counting
from gongkai.proactive.services.figures import (
    Agencies,
    AgencyYear,
    catalogues_of,
    registers_of,
)

__all__ = [
    "Agencies",
    "AgencyYear",
    "Counted",
    "Counts",
    "FeesPaid",
    "count_records",
    "decided_in",
    "end_of",
    "open_at_end_of",
    "received_in",
    "review_decided_by",
]


def end_of(year: int) -> date:
    return date(year, 12, 31)


def _span(first: int, last: int) -> tuple[date, date]:
    return date(first, 1, 1), end_of(last)


def received_in(year: int) -> Q:
    return Q(received_on__range=_span(year, year))


def open_at_end_of(year: int) -> Q:
    """Received by 31 December and not answered by the end of that day."""
    day = end_of(year)
    return Q(received_on__lte=day) & (Q(replied_on__isnull=True) | Q(replied_on__gt=day))


def decided_in(year: int) -> Q:
    return Q(replied_on__range=_span(year, year))


def review_decided_by(year: int) -> Q:
    """A review case with its result by the end of ``year``; otherwise it is pending."""
    return Q(closed_on__isnull=False, closed_on__lte=end_of(year)) & ~Q(result="")


@dataclass(frozen=True)
class FeesPaid:
    count: int = 0
    amount: Decimal = Decimal(0)  # 元


@dataclass
class Counted:
    """What one agency's records give for one year."""

    year: int
    # ``row.applicant_type`` → requests: the rows new_received, carried_over and
    # carried_forward, and each outcome key (2021 keys) for the requests answered in the year
    requests: Counter[str] = field(default_factory=Counter)
    reviews: Counter[str] = field(default_factory=Counter)  # ``kind.column`` → cases
    registers: counting.Registers = field(default_factory=counting.Registers)
    catalogue: counting.CatalogueFigures | None = None
    fees: FeesPaid = field(default_factory=FeesPaid)

    def catalogue_figures(self) -> counting.CatalogueFigures:
        return self.catalogue or counting.counted_catalogue(self.year, (), {})


class Counts:
    """(agency id, year) → :class:`Counted`; an agency without records has empty counts."""

    def __init__(self) -> None:
        self._counted: dict[AgencyYear, Counted] = {}

    def __getitem__(self, key: AgencyYear) -> Counted:
        got = self._counted.get(key)
        if got is None:
            got = self._counted[key] = Counted(key[1])
        return got


def count_records(agencies: Agencies, years: Iterable[int]) -> Counts:
    """Everything the reports of ``agencies`` (one agency, or a query set of them) for
    ``years`` count, in eight grouped queries however many agencies and years."""
    wanted = sorted(set(years))
    counts = Counts()
    _count_requests(counts, agencies, wanted)
    _count_reviews(counts, agencies, wanted)
    for key, reg in registers_of(agencies, wanted).items():
        counts[key].registers = reg
    for key, cat in catalogues_of(agencies, wanted).items():
        counts[key].catalogue = cat
    _count_fees(counts, agencies, wanted)
    return counts


def _scope(agencies: Agencies, field: str = "agency") -> Q:
    if isinstance(agencies, Agency):
        return Q(**{field: agencies})
    return Q(**{f"{field}__in": agencies})


def _count_requests(counts: Counts, agencies: Agencies, years: list[int]) -> None:
    """One scan of the requests that matter to any of ``years`` (received by the end of
    the last, not answered before the first began), every row counted by a condition."""
    measures = {}
    for y in years:
        measures[f"new_{y}"] = Count("id", filter=received_in(y))
        measures[f"done_{y}"] = Count("id", filter=decided_in(y))
    for y in sorted({y - 1 for y in years} | set(years)):
        measures[f"open_{y}"] = Count("id", filter=open_at_end_of(y))
    before = end_of(years[0] - 1)
    rows = (
        DisclosureRequest.objects.filter(_scope(agencies))
        .filter(received_on__lte=end_of(years[-1]))
        .filter(Q(replied_on__isnull=True) | Q(replied_on__gt=before))
        .order_by()
        .values("agency_id", "applicant_type", "outcome")
        .annotate(**measures)
    )
    for row in rows:
        t = row["applicant_type"]
        for y in years:
            c = counts[row["agency_id"], y].requests
            for key, n in (
                (f"new_received.{t}", row[f"new_{y}"]),
                (f"carried_over.{t}", row[f"open_{y - 1}"]),
                (f"carried_forward.{t}", row[f"open_{y}"]),
                (f"{row['outcome']}.{t}", row[f"done_{y}"]),
            ):
                if n:
                    c[key] += n


def _count_fees(counts: Counts, agencies: Agencies, years: list[int]) -> None:
    """信息处理费 paid in each year: how many notices, how much in all."""
    per_year: dict[str, Aggregate] = {}
    for y in years:
        paid = Q(paid_on__range=_span(y, y))
        per_year[f"n_{y}"] = Count("id", filter=paid)
        per_year[f"amount_{y}"] = Sum("amount", filter=paid)
    for row in (
        FeeNotice.objects.filter(_scope(agencies, "request__agency"))
        .filter(paid_on__range=_span(years[0], years[-1]))
        .order_by()
        .values("request__agency_id")
        .annotate(**per_year)
    ):
        for y in years:
            if row[f"n_{y}"]:
                counts[row["request__agency_id"], y].fees = FeesPaid(
                    row[f"n_{y}"], Decimal(row[f"amount_{y}"] or 0)
                )


def _count_reviews(counts: Counts, agencies: Agencies, years: list[int]) -> None:
    """Cases filed in any of ``years``, grouped by their column as of the end of each."""
    columns = {
        f"col_{y}": Case(
            When(review_decided_by(y), then=F("result")),
            default=Value("pending"),
            output_field=CharField(),
        )
        for y in years
    }
    filed = {f"n_{y}": Count("id", filter=Q(filed_on__range=_span(y, y))) for y in years}
    rows = (
        ReviewCase.objects.filter(_scope(agencies))
        .filter(filed_on__range=_span(years[0], years[-1]))
        .order_by()
        .annotate(**columns)
        .values("agency_id", "kind", *columns)
        .annotate(**filed)
    )
    for row in rows:
        for y in years:
            if row[f"n_{y}"]:
                key = f"{row['kind']}.{row[f'col_{y}']}"
                counts[row["agency_id"], y].reviews[key] += row[f"n_{y}"]
