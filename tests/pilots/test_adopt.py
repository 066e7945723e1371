"""'Adopt this practice': from a practice page to a new pilot project, and back."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from pilots import services
from pilots.models import Pilot
from pilots.seed import seed_pilots_load
from portal.models import Municipality, User
from practices.models import Practice
from practices.seed import seed_practices_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice(reference_data) -> Practice:
    seed_practices_load()
    return Practice.objects.select_related("municipality").get(external_id="delgosea-yala")


@pytest.fixture
def chiang_rai_staff(staff_user) -> User:
    staff_user.municipality = Municipality.objects.get(name_th="เทศบาลนครเชียงราย")
    staff_user.save()
    return staff_user


def _url(obj) -> str:
    with translation.override("th"):
        return obj.get_absolute_url()


def _adopt_url(practice) -> str:
    with translation.override("en"):
        return reverse("pilots:adopt", args=[practice.slug])


def _html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_adopting_a_practice_starts_a_pilot_and_the_practice_page_lists_it(
        client, practice, chiang_rai_staff):
    client.force_login(chiang_rai_staff)
    page = _html(client, f"/en{_url(practice)}")
    assert f'href="{_adopt_url(practice)}"' in page and "Adopt this practice" in page
    assert "No municipality has adopted this practice" in page

    form = client.get(_adopt_url(practice))
    html = form.content.decode()
    chiang_rai = chiang_rai_staff.municipality
    assert re.search(rf'<option value="{chiang_rai.pk}" selected>', html)  # the user's own
    assert f'value="{practice.title_th}"' in html  # the title defaults to the practice's
    assert practice.municipality.name_en in html  # the model city
    assert "Good governance" in html  # themes come from the practice

    response = client.post(_adopt_url(practice), {
        "municipality": chiang_rai.pk, "code": "cr-2026", "title_th": "",
        "starts_on": "2026-12-01"}, follow=True)
    pilot = Pilot.objects.get(code="CR-2026")
    assert response.redirect_chain[-1][0] == f"/en/pilots/{pilot.slug}/"
    html = response.content.decode()
    assert "Pilot project CR-2026 has started" in html
    assert pilot.source_practice == practice and pilot.municipality == chiang_rai
    assert pilot.title_th == practice.title_th and pilot.status == Pilot.Status.PLANNING
    assert pilot.model_city == practice.municipality.name_th
    assert set(pilot.themes.all()) == set(practice.themes.all())
    assert pilot.coordinator == chiang_rai_staff and pilot.starts_on == datetime.date(2026, 12, 1)
    assert f'href="/en{_url(practice)}"' in html and "Model city" in html

    client.logout()  # the public practice page now lists the adopting municipality
    section = _html(client, f"/en{_url(practice)}").split('id="adoptions-heading"')[1]
    section = section.split("</section>")[0]
    assert "Municipalities that adopted this practice" in section
    assert f'<a href="/en/pilots/{pilot.slug}/">Chiang Rai City Municipality</a>' in section
    assert "Planning" in section
    assert "Log in to adopt this practice" in section


def test_anonymous_visitor_is_sent_to_log_in(client, practice):
    response = client.get(_adopt_url(practice))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.post(_adopt_url(practice), {"code": "YL-1"})
    assert response.status_code == 302 and not Pilot.objects.exists()


@pytest.mark.parametrize(("code", "error"), [
    ("CR-2026", "The code CR-2026 is already used by another pilot project."),
    ("cr-2026", "The code CR-2026 is already used by another pilot project."),
    ("CR 2026", "Use letters, a hyphen and digits, e.g. YL-2026."),
    ("", "Enter a code for the pilot project."),
])
def test_a_taken_or_malformed_code_is_refused_and_nothing_is_created(
        client, practice, chiang_rai_staff, make_pilot, code, error):
    make_pilot(code="CR-2026")
    client.force_login(chiang_rai_staff)
    response = client.post(_adopt_url(practice), {
        "municipality": chiang_rai_staff.municipality_id, "code": code,
        "title_th": "โครงการใหม่", "starts_on": "2026-12-01"})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert 'role="alert"' in response.content.decode()
    assert Pilot.objects.count() == 1


def test_staff_adopt_only_for_their_own_municipality(client, practice, chiang_rai_staff,
                                                     league_admin):
    client.force_login(chiang_rai_staff)
    songkhla = Municipality.objects.get(name_th="เทศบาลนครสงขลา")
    response = client.post(_adopt_url(practice), {
        "municipality": songkhla.pk, "code": "SK-1", "title_th": "บริการประชาชน"})
    assert response.status_code == 200
    assert "only for your own municipality" in response.content.decode()
    assert not Pilot.objects.filter(code="SK-1").exists()

    client.force_login(league_admin)  # a League admin may, and is not the coordinator
    response = client.post(_adopt_url(practice), {
        "municipality": songkhla.pk, "code": "SK-1", "title_th": "  บริการ  ประชาชน "})
    assert response.status_code == 302
    pilot = Pilot.objects.get(code="SK-1")
    assert pilot.coordinator is None and pilot.title_th == "บริการ ประชาชน"
    assert pilot.starts_on is None and pilot.province == songkhla.province


def test_only_municipal_staff_and_league_admins_may_adopt(client, practice, coach_user,
                                                          league_admin):
    client.force_login(coach_user)
    assert client.get(_adopt_url(practice)).status_code == 403
    assert "Adopt this practice" not in _html(client, f"/en{_url(practice)}")
    client.force_login(league_admin)
    assert client.get(_adopt_url(practice)).status_code == 200


def test_only_published_practices_can_be_adopted(client, practice, chiang_rai_staff):
    practice.status = Practice.Status.ARCHIVED
    practice.save()
    client.force_login(chiang_rai_staff)
    assert client.get(_adopt_url(practice)).status_code == 404
    assert client.get("/en/pilots/adopt/no-such-practice/").status_code == 404


def test_the_logframe_of_the_practices_own_pilot_is_copied(client, practice, chiang_rai_staff):
    seed_pilots_load()
    own = Pilot.objects.get(code="DG-YL")
    goal = services.logframe_node_add(pilot=own, level="goal", text_th="บริการรวดเร็ว")
    services.logframe_node_add(pilot=own, level="purpose", parent=goal,
                               text_th="ชุมชนร่วมออกแบบบริการ")
    client.force_login(chiang_rai_staff)
    html = client.post(_adopt_url(practice), {
        "municipality": chiang_rai_staff.municipality_id, "code": "CR-7"},
        follow=True).content.decode()
    assert "บริการรวดเร็ว" in html and "ชุมชนร่วมออกแบบบริการ" in html
    # The practice page tells its own pilot apart from the adopters.
    page = _html(client, f"/en{_url(practice)}")
    assert "This page documents the pilot project:" in page and "DG-YL" in page
    assert "Chiang Rai City Municipality" in page.split("Municipalities that adopted")[1]


def test_practice_page_is_refreshed_for_anonymous_visitors_after_an_adoption(
        client, settings, practice, chiang_rai_staff, django_capture_on_commit_callbacks):
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    url = f"/en{_url(practice)}"
    assert "Chiang Rai City Municipality" not in _html(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        services.pilot_adopt(practice=practice, actor=chiang_rai_staff,
                             municipality=chiang_rai_staff.municipality, code="CR-3")
    assert "Chiang Rai City Municipality" in _html(client, url)


# The coach's page: "Projects coached" ----------------------------------------------------------

def test_coach_page_lists_the_public_projects_coached_with_role_and_status(
        client, make_pilot, make_coach):
    coach = make_coach(public=["name"])
    shown = make_pilot(code="YL-1", title_th="ศูนย์บริการจุดเดียว")
    hidden = make_pilot(code="YL-2", title_th="โครงการภายใน", is_public=False)
    for pilot, role in ((shown, "lead"), (hidden, "coach")):
        services.assignment_add(pilot=pilot, coach=coach, role=role,
                                starts_on=datetime.date(2026, 1, 1))
    html = _html(client, f"/en/coaches/{coach.pk}/")
    section = html.split('id="coached-heading"')[1].split("</section>")[0]
    assert "Projects coached" in html
    assert f'href="/en/pilots/{shown.slug}/"' in section and "ศูนย์บริการจุดเดียว" in section
    assert "Lead coach" in section and "Active" in section
    assert "โครงการภายใน" not in html


def test_coach_without_projects_shows_no_section(client, make_coach):
    coach = make_coach(public=["name"])
    assert "Projects coached" not in _html(client, f"/en/coaches/{coach.pk}/")


# Pinned query counts of the pages the panels join ----------------------------------------------

def test_practice_and_coach_pages_do_not_grow_with_adoptions(client, practice, make_coach,
                                                            make_pilot):
    coach = make_coach(public=["name"])
    practice_url, coach_url = _url(practice), f"/coaches/{coach.pk}/"
    _queries(client, practice_url)  # builds this process's library index (related practices)
    before = (_queries(client, practice_url), _queries(client, coach_url))
    for n in range(5):
        pilot = make_pilot(code=f"AD-{n}", source_practice=practice,
                           municipality="เทศบาลนครเชียงราย" if n % 2 else "เทศบาลนครยะลา")
        services.assignment_add(pilot=pilot, coach=coach, role="coach",
                                starts_on=datetime.date(2026, 1, 1))
    after = (_queries(client, practice_url), _queries(client, coach_url))
    assert after == before
    assert after[1] == 9  # the coach profile's pinned count (tests/coaches/test_directory.py)
