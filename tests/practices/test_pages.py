from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.models import Municipality, Theme
from practices.models import Practice
from practices.services import practice_create

pytestmark = pytest.mark.usefixtures("seeded")


def _more_practices(n: int) -> None:
    yala = Municipality.objects.get(name_th="เทศบาลนครยะลา")
    themes = list(Theme.objects.all())
    for i in range(n):
        practice_create(actor=None, themes=themes[: 1 + i % 4], tags=[f"แท็ก{i}", "ขยะ"],
                        status="published", data={
                            "title_th": f"โครงการจัดการขยะที่ {i}", "summary_th": "ลดขยะในชุมชน",
                            "municipality": yala, "province": yala.province,
                            "award": f"รางวัล {i % 3}", "year_started": 2000 + i % 20})


# Transaction control (savepoints inside a test's transaction) reads nothing.
_CONTROL = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT")


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return sum(not q["sql"].startswith(_CONTROL) for q in ctx.captured_queries)


# Pinned query counts. List: the latest change (the library index's key) and the page's
# rows. The matches, facet counts, order and each result's themes come from the library index
# in memory, places and labels from the reference data kept in memory. A search adds one
# vocabulary look-up; a filter adds the look-up of its chosen value.
PINNED = {"/practices/": 2, "/practices/?q=ขยะ": 3, "/practices/?q=ขยะ&theme=environment": 4}
# The first request after more than a few practices changed also updates this process's
# library index: the latest change again, the changed practices, their themes, their tags,
# and both orders read whole.
UPDATE = 6


@pytest.mark.parametrize("url", list(PINNED))
def test_list_and_search_query_counts_are_pinned_and_do_not_grow(client, url):
    _queries(client, url)  # brings this process's index up to the test's data
    assert _queries(client, url) == PINNED[url]
    _more_practices(30)
    assert _queries(client, url) == PINNED[url] + UPDATE
    assert _queries(client, url) == PINNED[url]


def test_practice_page_query_count_does_not_grow(client):
    from practices.library_index import library_index

    practice = Practice.objects.get(external_id="delgosea-yala")
    _queries(client, practice.get_absolute_url())  # brings this process's index up to date
    before = _queries(client, practice.get_absolute_url())
    _more_practices(10)
    library_index()  # the first request after a change also updates the index (pinned above)
    assert _queries(client, practice.get_absolute_url()) == before <= 10


def test_practice_page_shows_the_record_and_share_metadata(client):
    practice = Practice.objects.get(external_id="kpa2562-chom-phu")
    html = client.get(practice.get_absolute_url()).content.decode()
    assert f"<h1>{practice.title_th}</h1>" in html
    assert '<meta property="og:title"' in html and 'property="og:url"' in html
    assert "50" in html  # the document's own figure: 50 networks
    assert "เชียงใหม่" in html
    assert "Related practices" in client.get("/en" + practice.get_absolute_url()).content.decode()


def test_contact_person_is_shown_only_with_consent(client):
    practice = Practice.objects.get(external_id="delgosea-yala")
    practice.contact_name, practice.contact_phone = "คุณสมศรี", "073-000000"
    practice.save()
    assert "073-000000" not in client.get(practice.get_absolute_url()).content.decode()
    practice.contact_consent = True
    practice.save()
    assert "073-000000" in client.get(practice.get_absolute_url()).content.decode()


def test_atom_feed_lists_published_practices(client):
    response = client.get("/practices/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == Practice.objects.filter(status="published").count()


def test_map_draws_provinces_offline_and_lists_counts(client):
    html = client.get("/practices/map/").content.decode()
    assert html.count("<path") == 77
    assert "http" not in html.split("<svg")[1].split("</svg>")[0]  # no tiles, no remote shapes
    assert 'href="/practices/?province=50"' in html  # Chiang Mai has practices


def test_unpublished_practice_is_not_found_for_the_public(client):
    practice = Practice.objects.get(external_id="delgosea-yala")
    practice.status = Practice.Status.ARCHIVED
    practice.save()
    assert client.get(practice.get_absolute_url()).status_code == 404


def test_anonymous_pages_are_cached_until_the_library_changes(
        client, settings, django_assert_num_queries, league_admin,
        django_capture_on_commit_callbacks):
    from django.core.cache import cache

    from practices.services import practice_set_status

    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    practice = Practice.objects.get(external_id="delgosea-yala")
    client.get("/practices/")
    with django_assert_num_queries(0):
        assert practice.title_th in client.get("/practices/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        practice_set_status(practice=practice, actor=league_admin, status="archived", note="")
    assert practice.title_th not in client.get("/practices/").content.decode()

    client.force_login(league_admin)  # signed-in people always get a fresh page
    assert "ออกจากระบบ" in client.get("/practices/").content.decode()


def test_the_page_cache_keys_on_what_the_page_reads_and_honours_a_hard_reload(
        client, settings, django_assert_num_queries):
    """`?utm_source=...`, reordered or empty parameters give the page already cached; a
    request with `Cache-Control: no-cache` (a browser's hard reload) is built again."""
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    client.get("/practices/", {"q": "ขยะ", "theme": "environment"})
    with django_assert_num_queries(0):
        for params in ({"theme": "environment", "q": "ขยะ", "utm_source": "line"},
                       {"q": "ขยะ", "theme": "environment", "page": "", "nocache": "1"}):
            assert client.get("/practices/", params).status_code == 200
    practice = Practice.objects.get(external_id="delgosea-yala")
    client.get(practice.get_absolute_url())
    with django_assert_num_queries(0):
        client.get(practice.get_absolute_url(), {"fbclid": "x"})
    with CaptureQueriesContext(connection) as fresh:
        client.get("/practices/", {"q": "ขยะ", "theme": "environment"},
                   headers={"Cache-Control": "no-cache"})
    assert len(fresh.captured_queries) > 0
    with django_assert_num_queries(0):  # the fresh copy is kept
        client.get("/practices/", {"q": "ขยะ", "theme": "environment"})
    other = client.get("/practices/", {"q": "ขยะ", "theme": "governance"})
    assert other.context is not None  # another filter value is another page
