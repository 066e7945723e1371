"""What time it is, for every rule that depends on "now" or "today".

Periods that may be reported, due dates, on time / late / missing, reminders, digests,
certificate expiry and the years offered on forms all ask here, so they share one notion of
today: the calendar date in Bangkok (TIME_ZONE), whatever the server's own zone. Tests set
this clock with time-machine (tests/conftest.py, the `clock` fixture), which moves it together
with Django's and Celery's own reading of the time in the process.
"""

import datetime

from django.utils import timezone


def now() -> datetime.datetime:
    """The current moment, timezone-aware (UTC)."""
    return timezone.now()


def today() -> datetime.date:
    """Today's date in Bangkok."""
    return timezone.localdate(now())
