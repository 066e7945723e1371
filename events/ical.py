"""iCalendar (RFC 5545) feeds of events, written with the icalendar library: one event, a
learning centre's events, or every public event. Times are given in Asia/Bangkok with its
VTIMEZONE, so calendars in any zone show them right."""

import datetime
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

from events.models import Event
from portal import clock

PRODID = "-//National Municipal League of Thailand//Portal events//TH"


def _uid(event: Event) -> str:
    return f"event-{event.pk}@{urlsplit(settings.SITE_URL).hostname or 'localhost'}"


def _description(event: Event, url: str) -> str:
    parts = [event.summary] if event.summary else []
    if event.online_url:
        parts.append(event.online_url)
    parts.append(url)
    return "\n\n".join(parts)


def vevent(event: Event) -> VEvent:
    url = settings.SITE_URL + event.get_absolute_url()
    component = VEvent()
    component.add("uid", _uid(event))
    component.add("dtstamp", clock.now())
    component.add("dtstart", timezone.localtime(event.starts_at))
    component.add("dtend", timezone.localtime(event.ends_at))
    component.add("summary", event.title)
    component.add("description", _description(event, url))
    if event.place:
        component.add("location", event.place)
    component.add("url", url)
    component.add("categories", [str(event.get_kind_display())])
    component.add("status", "CANCELLED" if event.status == Event.Status.CANCELLED
                  else "CONFIRMED")
    # Calendars apply a change when the sequence grows: minutes since the epoch of the last
    # edit grow with every edit.
    component.add("sequence", int(event.updated_at.timestamp() // 60))
    component.add("last-modified", event.updated_at)
    return component


def calendar(events, *, name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    for event in events:
        cal.add_component(vevent(event))
    cal.add_missing_timezones()
    return cal.to_ical()


def calendar_response(events, *, name: str, filename: str) -> HttpResponse:
    response = HttpResponse(calendar(events, name=name),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def google_calendar_url(event: Event) -> str:
    """Google Calendar's "add event" form filled in (times in UTC)."""
    stamp = "%Y%m%dT%H%M%SZ"
    dates = (f"{event.starts_at.astimezone(datetime.UTC):{stamp}}/"
             f"{event.ends_at.astimezone(datetime.UTC):{stamp}}")
    query = urlencode({"action": "TEMPLATE", "text": event.title, "dates": dates,
                       "details": _description(event, settings.SITE_URL
                                               + event.get_absolute_url()),
                       "location": event.place, "ctz": settings.TIME_ZONE})
    return f"https://calendar.google.com/calendar/render?{query}"
