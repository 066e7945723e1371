"""Beat and the scheduled e-mails on the days where calendars turn. Here the tasks are called
without a date, as beat calls them: they read today from the clock, which the test sets."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail

from deliveries import scheduled_tasks
from deliveries.models import Notice
from pilots import services
from tests.fixtures.reports import submit_report

pytestmark = pytest.mark.django_db

BANGKOK = ZoneInfo("Asia/Bangkok")


def _bangkok(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=BANGKOK)


def _schedule(task: str):
    [entry] = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == task]
    return entry["schedule"]


@pytest.mark.parametrize(("task", "last_run", "not_yet", "due"), [
    # The digest of December goes out at 08:00 on New Year's Day, not on New Year's Eve.
    ("deliveries.monthly_digest", "2026-12-01 08:00", "2027-01-01 07:59", "2027-01-01 08:00:30"),
    # Reminders run every day, 29 February included.
    ("deliveries.overdue_reminders", "2028-02-28 08:30", "2028-02-29 08:29",
     "2028-02-29 08:30:30"),
    # The weekly summary: Monday 28 December, in the week that runs into the new year.
    ("deliveries.weekly_admin_summary", "2026-12-21 08:00", "2026-12-27 23:00",
     "2026-12-28 08:00:30"),
])
def test_beat_fires_each_task_at_its_hour_in_bangkok(clock, task, last_run, not_yet, due):
    schedule = _schedule(task)
    clock.set(_bangkok(not_yet))
    assert not schedule.is_due(_bangkok(last_run)).is_due
    clock.set(_bangkok(due))
    assert schedule.is_due(_bangkok(last_run)).is_due


@pytest.fixture
def november(make_pilot, make_coach, coach_user):
    """A coach (English) on a pilot since 1 November 2026, with one home executive (English)."""
    coach_user.preferred_language = "en"
    coach_user.save(update_fields=["preferred_language"])
    pilot = make_pilot(code="DG-YL", starts_on=datetime.date(2026, 11, 1))
    coach = make_coach(user=coach_user, email=coach_user.email, executives=[
        {"name": "Mayor of Yala", "position": "mayor", "email": "mayor@yala.example.org",
         "preferred_language": "en"}])
    services.assignment_add(pilot=pilot, coach=coach, role="lead",
                            starts_on=datetime.date(2026, 11, 1))
    return pilot, coach


def test_on_new_years_day_the_digest_is_about_december(clock, november, coach_user):
    pilot, coach = november
    clock.set("2026-12-20")
    submit_report(pilot, coach, coach_user, year=2026, number=12)
    mail.outbox.clear()
    clock.set("2027-01-01", at="08:00")
    assert scheduled_tasks.monthly_digest.delay().get() == {"sent": 1, "failed": 0}
    [digest] = mail.outbox
    assert digest.to == ["mayor@yala.example.org"] and "December 2026" in digest.subject
    assert Notice.objects.get().period == "2026-12"


def test_a_missing_report_is_reminded_on_the_eighth_and_escalated_two_weeks_later(
        clock, november, league_admin):
    _pilot, coach = november
    reminders = scheduled_tasks.overdue_reminders
    clock.set("2026-12-07", at="08:30")
    assert reminders.delay().get()["reminders"]["sent"] == 0
    clock.set("2026-12-08", at="08:30")
    assert reminders.delay().get()["reminders"]["sent"] == 1
    [reminder] = mail.outbox
    assert reminder.to == [coach.email] and "November 2026" in reminder.body
    clock.set("2026-12-20", at="08:30")  # 13 days after the deadline
    assert reminders.delay().get()["escalations"]["sent"] == 0
    clock.set("2026-12-21", at="08:30")  # 14 days: REMINDER_ESCALATION_DAYS
    assert reminders.delay().get()["escalations"]["sent"] == 1
    assert mail.outbox[-1].to == [league_admin.email]


def test_decembers_report_is_reminded_in_the_new_year(clock, november, coach_user):
    pilot, coach = november
    clock.set("2026-12-05")
    submit_report(pilot, coach, coach_user, year=2026, number=11)
    mail.outbox.clear()
    clock.set("2027-01-07", at="08:30")
    assert scheduled_tasks.overdue_reminders.delay().get()["reminders"]["sent"] == 0
    clock.set("2027-01-08", at="08:30")
    assert scheduled_tasks.overdue_reminders.delay().get()["reminders"]["sent"] == 1
    assert "December 2026" in mail.outbox[0].body


def test_the_weekly_summary_goes_once_per_week_across_the_new_year(clock, league_admin):
    summary = scheduled_tasks.weekly_admin_summary
    clock.set("2026-12-28", at="08:00")  # Monday of ISO week 53 of 2026
    assert summary.delay().get() == {"sent": 1, "failed": 0}
    clock.set("2027-01-01", at="08:00")  # the same week, a new year: nothing more
    assert summary.delay().get() == {"sent": 0, "failed": 0}
    clock.set("2027-01-04", at="08:00")  # week 1 of 2027
    assert summary.delay().get() == {"sent": 1, "failed": 0}
    assert sorted(Notice.objects.values_list("period", flat=True)) == ["2026-W53", "2027-W01"]
