"""The OpenAPI schema describes what the API returns.

Schemathesis reads /api/schema/ from the application itself (in process, through WSGI) and
sends every operation of the schema requests of its own making, valid and invalid: random ones
(fuzzing) and, one parameter or field at a time, invalid edge values (coverage: wrong types,
missing and unknown fields, values out of range or off the list, methods the path does not
have, bad credentials). Every check runs on every answer: no server error; a documented status
code, content type and headers; a body that matches the schema; valid requests accepted and
invalid ones refused; nothing served without the authentication the schema asks for. It runs
three times on the seed content (practices, pilots, network, demo coaches and events, and a
coach of ours with a submitted report and a draft): anonymously, as a League admin and as a
coach, each with its own token. Every operation of the schema must have been tested.

Bounded and repeatable: a fixed seed per caller, a few examples per operation, one worker, no
time budget (so no phase repeats until time runs out), and no stateful phase, whose chains of
calls would depend on what earlier calls created. Each caller gets a fresh database (the
test's transaction). Nothing is excluded: writes change only the database, which is rolled
back; uploads go to the test media directory; mail stays in memory; LINE is off.

The API's rate limits are raised for the run; the 429 answer stays documented and has its own
tests (test_api_throttles.py).
"""

import datetime
import json
import time
from collections import Counter
from dataclasses import dataclass, field

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connections
from rest_framework import serializers
from schemathesis.core.failures import AcceptedNegativeData
from schemathesis.core.mutations import MutationChannel, OperatorKind
from schemathesis.core.parameters import ParameterLocation
from schemathesis.engine import events, from_schema
from schemathesis.engine.statistic import Statistic
from schemathesis.generation.meta import CoveragePhaseData, CoverageScenario
from schemathesis.openapi.checks import RejectedPositiveData
from schemathesis.transport.wsgi import WSGI_TRANSPORT

from tests.conftest import api_client

pytestmark = pytest.mark.django_db

SEEDS = {"anonymous": 20261207, "league-admin": 20261208, "coach": 20261209}
MAX_EXAMPLES = 10  # per operation, in the fuzzing phase
# The coverage phase (about 3,800 requests, half of the module's time) runs for the League
# admin, whose requests get past the permissions to the validation of every field; the others'
# writes stop at 401 or 403 before any field is read, and their reads take the same parameters.
# Its valid edge values (every enum value, every optional field...) would double its time
# (valid writes are the slow ones): valid requests come from fuzzing, for every caller.
COVERAGE = {"league-admin"}
UNTHROTTLED = "1000000/min"


@dataclass
class Outcome:
    operations: int = 0  # in the schema
    tested: int = 0  # operations that got at least one answer the checks ran on
    cases: int = 0
    seconds: float = 0.0
    server_errors: int = 0
    failures: Counter = field(default_factory=Counter)  # unique failures, by check
    set_aside: Counter = field(default_factory=Counter)  # by the rules of `reading_rules`
    problems: list[str] = field(default_factory=list)

    def summary(self, caller: str) -> str:
        failed = ", ".join(f"{check} {n}" for check, n in sorted(self.failures.items()))
        aside = ", ".join(f"{rule} {n}" for rule, n in sorted(self.set_aside.items()))
        return (f"{caller}: {self.tested} of {self.operations} operations, {self.cases} cases "
                f"in {self.seconds:.0f} s; {self.server_errors} "
                f"server errors; {sum(self.failures.values())} failures"
                f"{f' ({failed})' if failed else ''}; set aside by rule: {aside or 'none'}")


class InTheTestTransaction:
    """The WSGI application, answering from the test's own database connection (so inside its
    transaction) from the thread schemathesis calls it in, as Django's live server does."""

    def __init__(self, application):
        self.application = application
        self.connection = connections["default"]

    def __call__(self, environ, start_response):
        connections["default"] = self.connection
        return self.application(environ, start_response)


