"""Events over the API: the list page's filters, and a person's registration."""

import pytest

from events.models import Registration
from tests.conftest import api_client, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(make_event):
    return [make_event(title="อบรมปีที่แล้ว", starts="2025-11-01 09:00"),
            make_event(title="ศึกษาดูงาน", kind="study_visit", starts="2026-12-05 09:00",
                       capacity=1),
            make_event(title="ภายใน", is_public=False)]


def test_the_list_gives_upcoming_public_events_with_the_pages_filters(events):
    api = api_client()
    listed = api.get("/api/events/").json()
    assert [e["title_th"] for e in listed["results"]] == ["ศึกษาดูงาน"]
    event = listed["results"][0]
    assert (event["kind"], event["capacity"], event["places_taken"]) == ("study_visit", 1, 0)
    assert event["calendar_url"].endswith("/calendar.ics")
    assert [e["title_th"] for e in api.get("/api/events/?when=past").json()["results"]] == [
        "อบรมปีที่แล้ว"]
    assert api.get("/api/events/?kind=training").json()["count"] == 0
    bad = api.get("/api/events/?kind=party")
    assert bad.status_code == 400 and "kind" in bad.json()


def test_a_person_registers_waits_and_cancels_over_the_api(events, staff_user):
    event = events[1]
    url = f"/api/events/{event.slug}/registration/"
    assert api_client().post(url).status_code == 401
    first, second = api_client(staff_user), api_client(person("b@example.org", "staff"))
    assert first.get(url).status_code == 404
    assert first.post(url).json()["status"] == "confirmed"
    waiting = second.post(url)
    assert waiting.status_code == 201
    assert (waiting.json()["status"], waiting.json()["position"]) == ("waitlisted", 1)
    assert first.delete(url).status_code == 204
    assert second.get(url).json()["status"] == "confirmed"
    assert first.delete(url).status_code == 400  # not registered any more
    assert Registration.objects.filter(status="confirmed").count() == 1


def test_a_private_event_is_not_found_over_the_api(events, staff_user):
    assert api_client().get(f"/api/events/{events[2].slug}/").status_code == 404
    client = api_client(staff_user)
    assert client.post(f"/api/events/{events[2].slug}/registration/").status_code == 404
