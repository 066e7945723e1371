"""The public coach directory and a coach's public page, as a visitor sees them."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coaches import panels, services
from coaches.models import Coach

pytestmark = pytest.mark.django_db

EVERYTHING = ["name", "photo", "position", "home_municipality", "phone", "email", "bio",
              "training"]


def _html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _results(html: str) -> str:
    """The results column only (the filter form lists every theme, province...)."""
    return html.split('id="results-heading"', 1)[1]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


# Who is listed ---------------------------------------------------------------------------------

def test_only_approved_and_active_coaches_are_listed(client, make_coach):
    shown = {status: make_coach(status=status, name=f"วิทยากร{status}", public=["name"])
             for status in ["approved", "active", "applied", "paused", "retired", "rejected"]}
    html = _html(client, "/coaches/")
    for status, coach in shown.items():
        assert (coach.name_th in html) == (status in ("approved", "active")), status
    assert "2 coaches found" in _html(client, "/en/coaches/")


@pytest.mark.parametrize("status", ["applied", "paused", "retired", "rejected"])
def test_profile_of_a_coach_who_is_not_listed_is_not_found(client, make_coach, status):
    coach = make_coach(status=status, public=EVERYTHING)
    assert client.get(f"/coaches/{coach.pk}/").status_code == 404
    assert client.get(f"/coaches/{coach.pk}/contact/").status_code == 404


def test_unknown_coach_is_not_found(client, reference_data):
    assert client.get("/coaches/999999/").status_code == 404


# Personal data only with consent ----------------------------------------------------------------

def _private_strings(coach: Coach) -> list[str]:
    return [coach.name_th, coach.phone, coach.email, coach.position, "บรรยายประวัติส่วนตัว",
            "หลักสูตรพี่เลี้ยงรุ่นที่หนึ่ง"]


def _with_training(coach: Coach) -> Coach:
    services.coach_update(coach=coach, actor=None, data={},
                          trainings=[{"name": "หลักสูตรพี่เลี้ยงรุ่นที่หนึ่ง", "year": 2023}])
    return coach


def test_nothing_personal_is_shown_without_consent(client, make_coach):
    coach = _with_training(make_coach(bio="บรรยายประวัติส่วนตัว", public=[]))
    for url in ["/coaches/", f"/coaches/{coach.pk}/", f"/coaches/{coach.pk}/contact/",
                "/en/coaches/", f"/en/coaches/{coach.pk}/"]:
        html = _html(client, url)
        for private in _private_strings(coach):
            assert private not in html, (url, private)
        if url.endswith("/coaches/"):  # the home municipality is private too
            assert "เทศบาลนครยะลา" not in _results(html)
    assert f"Coach no. {coach.pk}" in _html(client, f"/en/coaches/{coach.pk}/")


def test_home_municipality_is_private_on_the_profile_without_consent(client, make_coach):
    coach = make_coach(home="เทศบาลนครภูเก็ต", public=["name"])
    assert "เทศบาลนครภูเก็ต" not in _html(client, f"/coaches/{coach.pk}/")


def test_each_consented_field_is_shown(client, make_coach):
    coach = _with_training(make_coach(bio="บรรยายประวัติส่วนตัว", public=EVERYTHING,
                                      home="เทศบาลนครภูเก็ต"))
    profile = _html(client, f"/coaches/{coach.pk}/")
    for value in [*_private_strings(coach), "เทศบาลนครภูเก็ต", "พ.ศ. 2566"]:
        assert value in profile, value
    card = _results(_html(client, "/coaches/"))
    for value in [coach.name_th, coach.phone, coach.email, coach.position, "เทศบาลนครภูเก็ต"]:
        assert value in card, value


def test_consent_is_per_field(client, make_coach):
    coach = make_coach(public=["name", "phone"])
    html = _html(client, f"/coaches/{coach.pk}/")
    assert coach.name_th in html and coach.phone in html
    assert coach.email not in html and coach.position not in html


def test_professional_facts_are_always_shown(client, make_coach):
    coach = make_coach(public=[], themes=["environment"], tools=["swot"], regions=["north"],
                       provinces=["90"], languages=[("en", "fluent"), ("ms", "basic")],
                       availability=6)
    for url in ["/en/coaches/", f"/en/coaches/{coach.pk}/"]:
        html = _html(client, url)
        for fact in ["SWOT analysis", "Northern", "Songkhla", "6 days per month"]:
            assert fact in html, (url, fact)
        assert 'href="/en/coaches/?theme=environment"' in html
        # Languages are the coach's to show.
        assert "English (Fluent)" not in html and "Malay (Basic)" not in html


def test_languages_show_once_the_coach_shows_them(client, make_coach):
    coach = make_coach(public=["languages"], languages=[("en", "fluent"), ("ms", "basic")])
    for url in ["/en/coaches/", f"/en/coaches/{coach.pk}/"]:
        html = _html(client, url)
        assert "English (Fluent)" in html and "Malay (Basic)" in html, url


# Search and filters ----------------------------------------------------------------------------

def test_thai_search_finds_a_word_inside_a_public_compound_name_only(client, make_coach):
    public = make_coach(name="สมศักดิ์ ยิ่งรักษ์สิ่งแวดล้อม", public=["name"])
    hidden = make_coach(name="สมหญิง ยิ่งรักษ์สิ่งแวดล้อม", public=[])
    results = _results(_html(client, "/coaches/?q=สิ่งแวดล้อม"))
    assert public.name_th in results
    assert f"/coaches/{hidden.pk}/" not in results
    assert "1 coach found" in _html(client, "/en/coaches/?q=สิ่งแวดล้อม")


def test_search_looks_in_public_bios_only(client, make_coach):
    shown = make_coach(bio="ผู้เชี่ยวชาญการจัดการขยะมูลฝอยชุมชน", public=["bio"])
    hidden = make_coach(bio="ผู้เชี่ยวชาญการจัดการขยะมูลฝอยชุมชน", public=[])
    results = _results(_html(client, "/coaches/?q=ขยะ"))
    assert f"/coaches/{shown.pk}/" in results
    assert f"/coaches/{hidden.pk}/" not in results


FILTER_CASES = [
    ("theme=budget", {"themes": ["budget"]}, {"themes": ["governance"]}),
    ("region=north", {"regions": ["north"]}, {"regions": ["east"]}),
    ("region=south", {"provinces": ["90"]}, {"provinces": ["57"]}),
    ("province=90", {"provinces": ["90"]}, {"provinces": ["50"]}),
    ("province=90", {"regions": ["south"], "home": "เทศบาลนครเชียงราย"},
     {"regions": ["north"], "home": "เทศบาลนครเชียงราย"}),
    ("language=ms", {"languages": [("ms", "working")], "public": ["languages"]},
     {"languages": [("en", "fluent")], "public": ["languages"]}),
    ("language=ms", {"languages": [("ms", "working")], "public": ["languages"]},
     {"languages": [("ms", "fluent")]}),  # speaks it but hides their languages
    ("tool=logframe", {"tools": ["logframe"]}, {"tools": ["swot"]}),
    ("available=8", {"availability": 10}, {"availability": 4}),
]


def test_area_filters_never_reveal_a_hidden_home(client, make_coach):
    make_coach(home="เทศบาลนครสงขลา", regions=["north"], public=["name"])
    assert "0 coaches found" in _html(client, "/en/coaches/?province=90")
    assert "0 coaches found" in _html(client, "/en/coaches/?region=south")


@pytest.mark.parametrize(("query", "matching", "other"), FILTER_CASES)
def test_each_filter_narrows_the_directory(client, make_coach, query, matching, other):
    yes = make_coach(**matching)
    no = make_coach(**other)
    results = _results(_html(client, f"/en/coaches/?{query}"))
    assert f"/en/coaches/{yes.pk}/" in results
    assert f"/en/coaches/{no.pk}/" not in results
    assert "1 coach found" in results
    assert "Clear all filters" in results  # the filter shows as active and can be removed


def test_active_filters_are_named_and_removable(client, make_coach):
    make_coach(themes=["budget"], languages=[("en", "fluent")])
    html = _results(_html(client, "/en/coaches/?theme=budget&language=en&q=x"))
    assert "Language: English" in html
    assert 'href="/en/coaches/?theme=budget&amp;q=x"' in html  # language removed, rest kept
    assert 'href="/en/coaches/?q=x"' in html  # clear all keeps the words searched


def test_filters_are_a_labelled_get_form(client, make_coach):
    html = _html(client, "/en/coaches/")
    tag = re.search(r'<form[^>]*role="search"[^>]*>', html).group(0)
    assert 'method="get"' in tag
    form = html.split(tag, 1)[1].split("</form>", 1)[0]
    for name in ["q", "theme", "region", "province", "language", "tool", "available"]:
        assert f'name="{name}"' in form, name
        assert f'for="id_{name}"' in form or f'for="{name}"' in form, name
    assert "Any language" in form and "---------" not in form


def test_invalid_filter_says_so_instead_of_showing_everyone(client, make_coach):
    make_coach()
    html = _html(client, "/en/coaches/?theme=no-such-theme")
    assert "0 coaches found" in html
    assert "Some filters are not valid" in html


def test_empty_result_helps_the_visitor_on(client, make_coach):
    make_coach(themes=["governance"])
    html = _results(_html(client, "/en/coaches/?q=ไม่มีคำนี้แน่นอน&theme=budget"))
    assert "No coach matches yet" in html
    assert "Remove the filters" in html
    assert 'href="/en/coaches/?theme=environment"' in html  # browse by theme
    assert 'href="/en/coaches/apply/"' in html


def test_pagination_twenty_per_page(client, make_coach):
    coaches = [make_coach(name=f"วิทยากร {i:02d}", public=["name"]) for i in range(23)]
    first = _html(client, "/en/coaches/")
    assert "23 coaches found" in first and "Page 1 of 2" in first
    assert 'rel="next" href="?page=2"' in first
    second = _results(_html(client, "/en/coaches/?page=2"))
    assert second.count('class="card coach-card"') == 3
    assert coaches[-1].name_th in second and coaches[0].name_th not in second
    filtered = _html(client, "/en/coaches/?theme=governance&page=2")
    assert 'href="?theme=governance&amp;page=1"' in filtered


# Query counts ----------------------------------------------------------------------------------

# Directory: count + page + 5 prefetches (themes, tools, regions, provinces, languages)
# + 4 filter select lists (theme, region, province, tool); each chosen filter adds its look-up.
PINNED = {"/coaches/": 11, "/coaches/?q=วิทยากร": 11, "/coaches/?theme=governance&region=south": 13}


@pytest.mark.parametrize("url", list(PINNED))
def test_directory_query_count_is_pinned_and_does_not_grow(client, make_coach, url):
    make_coach(public=["name"], regions=["south"], provinces=["90"])
    before = _queries(client, url)
    for _ in range(25):
        make_coach(public=["name", "home_municipality"], regions=["south"], provinces=["90"],
                   languages=[("th", "native"), ("en", "working")], tools=["swot", "logframe"])
    assert _queries(client, url) == before == PINNED[url]


def test_profile_query_count_is_pinned_and_does_not_grow(client, make_coach):
    coach = make_coach(public=EVERYTHING)
    url = f"/coaches/{coach.pk}/"
    before = _queries(client, url)
    _with_training(coach)
    for n in range(5):
        services.certification_add(coach=coach, actor=None, data={
            "issuer": "league", "title": f"ใบรับรอง {n}", "issued_on": datetime.date(2024, 1, 1)})
    services.coach_update(coach=coach, actor=None, data={}, regions=[], provinces=[])
    # coach + 5 profile prefetches + trainings + certifications + the pilots' "Projects coached"
    assert _queries(client, url) == before == 9


# The profile page ------------------------------------------------------------------------------

def test_profile_lists_certifications_with_buddhist_era_dates(client, make_coach):
    coach = make_coach(public=["name", "certifications"])
    services.certification_add(coach=coach, actor=None, data={
        "issuer": "kpi", "title": "ผู้ถ่ายทอดแนวปฏิบัติที่ดี",
        "issued_on": datetime.date(2025, 3, 14), "expires_on": datetime.date(2027, 3, 13)})
    services.certification_add(coach=coach, actor=None, data={
        "issuer": "other", "issuer_name": "มหาวิทยาลัยสงขลานครินทร์", "title": "หลักสูตรเก่า",
        "issued_on": datetime.date(2019, 1, 10), "expires_on": datetime.date(2020, 1, 10)})
    html = _html(client, f"/coaches/{coach.pk}/")
    assert "ผู้ถ่ายทอดแนวปฏิบัติที่ดี" in html
    assert "สถาบันพระปกเกล้า" in html or "King Prajadhipok" in html
    assert "14 มีนาคม 2568" in html and "13 มีนาคม 2570" in html  # B.E. = A.D. + 543
    assert "มหาวิทยาลัยสงขลานครินทร์" in html
    english = _html(client, f"/en/coaches/{coach.pk}/")
    assert "14 March 2025" in english and "(expired)" in english


def test_certifications_are_the_coach_s_to_show(client, make_coach):
    coach = make_coach(public=["name"])
    services.certification_add(coach=coach, actor=None, data={
        "issuer": "kpi", "title": "ผู้ถ่ายทอดแนวปฏิบัติที่ดี",
        "issued_on": datetime.date(2025, 3, 14)})
    html = _html(client, f"/en/coaches/{coach.pk}/")
    assert "ผู้ถ่ายทอดแนวปฏิบัติที่ดี" not in html and "Certifications" not in html


@pytest.mark.parametrize(("today", "expired"), [("2028-02-29", False), ("2028-03-01", True)])
def test_a_certificate_is_expired_from_the_day_after_its_expiry_date(client, clock, make_coach,
                                                                      today, expired):
    coach = make_coach(public=["name", "certifications"])
    services.certification_add(coach=coach, actor=None, data={
        "issuer": "league", "title": "วิทยากรพี่เลี้ยงที่ได้รับการรับรอง",
        "issued_on": datetime.date(2026, 2, 28), "expires_on": datetime.date(2028, 2, 29)})
    clock.set(today)
    html = _html(client, f"/en/coaches/{coach.pk}/")
    assert "29 February 2028" in html
    assert ("(expired)" in html) is expired


def test_profile_links_to_the_contact_form(client, make_coach):
    coach = make_coach(public=["name"])
    html = _html(client, f"/en/coaches/{coach.pk}/")
    assert f'href="/en/coaches/{coach.pk}/contact/"' in html
    assert f"Send a message to {coach.name_th}" in html
    assert html.count("<h1") == 1


def test_other_apps_can_add_a_panel_to_the_profile(client, make_coach):
    coach = make_coach(public=["name"])

    def projects_coached(request, shown):
        return f"<section><h2>Projects coached by {shown.public_name()}</h2></section>"

    panels.register(projects_coached)
    try:
        html = _html(client, f"/en/coaches/{coach.pk}/")
    finally:
        panels.PANELS.unregister(projects_coached)
    assert f"Projects coached by {coach.name_th}" in html
    assert "Projects coached" not in _html(client, f"/en/coaches/{coach.pk}/")


def test_nav_link_marks_the_coach_pages(client, make_coach):
    coach = make_coach()
    for url in ["/en/coaches/", f"/en/coaches/{coach.pk}/", "/en/coaches/coverage/"]:
        html = _html(client, url)
        assert 'href="/en/coaches/" aria-current="page">Coaches</a>' in html, url
    assert 'href="/en/coaches/">Coaches</a>' in _html(client, "/en/practices/")


def test_anonymous_directory_is_cached_until_the_registry_changes(
        client, settings, make_coach, django_capture_on_commit_callbacks,
        django_assert_num_queries):
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    coach = make_coach(public=["name"])
    assert coach.name_th in _html(client, "/coaches/")
    with django_assert_num_queries(0):
        assert coach.name_th in _html(client, "/coaches/")
    with django_capture_on_commit_callbacks(execute=True):
        services.coach_set_status(coach=coach, actor=None, status="paused")
    assert coach.name_th not in _html(client, "/coaches/")
