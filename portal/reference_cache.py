"""The regions, provinces, municipalities and themes that every list page labels its
results and facets with, kept in each process: they change a few times a year, and a search
page read them on every request.

Any save or deletion of one of them bumps the "reference" content version (signals,
connected in PortalConfig.ready), which every process checks before using its copy.
"""

import threading
import time
from dataclasses import dataclass

from django.db import transaction

from portal.models import Municipality, Province, Region, Theme
from portal.page_cache import content_changed, content_version


@dataclass(frozen=True)
class Reference:
    version: int
    regions: dict  # id -> Region
    provinces: dict  # id -> Province (with its region)
    municipalities: dict  # id -> Municipality (with its province)
    themes: tuple  # Theme, in order


_current: Reference | None = None
_checked_at = 0.0
_lock = threading.Lock()
# A page asks for the reference several times; the shared version is read at most this often.
RECHECK_SECONDS = 1.0


def reference() -> Reference:
    global _current, _checked_at
    found = _current
    if found is not None and time.monotonic() - _checked_at < RECHECK_SECONDS:
        return found
    version = content_version("reference")
    _checked_at = time.monotonic()
    if found is not None and found.version == version:
        return found
    with _lock:
        regions = {r.pk: r for r in Region.objects.all()}
        provinces = {}
        for province in Province.objects.all():
            province.region = regions[province.region_id]  # no query when a page reads it
            provinces[province.pk] = province
        municipalities = {}
        for municipality in Municipality.objects.all():
            municipality.province = provinces[municipality.province_id]
            municipalities[municipality.pk] = municipality
        _current = Reference(version, regions, provinces, municipalities,
                             tuple(Theme.objects.all()))
        return _current


def reference_changed(**kwargs) -> None:
    transaction.on_commit(lambda: content_changed("reference"))


def forget() -> None:
    """Drop this process's copy (the next use reads the reference data again)."""
    global _current
    with _lock:
        _current = None
