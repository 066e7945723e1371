"""Registering for an event in the browser, and the calendar feeds a browser downloads."""

import pytest
from icalendar import Calendar

from events import services
from events.models import Registration
from tests.browser.conftest import axe_violations
from tests.browser.test_nomination_flow import log_in
from tests.conftest import PASSWORD, person

pytestmark = pytest.mark.browser


def test_a_person_registers_for_an_event_joins_the_waiting_list_and_adds_it_to_a_calendar(
        page, make_event, staff_user):
    event = make_event(title="อบรมวิทยากรพี่เลี้ยง", starts="2026-12-01 09:00", capacity=1,
                       venue="ห้องประชุมเทศบาลนครยะลา")
    first = person("first@example.org", "staff")
    Registration.objects.create(event=event, user=first, status="confirmed",
                                queued_at=event.created_at)

    log_in(page, staff_user.email, PASSWORD)
    page.goto(f"{page.base}/en/events/")
    page.get_by_role("link", name="อบรมวิทยากรพี่เลี้ยง").click()
    main = page.locator("main")
    assert "1 December 2026, 09:00–16:00" in main.inner_text()
    assert "1 of 1 taken, full" in main.inner_text()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Join the waiting list").click()
    assert "You are number 1 on the waiting list." in main.inner_text()
    assert Registration.objects.get(user=staff_user).status == "waitlisted"

    # The single event's calendar file, as "Download ... (.ics)" gives it
    link = page.get_by_role("link", name="Download for Apple Calendar, Outlook and others (.ics)")
    response = page.request.get(page.base + link.get_attribute("href"))
    assert response.ok and response.headers["content-type"].startswith("text/calendar")
    [vevent] = Calendar.from_ical(response.body()).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "อบรมวิทยากรพี่เลี้ยง"
    assert vevent["DTSTART"].params["TZID"] == "Asia/Bangkok"

    # The first person cancels: the place goes to the person waiting
    services.registration_cancel(event=event, user=first)
    page.reload()
    assert "You are registered." in main.inner_text()
    page.get_by_role("link", name="Cancel my registration").click()
    assert axe_violations(page) == []  # the "are you sure?" page
    page.get_by_role("button", name="Yes, cancel my registration").click()
    assert "Your registration is cancelled." in main.inner_text()
    assert page.get_by_role("button", name="Register").is_visible()

    # The feed of every public event, from the list page's link
    page.goto(f"{page.base}/en/events/")
    feed = page.get_by_role("link", name="Subscribe to all public events (iCal)")
    calendar = Calendar.from_ical(page.request.get(page.base + feed.get_attribute("href"))
                                  .body())
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["อบรมวิทยากรพี่เลี้ยง"]
