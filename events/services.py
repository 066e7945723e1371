"""Every write about events: registration with a waiting list, cancellation (which gives the
place to the first person waiting), attendance. The event row is locked while places are
counted, so two people cannot take the last place at once."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from events.models import Event, Registration
from portal import clock
from portal.models import User
from portal.page_cache import content_changed

Status = Registration.Status


def can_manage(user, event: Event) -> bool:
    """League admins, the event's person in charge and its centre's coordinator."""
    if not user.is_authenticated:
        return False
    if user.is_league_admin or event.contact_id == user.pk:
        return True
    centre = event.organiser_centre if event.organiser_centre_id else None
    return bool(centre and centre.coordinator_id == user.pk)


def registration_refusal(event: Event) -> str:
    """Why nobody can register for the event now ("" when they can)."""
    if event.status == Event.Status.CANCELLED:
        return str(_("This event is cancelled."))
    if event.starts_at <= clock.now():
        return str(_("This event has already started."))
    if not event.registration_open:
        return str(_("Registration for this event is closed."))
    return ""


def _notify(registration: Registration, step: str) -> None:
    from events import tasks

    transaction.on_commit(lambda: tasks.notify_registration.delay(registration.pk, step))


def _changed() -> None:
    transaction.on_commit(lambda: content_changed("events"))


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _taken(event: Event) -> int:
    return event.registrations.filter(status=Status.CONFIRMED).count()


@transaction.atomic
def registration_register(*, event: Event, user: User) -> Registration:
    """A place if one is free, else a place on the waiting list; asking again changes
    nothing."""
    event = _locked(event)
    if refusal := registration_refusal(event):
        raise ValidationError(refusal, code="closed")
    registration = Registration.objects.filter(event=event, user=user).first()
    if registration and registration.status != Status.CANCELLED:
        return registration
    full = event.capacity is not None and _taken(event) >= event.capacity
    status = Status.WAITLISTED if full else Status.CONFIRMED
    if registration is None:
        registration = Registration(event=event, user=user)
    registration.status, registration.queued_at = status, clock.now()
    registration.attended, registration.reminded_at = None, None
    registration.save()
    _notify(registration, status)
    _changed()
    return registration


def _promote(event: Event) -> list[Registration]:
    """Give free places to the people waiting, first come first served."""
    promoted = []
    free = None if event.capacity is None else event.capacity - _taken(event)
    waiting = event.registrations.filter(status=Status.WAITLISTED).order_by("queued_at", "id")
    for registration in waiting if free is None else waiting[:max(free, 0)]:
        registration.status = Status.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
        _notify(registration, "promoted")
        promoted.append(registration)
    return promoted


@transaction.atomic
def registration_cancel(*, event: Event, user: User) -> Registration:
    event = _locked(event)
    registration = (Registration.objects.filter(event=event, user=user)
                    .exclude(status=Status.CANCELLED).first())
    if registration is None:
        raise ValidationError(_("You are not registered for this event."), code="not_registered")
    if event.starts_at <= clock.now():
        raise ValidationError(_("This event has already started; it can no longer be "
                                "cancelled here."), code="started")
    registration.status = Status.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    if event.status == Event.Status.SCHEDULED:
        _promote(event)
    _changed()
    return registration


@transaction.atomic
def waitlist_promote(*, event: Event) -> list[Registration]:
    """After the League adds places to an event, the people waiting get them."""
    event = _locked(event)
    if event.status != Event.Status.SCHEDULED or event.starts_at <= clock.now():
        return []
    promoted = _promote(event)
    if promoted:
        _changed()
    return promoted


@transaction.atomic
def attendance_mark(*, event: Event, actor: User, attended: set[int]) -> int:
    """Mark who came: every registered person whose registration id is in `attended` came,
    the others did not. Returns how many came."""
    if not can_manage(actor, event):
        raise PermissionDenied
    if clock.now() < event.starts_at:
        raise ValidationError(_("Attendance can be marked once the event has started."),
                              code="not_started")
    confirmed = Registration.objects.filter(event=event, status=Status.CONFIRMED)
    unknown = attended - set(confirmed.values_list("pk", flat=True))
    if unknown:
        raise ValidationError(_("Some of the people marked are not registered for this "
                                "event."), code="unknown")
    confirmed.filter(pk__in=attended).update(attended=True)
    confirmed.exclude(pk__in=attended).update(attended=False)
    return len(attended)
