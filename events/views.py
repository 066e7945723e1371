"""The event pages: the list, an event's page with registration, the person in charge's
attendance sheet, "My events", and the calendar feeds."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from events import ical, selectors, services
from events.filters import EventFilter
from events.models import Registration
from network.models import LearningCentre
from portal import clock
from portal.page_cache import cache_for_anonymous
from portal.views_helpers import active_filters

PAGE_SIZE = 20
FILTERS = ["kind", "region", "theme"]


@require_GET
@cache_for_anonymous("events", params=("page", *EventFilter.base_filters))
def event_list(request):
    filterset, queryset = selectors.event_search(request.user, request.GET)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    valid = filterset.is_valid()
    when = filterset.form.cleaned_data.get("when") if valid else "upcoming"
    switch = request.GET.copy()
    switch.pop("page", None)
    switch["when"] = "upcoming" if when == "past" else "past"
    return render(request, "events/list.html", {
        "form": filterset.form, "page": page, "errors": not valid, "when": when,
        "switch_query": switch.urlencode(),
        "clear_query": "?when=past" if when == "past" else "",
        "active_filters": active_filters(request, filterset, FILTERS),
    })


@require_GET
@cache_for_anonymous("events", params=())
def event_detail(request, slug):
    event = selectors.event_for_user(request.user, slug)
    place = selectors.place_of(request.user, event)
    return render(request, "events/detail.html", {
        "event": event, "place": place,
        "refusal": services.registration_refusal(event),
        "has_started": event.starts_at <= clock.now(),
        "can_manage": services.can_manage(request.user, event),
        "seats_left": None if event.capacity is None else max(event.capacity - event.taken, 0),
        "google_url": ical.google_calendar_url(event),
        "coaches": [c for c in event.coaches.all() if c.shows("name")],
    })


@login_required
@require_POST
def register(request, slug):
    event = selectors.event_for_user(request.user, slug)
    try:
        registration = services.registration_register(event=event, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if registration.status == Registration.Status.WAITLISTED:
            messages.info(request, _("The event is full: you are on the waiting list. You "
                                     "will get an e-mail if a place becomes free."))
        else:
            messages.success(request, _("You are registered. A confirmation is on its way "
                                        "to your e-mail."))
    return redirect(event)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def cancel(request, slug):
    """GET asks "are you sure?"; POST cancels (the place then goes to the first person
    waiting, so it is not undone by a second click)."""
    event = selectors.event_for_user(request.user, slug)
    if request.method == "GET":
        place = selectors.place_of(request.user, event)
        if place.registration is None or place.registration.status == Registration.Status.CANCELLED:
            messages.info(request, _("You are not registered for this event."))
            return redirect(event)
        return render(request, "events/cancel.html", {"event": event, "place": place})
    try:
        services.registration_cancel(event=event, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect(event)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def attendance(request, slug):
    event = selectors.event_for_user(request.user, slug)
    if not services.can_manage(request.user, event):
        raise PermissionDenied
    errors = []
    if request.method == "POST":
        try:
            attended = {int(pk) for pk in request.POST.getlist("attended")}
            services.attendance_mark(event=event, actor=request.user, attended=attended)
        except ValueError:
            errors = [_("The form sent was not recognised; nothing was saved.")]
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("Attendance saved."))
            return redirect("events:attendance", slug=event.slug)
    registrations = selectors.registrations_of(event)
    return render(request, "events/attendance.html", {
        "event": event, "errors": errors,
        "confirmed": [r for r in registrations if r.status == Registration.Status.CONFIRMED],
        "waiting": [r for r in registrations if r.status == Registration.Status.WAITLISTED],
        "has_started": event.starts_at <= clock.now(),
    })


@never_cache
@login_required
@require_GET
def my_events(request):
    now = clock.now()
    registrations = list(selectors.my_registrations(request.user))
    return render(request, "events/mine.html", {
        "upcoming": [r for r in registrations if r.event.ends_at >= now],
        "past": [r for r in registrations if r.event.ends_at < now],
    })


# Calendar feeds (iCalendar) --------------------------------------------------------------------

@require_GET
def feed_all(request):
    return ical.calendar_response(selectors.feed_events(), name=_("NMLT events"),
                                  filename="nmlt-events.ics")


@require_GET
def feed_event(request, slug):
    event = selectors.event_for_user(request.user, slug)
    return ical.calendar_response([event], name=event.title, filename=f"event-{event.pk}.ics")


@require_GET
def feed_centre(request, slug):
    centre = get_object_or_404(LearningCentre, slug=slug)
    return ical.calendar_response(selectors.feed_events(centre=centre), name=centre.name,
                                  filename=f"centre-{centre.number}.ics")
