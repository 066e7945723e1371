"""Thin tasks: the e-mails about a registration, and the reminders the day before."""

import datetime

from celery import shared_task
from django.conf import settings

from portal import clock

RETRY_SECONDS = 30 * 60
MAX_RETRIES = 6
STEPS = ("confirmed", "waitlisted", "promoted")


@shared_task(name="events.notify_registration", autoretry_for=(OSError,), retry_backoff=True,
             max_retries=5)
def notify_registration(registration_id: int, step: str) -> None:
    from events.models import Registration
    from portal.emails import send_templated

    registration = (Registration.objects.select_related("user", "event__municipality__province")
                    .filter(pk=registration_id).first())
    if registration is None or step not in STEPS:
        return
    event, user = registration.event, registration.user
    send_templated(template="events/email/registration", to=[user.email],
                   language=user.preferred_language, context={
                       "event": event, "user": user, "step": step, "place": event.place,
                       "url": settings.SITE_URL + event.get_absolute_url()})


@shared_task(name="events.send_reminders", bind=True, max_retries=MAX_RETRIES)
def send_reminders(self, today: str | None = None) -> dict:
    """Beat runs this every morning; `today` (ISO date) repeats a given day's run by hand."""
    from events.reminders import event_reminders

    day = datetime.date.fromisoformat(today) if today else clock.today()
    outcome = event_reminders(day)
    if outcome.failed and self.request.retries < MAX_RETRIES:
        raise self.retry(args=[day.isoformat()], countdown=RETRY_SECONDS)
    return outcome.as_dict()
