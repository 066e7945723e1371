"""The reminder e-mail the day before an event: once per person and event, only for people
with a place, and tried again when the mail server could not be reached."""

import pytest
from django.core import mail

from config.settings.mail import mailers_from_url
from events import services, tasks
from events.models import Registration
from events.reminders import event_reminders
from portal.clock import today
from tests.conftest import person
from tests.smtp_sink import SmtpServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered(make_event):
    """An event on 1 December 2026 with two places: one person and then another registered,
    a third waiting, a fourth who cancelled."""
    event = make_event(title="อบรมวิทยากรพี่เลี้ยง", starts="2026-12-01 09:00", capacity=2)
    people = [person(f"p{n}@example.org", "staff", preferred_language="en" if n == 1 else "th")
              for n in range(1, 5)]
    for user in people:
        services.registration_register(event=event, user=user)
    Registration.objects.filter(user=people[1]).update(status="cancelled")
    Registration.objects.filter(user=people[3]).update(status="cancelled")
    mail.outbox.clear()
    return event


def _run(clock, day: str) -> dict:
    clock.set(day, at="09:00")
    return tasks.send_reminders.delay().get()


def test_people_with_a_place_are_reminded_once_the_day_before(clock, registered):
    assert _run(clock, "2026-11-29") == {"sent": 0, "failed": 0}
    assert _run(clock, "2026-11-30") == {"sent": 1, "failed": 0}
    [reminder] = mail.outbox
    assert reminder.to == ["p1@example.org"]
    assert reminder.subject == "Tomorrow: อบรมวิทยากรพี่เลี้ยง"  # in the person's language
    assert "1 December 2026, 09:00–16:00" in reminder.body
    assert _run(clock, "2026-11-30") == {"sent": 0, "failed": 0}  # beat fired twice
    assert _run(clock, "2026-12-01") == {"sent": 0, "failed": 0}
    assert len(mail.outbox) == 1


def test_a_cancelled_event_sends_no_reminder(clock, registered):
    registered.status = "cancelled"
    registered.save()
    assert _run(clock, "2026-11-30") == {"sent": 0, "failed": 0}
    assert mail.outbox == []


def test_a_reminder_the_mail_server_refused_goes_out_on_the_next_run(clock, registered,
                                                                     settings):
    down = SmtpServer()  # not started: connections are refused
    settings.MAILERS = mailers_from_url(down.url, base_dir=settings.BASE_DIR)
    clock.set("2026-11-30", at="09:00")
    assert event_reminders(today()).as_dict() == {"sent": 0, "failed": 1}
    assert not Registration.objects.filter(reminded_at__isnull=False).exists()
    server = SmtpServer(port=down.port).start()
    try:
        assert event_reminders(today()).as_dict() == {"sent": 1, "failed": 0}
    finally:
        server.stop()
    assert [m["To"] for m in server.sink.messages] == ["p1@example.org"]
