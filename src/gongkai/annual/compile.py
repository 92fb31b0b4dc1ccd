"""The annual report of (agency, year) as a query over the records.

Table 三 (for year Y, the day D = 31 December):

- ``new_received``: requests received in Y;
- ``carried_over``: requests open at the end of 31 December of Y−1;
- an outcome row: requests answered in Y, by their outcome;
- ``carried_forward``: requests open at the end of D.

These are the request query set's own definitions (answered = ``replied_on``), so every
request received by D is in exactly one of "answered in Y", "open at D" or "answered
before Y", and the template's balance holds by construction. Columns are the applicant
types. Table 四 counts the review cases filed in Y, in the column of their result as of D
(尚未审结 when not closed by then). Table 二 is the proactive app's own derivation.

Each cell has a query set of the records it counts (:func:`records_behind`), so the
numbers and the drill-down lists cannot drift apart.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from gongkai.annual import drafting
from gongkai.cases.models import Agency, DisclosureRequest, ReviewCase
from gongkai.cases.models.request import RequestQuerySet
from gongkai.core.report import Cell, Report
from gongkai.core.template import template
from gongkai.proactive.counting import format_for
from gongkai.proactive.services import figures

__all__ = ["compile_report", "format_for", "records_behind"]

OTHER_2021 = ("other_overdue_correction", "other_unpaid_fee", "other_other")
FLOW_ROWS = ("new_received", "carried_over", "total_processed", "carried_forward")


def _end(year: int) -> date:
    return date(year, 12, 31)


def _outcome_keys(row: str) -> tuple[str, ...]:
    """The request outcomes (2021 row keys) a row of either format counts."""
    return OTHER_2021 if row == "other_processing" else (row,)


def _requests(agency: Agency) -> RequestQuerySet:
    return DisclosureRequest.objects.filter(agency=agency)


def _row_requests(agency: Agency, year: int, row: str) -> RequestQuerySet:
    qs = _requests(agency)
    if row == "new_received":
        return qs.received_in(year)
    if row == "carried_over":
        return qs.open_on(_end(year - 1))
    if row == "carried_forward":
        return qs.open_on(_end(year))
    if row == "total_processed":
        return qs.decided_in(year)
    return qs.decided_in(year).filter(outcome__in=_outcome_keys(row))


def _reviews(agency: Agency, year: int) -> QuerySet[ReviewCase]:
    return ReviewCase.objects.filter(agency=agency, filed_on__year=year)


def _decided_by(year: int) -> Q:
    return Q(closed_on__isnull=False, closed_on__lte=_end(year)) & ~Q(result="")


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
        cases = _reviews(agency, year)
        if row not in {r.key for r in template("2021").reviews.rows}:
            raise KeyError(address)
        cases = cases.filter(kind=row)
        if col == "pending":
            return cases.exclude(_decided_by(year))
        if col == "total":
            return cases
        return cases.filter(_decided_by(year), result=col)
    raise KeyError(address)


def _is_row(row: str) -> bool:
    return any(r.key == row for f in ("2019", "2021") for r in template(f).requests.rows)


def _count_requests(agency: Agency, year: int) -> dict[str, int]:
    """``row.column`` → count, by grouped queries (one per flow row, one for outcomes)."""
    counts: Counter[str] = Counter()
    for row in ("new_received", "carried_over", "carried_forward"):
        for t, n in (
            _row_requests(agency, year, row)
            .order_by()
            .values_list("applicant_type")
            .annotate(n=Count("id"))
        ):
            counts[f"{row}.{t}"] += n
    for outcome, t, n in (
        _requests(agency)
        .decided_in(year)
        .order_by()
        .values_list("outcome", "applicant_type")
        .annotate(n=Count("id"))
    ):
        counts[f"{outcome}.{t}"] += n
    return dict(counts)


def _count_reviews(agency: Agency, year: int) -> dict[str, int]:
    counts: Counter[str] = Counter()
    end = _end(year)
    for kind, result, closed, n in (
        _reviews(agency, year)
        .order_by()
        .values_list("kind", "result", "closed_on")
        .annotate(n=Count("id"))
    ):
        col = result if result and closed is not None and closed <= end else "pending"
        counts[f"{kind}.{col}"] += n
    return dict(counts)


def compile_cells(agency: Agency, year: int, fmt: str | None = None) -> dict[str, int | Any]:
    """Every cell of tables 二–四 in ``fmt`` (default: the year's format) by address."""
    fmt = fmt or format_for(year)
    tpl = template(fmt)
    req = _count_requests(agency, year)
    rev = _count_reviews(agency, year)
    out: dict[str, Any] = dict(figures.table2_cells(agency, year, fmt))
    types = [c.key for c in tpl.requests.rows[0].columns if c.key != "total"]
    outcome_rows = [
        r.key for r in tpl.requests.rows if r.key in tpl.default_rows and r.key not in FLOW_ROWS
    ]
    for t in types:
        for row in ("new_received", "carried_over", "carried_forward"):
            out[f"requests.{row}.{t}"] = req.get(f"{row}.{t}", 0)
        processed = 0
        for row in outcome_rows:
            n = sum(req.get(f"{k}.{t}", 0) for k in _outcome_keys(row))
            out[f"requests.{row}.{t}"] = n
            processed += n
        out[f"requests.total_processed.{t}"] = processed
    for address in tpl.default_addresses():
        table, row, col = address.split(".")
        if table == "requests" and col == "total":
            out[address] = sum(out[f"requests.{row}.{t}"] for t in types)
        elif table == "reviews":
            if col == "total":
                out[address] = sum(rev.get(f"{row}.{c}", 0) for c in REVIEW_RESULTS)
            else:
                out[address] = rev.get(f"{row}.{col}", 0)
    return {a: out.get(a) for a in tpl.default_addresses()}


REVIEW_RESULTS = ("upheld", "corrected", "other", "pending")


def compile_report(agency: Agency, year: int, narrative: dict[str, str] | None = None) -> Report:
    """The report of (agency, year): the tables from the records, the narrative drafted
    from them, with the officer's sections (``narrative``) in place of the drafted ones."""
    fmt = format_for(year)
    cells = compile_cells(agency, year, fmt)
    report = Report(format=fmt, agency=agency.name, year=year)
    report.cells = {a: Cell(v) for a, v in cells.items()}
    report.narrative = drafting.draft(agency, year, report)
    for key, text in (narrative or {}).items():
        if text.strip():
            report.narrative[key] = text
    return report
