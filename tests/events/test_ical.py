"""The calendar feeds are valid iCalendar (RFC 5545), read back with the icalendar library."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from icalendar import Calendar

from events.models import Event
from network.models import LearningCentre

pytestmark = pytest.mark.django_db

BANGKOK = ZoneInfo("Asia/Bangkok")


def _calendar(client, url) -> Calendar:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def _events(calendar: Calendar) -> dict:
    return {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}


def test_the_feed_of_all_public_events_is_valid_icalendar(client, make_event, network):
    centre = LearningCentre.objects.get(number=1)
    make_event(title="อบรมการจัดการขยะ", starts="2026-12-01 09:00", hours=7,
               organiser="centre", organiser_centre=centre, venue="ห้องประชุมเทศบาล")
    make_event(title="ศึกษาดูงานตลาดเก่า", kind="study_visit", starts="2026-12-10 08:30",
               status="cancelled")
    make_event(title="ประชุมภายใน", is_public=False)
    calendar = _calendar(client, "/events/calendar.ics")
    assert str(calendar["VERSION"]) == "2.0" and "PRODID" in calendar
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Bangkok"]
    events = _events(calendar)
    assert set(events) == {"อบรมการจัดการขยะ", "ศึกษาดูงานตลาดเก่า"}  # not the internal one
    training = events["อบรมการจัดการขยะ"]
    for required in ("UID", "DTSTAMP", "DTSTART", "DTEND"):
        assert required in training
    assert training["DTSTART"].dt == datetime.datetime(2026, 12, 1, 9, 0, tzinfo=BANGKOK)
    assert training["DTSTART"].params["TZID"] == "Asia/Bangkok"
    assert training["DTEND"].dt - training["DTSTART"].dt == datetime.timedelta(hours=7)
    assert "ห้องประชุมเทศบาล" in str(training["LOCATION"])
    assert str(training["URL"]) == settings.SITE_URL + Event.objects.get(
        title_th="อบรมการจัดการขยะ").get_absolute_url()
    assert str(events["ศึกษาดูงานตลาดเก่า"]["STATUS"]) == "CANCELLED"
    uids = [str(e["UID"]) for e in calendar.walk("VEVENT")]
    assert len(set(uids)) == 2


def test_an_event_and_a_centre_have_feeds_of_their_own(client, make_event, network):
    centre = LearningCentre.objects.get(number=2)
    ours = make_event(title="เวทีทบทวนระหว่างเทศบาล", kind="peer_review", organiser="centre",
                      organiser_centre=centre)
    make_event(title="งานอื่น")
    assert set(_events(_calendar(client, f"/events/centres/{centre.slug}/calendar.ics"))) == {
        "เวทีทบทวนระหว่างเทศบาล"}
    single = _calendar(client, f"/events/{ours.slug}/calendar.ics")
    assert list(_events(single)) == ["เวทีทบทวนระหว่างเทศบาล"]
    english = _calendar(client, f"/en/events/{ours.slug}/calendar.ics")
    assert str(english.walk("VEVENT")[0]["CATEGORIES"].cats[0]) == "Peer review"


def test_the_uid_stays_and_the_sequence_grows_when_an_event_changes(client, clock, make_event):
    event = make_event(title="อบรม")
    before = _calendar(client, f"/events/{event.slug}/calendar.ics").walk("VEVENT")[0]
    clock.set("2026-11-19")
    event.venue = "ห้องประชุมใหญ่"
    event.save()
    after = _calendar(client, f"/events/{event.slug}/calendar.ics").walk("VEVENT")[0]
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])


def test_a_private_event_has_no_public_feed(client, make_event, league_admin):
    event = make_event(is_public=False)
    assert client.get(f"/events/{event.slug}/calendar.ics").status_code == 404
    client.force_login(league_admin)
    assert client.get(f"/events/{event.slug}/calendar.ics").status_code == 200