@pytest.fixture
def application(settings, monkeypatch):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                               "DEFAULT_THROTTLE_RATES": dict.fromkeys(rates, UNTHROTTLED)}
    # schemathesis 4.32.5 re-sends some requests (the probes of `ignored_auth`, without
    # credentials) with its network settings but without a session, which its WSGI transport
    # passes on to werkzeug, which refuses them; drop them as it does when a session is given.
    send = WSGI_TRANSPORT.send

    def send_in_process(case, *, session=None, **kwargs):
        for name in ("max_redirects", "verify", "cert", "proxies"):
            kwargs.pop(name, None)
        return send(case, session=session, **kwargs)

    monkeypatch.setattr(WSGI_TRANSPORT, "send", send_in_process)
    # As in Django's test client: the end of a request must not close the test's connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    connection = connections["default"]
    connection.inc_thread_sharing()
    try:
        yield InTheTestTransaction(get_wsgi_application())
    finally:
        connection.dec_thread_sharing()
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def callers(settings, reference_data, make_coach, league_admin, coach_user):
    """The seed content, and who calls: nobody, a League admin, a coach with a report."""
    from coaches.demo import demo_coaches_load
    from events.demo import demo_events_load
    from network.seed import network_seed_load
    from pilots import services as pilot_services
    from pilots.models import Pilot
    from pilots.seed import seed_pilots_load
    from practices.seed import seed_practices_load
    from reports import services as report_services

    settings.DEMO_CONTENT = True
    seed_practices_load()
    seed_pilots_load()
    network_seed_load()
    demo_coaches_load()
    demo_events_load()
    coach = make_coach(user=coach_user, public=["name", "bio", "languages"],
                       bio="โค้ชด้านการจัดการขยะชุมชน")
    pilot = Pilot.objects.get(code="DG-YL")
    pilot_services.assignment_add(pilot=pilot, coach=coach, role="lead",
                                  starts_on=datetime.date(2026, 1, 1))
    report = report_services.report_start(pilot=pilot, coach=coach, kind="month", year=2026,
                                          number=9)
    report_services.report_update(report=report, actor=coach_user,
                                  data={"summary": "จัดเวทีชุมชนเรื่องการคัดแยกขยะ"})
    report_services.report_submit(report=report, actor=coach_user)
    report_services.report_start(pilot=pilot, coach=coach, kind="month", year=2026, number=10)
    return {"anonymous": None, "league-admin": league_admin, "coach": coach_user}


def reading_rules(set_aside: Counter):
    """A `filter_failure` hook: what schemathesis reports but a schema cannot say otherwise,
    each rule counted in `set_aside`; every other failure stands.

    - "refused with its reason": a request that matches the schema, answered 400 by an
      operation that documents its 400 (`ValidationErrors`). A request may name a row that does
      not exist (a municipality id; a region, province or theme code; a pilot's address) or ask
      what the object's state does not allow (submitting a draft without a summary); rows and
      states are the League's data, which no schema lists. Operations that do not document a
      400 must still accept every request that matches their schema.
    - "read leniently": an invalid request accepted only because DRF's field for the declared
      type reads the value sent instead (a JSON number for a text field as its digits, 0 or 1
      for a boolean, "5" for an integer), or because Django reads the last value of a query
      parameter sent several times. OpenAPI can say neither.
    """

    def keep(context, failure, case, response) -> bool:
        if (isinstance(failure, RejectedPositiveData) and response.status_code == 400
                and "400" in case.operation.responses.status_codes):
            set_aside["refused with its reason"] += 1
            return False
        if isinstance(failure, AcceptedNegativeData) and read_leniently(case):
            set_aside["read leniently"] += 1
            return False
        return True

    return keep


DRF_READS = {"string": serializers.CharField(), "boolean": serializers.BooleanField(),
             "integer": serializers.IntegerField(), "number": serializers.FloatField()}


def drf_reads(declared: str, values: list) -> bool:
    """Whether DRF's field for the declared JSON type takes every one of these values."""
    field = DRF_READS.get(declared)
    if field is None or not values:
        return False
    try:
        for value in values:
            field.to_internal_value(value)
    except serializers.ValidationError:
        return False
    return True


