"""The whole path in a real browser (Debian's chromium, headless) against a live server:
apply online → officer asks for a correction → applicant corrects → officer answers
部分公开 with a letter, approved and sent → applicant sees status and letter.

Screenshots of the main screens are saved under var/screenshots/ for a person to look at.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser, Page

from gongkai.cases.models import DisclosureRequest, Role
from tests.browser_support import desktop_page, screenshot
from tests.web.factories import resident_id, staff, tree


def login(browser: Browser, base: str, username: str) -> Page:
    page = desktop_page(browser)
    page.goto(f"{base}/staff/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-" + username)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/staff/")
    return page


def test_apply_correct_answer_partly_and_track(live_server: Any, browser: Browser) -> None:
    base = live_server.url
    tree()
    from gongkai.cases.models import Agency

    town = Agency.objects.get(code="330212101")
    staff("officer", town, Role.OFFICER)
    staff("approver", town, Role.APPROVER)
    wanted = "请公开2023年某某村道路硬化工程的招标文件和中标结果。"

    # The applicant applies online; a wrong ID number is refused and nothing typed is lost.
    applicant = desktop_page(browser)
    applicant.goto(f"{base}/apply/?agency=330212101")
    applicant.select_option("#id_applicant_type", "natural_person")
    applicant.fill("#id_name", "张三")
    applicant.fill("#id_id_number", "330212198001010010")
    applicant.fill("#id_phone", "13800138000")
    applicant.fill("#id_email", "zhangsan@example.com")
    applicant.fill("#id_description", wanted)
    applicant.select_option("#id_delivery", "electronic")
    applicant.click("button[type=submit]")
    assert "证件号码：校验位不正确" in applicant.inner_text("#f-id_number .error")
    assert applicant.input_value("#id_description") == wanted
    assert applicant.input_value("#id_name") == "张三"
    screenshot(applicant, "01-apply-error")
    applicant.fill("#id_id_number", resident_id(7))
    applicant.click("button[type=submit]")
    number = applicant.inner_text("#tracking-number").strip()
    code = applicant.inner_text("#verification-code").strip()
    screenshot(applicant, "02-receipt")
    req = DisclosureRequest.objects.get(tracking_number=number)
    assert req.description == wanted and req.channel == "online"

    # The officer asks for a correction.
    officer = login(browser, base, "officer")
    screenshot(officer, "03-queue")
    officer.click(f"text={number}")
    officer.click("summary:has-text('告知补正')")
    officer.fill("#c-points", "请写明所需招标文件对应的工程名称或项目编号。")
    officer.click("button[value=correction]")
    assert "待补正" in officer.inner_text("h1")
    screenshot(officer, "04-correction-asked")

    # The applicant corrects on the tracking page.
    applicant.goto(f"{base}/track/{number}/")
    assert "待补正" in applicant.inner_text("#public-status")
    applicant.fill("#id_text", "工程名称：某某村道路硬化工程（项目编号XM-2023-018）。")
    applicant.click("button:has-text('提交补正')")
    assert "办理中" in applicant.inner_text("#public-status")
    screenshot(applicant, "05-corrected")

    # The officer answers 部分公开 with the released document; the approver approves.
    officer.reload()
    officer.select_option("#d-outcome", "partly_granted")
    officer.fill(
        "#d-reason", "中标结果予以公开；招标文件中投标人的报价明细属于商业秘密，不予公开。"
    )
    officer.set_input_files(
        "#d-files",
        files=[
            {
                "name": "中标结果公告.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4\n%%EOF\n",
            }
        ],
    )
    officer.click("#decide-form button[type=submit]")
    assert "答复待审核" in officer.inner_text("h1")
    approver = login(browser, base, "approver")
    approver.goto(f"{base}/staff/requests/{number}/")
    screenshot(approver, "06-approval")
    approver.click("button[value=approve]")
    assert "答复待发送" in approver.inner_text("h1")
    officer.reload()
    officer.click("button:has-text('送达申请人')")
    assert "已答复" in officer.inner_text("h1")
    screenshot(officer, "07-replied")

    # Anyone with the number and code (here a fresh browser) sees the status and the letter.
    visitor = desktop_page(browser)
    visitor.goto(f"{base}/track/")
    visitor.fill("#id_tracking_number", number)
    visitor.fill("#id_code", code)
    visitor.click("button[type=submit]")
    assert "已答复" in visitor.inner_text("#public-status")
    assert "部分公开" in visitor.inner_text("#public-outcome")
    letters = visitor.inner_text("#letters")
    assert "补正通知书" in letters and "答复告知书" in letters
    assert "中标结果公告.pdf" in visitor.inner_text("main")
    screenshot(visitor, "08-tracking")
    link = visitor.locator("#letters tr:has-text('答复告知书') a:has-text('PDF')")
    pdf = visitor.request.get(base + str(link.get_attribute("href")))
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"
