"""The reminder the day before an event (e-mail, and LINE for a coach who linked it), sent
by Celery beat (events.send_reminders).

Each confirmed registration is reminded at most once: the row is claimed (reminded_at set) and
the e-mail sent in one transaction. A second run at the same moment waits on the claimed row
and then finds it taken; if the mail server refuses, the claim is rolled back with the
transaction and the next run tries again.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from coaches.models import Coach
from events.models import Event, Registration
from line_oa.notify import PUSH_ERRORS, push_templated, reachable
from portal import clock
from portal.emails import Outcome, send_templated

log = logging.getLogger(__name__)
SEND_ERRORS = (smtplib.SMTPException, OSError, *PUSH_ERRORS)


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def due_tomorrow(today: datetime.date):
    """Confirmed registrations not yet reminded, for events that start tomorrow (Bangkok)."""
    tomorrow = today + datetime.timedelta(days=1)
    return (Registration.objects
            .filter(status=Registration.Status.CONFIRMED, reminded_at__isnull=True,
                    event__status=Event.Status.SCHEDULED,
                    event__starts_at__gte=_midnight(tomorrow),
                    event__starts_at__lt=_midnight(tomorrow + datetime.timedelta(days=1)))
            .select_related("user", "event__municipality__province")
            .order_by("event__starts_at", "id"))


def _remind(registration: Registration) -> bool:
    with transaction.atomic():
        claimed = (Registration.objects.filter(pk=registration.pk, reminded_at__isnull=True)
                   .update(reminded_at=clock.now()))
        if not claimed:
            return False
        event, user = registration.event, registration.user
        context = {"event": event, "user": user, "place": event.place,
                   "url": settings.SITE_URL + event.get_absolute_url()}
        # A coach who linked LINE gets it there (the same retry key on every run).
        coach = Coach.objects.filter(user=user).select_related("line_link").first()
        link = reachable(coach)
        if link is not None:
            push_templated(link=link, recipient=coach, template="events/email/reminder",
                           context=context, language=user.preferred_language,
                           about=f"event-reminder/{registration.pk}")
        if link is None or link.wants_email:
            send_templated(template="events/email/reminder", to=[user.email],
                           language=user.preferred_language, context=context)
    return True


def event_reminders(today: datetime.date) -> Outcome:
    outcome = Outcome()
    for registration in due_tomorrow(today):
        try:
            if _remind(registration):
                outcome.sent += 1
        except SEND_ERRORS as error:
            log.warning("event reminder to %s not sent, will be tried again: %r",
                        registration.user.email, error)
            outcome.failed += 1
    return outcome
