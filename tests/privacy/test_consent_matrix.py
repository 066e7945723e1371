"""No hidden field of a coach reaches anyone else, directly or derived (PDPA).

For every field a coach can hide (Coach.CONSENT_FIELDS) and every address the portal answers
(tests.privacy.surfaces: the URL patterns and API routes, each list also probed with searches
and filters for the hidden values), an anonymous visitor, another coach and municipal staff of
another municipality get exactly the same answers whatever the hidden values are: the coach's
name, photo, position, phone, e-mail, bio, trainings, languages, certifications and home
(municipality, province, region) are swapped between two worlds and every answer compared. A
derived leak (a region from a municipality, a match reason, an order, a count by place or by
partner) makes the answers differ. Then the coach shows everything (each value must appear
somewhere: the check can fail) and withdraws it again: with the page cache on, every answer is
at once what it was before.
"""

import datetime
import difflib
import re
from dataclasses import dataclass

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.test import Client

from coaches import services as coach_services
from coaches.models import Coach
from learning.models import Recommendation
from network.models import LearningCentre, Partner
from network.seed import network_seed_load
from pilots import services as pilot_services
from pilots.seed import seed_pilots_load
from portal.models import Municipality, Region, User
from practices.models import Practice
from practices.seed import seed_practices_load
from reports import services as report_services
from tests.conftest import DEFAULT_NOW, person
from tests.fixtures.files import _pdf, _png
from tests.privacy.surfaces import Surface, surfaces

pytestmark = pytest.mark.django_db

ALL_CONSENTS = [code for code, _label in Coach.CONSENT_FIELDS]


@dataclass(frozen=True)
class Values:
    """What a coach may hide: one world's values."""

    name_th: str
    name_en: str
    position: str
    phone: str
    email: str
    bio: str
    training: str
    language: str  # code
    certificate: str
    issuer: str
    home: str  # municipality (Thai name)

    def data(self) -> dict:
        return {"name_th": self.name_th, "name_en": self.name_en, "position": self.position,
                "phone": self.phone, "email": self.email, "bio_th": self.bio, "bio_en": self.bio,
                "home_municipality": Municipality.objects.get(name_th=self.home)}


ALPHA = Values(
    name_th="อัลฟ่า ซ่อนนามสกุล", name_en="Alphonse Hiddenname",
    position="ผู้อำนวยการกองอัลฟ่าลับ", phone="0811111111", email="alpha.private@example.org",
    bio="ประวัติอัลฟ่าเฉพาะตัว AlphaBiography", training="หลักสูตรอัลฟ่าลับ AlphaCourse",
    language="ms", certificate="ใบรับรองอัลฟ่า AlphaCertificate", issuer="kpi",
    home="เทศบาลนครยะลา")
BRAVO = Values(
    name_th="บราโว่ ปิดนามสกุล", name_en="Bravissimo Secretname",
    position="หัวหน้าฝ่ายบราโว่ลับ", phone="0822222222", email="bravo.private@example.org",
    bio="ประวัติบราโว่เฉพาะตัว BravoBiography", training="หลักสูตรบราโว่ลับ BravoCourse",
    language="lo", certificate="ใบรับรองบราโว่ BravoCertificate", issuer="league",
    home="เทศบาลนครเชียงราย")
# The same region as ALPHA's home, another municipality: for a coach who shows the region only.
ALPHA_NEIGHBOUR = Values(**{**ALPHA.__dict__, "home": "เทศบาลนครภูเก็ต"})


@dataclass
class World:
    coach: Coach
    clients: dict[str, Client]
    surfaces: list[Surface]
    probes: list[str]
    posts: list[tuple[str, dict]]


def _set_world(coach: Coach, values: Values, shown, capture) -> Coach:
    """The coach's own edit (the same service as their profile form and the API), then a
    League admin's certification; on_commit work (cache versions) runs as on a live site."""
    with capture(execute=True):
        coach_services.coach_update(
            coach=coach, actor=coach.user, data={**values.data(), "public_fields": list(shown)},
            languages=[{"language": values.language, "level": "fluent"}],
            trainings=[{"name": values.training, "provider": values.training, "year": 2024}])
        coach.certifications.all().delete()
        coach_services.certification_add(
            coach=coach, actor=None, notify=False, file=_pdf("cert.pdf"),
            data={"issuer": values.issuer, "title": values.certificate,
                  "issued_on": datetime.date(2025, 1, 10)})
    return Coach.objects.get(pk=coach.pk)


