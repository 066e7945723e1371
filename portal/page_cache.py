"""Whole-page cache for anonymous visitors of public pages.

Every write to the content a page shows bumps that content's version, so a cached page is
never stale; the cache is shared by all web processes when REDIS_URL is set.

A page is cached under its path and the query parameters the view reads, sorted and without
empty ones: `?utm_source=mail&q=ขยะ` and `?q=ขยะ&page=` are the page of `?q=ขยะ`. A request
that asks for a fresh copy (`Cache-Control: no-cache`, as a browser's hard reload sends) is
built again, and the new copy is kept.
"""

import hashlib
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import get_language


def _version_key(namespace: str) -> str:
    return f"content-version:{namespace}"


def content_version(namespace: str) -> int:
    return cache.get_or_set(_version_key(namespace), 1, timeout=None)


def content_changed(namespace: str) -> None:
    try:
        cache.incr(_version_key(namespace))
    except ValueError:
        cache.set(_version_key(namespace), 2, timeout=None)


def _cache_key(request, namespace: str, params) -> str:
    query = request.GET
    kept = sorted((name, value) for name in query for value in query.getlist(name)
                  if value != "" and (params is None or name in params))
    address = f"{request.path}?{urlencode(kept)}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"page:{namespace}:{content_version(namespace)}:{get_language()}:{digest}"


def _wants_fresh(request) -> bool:
    return ("no-cache" in request.headers.get("Cache-Control", "")
            or "no-cache" in request.headers.get("Pragma", ""))


def cache_for_anonymous(namespace: str, *, params=None):
    """Serve repeat GETs by anonymous visitors from the cache (PAGE_CACHE_SECONDS; 0 = off).
    `params`: the query parameters the view reads (None: all of them)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            seconds = settings.PAGE_CACHE_SECONDS
            if (not seconds or request.method != "GET" or request.user.is_authenticated
                    or len(get_messages(request))):
                return view(request, *args, **kwargs)
            key = _cache_key(request, namespace, params)
            cached = None if _wants_fresh(request) else cache.get(key)
            if cached is not None:
                return HttpResponse(cached["content"], content_type=cached["content_type"])
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.cookies:
                cache.set(key, {"content": response.content,
                                "content_type": response["Content-Type"]}, seconds)
            return response

        return wrapped

    return decorator
