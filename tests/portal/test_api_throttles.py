"""The API's limits per client, with nothing in front of the application (TRUSTED_PROXY_COUNT
unset: the connection's own address is the client). Behind nginx: test_proxy_limits.py."""

import pytest
from django.core import mail
from django.utils import translation
from rest_framework.exceptions import Throttled
from rest_framework.test import APIClient

from coaches.views_public import CONTACT_LIMITS
from tests.conftest import PASSWORD, api_client, person

pytestmark = pytest.mark.django_db

HOME, OFFICE = "203.0.113.5", "203.0.113.6"


def _limit(settings, rates: dict):
    current = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                               "DEFAULT_THROTTLE_RATES": {**current, **rates}}


def test_without_a_proxy_no_limit_believes_x_forwarded_for(
        settings, client, make_coach, django_capture_on_commit_callbacks):
    _limit(settings, {"anon": "3/min"})
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS,
                                    "login_failed": "3/m/ip,5/5m/key"}
    claims = [f"198.51.100.{n}" for n in range(1, 5)]  # a new made-up address every time
    api = APIClient()

    answers = [api.get("/api/themes/", REMOTE_ADDR=HOME, HTTP_X_FORWARDED_FOR=claim).status_code
               for claim in claims]
    assert answers == [200, 200, 200, 429]
    assert api.get("/api/themes/", REMOTE_ADDR=OFFICE,
                   HTTP_X_FORWARDED_FOR=HOME).status_code == 200

    victim = person("victim@yala.example.org", "staff")
    for n, claim in enumerate(claims[:3]):
        client.post("/en/accounts/login/", {"login": f"someone{n}@example.org",
                                            "password": "wrong"},
                    REMOTE_ADDR=HOME, HTTP_X_FORWARDED_FOR=claim)
    refused = client.post("/en/accounts/login/", {"login": victim.email, "password": PASSWORD},
                          REMOTE_ADDR=HOME, HTTP_X_FORWARDED_FOR=claims[3])
    assert "Too many failed login attempts" in refused.content.decode()
    assert client.post("/en/accounts/login/", {"login": victim.email, "password": PASSWORD},
                       REMOTE_ADDR=OFFICE, HTTP_X_FORWARDED_FOR=HOME).status_code == 302

    coach = make_coach(public=["name"])
    most, _window = CONTACT_LIMITS["ip"]
    message = {"sender_name": "สุดา", "sender_email": "suda@example.org", "subject": "สวัสดี",
               "message": "ขอคำแนะนำเรื่องการคัดแยกขยะในชุมชนของเทศบาล"}
    with django_capture_on_commit_callbacks(execute=True):
        sent = [client.post(f"/coaches/{coach.pk}/contact/", message, REMOTE_ADDR=HOME,
                            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
                for n in range(most + 1)]
    assert sent == [302] * most + [429]
    assert len(mail.outbox) == most


def test_a_throttled_request_is_told_how_long_to_wait_in_thai_or_english(settings):
    _limit(settings, {"anon": "2/min"})
    api = APIClient(REMOTE_ADDR=HOME)
    assert [api.get("/api/themes/").status_code for _ in range(2)] == [200, 200]

    throttled = api.get("/api/themes/")  # the API, like every unprefixed address, is Thai
    assert throttled.status_code == 429
    seconds = int(throttled["Retry-After"])
    assert 1 <= seconds <= 60
    assert throttled.json() == {
        "detail": f"มีคำขอมากเกินไป โปรดรอ {seconds} วินาทีแล้วลองอีกครั้ง"}

    from portal.api.throttles import exception_handler  # the API's own, as DRF calls it

    with translation.override("en"):
        english = exception_handler(Throttled(wait=0.2), {})
    assert english.status_code == 429 and english["Retry-After"] == "1"
    assert english.data == {"detail": "Too many requests. Please wait 1 second before "
                                      "trying again."}


def test_practice_export_has_a_tighter_limit_of_its_own(settings):
    _limit(settings, {"practice-export": "2/min"})
    api = APIClient(REMOTE_ADDR=HOME)
    assert [api.get("/api/practices/export/").status_code for _ in range(2)] == [200, 200]
    refused = api.get("/api/practices/export/?file_format=csv")
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    # The rest of the API stays open to the same client, and the export to others.
    assert api.get("/api/practices/").status_code == 200
    assert APIClient(REMOTE_ADDR=OFFICE).get("/api/practices/export/").status_code == 200


def test_signed_in_colleagues_behind_one_address_each_have_their_own_limit(settings):
    _limit(settings, {"user": "2/min"})
    first = api_client(person("first@yala.example.org", "staff"))
    second = api_client(person("second@yala.example.org", "staff"))
    assert [first.get("/api/themes/", REMOTE_ADDR=OFFICE).status_code
            for _ in range(3)] == [200, 200, 429]
    assert second.get("/api/themes/", REMOTE_ADDR=OFFICE).status_code == 200


def test_an_ipv6_client_cannot_get_a_new_allowance_from_each_address_of_its_network(settings):
    _limit(settings, {"anon": "2/min"})
    api = APIClient()
    answers = [api.get("/api/themes/", REMOTE_ADDR=f"2001:db8:1:2::{n}").status_code
               for n in (1, 2, 3)]
    assert answers == [200, 200, 429]
    assert api.get("/api/themes/", REMOTE_ADDR="2001:db8:1:3::1").status_code == 200
