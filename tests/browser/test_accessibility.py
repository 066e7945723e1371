import pytest

from tests.browser.conftest import axe_violations
from tests.public_pages import PUBLIC_PAGES

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_page_has_no_serious_accessibility_violations(page, url):
    response = page.goto(page.base + url)
    assert response.status == 200
    assert axe_violations(page) == []


@pytest.mark.parametrize("url", ["/", "/accounts/signup/", "/about/data/"])
def test_fits_a_phone_screen_without_sideways_scrolling(phone_page, url):
    phone_page.goto(phone_page.base + url)
    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert axe_violations(phone_page) == []
