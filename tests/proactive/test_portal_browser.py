"""The 政府信息公开 portal in a real browser (Chromium through Playwright) against the live
server: the metadata table of an item, search typed with the keyboard, phone width without
sideways scrolling, every control labelled; screenshots kept under var/screenshots/proactive/.
The axe-core check runs when ``axe-playwright-python`` is installed."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from playwright.sync_api import Browser, Page

from gongkai.cases.models import Agency, Role
from gongkai.proactive.models import Item, RegulatoryDocument, Response
from tests.browser_support import DESKTOP, PHONE, screenshot
from tests.proactive.helpers import item
from tests.web.factories import staff


@pytest.fixture
def portal(agencies: dict[str, Agency]) -> dict[str, Any]:
    town = agencies["town"]
    town.address, town.phone = "某某镇人民路1号", "0574-88000000"
    town.save()
    plan = item(
        town,
        "关于印发某某镇老旧小区改造实施方案的通知",
        document_number="某镇政〔2024〕3号",
        category="regulations",
        validity="valid",
        formed=date(2024, 3, 1),
        published=date(2024, 3, 5),
        channels=("website", "wechat"),
        body="为推进老旧小区改造，制定本方案。\n一、总体要求。\n二、主要任务。",
    )
    for i in range(24):
        item(town, f"某某镇工作动态第{i + 1}期", published=date(2024, 4, 1 + i % 28))
    item(agencies["dept"], "住建局小区物业管理办法", category="regulations")
    RegulatoryDocument.objects.create(
        agency=town,
        kind="normative_documents",
        title=plan.title,
        document_number=plan.document_number,
        issued_on=plan.formed_on,
        published_on=plan.published_on,
        item=plan,
    )
    Response.objects.create(
        agency=town,
        kind="interpretation",
        title="图解老旧小区改造方案",
        held_on=date(2024, 3, 6),
        item=plan,
    )
    return {"town": town, "plan": plan}


def shot(page: Page, name: str) -> None:
    screenshot(page, name, "proactive")


def unlabelled(page: Page) -> list[str]:
    """Visible form controls without a label a screen reader would read."""
    result: list[str] = page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea, button')]
        .filter(e => e.type !== 'hidden' && e.offsetParent !== null)
        .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
                     && !(e.tagName === 'BUTTON' && e.textContent.trim()))
        .map(e => e.outerHTML)"""
    )
    return result


