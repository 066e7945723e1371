"""Registering for an event: places, the waiting list, cancellation, and the e-mails."""

import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from events import services
from events.models import Registration
from tests.conftest import need_service, person

pytestmark = pytest.mark.django_db

CONFIRMED, WAITLISTED, CANCELLED = "confirmed", "waitlisted", "cancelled"


@pytest.fixture
def people(db):
    return [person(f"person{n}@yala.example.org", "staff", first_name=f"คนที่{n}")
            for n in range(1, 5)]


def _statuses(event) -> dict:
    return dict(event.registrations.values_list("user__email", "status"))


def test_places_go_first_come_first_served_then_the_waiting_list(make_event, people,
                                                                 django_capture_on_commit_callbacks):
    event = make_event(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        for user in people[:3]:
            services.registration_register(event=event, user=user)
    assert _statuses(event) == {"person1@yala.example.org": CONFIRMED,
                                "person2@yala.example.org": CONFIRMED,
                                "person3@yala.example.org": WAITLISTED}
    waiting_mail = [m for m in mail.outbox if m.to == ["person3@yala.example.org"]]
    assert len(waiting_mail) == 1 and "รายชื่อสำรอง" in waiting_mail[0].subject


def test_registering_twice_changes_nothing(make_event, people):
    event = make_event(capacity=1)
    first = services.registration_register(event=event, user=people[0])
    again = services.registration_register(event=event, user=people[0])
    assert first.pk == again.pk and again.status == CONFIRMED
    assert event.registrations.count() == 1


def test_a_cancelled_place_goes_to_the_first_person_waiting(make_event, people,
                                                           django_capture_on_commit_callbacks):
    event = make_event(capacity=1)
    for user in people[:3]:
        services.registration_register(event=event, user=user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(event=event, user=people[0])
    assert _statuses(event) == {"person1@yala.example.org": CANCELLED,
                                "person2@yala.example.org": CONFIRMED,
                                "person3@yala.example.org": WAITLISTED}
    [promoted] = mail.outbox
    assert promoted.to == ["person2@yala.example.org"]
    assert promoted.subject == "ท่านได้ที่นั่งแล้ว: อบรมวิทยากรพี่เลี้ยง"


def test_leaving_the_waiting_list_gives_nobody_a_place(make_event, people):
    event = make_event(capacity=1)
    for user in people[:3]:
        services.registration_register(event=event, user=user)
    services.registration_cancel(event=event, user=people[1])
    assert _statuses(event)["person3@yala.example.org"] == WAITLISTED


def test_someone_who_cancelled_may_register_again_at_the_end_of_the_queue(make_event, people):
    event = make_event(capacity=1)
    services.registration_register(event=event, user=people[0])
    services.registration_register(event=event, user=people[1])
    services.registration_cancel(event=event, user=people[0])  # people[1] gets the place
    again = services.registration_register(event=event, user=people[0])
    assert again.status == WAITLISTED


def test_more_places_go_to_the_people_waiting(make_event, people):
    event = make_event(capacity=1)
    for user in people:
        services.registration_register(event=event, user=user)
    event.capacity = 3
    event.save()
    promoted = services.waitlist_promote(event=event)
    assert [r.user.email for r in promoted] == ["person2@yala.example.org",
                                                "person3@yala.example.org"]
    assert _statuses(event)["person4@yala.example.org"] == WAITLISTED


@pytest.mark.parametrize(("change", "message"), [
    ({"status": "cancelled"}, "This event is cancelled."),
    ({"registration_open": False}, "Registration for this event is closed."),
    ({"starts": "2026-11-18 09:00"}, "This event has already started."),  # the clock: 10:00
])
def test_nobody_can_register_for_a_cancelled_closed_or_started_event(make_event, people, change,
                                                                      message):
    starts = change.pop("starts", "2026-12-01 09:00")
    event = make_event(starts=starts, **change)
    with translation.override("en"), pytest.raises(ValidationError, match=message):
        services.registration_register(event=event, user=people[0])
    assert not Registration.objects.exists()


def test_a_registration_cannot_be_cancelled_once_the_event_has_started(make_event, people,
                                                                        clock):
    event = make_event(starts="2026-12-01 09:00")
    services.registration_register(event=event, user=people[0])
    clock.set("2026-12-01", at="09:30")
    with translation.override("en"), pytest.raises(ValidationError, match="already started"):
        services.registration_cancel(event=event, user=people[0])
    assert _statuses(event)["person1@yala.example.org"] == CONFIRMED


def test_attendance_is_marked_by_the_person_in_charge_after_the_start(make_event, people,
                                                                      league_admin, clock):
    from django.core.exceptions import PermissionDenied

    event = make_event(contact=people[3])
    for user in people[:2]:
        services.registration_register(event=event, user=user)
    came = event.registrations.get(user=people[0]).pk
    with translation.override("en"), pytest.raises(ValidationError, match="once the event"):
        services.attendance_mark(event=event, actor=people[3], attended={came})
    clock.set("2026-12-01", at="17:00")
    with pytest.raises(PermissionDenied):
        services.attendance_mark(event=event, actor=people[1], attended={came})
    services.attendance_mark(event=event, actor=people[3], attended={came})
    assert dict(event.registrations.values_list("user__email", "attended")) == {
        "person1@yala.example.org": True, "person2@yala.example.org": False}
    services.attendance_mark(event=event, actor=league_admin, attended=set())
    assert not event.registrations.filter(attended=True).exists()


@pytest.mark.django_db(transaction=True)
def test_two_people_asking_for_the_last_place_at_once_get_one_place_and_one_wait(
        make_event, people):
    """The event row is locked while places are counted (PostgreSQL)."""
    need_service(connection.vendor == "postgresql", "row locks are PostgreSQL's")
    event = make_event(capacity=1)
    barrier = threading.Barrier(2)
    errors = []

    def ask(user):
        try:
            barrier.wait()
            services.registration_register(event=event, user=user)
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask, args=(user,)) for user in people[:2]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(_statuses(event).values()) == [CONFIRMED, WAITLISTED]
