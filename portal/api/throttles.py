"""API rate limits per client, and the answer a client gets once it is over one.

Every API request counts against `anon` (per client address) or `user` (per account) in
REST_FRAMEWORK's DEFAULT_THROTTLE_RATES. Actions that are expensive or that enumerate what the
registry holds add a tighter limit of their own:

    @action(..., throttle_classes=throttles_with(CoachMatchThrottle))

The client address is the one the deployment's proxies vouch for (NUM_PROXIES, set from
TRUSTED_PROXY_COUNT like allauth's login limits), so behind nginx each visitor has their own
bucket and an X-Forwarded-For header sent by the client itself changes nothing.
"""

import ipaddress
import math

from allauth import app_settings as allauth_settings
from django.utils.translation import ngettext
from rest_framework import throttling
from rest_framework.exceptions import ErrorDetail, Throttled
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


class _PerClient:
    """What every throttle of the portal does differently from DRF's own."""

    @property
    def THROTTLE_RATES(self):  # noqa: N802 (DRF's name)
        # DRF copies the rates into its classes once, when throttling is first imported; read
        # them per request, so the rates in force are always the settings' (tests lower them).
        return api_settings.DEFAULT_THROTTLE_RATES

    def get_ident(self, request):
        # An IPv6 client holds a whole network (usually a /64) and may take a new address for
        # every request; count the network, with the prefix allauth's login limits use.
        ident = super().get_ident(request)
        try:
            address = ipaddress.ip_address(ident)
        except ValueError:
            return ident
        if address.version == 6:
            prefix = allauth_settings.RATE_LIMIT_IPV6_PREFIX
            return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False).network_address)
        return ident

    def wait(self):
        # DRF gives no wait (so no Retry-After) when the history holds more requests than the
        # rate now allows (the rate was lowered): then the oldest request over the limit must
        # leave the window first.
        seconds = super().wait()
        if seconds:
            return seconds
        return self.duration - (self.now - self.history[self.num_requests - 1])


class AnonThrottle(_PerClient, throttling.AnonRateThrottle):
    """Anonymous requests, per client address (rate `anon`)."""


class UserThrottle(_PerClient, throttling.UserRateThrottle):
    """Signed-in requests, per account (rate `user`): colleagues behind one office address
    do not share a limit."""


class ScopedClientThrottle(UserThrottle):
    """A second limit for one action, under its own `scope` in DEFAULT_THROTTLE_RATES; like
    `user`, per account when signed in and per client address otherwise."""


class CoachMatchThrottle(ScopedClientThrottle):
    """Coach suggestions: each answer says something about many coaches, so many answers in
    a row enumerate the registry."""

    scope = "coach-match"


class PracticeExportThrottle(ScopedClientThrottle):
    """The whole library, unpaginated, built on every request."""

    scope = "practice-export"


def throttles_with(*extra) -> list:
    """The default throttles plus `extra`, for an action's `throttle_classes` (which replaces
    the defaults rather than adding to them)."""
    return [*api_settings.DEFAULT_THROTTLE_CLASSES, *extra]


def exception_handler(exc, context):
    """DRF's handler, with a message of our own for a throttled request: how long to wait, in
    the request's language, and the same number of seconds in Retry-After."""
    if isinstance(exc, Throttled):
        seconds = max(1, math.ceil(exc.wait or 0))
        exc.wait = seconds
        exc.detail = ErrorDetail(ngettext(
            "Too many requests. Please wait %(seconds)d second before trying again.",
            "Too many requests. Please wait %(seconds)d seconds before trying again.",
            seconds) % {"seconds": seconds}, code="throttled")
    return drf_exception_handler(exc, context)
