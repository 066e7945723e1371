"""Per-client limits behind the production proxy.

A real nginx, configured from deploy/nginx/portal.conf.template, runs in front of a live
application configured the way docker-compose.yml configures it. Each visitor connects from
its own loopback address (127.0.0.2, 127.0.0.3, ...), so nginx sees distinct clients, as it
would on the Internet.
"""

import http.client
import importlib.util
import json
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
import yaml
from django.core import mail
from pytest_django.live_server_helper import LiveServer

from coaches.views_public import CONTACT_LIMITS
from tests import nginx as nginx_server
from tests.conftest import PASSWORD, person

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
# What docker-compose.yml tells the application about the proxy in front of it. Its other
# variables point at services this test replaces with its own (database, cache, mail).
PROXY_VARIABLES = ("TRUSTED_PROXY_COUNT",)

ALICE, BOB = "127.0.0.2", "127.0.0.3"  # two visitors, on two machines
ELSEWHERE = "198.51.100.7"  # an address that belongs to neither

MESSAGE = {"sender_name": "สุดา ใจงาม", "sender_email": "suda@nakhon.example.org",
           "subject": "ขอคำแนะนำ", "message": "เทศบาลของเราอยากเริ่มโครงการคัดแยกขยะในชุมชน"}


def _base_settings() -> dict:
    """A fresh run of config/settings/base.py under the current environment."""
    spec = importlib.util.find_spec("config.settings.base")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return vars(module)


@pytest.fixture
def as_deployed(settings, monkeypatch):
    """The settings config/settings/base.py makes from docker-compose.yml's proxy variables,
    applied over the suite's (only those that differ from what it makes without them)."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    plain = _base_settings()
    for name in PROXY_VARIABLES:
        if name in COMPOSE["x-app"]["environment"]:
            monkeypatch.setenv(name, str(COMPOSE["x-app"]["environment"][name]))
    deployed = _base_settings()
    for name, value in deployed.items():
        if name.isupper() and plain.get(name) != value:
            setattr(settings, name, value)
    return settings


@pytest.fixture
def edge(transactional_db, tmp_path):
    """start() runs the application (its middleware built then, so with the test's settings)
    and nginx from the production template in front of it, and returns nginx's port."""
    stops = []

    def start() -> int:
        app = LiveServer("127.0.0.1")
        stops.append(app.stop)
        port = nginx_server.free_port()
        process = nginx_server.start(tmp_path / "nginx", port=port,
                                     upstream=f"127.0.0.1:{app.thread.port}",
                                     media_root=tmp_path / "media")
        stops.append(lambda: (process.terminate(), process.wait(timeout=10)))
        return port

    yield start
    for stop in reversed(stops):
        stop()


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    text: str

    def json(self):
        return json.loads(self.text)


class Visitor:
    """A browser on its own machine (a loopback address of its own), with its own cookies."""

    def __init__(self, port: int, address: str):
        self.port, self.address, self.cookies = port, address, SimpleCookie()

    def send(self, method: str, path: str, body: str | None = None, **headers) -> Answer:
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, source_address=(self.address, 0), timeout=30)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())
        try:
            connection.request(method, path, body, {k.replace("_", "-"): v
                                                    for k, v in headers.items()})
            response = connection.getresponse()
            for cookie in response.headers.get_all("Set-Cookie") or ():
                self.cookies.load(cookie)
            return Answer(response.status, response.headers, response.read().decode())
        finally:
            connection.close()

    def get(self, path: str, **headers) -> Answer:
        return self.send("GET", path, **headers)

    def post(self, path: str, form: dict, **headers) -> Answer:
        """Submit a form as a browser would: the page first (for the CSRF cookie), then the
        form with its token."""
        if "csrftoken" not in self.cookies:
            self.get(path)
        body = urlencode({**form, "csrfmiddlewaretoken": self.cookies["csrftoken"].value})
        return self.send("POST", path, body, Content_Type="application/x-www-form-urlencoded",
                         **headers)

    def log_in(self, email: str, password: str, **headers) -> Answer:
        return self.post("/en/accounts/login/", {"login": email, "password": password},
                         **headers)

    @property
    def signed_in(self) -> bool:
        return "sessionid" in self.cookies and bool(self.cookies["sessionid"].value)


LOCKED = "Too many failed login attempts"


def _lower_login_limit(settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS,
                                    "login_failed": "3/m/ip,5/5m/key"}