def no_sideways_scroll(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def test_item_page_shows_the_catalogue_entry(
    browser: Browser, live_server: Any, portal: dict[str, Any]
) -> None:
    plan: Item = portal["plan"]
    page = browser.new_page()
    page.goto(f"{live_server.url}/xxgk/items/{plan.pk}/")
    meta = dict(
        zip(
            page.locator("dl.meta dt").all_inner_texts(),
            page.locator("dl.meta dd").all_inner_texts(),
            strict=True,
        )
    )
    assert meta == {
        "索引号": plan.index_number,
        "主题分类": "法规公文",
        "发布机构": "某某镇人民政府",
        "成文日期": "2024年3月1日",
        "文号": "某镇政〔2024〕3号",
        "发布日期": "2024年3月5日",
        "标题": plan.title,
        "有效性": "有效",
        "发布渠道": "政府网站、政务微信",
    }
    assert page.locator("h1").inner_text() == plan.title
    assert page.locator(".body p").count() == 3
    assert unlabelled(page) == []
    shot(page, "item-desktop")
    page.set_viewport_size(PHONE)
    assert no_sideways_scroll(page)
    shot(page, "item-phone")
    page.close()


def test_search_by_keyboard_finds_a_word_inside_a_title(
    browser: Browser, live_server: Any, portal: dict[str, Any]
) -> None:
    town: Agency = portal["town"]
    page = browser.new_page()
    page.goto(f"{live_server.url}/xxgk/{town.code}/")
    for _ in range(40):  # reach the search box with the keyboard alone
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "search":
            break
    else:
        pytest.fail("the search box cannot be reached with Tab")
    page.keyboard.type("小区")
    page.keyboard.press("Enter")
    page.wait_for_url("**/xxgk/search/**")
    rows = page.locator("table.xxgk-list tbody tr")
    assert rows.count() == 1  # the town's own items only; the department's is not among them
    assert rows.first.locator("mark").first.inner_text() == "小区"
    assert "找到与“小区”相关的信息1条" in page.locator(".result-note").inner_text()
    shot(page, "search-desktop")
    rows.first.locator("a").click()
    page.wait_for_url(f"**/xxgk/items/{portal['plan'].pk}/")
    page.go_back()
    page.set_viewport_size(PHONE)
    assert no_sideways_scroll(page)
    shot(page, "search-phone")
    page.close()


def test_agency_home_catalogue_guide_and_reports(
    browser: Browser, live_server: Any, portal: dict[str, Any]
) -> None:
    town: Agency = portal["town"]
    page = browser.new_page()
    page.goto(f"{live_server.url}/xxgk/{town.code}/")
    assert page.locator("h1").inner_text() == "某某镇人民政府政府信息公开"
    assert page.get_by_role("link", name="工作信息（24）").count() == 1
    assert unlabelled(page) == []
    shot(page, "agency-desktop")
    page.set_viewport_size(PHONE)
    assert no_sideways_scroll(page)
    shot(page, "agency-phone")
    page.set_viewport_size(DESKTOP)

    page.get_by_role("link", name="工作信息（24）").click()
    assert page.locator("table.xxgk-list tbody tr").count() == 20
    assert "共24条" in page.locator(".pager").inner_text()
    page.get_by_role("link", name="下一页").click()
    assert page.locator("table.xxgk-list tbody tr").count() == 4
    assert unlabelled(page) == []
    shot(page, "catalogue-desktop")

    page.get_by_role("link", name="政府信息公开指南").click()
    assert "某某镇人民路1号" in page.locator("dl.guide-meta").inner_text()
    assert "某某区人民政府申请行政复议" in page.locator("article").inner_text()
    shot(page, "guide-desktop")
    page.get_by_role("link", name="政府信息公开年报").click()
    assert page.locator("ul.reports").inner_text() == "暂无已发布的年度报告。"
    page.get_by_role("link", name="政策解读与回应").click()
    assert page.locator("tbody tr").first.inner_text().startswith("图解老旧小区改造方案")
    page.close()


def _staff_page(browser: Browser, live_server: Any, agency: Agency) -> Page:
    c = Client()
    c.force_login(staff("xiaowang", agency, Role.OFFICER))
    ctx = browser.new_context()
    ctx.add_cookies(
        [{"name": "sessionid", "value": c.cookies["sessionid"].value, "url": live_server.url}]
    )
    return ctx.new_page()


def test_staff_enter_item_and_import_dry_run(
    browser: Browser, live_server: Any, portal: dict[str, Any], tmp_path: Path
) -> None:
    town: Agency = portal["town"]
    page = _staff_page(browser, live_server, town)
    page.goto(f"{live_server.url}/xxgk/staff/items/new/")
    page.get_by_label("标题").fill("某某镇2024年防汛防台应急预案")
    page.get_by_label("主题分类").select_option(label="应急管理")
    page.get_by_label("成文日期").fill("2024-05-06")
    page.get_by_label("发布日期").fill("2024-05-07")
    page.get_by_role("button", name="保存").click()
    assert "已发布的信息请选择至少一个发布渠道" in page.locator(".error-summary").inner_text()
    assert page.get_by_label("标题").input_value() == "某某镇2024年防汛防台应急预案"  # kept
    shot(page, "staff-item-error")
    page.get_by_label("政府网站").check()
    page.get_by_label("政务微博").check()
    page.get_by_role("button", name="保存").click()
    saved = Item.objects.get(title="某某镇2024年防汛防台应急预案")
    assert set(saved.channels.values_list("channel", flat=True)) == {"website", "weibo"}
    assert saved.index_number in page.locator("dl.meta").inner_text()

    f = tmp_path / "目录.csv"
    f.write_text(
        "标题,成文日期,发布日期,主题分类\n导入的信息,2024-01-02,2024-01-03,工作信息\n坏行,2024-02-30,,工作信息\n",
        "utf-8",
    )
    page.goto(f"{live_server.url}/xxgk/staff/import/")
    page.get_by_label("文件").set_input_files(str(f))
    page.get_by_role("button", name="上传并检查").click()
    assert page.locator("#summary").inner_text() == "目录.csv：共2行，可导入1行，拒绝1行"
    assert page.locator("#rejections tbody").inner_text().split("\t") == [
        "第3行",
        "成文日期",
        "“2024-02-30”这一天不存在",
    ]
    assert not Item.objects.filter(title="导入的信息").exists()
    shot(page, "staff-import-dry-run")
    page.get_by_role("button", name="导入检查通过的1行").click()
    assert page.locator("#summary").inner_text() == "目录.csv：共2行，已导入1行，拒绝1行"
    assert Item.objects.filter(title="导入的信息").exists()

    page.goto(f"{live_server.url}/xxgk/staff/figures/?agency={town.code}&year=2024")
    assert page.locator("#table2-2021").is_visible()
    shot(page, "staff-figures")
    page.context.close()


AXE = importlib.util.find_spec("axe_playwright_python") is not None


@pytest.mark.skipif(
    not AXE,
    reason="axe-core check needs the PyPI package axe-playwright-python (bundles axe.min.js)",
)
def test_no_serious_accessibility_violations(
    browser: Browser, live_server: Any, portal: dict[str, Any]
) -> None:
    from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-not-found]

    town: Agency = portal["town"]
    axe = Axe()
    page = browser.new_page()
    found = {}
    for path in (
        "/xxgk/",
        f"/xxgk/{town.code}/",
        f"/xxgk/{town.code}/guide/",
        f"/xxgk/{town.code}/catalogue/?category=work",
        f"/xxgk/items/{portal['plan'].pk}/",
        "/xxgk/search/?q=小区",
    ):
        page.goto(live_server.url + path)
        violations = axe.run(page).response["violations"]
        bad = [v["id"] for v in violations if v.get("impact") in ("serious", "critical")]
        if bad:
            found[path] = bad
    assert found == {}
    page.close()
