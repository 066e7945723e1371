"""The tasks Celery beat runs (CELERY_BEAT_SCHEDULE); the logic is in deliveries/scheduled.py.

Each task takes an optional ISO date ("2026-04-01"; default: today in Bangkok) so a run can be
repeated for a given day by hand. Running a task twice sends nothing more (see Notice). When
the mail server could not be reached for some recipients, the task retries later with the
same date, so a digest for March is still a digest for March when it finally goes out.
The worker loads this module through CELERY_IMPORTS (settings), as autodiscovery only looks
at tasks.py.
"""

import datetime

from celery import shared_task

from deliveries import scheduled
from portal import clock

RETRY_SECONDS = 30 * 60
MAX_RETRIES = 6


def _day(today: str | None) -> datetime.date:
    return datetime.date.fromisoformat(today) if today else clock.today()


def _retry_if_failed(task, outcome, day: datetime.date) -> None:
    if outcome.failed and task.request.retries < MAX_RETRIES:
        raise task.retry(args=[day.isoformat()], countdown=RETRY_SECONDS)


@shared_task(name="deliveries.monthly_digest", bind=True, max_retries=MAX_RETRIES)
def monthly_digest(self, today: str | None = None) -> dict:
    day = _day(today)
    outcome = scheduled.monthly_digests(day)
    _retry_if_failed(self, outcome, day)
    return outcome.as_dict()


@shared_task(name="deliveries.overdue_reminders", bind=True, max_retries=MAX_RETRIES)
def overdue_reminders(self, today: str | None = None) -> dict:
    day = _day(today)
    outcome = scheduled.overdue_reminders(day)
    _retry_if_failed(self, outcome, day)
    return outcome.as_dict()


@shared_task(name="deliveries.weekly_admin_summary", bind=True, max_retries=MAX_RETRIES)
def weekly_admin_summary(self, today: str | None = None) -> dict:
    day = _day(today)
    outcome = scheduled.weekly_admin_summary(day)
    _retry_if_failed(self, outcome, day)
    return outcome.as_dict()