@pytest.fixture
def world(make_coach, make_pilot, make_event, league_admin, django_capture_on_commit_callbacks,
          settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PAGE_CACHE_SECONDS = 300
    rates = {name: "100000/min" for name in settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    seed_practices_load()
    seed_pilots_load()
    network_seed_load()
    south, north = Region.objects.get(code="south"), Region.objects.get(code="north")
    centres = list(LearningCentre.objects.order_by("number")[:2])
    for centre, region in zip(centres, (south, north), strict=True):
        centre.region = region
        centre.save()

    owner = person("target.coach@example.org", User.Role.COACH)
    coach = make_coach(user=owner, public=["name"], provinces=["90"], regions=["east"],
                       name="ตั้งต้น ชั่วคราว")
    coach_services.coach_update(coach=coach, actor=owner, data={}, photo=_png("face.png"))
    other_user = person("other.coach@example.org", User.Role.COACH)
    other = make_coach(user=other_user, public=["name", "home_municipality", "languages"],
                       name="ผู้อื่น เปิดเผย", home="เทศบาลนครยะลา", languages=[("ms", "basic")])
    make_coach(public=["name"], name="กลาง ตัวอย่าง", home="เทศบาลนครภูเก็ต")
    make_coach(public=[], name="นิรนาม ตัวอย่าง", home="เทศบาลนครเชียงราย")
    staff = person("staff@udon.example.org", User.Role.STAFF,
                   municipality=Municipality.objects.get(name_th="เทศบาลนครอุดรธานี"))
    coordinator = person("coordinator@songkhla.example.org", User.Role.STAFF)

    pilot = make_pilot(code="PV-1", municipality="เทศบาลนครสงขลา", coordinator=coordinator)
    assignment = pilot_services.assignment_add(pilot=pilot, coach=coach, role="lead",
                                               starts_on=datetime.date(2026, 1, 1))
    pilot_services.assignment_add(pilot=pilot, coach=other, role="coach",
                                  starts_on=datetime.date(2026, 1, 1))
    reports = []
    for month, publish in ((9, False), (10, True)):
        report = report_services.report_start(pilot=pilot, coach=coach, kind="month",
                                              year=2026, number=month)
        report_services.report_update(report=report, actor=owner, data={
            "summary": f"สรุปรายงานเดือน {month}"}, files=[_pdf(f"แนบ {month}.pdf")])
        with django_capture_on_commit_callbacks(execute=True):
            report_services.report_submit(report=report, actor=owner)
            if publish:
                report_services.report_publish(report=report, actor=league_admin)
        reports.append(report)
    event = make_event(title="อบรมพี่เลี้ยงความเป็นส่วนตัว", starts="2026-12-10 09:00",
                       organiser="centre", organiser_centre=centres[0])
    event.coaches.set([coach, other])

    coach = Coach.objects.get(pk=coach.pk)
    practice = Practice.objects.filter(status=Practice.Status.PUBLISHED).order_by("pk").first()
    municipalities = [Municipality.objects.get(name_th=v.home).pk
                      for v in (ALPHA, BRAVO, ALPHA_NEIGHBOUR)]
    executive = coach.executives.first()
    attachment = reports[0].attachments.get()
    files = [coach.photo.url, attachment.file.url, reports[1].attachments.get().file.url]
    samples = {
        "pk": [coach.pk],
        ("reports:report", "pk"): [r.pk for r in reports],
        ("reports:report-edit", "pk"): [reports[0].pk],
        ("reports:report-submit", "pk"): [reports[0].pk],
        ("reports:report-correct", "pk"): [reports[0].pk],
        ("reports:report-comment", "pk"): [reports[0].pk],
        ("reports:report-publish", "pk"): [reports[0].pk],
        **{(f"report-{n}", "pk"): [r.pk for r in reports]
           for n in ("detail", "attachments", "comments", "correct", "submit")},
        ("municipality-detail", "pk"): municipalities,
        ("recommendation-detail", "pk"): [Recommendation.objects.order_by("pk").first().pk],
        ("deliveries:brief", "pk"): [r.pk for r in reports],
        "object_id": [coach.pk], "id": [owner.pk], "app_label": ["coaches"],
        "content_type_id": [ContentType.objects.get_for_model(Coach).pk],
        "url": ["coaches/coach/"],
        "slug": [pilot.slug],
        **{(name, "slug"): [practice.slug] for name in (
            "practices:detail", "practices:edit", "practices:review", "practice-detail",
            "practice-status")},
        **{(name, "slug"): [p.slug for p in Partner.objects.filter(slug__in=["kpi", "delgosea"])]
           for name in ("network:partner", "partner-detail")},
        **{(name, "slug"): [c.slug for c in centres]
           for name in ("network:centre", "learning-centre-detail", "events:centre-feed")},
        **{(name, "slug"): [event.slug] for name in (
            "events:detail", "events:event-feed", "events:register", "events:cancel",
            "events:attendance", "event-detail", "event-registration")},
        "practice_slug": [practice.slug],
        "code": ["south", "north"],
        ("province-detail", "code"): ["95", "57", "83"],
        ("theme-detail", "code"): ["governance"],
        "token": ["not-a-signed-token"],
        "language": ["th", "en"],
        "format": ["json"],
        "executive_id": [executive.pk],
        "assignment_id": [assignment.pk],
        "key": ["not-a-key"], "uidb36": ["1"],
        "kind": ["coach-photo"], ("protected-file", "pk"): [coach.pk],
    }
    # The admin in Thai only: it answers every persona here with the login page.
    pages = [s for s in surfaces(samples, languages=("", "en/"))
             if not s.url.startswith("/en/admin/")]
    # Files by their own addresses (the kind/pk/key pattern above only proves the pattern).
    pages += [Surface(url=url, name="protected-file", listing=False) for url in files]

    probes = []
    for values in (ALPHA, BRAVO, ALPHA_NEIGHBOUR):
        home = Municipality.objects.select_related("province__region").get(name_th=values.home)
        probes += [f"q={values.name_th.split()[0]}", f"q={values.bio.split()[0]}",
                   f"q={values.position}", f"q={values.training.split()[0]}",
                   f"q={values.email}", f"search={values.name_th.split()[0]}",
                   f"search={values.bio.split()[1]}", f"language={values.language}",
                   f"region={home.province.region.code}", f"province={home.province.code}",
                   f"municipality={home.pk}",
                   f"municipality={home.pk}&theme=governance&language={values.language}"]
    clients = {"anonymous": Client()}
    for persona, user in (("another coach", other_user), ("municipal staff", staff)):
        clients[persona] = Client()
        clients[persona].force_login(user)
    posts = [(f"/en/coaches/{coach.pk}/contact/", {"sender_name": "", "message": "x"})]
    return World(coach=coach, clients=clients, surfaces=pages, probes=sorted(set(probes)),
                 posts=posts)


_VOLATILE = [
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'), 'name="csrfmiddlewaretoken"'),
    (re.compile(r'nonce="[^"]*"'), 'nonce=""'),
]


def _body(response) -> str:
    content = (b"".join(response.streaming_content) if response.streaming
               else response.content)
    text = content.decode("utf-8", errors="replace")
    for pattern, replacement in _VOLATILE:
        text = pattern.sub(replacement, text)
    return f"{response.status_code} {response.get('Location', '')}\n{text}"


def _probed(surface: Surface) -> bool:
    """Lists take the probes: once (a search matches alike in both languages), not the
    admin's or the account pages (they show only the signed-in person's own records)."""
    return surface.listing and not surface.url.startswith(
        ("/en/", "/admin/", "/accounts/")) and "." not in surface.url.rsplit("/", 1)[-1]


def _answers(world: World, personas=None) -> dict[tuple[str, str], str]:
    """Every persona's answer at every address (lists also with every probe). Signed-in
    personas see the pages in Thai; the anonymous visitor in both languages."""
    answers = {}
    for persona, client in world.clients.items():
        if personas and persona not in personas:
            continue
        for surface in world.surfaces:
            if persona != "anonymous" and surface.url.startswith("/en/"):
                continue
            answers[(persona, surface.url)] = _body(client.get(surface.url))
            if persona == "anonymous" and _probed(surface):
                for probe in world.probes:
                    url = f"{surface.url}?{probe}"
                    answers[(persona, url)] = _body(client.get(url))
        for url, data in world.posts:
            answers[(persona, f"POST {url}")] = _body(client.post(url, data))
    return answers


def _differences(first: dict, second: dict) -> list[str]:
    found = []
    for key in first:
        if first[key] != second[key]:
            diff = [line for line in difflib.unified_diff(
                first[key].splitlines(), second[key].splitlines(), lineterm="", n=0)
                if line[:1] in "+-" and line[:3] not in ("+++", "---")]
            found.append(f"{key[0]} {key[1]}: " + " | ".join(diff[:4])[:400])
    return found


def _same_wherever(world, capture, first: Values, second: Values, shown, personas=None):
    coach = _set_world(world.coach, first, shown, capture)
    cache.clear()
    before = _answers(world, personas)
    errors = sorted(f"{persona} {url}" for (persona, url), answer in before.items()
                    if answer.startswith("5"))
    assert not errors, "server errors:\n" + "\n".join(errors[:40])
    _set_world(coach, second, shown, capture)
    cache.clear()
    after = _answers(world, personas)
    differences = _differences(before, after)
    assert not differences, (f"{len(differences)} answers reveal hidden fields "
                             f"(shown: {list(shown)}):\n" + "\n".join(differences[:40]))


def test_the_surfaces_cover_every_kind_of_page(world):
    urls = {s.url for s in world.surfaces}
    for expected in ("/coaches/", "/en/coaches/", f"/coaches/{world.coach.pk}/",
                     "/api/coaches/", "/api/coaches/match/", "/api/coaches/coverage/",
                     "/events/calendar.ics", "/practices/feed/", "/api/practices/export/",
                     "/network/", "/pilots/pv-1/", "/api/schema/", "/healthz", "/admin/",
                     "/accounts/login/"):
        assert expected in urls, expected
    assert len(world.surfaces) > 300


def test_nothing_hidden_changes_any_answer(world, django_capture_on_commit_callbacks):
    with time_machine.travel(DEFAULT_NOW, tick=False):
        _same_wherever(world, django_capture_on_commit_callbacks, ALPHA, BRAVO, shown=[])


def test_a_shown_name_reveals_nothing_else(world, django_capture_on_commit_callbacks):
    named = {**BRAVO.__dict__, "name_th": ALPHA.name_th, "name_en": ALPHA.name_en}
    with time_machine.travel(DEFAULT_NOW, tick=False):
        _same_wherever(world, django_capture_on_commit_callbacks, ALPHA, Values(**named),
                       shown=["name", "photo"], personas=["anonymous"])


def test_a_shown_region_reveals_no_municipality(world, django_capture_on_commit_callbacks):
    with time_machine.travel(DEFAULT_NOW, tick=False):
        _same_wherever(world, django_capture_on_commit_callbacks, ALPHA, ALPHA_NEIGHBOUR,
                       shown=["name", "home_region"], personas=["anonymous"])


def test_what_is_shown_appears_and_a_withdrawal_reaches_every_cached_answer(
        world, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    with time_machine.travel(DEFAULT_NOW, tick=False):
        coach = _set_world(world.coach, ALPHA, [], capture)
        cache.clear()
        hidden = _answers(world, personas=["anonymous"])
        _set_world(coach, ALPHA, ALL_CONSENTS, capture)
        shown = _answers(world, personas=["anonymous"])  # and kept in the page cache
        everything = "\n".join(shown.values())
        for value in (ALPHA.name_th, ALPHA.name_en, ALPHA.position, ALPHA.phone, ALPHA.email,
                      ALPHA.bio, ALPHA.training, ALPHA.certificate, "Malay", "มลายู",
                      "Works at Yala City Municipality", "เทศบาลนครยะลา", coach.photo.url):
            assert value in everything, f"shown, yet nowhere to be seen: {value}"
        coach = Coach.objects.get(pk=coach.pk)
        with capture(execute=True):
            coach_services.coach_update(coach=coach, actor=coach.user,
                                        data={"public_fields": []})
        withdrawn = _answers(world, personas=["anonymous"])
    differences = _differences(hidden, withdrawn)
    assert not differences, ("still shown after the coach withdrew consent:\n"
                             + "\n".join(differences[:40]))
