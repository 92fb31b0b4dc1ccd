"""The published report as a reader sees it on the portal, in a real browser (Debian's
chromium, headless) against a live server: the title, the official tables with their merged
header cells, a known figure of table 三, and every download. A full-page screenshot is
saved under var/screenshots/annual/ for a person to look at.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from playwright.sync_api import Browser

from gongkai.annual import services
from gongkai.annual.models import AnnualReport
from gongkai.core.readers import read_bytes
from tests.annual.records import Req, Rev, add_request, add_review, agency, staff
from tests.browser_support import desktop_page, screenshot

# requests received in 2024 by applicant type, in the columns' order of table 三
RECEIVED_2024 = {"natural_person": 4, "commercial": 3, "research": 0, "public_interest": 2}
COLUMNS = (
    "natural_person",
    "commercial",
    "research",
    "public_interest",
    "legal_service",
    "other_org",
)
PROBLEMS = "依申请公开答复文书的格式有待进一步规范，下一步将加强经办人员培训。"
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def _publish_2024() -> None:
    """A town's 2024 report taken through check, approval and publication."""
    town = agency("330212101", "某某镇人民政府")
    add_request(town, Req("natural_person", date(2023, 12, 20)))  # carried into 2024
    day = 1
    for applicant_type, n in RECEIVED_2024.items():
        for _ in range(n):
            day += 1
            add_request(
                town, Req(applicant_type, date(2024, 3, day), date(2024, 3, day + 5), "granted")
            )
    add_review(town, Rev("reconsideration", date(2024, 4, 1), "upheld", date(2024, 6, 1)))
    officer = staff("jb", town, "officer")
    approver = staff("sh", town, "approver")
    services.save_narrative(town, 2024, officer, {"problems": PROBLEMS})
    checked = services.mark_checked(town, 2024, officer)
    assert checked.passes, [f.message for f in checked.findings if f.severity == "error"]
    services.approve(town, 2024, approver)
    services.publish(town, 2024, officer)
    assert AnnualReport.objects.get(agency=town, year=2024).state == "published"


def test_published_report_as_a_reader_sees_it(
    live_server: Any, transactional_db: None, browser: Browser
) -> None:
    _publish_2024()
    page = desktop_page(browser)
    response = page.goto(f"{live_server.url}/annual/published/330212101/2024/")
    assert response is not None and response.status == 200

    assert "某某镇人民政府" in page.title() and "2024" in page.title()
    heading = page.inner_text("h1")
    assert "某某镇人民政府" in heading and "2024年" in heading and "年度报告" in heading

    assert PROBLEMS in page.inner_text("section#problems")

    # the official tables, with the template's merged header cells in the DOM
    assert page.locator("table.official").count() >= 3
    merged = page.locator(
        "table.official th[rowspan]:has-text('申请人情况'),"
        " table.official th[colspan]:has-text('申请人情况'),"
        " table.official td[rowspan]:has-text('申请人情况'),"
        " table.official td[colspan]:has-text('申请人情况')"
    )
    assert merged.count() >= 1
    assert page.locator("table.official th[colspan]:has-text('法人或其他组织')").count() >= 1

    # a known figure of table 三: the row of new requests, column by column and in total
    row = page.locator("table.official tr:has(td:has-text('本年新收政府信息公开申请数量'))")
    assert row.count() == 1
    shown = [t.strip() for t in row.locator("td.num").all_inner_texts()]
    expected = [RECEIVED_2024.get(c, 0) for c in COLUMNS]
    assert shown == [str(n) for n in [*expected, sum(expected)]]
    carried = page.locator("table.official tr:has(td:has-text('上年结转政府信息公开申请数量'))")
    assert [t.strip() for t in carried.locator("td.num").all_inner_texts()] == [
        "1", "0", "0", "0", "0", "0", "1"
    ]  # fmt: skip

    # every download link answers with the file in its own type
    for fmt, content_type in CONTENT_TYPES.items():
        link = page.locator(f"a[href$='/v1.{fmt}']")
        assert link.count() == 1, fmt
        href = link.get_attribute("href")
        assert href is not None
        got = page.request.get(f"{live_server.url}{href}")
        assert got.status == 200, fmt
        assert got.headers["content-type"].split(";")[0] == content_type, fmt
        back = read_bytes(got.body(), f"v1.{fmt}")
        assert back.value("requests.new_received.total") == sum(expected), fmt

    screenshot(page, "published-report", "annual")
    page.context.close()
