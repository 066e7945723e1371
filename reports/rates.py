"""Reporting rates: which monthly reports each coach owes on each pilot, and whether they came
on time, late or not at all."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

# How many days after a period ends a report still counts as on time.
GRACE_DAYS = 7


def months_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """First days of the months from `start`'s month to `end`'s month, inclusive."""
    months, current = [], start.replace(day=1)
    while current <= end:
        months.append(current)
        current = (current + datetime.timedelta(days=32)).replace(day=1)
    return months


def month_end(first: datetime.date) -> datetime.date:
    if first.month == 12:  # not through the next month: December 9999 has none
        return first.replace(day=31)
    return first.replace(month=first.month + 1, day=1) - datetime.timedelta(days=1)


@dataclass
class ReportingRate:
    due: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0

    @property
    def submitted(self) -> int:
        return self.on_time + self.late

    @property
    def percent_on_time(self) -> int:
        return round(100 * self.on_time / self.due) if self.due else 0


def report_deadline(period_end: datetime.date) -> datetime.date:
    """The last day a report on a period that ends on `period_end` counts as on time."""
    return period_end + datetime.timedelta(days=GRACE_DAYS)


@dataclass(frozen=True)
class Submission:
    """The first submitted report covering a month: when it came and by when it was due."""

    at: datetime.datetime
    deadline: datetime.date

    @property
    def on_time(self) -> bool:
        # Compared as a date in Bangkok: 01:00 on the 8th is late, although it is still
        # the 7th in UTC.
        return timezone.localdate(self.at) <= self.deadline


def submissions_by_month(rows) -> dict[tuple, Submission]:
    """{(pilot id, coach id, first day of a month): Submission} from rows of
    (pilot id, coach id, period start, period end, first submitted_at). A quarterly report
    covers each of its three months and is due a week after the quarter ends; where two
    reports cover a month, the first to arrive counts."""
    covered: dict[tuple, Submission] = {}
    for pilot_id, coach_id, start, end, at in rows:
        submission = Submission(at, report_deadline(end))
        for month in months_between(start, end):
            key = (pilot_id, coach_id, month)
            if key not in covered or at < covered[key].at:
                covered[key] = submission
    return covered


def reporting_until(assignment, today: datetime.date) -> datetime.date:
    """The last day a coach owes reports for: the assignment's end, the pilot's end or today,
    whichever comes first (an open-ended assignment on a finished pilot ends with the pilot).
    `assignment.pilot` must be loaded with it (select_related or a reverse relation)."""
    return min(filter(None, [assignment.ends_on, assignment.pilot.ends_on, today]))


def reporting_rate(assignments, submitted: dict[tuple, Submission], today: datetime.date, *,
                   since: datetime.date | None = None) -> ReportingRate:
    """Monthly reports due for each assignment, against the first report covering each month
    (see submissions_by_month). A month is due once it has ended plus the grace days, or
    as soon as a report covering it has been submitted. `since`: count only the months from
    that date's month on (e.g. this quarter)."""
    rate = ReportingRate()
    for assignment in assignments:
        start = max(assignment.starts_on, since) if since else assignment.starts_on
        for first in months_between(start, reporting_until(assignment, today)):
            sent = submitted.get((assignment.pilot_id, assignment.coach_id, first))
            if sent is None and report_deadline(month_end(first)) >= today:
                continue  # not due yet
            rate.due += 1
            if sent is None:
                rate.missing += 1
            elif sent.on_time:
                rate.on_time += 1
            else:
                rate.late += 1
    return rate
