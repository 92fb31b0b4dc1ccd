"""The annual report of (agency, year) from the records' counts (:mod:`gongkai.annual.counts`,
where the rows of tables 三 and 四 are defined), in pure Python: the counting is the
database's, the arithmetic of the template ours.

Table 二 is the proactive app's own derivation from its registers. Each cell has a query
set of the records it counts (:func:`records_behind`), built from the same conditions as
the counts, so the numbers and the drill-down lists cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db.models import QuerySet

from gongkai.annual import drafting
from gongkai.annual.counts import (
    Agencies,
    AgencyYear,
    Counted,
    count_records,
    decided_in,
    open_at_end_of,
    received_in,
    review_decided_by,
)
from gongkai.cases.models import Agency, DisclosureRequest, ReviewCase
from gongkai.core.report import Cell, Number, Report
from gongkai.core.template import template
from gongkai.proactive import counting
from gongkai.proactive.counting import format_for
from gongkai.proactive.services import figures

__all__ = [
    "build_report",
    "compile_report",
    "compile_reports",
    "format_for",
    "records_behind",
]

OTHER_2021 = ("other_overdue_correction", "other_unpaid_fee", "other_other")
FLOW_ROWS = ("new_received", "carried_over", "total_processed", "carried_forward")
REVIEW_RESULTS = ("upheld", "corrected", "other", "pending")


def _outcome_keys(row: str) -> tuple[str, ...]:
    """The request outcomes (2021 row keys) a row of either format counts."""
    return OTHER_2021 if row == "other_processing" else (row,)


def _row_requests(agency: Agency, year: int, row: str) -> QuerySet[DisclosureRequest]:
    qs = DisclosureRequest.objects.filter(agency=agency)
    if row == "new_received":
        return qs.filter(received_in(year))
    if row == "carried_over":
        return qs.filter(open_at_end_of(year - 1))
    if row == "carried_forward":
        return qs.filter(open_at_end_of(year))
    if row == "total_processed":
        return qs.filter(decided_in(year))
    return qs.filter(decided_in(year), outcome__in=_outcome_keys(row))


def records_behind(agency: Agency, year: int, address: str) -> QuerySet[Any]:
    """The records a cell counts. ``KeyError`` for an address that is not a cell."""
    table, row, col = address.split(".")
    if table == "proactive":
        return figures.records_behind(agency, year, address)
    if table == "requests":
        if not _is_row(row):
            raise KeyError(address)
        rqs = _row_requests(agency, year, row)
        return rqs if col == "total" else rqs.filter(applicant_type=col)
    if table == "reviews":
        cases = ReviewCase.objects.filter(agency=agency, filed_on__year=year)
        if row not in {r.key for r in template("2021").reviews.rows}:
            raise KeyError(address)
        cases = cases.filter(kind=row)
        if col == "pending":
            return cases.exclude(review_decided_by(year))
        if col == "total":
            return cases
        return cases.filter(review_decided_by(year), result=col)
    raise KeyError(address)


def _is_row(row: str) -> bool:
    return any(r.key == row for f in ("2019", "2021") for r in template(f).requests.rows)


@dataclass(frozen=True)
class _Plan:
    """Where the counts of a format's tables 三 and 四 go, worked out once per format:
    each count key (``row.applicant_type`` of the requests, ``group.column`` of the review
    cases) adds to its own cell and the totals over it. A report then costs one pass over
    the counts an agency has, not one look-up per cell."""

    addresses: tuple[str, ...]  # every cell of tables 二–四, in template order
    proactive: tuple[str, ...]  # the cells of table 二
    requests: dict[str, tuple[str, ...]]  # count key → the cells it adds to
    reviews: dict[str, tuple[str, ...]]


@cache
def _plan(fmt: str) -> _Plan:
    tpl = template(fmt)
    addresses = tuple(tpl.default_addresses())
    types = [c.key for c in tpl.requests.rows[0].columns if c.key != "total"]
    requests: dict[str, list[str]] = {}

    def add(key: str, row: str, col: str) -> None:
        requests.setdefault(key, []).append(f"requests.{row}.{col}")

    for r in tpl.requests.rows:
        if r.key not in tpl.default_rows or r.key == "total_processed":
            continue
        for t in types:
            keys = (
                [f"{r.key}.{t}"]
                if r.key in FLOW_ROWS
                else [f"{k}.{t}" for k in _outcome_keys(r.key)]
            )
            for key in keys:
                add(key, r.key, t)
                add(key, r.key, "total")
                if r.key not in FLOW_ROWS:
                    add(key, "total_processed", t)
                    add(key, "total_processed", "total")
    return _Plan(
        addresses=addresses,
        proactive=tuple(a for a in addresses if a.startswith("proactive.")),
        requests={k: tuple(v) for k, v in requests.items()},
        reviews={
            f"{r.key}.{col}": (f"reviews.{r.key}.{col}", f"reviews.{r.key}.total")
            for r in tpl.reviews.rows
            for col in REVIEW_RESULTS
        },
    )


def cells_of(counted: Counted, fmt: str) -> dict[str, Number | None]:
    """Every cell of tables 二–四 in ``fmt`` by address, from one agency's counts."""
    plan = _plan(fmt)
    cells: dict[str, Number | None] = dict.fromkeys(plan.addresses, 0)
    table2 = counting.table2(counted.year, counted.registers, fmt)
    for address in plan.proactive:
        cells[address] = table2.get(address)
    for counter, adds_to in ((counted.requests, plan.requests), (counted.reviews, plan.reviews)):
        for key, n in counter.items():
            for address in adds_to.get(key, ()):
                cells[address] = (cells[address] or 0) + n
    return cells


def build_report(name: str, counted: Counted, narrative: Mapping[str, str] | None = None) -> Report:
    """The report of an agency called ``name`` for the year of ``counted``: the tables
    from the counts, the narrative drafted from them, with the officer's sections
    (``narrative``) in place of the drafted ones."""
    fmt = format_for(counted.year)
    report = Report(format=fmt, agency=name, year=counted.year)
    report.cells = {a: Cell(v) for a, v in cells_of(counted, fmt).items()}
    report.narrative = drafting.draft(name, counted, report)
    for key, text in (narrative or {}).items():
        if text.strip():
            report.narrative[key] = text
    return report


def compile_report(agency: Agency, year: int, narrative: Mapping[str, str] | None = None) -> Report:
    """The report of (agency, year) compiled from its records."""
    return build_report(agency.name, count_records(agency, [year])[agency.pk, year], narrative)


def compile_reports(
    agencies: Agencies,
    wanted: Mapping[AgencyYear, Mapping[str, str] | None],
    names: Mapping[int, str],
) -> dict[AgencyYear, Report]:
    """The reports of the ``wanted`` (agency id, year) pairs, each with its officer's
    narrative (or None), counted together over ``agencies``: what :func:`compile_report`
    gives for each, in a few queries for all."""
    if not wanted:
        return {}
    counts = count_records(agencies, {y for _, y in wanted})
    return {
        key: build_report(names[key[0]], counts[key], narrative)
        for key, narrative in wanted.items()
    }
