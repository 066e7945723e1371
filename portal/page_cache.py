"""Whole-page cache for anonymous visitors of public pages.

Every write to the content a page shows bumps that content's version, so a cached page is
never stale; the cache is shared by all web processes when REDIS_URL is set. A change to what
a person lets the public see (a coach's consent, name or status) bumps the version of every
page at once (`EVERY_PAGE`): names and places of people appear on pages of many parts of the
portal, and a withdrawn consent must not linger on any of them.

A page is cached under its path and the query parameters the view reads (each cached view
names them), sorted and without empty ones: `?utm_source=mail&q=ขยะ` and `?q=ขยะ&page=` are
the page of `?q=ขยะ`. The view is then built from exactly those parameters, so no link on a
cached page carries what another visitor added to their address, and the number of cached
copies of a page is bounded by the parameters it reads. A request that asks for a fresh copy
(`Cache-Control: no-cache`, as a browser's hard reload sends) is built again, and the new
copy is kept.
"""

import hashlib
from collections.abc import Iterable
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.utils.translation import get_language

EVERY_PAGE = "every-page"


def _version_key(namespace: str) -> str:
    return f"content-version:{namespace}"


def content_version(namespace: str) -> int:
    return cache.get_or_set(_version_key(namespace), 1, timeout=None)


def content_changed(namespace: str) -> None:
    """`namespace`'s pages are stale (EVERY_PAGE: every cached page is)."""
    try:
        cache.incr(_version_key(namespace))
    except ValueError:
        cache.set(_version_key(namespace), 2, timeout=None)


def _versions(namespace: str) -> str:
    keys = [_version_key(EVERY_PAGE), _version_key(namespace)]
    found = cache.get_many(keys)
    return ".".join(str(found.get(key) or content_version(key.split(":", 1)[1]))
                    for key in keys)


def _kept(request, params: frozenset[str]) -> list[tuple[str, str]]:
    query = request.GET
    return sorted((name, value) for name in query for value in query.getlist(name)
                  if value != "" and name in params)


def _cache_key(request, namespace: str, kept: list[tuple[str, str]]) -> str:
    address = f"{request.path}?{urlencode(kept)}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"page:{namespace}:{_versions(namespace)}:{get_language()}:{digest}"


def _only(request, kept: list[tuple[str, str]]) -> None:
    """Let the view see only the parameters its page is cached under."""
    query = QueryDict(mutable=True)
    for name, value in kept:
        query.appendlist(name, value)
    query._mutable = False
    request.GET = query
    request.META["QUERY_STRING"] = query.urlencode()


def _wants_fresh(request) -> bool:
    return ("no-cache" in request.headers.get("Cache-Control", "")
            or "no-cache" in request.headers.get("Pragma", ""))


def cache_for_anonymous(namespace: str, *, params: Iterable[str]):
    """Serve repeat GETs by anonymous visitors from the cache (PAGE_CACHE_SECONDS; 0 = off).
    `params`: the query parameters the view reads; anonymous visitors' other parameters are
    dropped before the view runs."""
    params = frozenset(params)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            seconds = settings.PAGE_CACHE_SECONDS
            if (not seconds or request.method != "GET" or request.user.is_authenticated
                    or len(get_messages(request))):
                return view(request, *args, **kwargs)
            kept = _kept(request, params)
            key = _cache_key(request, namespace, kept)
            cached = None if _wants_fresh(request) else cache.get(key)
            if cached is not None:
                return HttpResponse(cached["content"], content_type=cached["content_type"])
            _only(request, kept)
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.cookies:
                cache.set(key, {"content": response.content,
                                "content_type": response["Content-Type"]}, seconds)
            return response

        return wrapped

    return decorator
