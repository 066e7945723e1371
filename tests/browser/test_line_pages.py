"""The page that links a LINE account is read on a phone: it fits the screen, axe finds nothing
serious, and the button opens LINE with the code."""

import pytest

from coaches.models import HomeExecutive
from line_oa import linking
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def test_the_link_page_fits_a_phone_and_is_accessible(phone_page, line_on, make_coach):
    make_coach(executives=[{"name": "นายกเทศมนตรี", "position": "mayor",
                            "email": "mayor@example.org"}])
    mayor = HomeExecutive.objects.get()
    token = linking.link_token(mayor)
    own = linking.LineLink.objects.create(coach=mayor.coach, line_user_id="U-coach",
                                          linked_at=mayor.coach.created_at)
    for path in (f"/line/link/{token}/", f"/line/settings/{linking.settings_token(own)}/"):
        phone_page.goto(phone_page.base + path)
        overflow = phone_page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, path
        assert axe_violations(phone_page) == [], path
    phone_page.goto(phone_page.base + f"/line/link/{token}/")
    button = phone_page.get_by_role("link", name="เปิด LINE และส่งรหัส")
    assert button.get_attribute("href").startswith("https://line.me/R/oaMessage/%40nmt-test/")
    assert phone_page.get_by_role("img", name="คิวอาร์โค้ดสำหรับเชื่อมต่อบัญชี LINE ของท่าน")
