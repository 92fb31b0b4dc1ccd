"""A district's roll-up: towns compiled from records and imported from published reports
(a seed, a corpus file), one town missing; every total is the sum of the towns' cells."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.test import Client

from gongkai.annual.rollup import roll_up_subtree
from gongkai.annual.services import import_report, report_of
from gongkai.cases.models import Agency
from tests.annual.records import Req, Rev, add_request, add_review, agency, staff
from tests.conftest import CORPUS, SEED_000


@pytest.fixture
def district(db: None) -> Agency:
    d = agency("330212", "某某区人民政府")
    a = agency("330212101", "甲镇人民政府", d)
    b = agency("330212102", "乙镇人民政府", d)
    agency("330212103", "丙镇人民政府", d)  # no records, no report
    for day in (3, 9, 27):
        add_request(a, Req("natural_person", date(2019, 5, day), date(2019, 6, day), "granted"))
        add_request(a, Req("commercial", date(2024, 5, day), date(2024, 6, day), "unable_not_held"))
    add_request(a, Req("public_interest", date(2024, 12, 29)))
    add_review(a, Rev("litigation_direct", date(2024, 3, 1)))
    officer = staff("yi_jb", b, "officer")
    import_report(b, 2019, officer, SEED_000.read_bytes(), SEED_000.name)
    text = CORPUS / "hongze-district-gov-2024.pypdf-extract.txt"
    import_report(b, 2024, officer, Path(text).read_bytes(), text.name)
    return d


@pytest.mark.parametrize("year", [2019, 2024])
def test_roll_up_totals_are_the_sum_of_the_towns(district: Agency, year: int) -> None:
    summary = roll_up_subtree(district, year)
    towns = {r.agency.name: r.report for r in summary.rows}
    assert set(towns) == {"甲镇人民政府", "乙镇人民政府", "丙镇人民政府"}
    assert towns["丙镇人民政府"] is None
    assert [r.agency.name for r in summary.missing] == ["丙镇人民政府"]
    assert summary.result.missing == ["丙镇人民政府"]
    imported = report_of(Agency.objects.get(code="330212102"), year)
    assert imported is not None and imported.value("requests.new_received.total")
    present = [t for t in towns.values() if t is not None]
    summed = summary.result.report
    assert summed.format == ("2021" if year >= 2021 else "2019")
    checked = 0
    for address in summed.all_addresses():
        values = [t.value(address) for t in present if address in t.cells]
        if not values or all(v is None for v in values):
            continue
        assert summed.value(address) == sum(v or 0 for v in values), address
        checked += 1
    assert checked > 100
    assert not [f for f in summary.findings if f.severity == "error"]


def test_roll_up_page_lists_status_missing_and_draws_charts_inline(district: Agency) -> None:
    c = Client()
    c.force_login(staff("qu_ducha", district, "supervisor"))
    page = c.get("/annual/330212/2024/rollup/")
    assert page.status_code == 200
    assert "未报送年度报告的机构：丙镇人民政府" in page.text
    assert page.text.count("<svg") == 2 and "<script" not in page.text
    assert "http://" not in page.text.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "缺报" in page.text