def values_at(value, steps) -> list:
    """The values of a request body at a schema pointer's steps (or a path of keys)."""
    steps = list(steps)
    while steps:
        step = steps.pop(0)
        if step in ("properties", "anyOf", "oneOf", "allOf"):
            continue
        if step == "items":
            return [found for item in (value if isinstance(value, list) else [])
                    for found in values_at(item, steps)]
        if str(step).isdigit() and isinstance(value, list):
            value = value[int(step)] if int(step) < len(value) else None
        elif isinstance(value, dict) and step in value:
            value = value[step]
        elif not str(step).isdigit():  # an index of anyOf/oneOf/allOf is no step in the value
            return []
    return [value]


def declared_type(case, pointer: str) -> str | None:
    """The `type` a pointer into the operation's request body schema ends on."""
    raw = case.operation.schema.raw_schema
    node = case.operation.definition.raw["requestBody"]["content"][case.media_type]["schema"]
    steps = pointer.strip("/").split("/")[:-1]  # the last step is "type"
    while steps:
        step = steps.pop(0)
        while "$ref" in node:
            node = raw["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
        if isinstance(node, list):
            node = node[int(step)]
        elif step in ("anyOf", "oneOf") and step not in node:  # `nullable`, as schemathesis
            steps.pop(0)  # reads it: anyOf [the schema, null]; its first branch is the node
        else:
            node = node.get(step, {})
    return node.get("type")


def read_leniently(case) -> bool:
    data = case.meta.phase.data if case.meta is not None else None
    if isinstance(data, CoveragePhaseData):  # one edge value, at a pointer ending in /type
        pointer = data.location or ""
        return (data.scenario == CoverageScenario.INCORRECT_TYPE
                and data.parameter_location == ParameterLocation.BODY
                and drf_reads(declared_type(case, pointer),
                              values_at(case.body, pointer.strip("/").split("/")[:-1])))
    mutations = getattr(data, "mutations", ())
    return bool(mutations) and all(taken_anyway(case, mutation) for mutation in mutations)


def taken_anyway(case, mutation) -> bool:
    if mutation.operator != OperatorKind.CHANGE_TYPE:
        return False
    if mutation.parameter_location == ParameterLocation.QUERY:  # several values, the last read
        return mutation.new_value == "array" or isinstance(mutation.new_value, list)
    if mutation.parameter_location != ParameterLocation.BODY:
        return False
    if mutation.channel == MutationChannel.SCHEMA:  # the values name the types
        return drf_reads(mutation.original_value, values_at(case.body, mutation.path))
    return drf_reads(declared_type(case, mutation.schema_pointer + "/type"),
                     [mutation.new_value])


def run(application, caller: str, user) -> Outcome:
    headers = {}
    if user is not None:
        headers["Authorization"] = api_client(user)._credentials["HTTP_AUTHORIZATION"]
    config = schemathesis.Config.from_dict({
        "seed": SEEDS[caller],
        "workers": 1,
        "headers": headers,
        "generation": {"max-examples": MAX_EXAMPLES, "database": "none"},
        "phases": {"coverage": {"enabled": caller in COVERAGE, "generation": {"mode": "negative"}},
                   "stateful": {"enabled": False}},
        "checks": {"enabled": True},
    })
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application, config=config)
    outcome, statistic = Outcome(), Statistic()
    schema.hook("filter_failure")(reading_rules(outcome.set_aside))
    started = time.monotonic()
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            statistic.on_scenario_finished(event.recorder)
            outcome.server_errors += sum(
                1 for interaction in event.recorder.interactions.values()
                if interaction.response is not None and interaction.response.status_code >= 500)
        elif isinstance(event, events.NonFatalError):
            outcome.problems.append(f"{event.label}: {event.info.title}: {event.info.message}")
        elif isinstance(event, events.FatalError):
            raise event.exception
        elif isinstance(event, events.EngineFinished):
            for failure in event.failures:
                outcome.failures[failure.title] += 1
                outcome.problems.append(f"{failure.title}: {failure.message}")
    outcome.seconds = time.monotonic() - started
    outcome.cases = statistic.total_cases
    outcome.operations = len(schema)
    outcome.tested = len(statistic.tested_operations)
    outcome.failures.update(check for _failure, check in statistic.observed_failures.values())
    for label, groups in statistic.failures.items():
        for group in groups.values():
            answer = (f"{group.response.status_code} {group.response.content[:300]!r}"
                      if group.response is not None else "no answer")
            outcome.problems.extend(
                f"{label}: {failure.title}: {failure.message[:600]}\n"
                f"    {group.code_sample}\n    -> {answer}" for failure in group.failures)
    return outcome


