"""Table 三 and 四 compiled from a year of records, cell by cell against counts the test
makes itself from the same facts; the compiled report passes every rule."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

import pytest

from gongkai.annual.compile import compile_report, records_behind
from gongkai.cases.models import APPLICANT_TYPES, Agency
from gongkai.cases.outcomes import outcomes
from gongkai.core.checks import check
from gongkai.core.template import template
from tests.annual.records import Req, Rev, add_request, add_review, agency

YEAR = 2024
TYPES = [k for k, _ in APPLICANT_TYPES]
OUTCOMES = [o.key for o in outcomes()]
KINDS = ["reconsideration", "litigation_direct", "litigation_after_reconsideration"]
RESULTS = ["upheld", "corrected", "other"]


def _day(rng: random.Random, year: int) -> date:
    return date(year, 1, 1) + timedelta(days=rng.randrange(365))


def year_of_requests(seed: int) -> list[Req]:
    """Every outcome for every applicant type answered in the year (some received the year
    before), requests open over both year ends, and requests wholly in other years."""
    rng = random.Random(seed)
    facts: list[Req] = []
    for outcome in OUTCOMES:
        for t in TYPES:
            for _ in range(rng.randrange(1, 3)):
                got = _day(rng, YEAR)
                facts.append(
                    Req(
                        t,
                        got,
                        min(got + timedelta(days=rng.randrange(0, 30)), date(YEAR, 12, 31)),
                        outcome,
                    )
                )
            if rng.random() < 0.4:  # carried over from last year, answered this year
                facts.append(
                    Req(t, date(YEAR - 1, 12, rng.randrange(1, 32)), _day(rng, YEAR), outcome)
                )
    for t in TYPES:
        for _ in range(rng.randrange(1, 4)):  # open at the end of the year
            facts.append(Req(t, date(YEAR, 12, rng.randrange(1, 32))))
        # open over both year ends; answered on 1 January (carried forward, not carried over)
        facts.append(Req(t, date(YEAR - 1, 12, 20), date(YEAR + 1, 1, 5), "granted"))
        facts.append(Req(t, date(YEAR, 12, 30), date(YEAR + 1, 1, 1), "granted"))
        facts.append(Req(t, date(YEAR - 1, 12, 20), date(YEAR - 1, 12, 31), "granted"))  # neither
        facts.append(Req(t, date(YEAR + 1, 1, 2)))  # next year only
    return facts


def expected_requests(facts: list[Req], year: int) -> dict[str, int]:
    start, end = date(year, 1, 1), date(year, 12, 31)
    last_end = date(year - 1, 12, 31)
    c: Counter[str] = Counter()

    def put(row: str, t: str) -> None:
        c[f"requests.{row}.{t}"] += 1
        c[f"requests.{row}.total"] += 1

    for r in facts:
        if start <= r.received_on <= end:
            put("new_received", r.applicant_type)
        if r.received_on <= last_end and (r.replied_on is None or r.replied_on > last_end):
            put("carried_over", r.applicant_type)
        if r.replied_on is not None and start <= r.replied_on <= end:
            put(r.outcome, r.applicant_type)
            put("total_processed", r.applicant_type)
        if r.received_on <= end and (r.replied_on is None or r.replied_on > end):
            put("carried_forward", r.applicant_type)
    return c


def reviews_of_the_year() -> list[Rev]:
    facts = []
    for i, kind in enumerate(KINDS):
        for j, result in enumerate(RESULTS):
            facts.append(Rev(kind, date(YEAR, 2 + i, 1 + j), result, date(YEAR, 9, 1 + j)))
        facts.append(Rev(kind, date(YEAR, 11, 1)))  # not closed: pending
        facts.append(Rev(kind, date(YEAR, 11, 2), "upheld", date(YEAR + 1, 2, 1)))  # closed later
        facts.append(Rev(kind, date(YEAR - 1, 5, 1), "corrected", date(YEAR, 3, 1)))  # last year's
    return facts


def expected_reviews(facts: list[Rev], year: int) -> dict[str, int]:
    c: Counter[str] = Counter()
    for r in facts:
        if r.filed_on.year != year:
            continue
        closed = r.closed_on is not None and r.closed_on <= date(year, 12, 31)
        col = r.result if closed and r.result else "pending"
        c[f"reviews.{r.kind}.{col}"] += 1
        c[f"reviews.{r.kind}.total"] += 1
    return c


@pytest.fixture
def town(db: None) -> Agency:
    town = agency("330212101", "某某镇人民政府")
    return town


def test_every_cell_of_tables_three_and_four_equals_the_independent_count(town: Agency) -> None:
    facts = year_of_requests(6)
    reviews = reviews_of_the_year()
    for r in facts:
        add_request(town, r)
    for v in reviews:
        add_review(town, v)
    assert {r.outcome for r in facts} >= set(OUTCOMES)

    report = compile_report(town, YEAR)
    assert report.format == "2021"
    want = expected_requests(facts, YEAR) | expected_reviews(reviews, YEAR)
    addresses = [a for a in template("2021").default_addresses() if not a.startswith("proactive")]
    assert len(addresses) == 25 * 7 + 3 * 5
    for address in addresses:
        assert report.value(address) == want.get(address, 0), address
    # the chosen facts reach every case the definitions tell apart
    assert want["requests.carried_over.total"] > len(TYPES)
    assert want["requests.carried_forward.total"] > 2 * len(TYPES)
    assert want["reviews.reconsideration.pending"] == 2

    previous = compile_report(town, YEAR - 1)
    findings = check(report, previous)
    assert [f for f in findings if f.severity == "error"] == []
    assert not [f for f in findings if f.rule == "year.carry_chain"]
    assert "收到政府信息公开申请" in report.narrative["overview"]


def test_drill_down_lists_exactly_the_requests_a_cell_counts(town: Agency) -> None:
    facts = year_of_requests(7)
    made = [(r, add_request(town, r)) for r in facts]
    last_end = date(YEAR - 1, 12, 31)
    behind = records_behind(town, YEAR, "requests.carried_over.commercial")
    want = {
        m.pk
        for r, m in made
        if r.applicant_type == "commercial"
        and r.received_on <= last_end
        and (r.replied_on is None or r.replied_on > last_end)
    }
    assert set(behind.values_list("pk", flat=True)) == want and want
    report = compile_report(town, YEAR)
    for address in report.cells:
        if address.startswith("requests."):
            assert records_behind(town, YEAR, address).count() == report.value(address), address


def test_a_year_before_2021_compiles_in_the_2019_format(town: Agency) -> None:
    facts = [
        Req("natural_person", date(2020, 3, 1), date(2020, 3, 5), "other_unpaid_fee"),
        Req("research", date(2020, 3, 1), date(2020, 3, 9), "other_overdue_correction"),
        Req("research", date(2020, 4, 1), date(2020, 4, 9), "granted"),
    ]
    for r in facts:
        add_request(town, r)
    report = compile_report(town, 2020)
    assert report.format == "2019"
    assert report.value("requests.other_processing.total") == 2
    assert report.value("requests.other_processing.research") == 1
    assert "requests.other_unpaid_fee.total" not in report.cells
    assert report.value("requests.total_processed.total") == 3
    assert [f for f in check(report) if f.severity == "error"] == []
