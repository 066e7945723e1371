"""The event pages: upcoming and past, filters, an event's page with registration, the
attendance sheet and "My events"."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from events import services
from events.models import Registration
from network.models import LearningCentre
from portal.models import Region
from tests.conftest import person

pytestmark = pytest.mark.django_db


def _html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _titles(html: str) -> list[str]:
    return re.findall(r'<h3 id="event-\d+"><a href="[^"]+">(?:<span lang="th">)?([^<]+)<', html)


@pytest.fixture
def calendar_of_events(make_event, network):
    north = Region.objects.get(code="north")
    centre = LearningCentre.objects.get(number=1)
    centre.region = north
    centre.save()
    return {
        "past": make_event(title="อบรมปีที่แล้ว", starts="2025-11-01 09:00"),
        "soon": make_event(title="ศึกษาดูงานเชียงราย", kind="study_visit",
                           starts="2026-11-25 09:00", municipality="เทศบาลนครเชียงราย",
                           themes=("environment",)),
        "later": make_event(title="หลักสูตรรับรองวิทยากร", kind="certification",
                            starts="2027-01-12 09:00", organiser="centre",
                            organiser_centre=centre, municipality="", venue="ออนไลน์",
                            online_url="https://meet.example.org/coach"),
        "private": make_event(title="ประชุมคณะทำงาน", is_public=False),
    }


def test_the_list_shows_upcoming_events_first_and_past_ones_on_request(client,
                                                                        calendar_of_events):
    assert _titles(_html(client, "/en/events/")) == ["ศึกษาดูงานเชียงราย", "หลักสูตรรับรองวิทยากร"]
    assert _titles(_html(client, "/en/events/?when=past")) == ["อบรมปีที่แล้ว"]


@pytest.mark.parametrize(("query", "expected"), [
    ("kind=study_visit", ["ศึกษาดูงานเชียงราย"]),
    ("region=north", ["ศึกษาดูงานเชียงราย", "หลักสูตรรับรองวิทยากร"]),  # place or centre
    ("theme=environment", ["ศึกษาดูงานเชียงราย"]),
    ("region=south", []),
])
def test_the_list_filters_by_kind_region_and_theme(client, calendar_of_events, query,
                                                   expected):
    html = _html(client, f"/en/events/?{query}")
    assert _titles(html) == expected
    if not expected:
        assert "No event matches these filters" in html


def test_a_bad_filter_says_so_and_lists_nothing(client, calendar_of_events):
    html = _html(client, "/en/events/?kind=party")
    assert "Some filters are not valid" in html and _titles(html) == []


def test_the_event_page_shows_when_where_and_who_in_the_readers_calendar(client,
                                                                         calendar_of_events):
    event = calendar_of_events["later"]
    thai = _html(client, event.get_absolute_url())
    assert "12 มกราคม 2570, 09:00–16:00 น." in thai  # Buddhist Era
    english = _html(client, "/en" + event.get_absolute_url())
    assert "12 January 2027, 09:00–16:00" in english
    assert "https://meet.example.org/coach" in english
    with translation.override("en"):
        centre_url = LearningCentre.objects.get(number=1).get_absolute_url()
        feed_url = reverse("events:event-feed", args=[event.slug])
    assert f'href="{centre_url}"' in english and f'href="{feed_url}"' in english
    assert "calendar.google.com/calendar/render?action=TEMPLATE" in english
    assert '<h1><span lang="th">หลักสูตรรับรองวิทยากร</span></h1>' in english  # no English title
    assert "Log in to register" in english


def test_a_private_event_is_hidden_from_the_public(client, calendar_of_events, league_admin):
    event = calendar_of_events["private"]
    assert client.get(event.get_absolute_url()).status_code == 404
    assert "ประชุมคณะทำงาน" not in _html(client, "/events/")
    client.force_login(league_admin)
    assert client.get(event.get_absolute_url()).status_code == 200


def test_registering_and_cancelling_on_the_page(client, calendar_of_events, staff_user,
                                                other_coach_user):
    event = calendar_of_events["soon"]
    event.capacity = 1
    event.save()
    url = "/en" + event.get_absolute_url()
    client.force_login(other_coach_user)
    client.post(url + "register/")
    client.force_login(staff_user)
    response = client.post(url + "register/", follow=True)
    assert "The event is full: you are on the waiting list." in response.content.decode()
    assert "You are number 1 on the waiting list." in _html(client, url)
    client.force_login(other_coach_user)
    confirm = _html(client, url + "cancel/")  # "are you sure?" first; nothing changes yet
    assert "Your place will go to the first person on the waiting list." in confirm
    assert Registration.objects.get(user=other_coach_user).status == "confirmed"
    client.post(url + "cancel/")
    client.force_login(staff_user)
    assert "You are registered." in _html(client, url)
    assert Registration.objects.get(user=staff_user).status == "confirmed"


def test_registration_needs_a_login_and_a_post(client, calendar_of_events, staff_user):
    event = calendar_of_events["soon"]
    url = event.get_absolute_url()
    response = client.post(url + "register/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(staff_user)
    assert client.get(url + "register/").status_code == 405
    assert not Registration.objects.exists()
    response = client.get("/en" + url + "cancel/", follow=True)  # not registered
    assert "You are not registered for this event." in response.content.decode()


def test_only_the_person_in_charge_and_league_admins_see_the_attendance_sheet(
        client, clock, calendar_of_events, staff_user, league_admin, coach_user):
    event = calendar_of_events["soon"]
    event.contact = coach_user
    event.save()
    services.registration_register(event=event, user=staff_user)
    url = f"/en/events/{event.slug}/attendance/"
    client.force_login(staff_user)
    assert client.get(url).status_code == 403
    client.force_login(coach_user)
    page = _html(client, url)
    assert "Attendance can be marked once the event has started." in page
    clock.set("2026-11-25", at="17:00")
    client.force_login(coach_user)
    registration = Registration.objects.get(user=staff_user)
    response = client.post(url, {"attended": [str(registration.pk)]}, follow=True)
    assert "Attendance saved." in response.content.decode()
    registration.refresh_from_db()
    assert registration.attended is True
    response = client.post(url, {"attended": ["not a number"]})
    assert "nothing was saved" in response.content.decode()
    client.force_login(league_admin)
    assert client.get(url).status_code == 200


def test_my_events_lists_upcoming_and_past_registrations(client, clock, calendar_of_events,
                                                         staff_user):
    services.registration_register(event=calendar_of_events["soon"], user=staff_user)
    client.force_login(staff_user)
    page = _html(client, "/en/events/mine/")
    upcoming, past = page.split('id="past-heading"')
    assert "ศึกษาดูงานเชียงราย" in upcoming and "No past event yet." in past


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_counts_do_not_grow_with_events_and_registrations(client, make_event, network,
                                                                staff_user):
    make_event(title="งานแรก", starts="2026-12-02 09:00")
    event = make_event(title="งานที่สอง", starts="2026-12-03 09:00", capacity=5)
    client.force_login(staff_user)
    before = (_queries(client, "/events/"), _queries(client, event.get_absolute_url()))
    for n in range(6):
        other = make_event(title=f"งานเพิ่ม {n}", starts=f"2026-12-1{n} 09:00", capacity=3)
        for k in range(3):
            services.registration_register(event=other, user=person(f"x{n}{k}@example.org",
                                                                    "staff"))
            services.registration_register(event=event, user=person(f"y{n}{k}@example.org",
                                                                     "staff"))
    after = (_queries(client, "/events/"), _queries(client, event.get_absolute_url()))
    assert after == before
