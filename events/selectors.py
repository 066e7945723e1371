"""Reads of events: who may see which, the list with its filters, an event's page, a person's
registrations and the feeds."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from coaches.selectors import listed_coaches
from events.filters import EventFilter
from events.models import Event, Registration
from network.selectors import PUBLIC_PILOTS, PUBLISHED_PRACTICES
from portal import clock

# How far back the all-events feed goes: calendars keep what they already have.
FEED_DAYS_BACK = 180


def with_places_taken(queryset: QuerySet[Event]) -> QuerySet[Event]:
    return queryset.annotate(
        taken=Count("registrations", filter=Q(registrations__status="confirmed"),
                    distinct=True),
        waiting=Count("registrations", filter=Q(registrations__status="waitlisted"),
                      distinct=True))


def events_for_user(user) -> QuerySet[Event]:
    """Public events for everyone; League admins see every event; a person in charge, a
    centre's coordinator and the people registered also see the others they belong to."""
    queryset = Event.objects.select_related(
        "municipality__province__region", "organiser_partner", "organiser_centre__region")
    if getattr(user, "is_league_admin", False):
        return queryset
    visible = Q(is_public=True)
    if user.is_authenticated:
        # A subquery, not a join: the counts of places annotated later must see every
        # registration, not only this person's.
        mine = Registration.objects.filter(user=user).values("event")
        visible |= Q(contact=user) | Q(organiser_centre__coordinator=user) | Q(pk__in=mine)
    return queryset.filter(visible)


def event_search(user, params) -> tuple[EventFilter, QuerySet[Event]]:
    """(filterset, events) for the list page and the API: the same filters."""
    base = events_for_user(user)
    filterset = EventFilter(params, queryset=base, now=clock.now())
    if not filterset.is_valid():
        return filterset, base.none()
    return filterset, with_places_taken(filterset.qs).prefetch_related("themes")


def event_for_user(user, slug: str) -> Event:
    event = (with_places_taken(events_for_user(user)).prefetch_related(
        "themes", "partners",
        Prefetch("practices", queryset=PUBLISHED_PRACTICES.order_by("title_th")),
        Prefetch("pilots", queryset=PUBLIC_PILOTS.order_by("code")),
        Prefetch("coaches", queryset=listed_coaches().only(
            "pk", "name_th", "name_en", "public_fields").order_by("name_th", "id")),
    ).select_related("study_visit__pilot").filter(slug=slug).first())
    if event is None:
        raise Http404
    return event


@dataclass
class Place:
    """The person's registration and, on the waiting list, their position in it."""

    registration: Registration | None
    position: int | None = None


def place_of(user, event: Event) -> Place:
    if not user.is_authenticated:
        return Place(None)
    registration = Registration.objects.filter(event=event, user=user).first()
    if registration is None or registration.status != Registration.Status.WAITLISTED:
        return Place(registration)
    ahead = Registration.objects.filter(
        event=event, status=Registration.Status.WAITLISTED).filter(
        Q(queued_at__lt=registration.queued_at)
        | Q(queued_at=registration.queued_at, pk__lt=registration.pk)).count()
    return Place(registration, ahead + 1)


def registrations_of(event: Event) -> list[Registration]:
    return list(event.registrations.exclude(status=Registration.Status.CANCELLED)
                .select_related("user__municipality").order_by("status", "queued_at", "id"))


def my_registrations(user) -> QuerySet[Registration]:
    return (Registration.objects.filter(user=user)
            .exclude(status=Registration.Status.CANCELLED)
            .select_related("event__municipality__province").order_by("-event__starts_at"))


def feed_events(*, centre=None, partner=None) -> QuerySet[Event]:
    """Public events for a calendar feed: from FEED_DAYS_BACK ago on, cancelled ones
    included (so that calendars remove them)."""
    since = clock.now() - datetime.timedelta(days=FEED_DAYS_BACK)
    queryset = (Event.objects.filter(is_public=True, ends_at__gte=since)
                .select_related("municipality__province", "organiser_partner",
                                "organiser_centre"))
    if centre is not None:
        queryset = queryset.filter(organiser_centre=centre)
    if partner is not None:
        queryset = queryset.filter(Q(organiser_partner=partner) | Q(partners=partner)).distinct()
    return queryset.order_by("starts_at", "id")


def upcoming_for(*, centre=None, partner=None, limit: int = 5) -> list[Event]:
    """The next public events of a centre or a partner, for its page."""
    return list(feed_events(centre=centre, partner=partner)
                .filter(ends_at__gte=clock.now(), status=Event.Status.SCHEDULED)[:limit])
