import pytest
from django.conf import settings

from practices.seed import seed_practices_load
from tests.browser.conftest import axe_violations
from tests.public_pages import LOGGED_IN_PAGES, PUBLIC_PAGES, resolve, waiting_for_review

pytestmark = pytest.mark.browser


def _log_in(page, client, user):
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": page.base}])


def _violations_by_page(page, urls) -> dict:
    problems = {}
    for url in resolve(urls):
        response = page.goto(page.base + url)
        assert response.status == 200, url
        if found := axe_violations(page):
            problems[url] = found
    return problems


def test_every_public_page_type_has_no_serious_accessibility_violations(page):
    seed_practices_load()
    assert _violations_by_page(page, PUBLIC_PAGES) == {}


def test_logged_in_page_types_have_no_serious_accessibility_violations(page, client, league_admin):
    seed_practices_load()
    waiting_for_review(league_admin)
    _log_in(page, client, league_admin)
    assert _violations_by_page(page, LOGGED_IN_PAGES) == {}


@pytest.mark.parametrize("url", ["/", "/accounts/signup/", "/about/data/", "/practices/",
                                 "/practices/map/", "{practice}"])
def test_fits_a_phone_screen_without_sideways_scrolling(phone_page, url):
    seed_practices_load()
    phone_page.goto(phone_page.base + resolve([url])[0])
    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert axe_violations(phone_page) == []