def _lower_api_limit(settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                               "DEFAULT_THROTTLE_RATES": {**rates, "anon": "3/min"}}


def test_failed_logins_lock_out_only_the_client_that_made_them(as_deployed, edge):
    _lower_login_limit(as_deployed)
    victim = person("victim@yala.example.org", "staff")
    port = edge()
    alice, bob = Visitor(port, ALICE), Visitor(port, BOB)
    for n in range(3):  # three mistakes on three different accounts
        assert LOCKED not in alice.log_in(f"someone{n}@example.org", "wrong").text
    refused = alice.log_in(victim.email, PASSWORD)
    assert refused.status == 200 and LOCKED in refused.text and not alice.signed_in

    answer = bob.log_in(victim.email, PASSWORD)
    assert answer.status == 302 and bob.signed_in


def test_a_forged_x_forwarded_for_neither_frees_the_sender_nor_locks_another(
        as_deployed, edge):
    _lower_login_limit(as_deployed)
    victim = person("victim@yala.example.org", "staff")
    port = edge()
    alice, bob = Visitor(port, ALICE), Visitor(port, BOB)
    for n in range(3):  # Alice's mistakes, each claiming to come from Bob's machine
        alice.log_in(f"someone{n}@example.org", "wrong", X_Forwarded_For=BOB)
    assert LOCKED in alice.log_in(victim.email, PASSWORD, X_Forwarded_For=ELSEWHERE).text
    assert not alice.signed_in
    assert bob.log_in(victim.email, PASSWORD).status == 302 and bob.signed_in


def test_contact_form_hourly_limit_stops_one_sender_not_the_next(
        as_deployed, edge, make_coach):
    coach = make_coach(public=["name"])
    path = f"/en/coaches/{coach.pk}/contact/"
    earlier = len(mail.outbox)  # what registering the coach sent
    port = edge()
    alice, bob = Visitor(port, ALICE), Visitor(port, BOB)
    most, window = CONTACT_LIMITS["ip"]
    assert [alice.post(path, MESSAGE).status for _ in range(most)] == [302] * most
    refused = alice.post(path, MESSAGE)
    assert refused.status == 429 and "Nothing was sent" in refused.text
    assert refused.headers["Retry-After"] == str(window)

    assert bob.post(path, MESSAGE).status == 302
    assert len(mail.outbox) - earlier == most + 1  # Alice's five and Bob's, not the refused


def test_api_throttle_answers_one_client_429_and_the_next_200(as_deployed, edge):
    _lower_api_limit(as_deployed)
    port = edge()
    alice, bob = Visitor(port, ALICE), Visitor(port, BOB)
    assert [alice.get("/api/themes/").status for _ in range(3)] == [200] * 3
    throttled = alice.get("/api/themes/")
    assert throttled.status == 429
    seconds = int(throttled.headers["Retry-After"])
    assert 1 <= seconds <= 60
    assert throttled.json() == {
        "detail": f"มีคำขอมากเกินไป โปรดรอ {seconds} วินาทีแล้วลองอีกครั้ง"}
    assert bob.get("/api/themes/").status == 200


def test_a_forged_x_forwarded_for_neither_escapes_the_api_limit_nor_uses_up_another_client(
        as_deployed, edge):
    _lower_api_limit(as_deployed)
    port = edge()
    alice, bob = Visitor(port, ALICE), Visitor(port, BOB)
    # Alice claims to be Bob: her requests still count as hers...
    assert [alice.get("/api/themes/", X_Forwarded_For=BOB).status
            for _ in range(3)] == [200] * 3
    # ...a new claimed address does not give her a new allowance...
    assert alice.get("/api/themes/", X_Forwarded_For=ELSEWHERE).status == 429
    assert alice.get("/api/themes/", X_Forwarded_For=f"{ELSEWHERE}, {BOB}").status == 429
    # ...and Bob still has all of his.
    assert [bob.get("/api/themes/").status for _ in range(3)] == [200] * 3


def test_plain_http_claiming_https_is_still_redirected_to_https(as_deployed, edge):
    as_deployed.SECURE_SSL_REDIRECT = True  # production's values; the suite turns them off
    as_deployed.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    visitor = Visitor(edge(), ALICE)
    for claim in ({}, {"X_Forwarded_Proto": "https"}):
        answer = visitor.get("/en/coaches/", **claim)
        assert answer.status == 301, claim
        assert answer.headers["Location"] == "https://127.0.0.1/en/coaches/"
        assert "Strict-Transport-Security" not in answer.headers
