"""Shared fixtures: reference data loaded once, a cast of personas, and service switches."""

import datetime
import os
from zoneinfo import ZoneInfo

import pytest
import time_machine
from allauth.account.models import EmailAddress

from portal.models import Province, User
from portal.services.accounts import user_set_role
from portal.services.reference import reference_data_load

# Fixtures shared across apps: factories of coaches, pilots, reports and files.
pytest_plugins = ["tests.fixtures.coaches", "tests.fixtures.pilots", "tests.fixtures.reports",
                  "tests.fixtures.files", "tests.fixtures.events", "tests.fixtures.line",
                  "tests.fixtures.scheduled"]

# CI sets REQUIRE_SERVICES=1: a test that needs PostgreSQL/Redis/a worker then fails loudly
# when the service is not configured, instead of being skipped.
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def need_service(condition: bool, why: str):
    """Skip on a developer machine without the service; fail in CI."""
    if condition:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"required service missing: {why}")
    pytest.skip(why)


BANGKOK = ZoneInfo("Asia/Bangkok")
# The day every test runs on unless it sets the clock itself: a Wednesday in the middle of a
# month, so that no rule about "today" meets a month, quarter or year boundary by chance.
DEFAULT_NOW = datetime.datetime(2026, 11, 18, 10, 0, tzinfo=BANGKOK)


class Clock:
    """The test's handle on the time (portal.clock and everything else in this process)."""

    def __init__(self, traveller):
        self._traveller = traveller

    def set(self, when: str | datetime.date | datetime.datetime, at: str = "10:00") -> None:
        """Move to a day ("2026-12-31" or a date; at 10:00 Bangkok unless `at` says otherwise)
        or to an exact moment (an aware datetime). The clock keeps ticking from there."""
        if isinstance(when, str):
            when = datetime.date.fromisoformat(when)
        if not isinstance(when, datetime.datetime):
            when = datetime.datetime.combine(when, datetime.time.fromisoformat(at),
                                             tzinfo=BANGKOK)
        self._traveller.move_to(when)


@pytest.fixture(autouse=True)
def clock(request):
    """Every test starts on DEFAULT_NOW, so no result depends on the day the suite runs.
    Tests marked `services` are left on the real clock: the worker processes they start
    cannot share this process's travelled time (they pass their dates explicitly)."""
    if request.node.get_closest_marker("services"):
        yield None
        return
    with time_machine.travel(DEFAULT_NOW, tick=True) as traveller:
        yield Clock(traveller)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        reference_data_load()


@pytest.fixture(autouse=True)
def _fresh_process_copies():
    """Each test's database starts from the same rolled-back state (ids are even reused on
    SQLite), which a live site never does: what the process keeps in memory of the library
    and of the reference data starts afresh too."""
    from portal.reference_cache import forget as forget_reference
    from practices.library_index import forget as forget_library

    forget_library()
    forget_reference()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The per-client limits (logins, contact form, API) count in the cache, and every test
    client comes from 127.0.0.1 (and user ids are reused): each test starts with no requests
    counted, so none is throttled by what earlier tests sent."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """A request to an /en/ page leaves English active; each test starts in Thai."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def reference_data(db):
    """Reference data is loaded once per run; a transactional test's flush removes it."""
    if not Province.objects.exists():
        reference_data_load()


def person(email: str, role: str, **extra) -> User:
    user = User.objects.create_user(email=email, password="correct horse battery", **extra)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user_set_role(user=user, role=role)


@pytest.fixture
def staff_user(db) -> User:
    return person("staff@yala.example.org", User.Role.STAFF, first_name="สมชาย", last_name="ใจดี")


@pytest.fixture
def coach_user(db) -> User:
    return person("coach@example.org", User.Role.COACH, first_name="สมหญิง", last_name="รักเมือง")


@pytest.fixture
def other_coach_user(db) -> User:
    return person("other.coach@example.org", User.Role.COACH)


@pytest.fixture
def league_admin(db) -> User:
    return person("curator@nmt.example.org", User.Role.CURATOR, first_name="Curator")


PASSWORD = "correct horse battery"


@pytest.fixture(scope="session", autouse=True)
def _ci_runs_on_postgresql():
    """In CI the suite must run on PostgreSQL, not quietly fall back to SQLite."""
    from django.db import connection

    if REQUIRE_SERVICES:
        assert connection.vendor == "postgresql", "CI must set DATABASE_URL to PostgreSQL"


def api_client(user=None):
    """An API client, signed in with `user`'s token when one is given."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()
    if user is not None:
        token, _created = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client
