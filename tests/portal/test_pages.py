import datetime
import re

import pytest
from django.template import Context, Template
from django.utils import translation

pytestmark = pytest.mark.usefixtures("reference_data")


def test_home_is_thai_by_default_and_says_what_the_portal_is_for(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="th">' in html
    assert "เรียนรู้จากตัวอย่างที่ดีของกันและกัน" in html
    assert "ธรรมาภิบาลในองค์กร" in html  # the four themes
    assert html.count("<h1") == 1
    assert 'href="#main"' in html and 'id="main"' in html
    assert "<header" in html and "<nav" in html and "<main" in html and "<footer" in html


def test_english_home_and_language_switch_on_every_page(client):
    html = client.get("/en/").content.decode()
    assert '<html lang="en">' in html
    assert "Learning from each other" in html
    assert "Good governance in the organisation" in html
    for path, english in [("/", "/en/"), ("/about/data/", "/en/about/data/"),
                          ("/accounts/login/", "/en/accounts/login/")]:
        page = client.get(path).content.decode()
        assert f'href="{english}" hreflang="en"' in page
        back = client.get(english).content.decode()
        assert f'href="{path}" hreflang="th"' in back


def test_home_links_only_to_pages_that_exist(client):
    html = client.get("/").content.decode()
    links = set(re.findall(r'href="(/[^"#]*)"', html))
    assert links
    for link in links:
        assert client.get(link).status_code == 200, link


def test_about_data_credits_geothai_and_counts_provinces_by_region(client):
    html = client.get("/about/data/").content.decode()
    assert "GeoThai" in html and "CC BY 4.0" in html
    assert re.search(r"ภาคเหนือ</th><td>9</td>", html)


def test_logged_in_user_sees_log_out_form(client, staff_user):
    client.force_login(staff_user)
    html = client.get("/").content.decode()
    assert 'action="/accounts/logout/"' in html and "ออกจากระบบ" in html


@pytest.mark.parametrize(
    ("language", "expected"),
    [("th", "21 พฤศจิกายน 2569"), ("en", "21 November 2026")],
)
def test_dates_are_buddhist_era_for_thai_readers(language, expected):
    template = Template("{% load portal_tags %}{{ day|thai_date }}")
    with translation.override(language):
        assert template.render(Context({"day": datetime.date(2026, 11, 21)})) == expected


def test_security_headers_include_a_strict_csp(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
