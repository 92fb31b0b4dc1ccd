"""One agency's report and a supervisor's roll-up count the records with the same grouped
queries, filtered to the agency or to the subtree. Here a small district is read both ways
— each agency on its own, and all of them at once as the roll-up reads them — and every
cell, every narrative section and every check result must be the same: agencies' records
must not leak into each other's rows, nor a year into the next. And the roll-up's queries
do not grow with its agencies."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.annual.rollup import charts, roll_up_subtree, yearly_totals
from gongkai.annual.services import (
    import_report,
    previous_report,
    report_of,
    reports_of,
    save_narrative,
)
from gongkai.cases.models import Agency, FeeNotice
from gongkai.core.checks import check
from gongkai.core.report import Report
from gongkai.core.rollup import roll_up
from gongkai.proactive.models import Matter, RegulatoryDocument, Tally
from tests.annual.records import Req, Rev, add_request, add_review, agency, staff
from tests.annual.test_compile import reviews_of_the_year, year_of_requests
from tests.conftest import SEED_000
from tests.proactive.helpers import item

YEARS = (2019, 2020, 2023, 2024, 2025)


def _proactive(where: Agency, n: int) -> None:
    """Registers and catalogue items over 2022–2024, ``n`` of each, to tell agencies apart."""
    for i in range(n):
        RegulatoryDocument.objects.create(
            agency=where,
            kind=("rules", "normative_documents")[i % 2],
            title=f"文件{i}",
            document_number=f"{where.code}〔{2022 + i % 3}〕{i}号",
            issued_on=date(2022 + i % 3, 3, 1 + i),
            published_on=date(2022 + i % 3, 3, 5 + i),
            repealed_on=date(2024, 6, 1) if i % 3 == 1 else None,
        )
        Matter.objects.create(
            agency=where,
            kind=("licensing", "penalty", "fees")[i % 3],
            name=f"事项{i}",
            listed_on=date(2022, 1 + i, 1),
            delisted_on=date(2024, 2, 1) if i == 1 else None,
        )
        Tally.objects.create(
            agency=where, kind="licensing", year=2024, month=1 + i, count=3 * (i + 1)
        )
        Tally.objects.create(
            agency=where, kind="fees", year=2023, month=1 + i, amount=Decimal("12345.60") * (i + 1)
        )
        item(
            where,
            f"{where.name}信息{i}",
            formed=date(2023 + i % 2, 3, 1),
            published=date(2023 + i % 2, 3, 5) + timedelta(days=20 * (i % 3)),
            channels=(("website",), ("website", "wechat"), ())[i % 3],
            category=("work", "finance", "notices")[i % 3],
        )


@pytest.fixture
def district(db: None) -> Agency:
    """A district: a town with a year of every outcome and review (and a village under it
    with records of its own), a town with fewer records and an officer's saved narrative,
    a town whose 2019 report is imported from a seed, and a town with no records."""
    d = agency("330212", "某某区人民政府")
    busy = agency("330212101", "甲镇人民政府", d)
    village = agency("330212101001", "甲镇某村民委员会", busy)
    quiet = agency("330212102", "乙镇人民政府", d)
    imported = agency("330212103", "丙镇人民政府", d)
    agency("330212104", "丁镇人民政府", d)
    for r in year_of_requests(6):
        add_request(busy, r)
    for v in reviews_of_the_year():
        add_review(busy, v)
    for r in year_of_requests(11)[::5]:
        add_request(village, r)
    add_review(village, Rev("reconsideration", date(2024, 5, 1), "corrected", date(2024, 8, 1)))
    paid = add_request(quiet, Req("commercial", date(2024, 3, 1), date(2024, 4, 1), "granted"))
    FeeNotice.objects.create(
        request=paid,
        method="by_count",
        quantity=1,
        amount=Decimal("100.50"),
        issued_on=date(2024, 3, 10),
        pay_by=date(2024, 3, 30),
        paid_on=date(2024, 3, 20),
    )
    add_request(
        quiet, Req("natural_person", date(2020, 5, 1), date(2020, 5, 9), "other_unpaid_fee")
    )
    add_request(quiet, Req("research", date(2023, 12, 30)))
    _proactive(busy, 5)
    _proactive(village, 2)
    officer = staff("yi_jb", quiet, "officer")
    save_narrative(quiet, 2024, officer, {"problems": "答复文书格式有待规范。", "overview": ""})
    import_report(
        imported,
        2019,
        staff("bing_jb", imported, "officer"),
        SEED_000.read_bytes(),
        SEED_000.name,
    )
    add_request(imported, Req("natural_person", date(2019, 3, 1), date(2019, 3, 9), "granted"))
    return d


def _same(got: Report | None, want: Report | None, where: str) -> None:
    if want is None:
        assert got is None, where
        return
    assert got is not None, where
    assert (got.format, got.agency, got.year) == (want.format, want.agency, want.year), where
    assert list(got.cells) == list(want.cells), where
    for address, cell in want.cells.items():
        assert got.value(address) == cell.value, f"{where} {address}"
    assert got.narrative == want.narrative, where


def test_every_report_read_at_once_equals_each_read_alone(district: Agency) -> None:
    scope = district.subtree()
    together = reports_of(scope, YEARS, compile_missing=True)
    agencies = list(scope)
    assert len(together) == len(agencies) * len(YEARS)
    for a in agencies:
        for y in YEARS:
            _same(together[a.pk, y], report_of(a, y, compile_missing=True), f"{a.name} {y}")
    # what the tree holds reaches every case: records, several years, both formats
    busy = Agency.objects.get(code="330212101")
    village = Agency.objects.get(code="330212101001")
    b, v = together[busy.pk, 2024], together[village.pk, 2024]
    assert b is not None and v is not None
    assert b.value("requests.new_received.total") and v.value("requests.new_received.total")
    assert b.value("requests.carried_over.total") and b.value("requests.carried_forward.total")
    assert b.value("reviews.reconsideration.pending") and v.value(
        "reviews.reconsideration.corrected"
    )
    assert b.value("proactive.licensing.decisions") != v.value("proactive.licensing.decisions")
    quiet = Agency.objects.get(code="330212102").pk
    q = together[quiet, 2024]
    assert q is not None and "信息处理费1笔" in q.narrative["other"]
    assert q.narrative["problems"] == "答复文书格式有待规范。"
    old = together[quiet, 2020]
    assert old is not None and old.format == "2019"
    assert old.value("requests.other_processing.natural_person") == 1
    assert together[busy.pk, 2020] is None  # no records yet
    seed = together[Agency.objects.get(code="330212103").pk, 2019]
    assert seed is not None and seed.value("requests.new_received.total") == 6  # as printed
    assert together[Agency.objects.get(code="330212104").pk, 2024] is None


def test_roll_up_equals_the_sum_of_the_reports_read_one_by_one(district: Agency) -> None:
    summary = roll_up_subtree(district, 2024)
    below = [a for a in district.subtree().order_by("path") if a.pk != district.pk]
    assert [r.agency for r in summary.rows] == below
    parts: dict[str, Report | None] = {}
    for row in summary.rows:
        alone = report_of(row.agency, 2024, compile_missing=True)
        _same(row.report, alone, row.agency.name)
        parts[row.agency.name] = alone
        if alone is not None:
            found = check(alone, previous_report(row.agency, 2024))
            assert row.errors == sum(f.severity == "error" for f in found), row.agency.name
            assert row.warnings == sum(f.severity == "warning" for f in found), row.agency.name
    summed = roll_up(district.name, 2024, parts).report
    assert list(summary.result.report.cells) == list(summed.cells)
    for address, cell in summed.cells.items():
        assert summary.result.report.value(address) == cell.value, address
    assert summary.result.missing == ["丁镇人民政府"]

    totals = yearly_totals(district, list(YEARS))
    for y in YEARS:
        one_by_one = {a.name: report_of(a, y, compile_missing=True) for a in below}
        want = roll_up(district.name, y, one_by_one).report
        for address, cell in want.cells.items():
            assert totals[y].value(address) == cell.value, f"{y} {address}"


def test_the_roll_up_costs_the_same_queries_however_many_agencies(district: Agency) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as q:
            summary = roll_up_subtree(district, 2024)
            charts(summary)
        return len(q)

    before = queries()
    for i in range(4):
        town = agency(f"33021220{i}", f"新{i}镇人民政府", district)
        add_request(town, Req("research", date(2024, 2, 1), date(2024, 2, 9), "granted"))
        add_review(town, Rev("litigation_direct", date(2024, 3, 1)))
        _proactive(town, 2)
    assert len(roll_up_subtree(district, 2024).rows) == 9
    assert queries() == before
