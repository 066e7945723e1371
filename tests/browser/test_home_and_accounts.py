import re

import pytest
from django.core import mail

from portal.models import User

pytestmark = pytest.mark.browser


def test_home_in_thai_then_english_through_the_language_switch(page):
    page.goto(page.base + "/")
    assert page.get_attribute("html", "lang") == "th"
    assert page.locator("h1").inner_text() == "เรียนรู้จากตัวอย่างที่ดีของกันและกัน"
    # Thai glyphs come from the bundled Sarabun font, not a missing-glyph fallback.
    assert page.evaluate("document.fonts.check('16px Sarabun', 'ก')")

    page.get_by_role("link", name="English").click()
    page.wait_for_url(re.compile(r"/en/$"))
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("h1").inner_text() == "Learning from each other's best practices"

    page.get_by_role("link", name="ไทย").click()
    page.wait_for_url(re.compile(r"/$"))
    assert page.get_attribute("html", "lang") == "th"


def test_skip_link_moves_focus_to_the_main_content(page):
    page.goto(page.base + "/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_sign_up_verify_e_mail_and_log_in(page):
    page.goto(page.base + "/accounts/signup/")
    page.get_by_label("อีเมล:", exact=True).fill("malee@pakkret.example.org")
    page.get_by_label("ชื่อ:", exact=True).fill("มาลี")
    page.get_by_label("นามสกุล").fill("ศรีสุข")
    page.get_by_label("เทศบาลของท่าน").select_option(label="เทศบาลนครปากเกร็ด")
    page.get_by_label("รหัสผ่าน:", exact=True).fill("a long enough passphrase")
    page.get_by_label("รหัสผ่าน (อีกครั้ง)").fill("a long enough passphrase")
    page.get_by_role("button", name="ลงทะเบียน").click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    page.goto(page.base + re.sub(r"^https?://[^/]+", "", link))
    page.get_by_role("button", name="ยืนยัน").click()
    page.wait_for_url(page.base + "/")
    assert page.get_by_role("button", name="ออกจากระบบ").is_visible()
    assert User.objects.get(email="malee@pakkret.example.org").emailaddress_set.get().verified

    page.get_by_role("button", name="ออกจากระบบ").click()
    page.goto(page.base + "/accounts/login/")
    page.get_by_label("อีเมล:", exact=True).fill("malee@pakkret.example.org")
    page.get_by_label("รหัสผ่าน:", exact=True).fill("a long enough passphrase")
    page.get_by_role("button", name="ลงชื่อเข้าใช้").click()
    page.wait_for_url(page.base + "/")
    assert "มาลี" in page.locator("main").inner_text()


def test_api_docs_render_from_local_files_under_the_csp(browser, live_server, reference_data):
    context = browser.new_context()  # no CSP bypass: the page's own policy applies
    page = context.new_page()
    console_errors = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.goto(live_server.url + "/api/docs/")
    page.wait_for_selector(".swagger-ui .info .title", timeout=15_000)
    assert "NMLT portal API" in page.locator(".swagger-ui .info .title").inner_text()
    assert page.locator(".opblock-summary-path", has_text="/api/provinces/").count() >= 1
    assert console_errors == []
    context.close()