@pytest.mark.parametrize("caller", list(SEEDS))
def test_the_api_answers_as_its_schema_says(application, callers, caller, capsys):
    outcome = run(application, caller, callers[caller])
    with capsys.disabled():
        print(f"\n{outcome.summary(caller)}")
    assert outcome.tested == outcome.operations, outcome.summary(caller)
    assert outcome.server_errors == 0 and not outcome.problems, (
        outcome.summary(caller) + "\n" + "\n".join(outcome.problems))


def test_the_schema_says_who_may_call_and_what_errors_look_like(reference_data):
    schema = api_client().get("/api/schema/?format=json").json()
    operations = [(path, method, operation) for path, methods in schema["paths"].items()
                  for method, operation in methods.items()]
    assert len(operations) == 69

    def anyone(path, method):
        return {} in schema["paths"][path][method].get("security", [])

    assert anyone("/api/practices/", "get") and anyone("/api/coaches/{id}/", "get")
    assert anyone("/api/coaches/match/", "get") and anyone("/api/reports/", "get")
    assert not anyone("/api/practices/", "post") and not anyone("/api/coaches/{id}/", "patch")
    assert not anyone("/api/coaches/{id}/executives/", "get")  # the coach and League admins
    assert not anyone("/api/events/{slug}/registration/", "get")
    for path, method, operation in operations:
        responses = operation["responses"]
        assert responses["401"]["headers"]["WWW-Authenticate"]["required"], (path, method)
        assert responses["429"]["headers"]["Retry-After"]["required"], (path, method)
        assert ("403" in responses) != anyone(path, method), (path, method)
    export = schema["paths"]["/api/practices/export/"]["get"]["responses"]["200"]["content"]
    assert export["application/json"]["schema"]["type"] == "array"
    # A value the schema does not list is refused, not quietly replaced.
    assert api_client().get("/api/practices/?sort=popular").status_code == 400
    assert api_client().get("/api/practices/export/?file_format=AAA").status_code == 400


# What the runs found, kept as plain tests: on PostgreSQL, a NUL character (which no text
# there can hold) in an address, a code or an answer, and an id beyond the database's integers
# in a filter, were server errors.
NUL_ANSWERS = {"people": {"role_models": {"how": "a\x00b"}}}


@pytest.mark.parametrize(("method", "url", "body", "status"), [
    ("get", "/api/pilots/a%00/", None, 404),
    ("get", "/api/regions/north%00/", None, 404),
    ("get", "/api/coaches/match/?municipality=1&theme=governance%00", None, 400),
    ("post", "/api/recommendations/", {"level": "league", "recommendation_th": "ทดสอบ",
                                       "pilots": ["DG-YL\x00"]}, 400),
    ("post", "/api/coaches/", {"themes": ["governance\x00"]}, 400),
    ("post", "/api/area-reviews/", {"province": "95", "area_name": "ยะลา", "year": 2025,
                                    "answers": NUL_ANSWERS}, 400),
    ("get", "/api/area-reviews/?municipality=3.4e%2B38", None, 200),
    ("get", "/api/reports/?coach=99999999999999999999", None, 200),
])
def test_values_the_database_cannot_hold_are_answered(reference_data, league_admin, method, url,
                                                      body, status):
    client = api_client(league_admin)
    answer = client.generic(method.upper(), url, json.dumps(body),
                            content_type="application/json") if body else client.get(url)
    assert answer.status_code == status, answer.content[:300]
