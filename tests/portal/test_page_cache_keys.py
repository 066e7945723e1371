"""The page cache keeps one copy of a page per set of parameters the page reads, and builds
that copy from those parameters only: what one visitor adds to an address neither shows up
in the links another visitor gets nor fills the cache."""

import pytest
from django.core.cache import cache
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings, reference_data, make_coach):
    from practices.seed import seed_practices_load

    seed_practices_load()
    settings.PAGE_CACHE_SECONDS = 300
    make_coach(public=["name"])
    cache.clear()
    return Client()


def _pages_in_cache() -> int:
    return sum(1 for key in cache._cache if ":page:" in key)  # the local-memory cache


@pytest.mark.parametrize("path", ["/practices/?q=ขยะ", "/en/practices/?q=ขยะ", "/coaches/",
                                  "/events/", "/pilots/", "/network/partners/"])
def test_another_visitor_s_parameters_never_reach_the_links_of_a_cached_page(cached, path):
    joiner = "&" if "?" in path else "?"
    poisoned = cached.get(f"{path}{joiner}zz=POISONED-LINK&utm_source=evil",
                          headers={"Cache-Control": "no-cache"})
    assert poisoned.status_code == 200
    assert "POISONED-LINK" not in poisoned.content.decode()  # not even for its own visitor
    page = cached.get(path).content.decode()
    assert "POISONED-LINK" not in page and "utm_source" not in page


def test_parameters_a_page_does_not_read_do_not_fill_the_cache(cached):
    for n in range(40):
        assert cached.get(f"/coaches/?junk={n}").status_code == 200
        assert cached.get(f"/network/?utm_campaign={n}").status_code == 200
    assert _pages_in_cache() == 2  # /coaches/ and /network/, once each


def test_the_parameters_a_page_reads_still_make_their_own_pages(cached):
    first = cached.get("/coaches/?theme=budget").content.decode()
    second = cached.get("/coaches/?theme=governance").content.decode()
    assert first != second
    assert _pages_in_cache() == 2
