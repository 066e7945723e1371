"""Checks for the settings of the per-client limits: a wrong value stops the start with the
variable's name instead of surfacing later as a 500 on the first request it affects."""

import re

from django.core.exceptions import ImproperlyConfigured

# What DRF's throttles understand: requests per second, minute, hour or day.
_RATE = re.compile(r"[1-9][0-9]*/(s|sec|second|m|min|minute|h|hour|d|day)")


def proxy_count(name: str, value: int) -> int:
    if value < 0:
        raise ImproperlyConfigured(
            f"{name} must be 0 (nothing in front of the application) or the number of "
            f"proxies in front of it that set X-Forwarded-For, got {value}")
    return value


def throttle_rate(name: str, value: str) -> str:
    rate = value.strip()
    if not _RATE.fullmatch(rate):
        raise ImproperlyConfigured(
            f"{name} must be a number of requests per period, such as 60/min or 1000/day "
            f"(periods: s, min, hour, day), got {value!r}")
    return rate
