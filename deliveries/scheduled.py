"""Scheduled e-mails, run by Celery beat (see deliveries/scheduled_tasks.py): the monthly
digest for home executives, reminders about overdue reports with their escalation to League
admins, and the weekly summary for League admins.

Each function takes `today` (the caller decides the date: the tasks pass the local date in
Bangkok, tests pass fixed ones). Each message is recorded as a Notice, unique per kind,
recipient, period and subject, so a task that runs twice (beat restarted, a retry, two beat
processes by mistake) sends nothing more. Demo coaches never cause mail nor count in figures.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.db.models import Prefetch, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from coaches.models import Coach, HomeExecutive
from deliveries import optout
from deliveries.models import Delivery, Notice
from deliveries.notices import in_language, send_on_channels, send_once
from pilots.models import Assignment, Indicator
from pilots.progress import LABELS, indicator_progress, pilot_progress
from pilots.selectors import visible_measurements
from portal.emails import Outcome, send_templated
from portal.models import User
from practices.models import Practice
from reports.models import ProgressReport
from reports.rates import GRACE_DAYS, month_end, months_between, reporting_rate, reporting_until
from reports.selectors import first_submissions, period_label

log = logging.getLogger(__name__)

LANGUAGES = ("th", "en")
# How many waiting items the weekly summary lists by name (the counts cover all of them).
FEW = 5


def _language(code: str | None) -> str:
    return code if code in LANGUAGES else "th"


# Periods ---------------------------------------------------------------------------------------

def previous_month(today: datetime.date) -> datetime.date:
    """The first day of the calendar month before `today`'s."""
    return (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def month_key(first: datetime.date) -> str:
    return f"{first:%Y-%m}"


def week_key(today: datetime.date) -> str:
    year, week, _day = today.isocalendar()
    return f"{year}-W{week:02d}"


def month_label(first: datetime.date) -> str:
    """'มีนาคม 2569' in Thai, 'March 2026' in English (the active language)."""
    return period_label(ProgressReport.PeriodKind.MONTH, first)


def report_period_label(report: ProgressReport) -> str:
    return period_label(report.period_kind, report.period_start)


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _site_url(name: str, *args) -> str:
    """An absolute link in the active language; empty when the page does not exist."""
    try:
        return settings.SITE_URL + reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _coach_name(coach: Coach) -> str:
    english = (translation.get_language() or "th").startswith("en")
    return coach.name_en if english and coach.name_en else coach.name_th


def league_admins() -> list[User]:
    """Active curators and superusers (User.is_league_admin), who get escalations and summaries."""
    return list(User.objects.filter(is_active=True)
                .filter(Q(is_superuser=True) | Q(role=User.Role.CURATOR))
                .exclude(email="").order_by("id"))


# 1. The monthly digest -----------------------------------------------------------------------

def _served(coach_ids, first: datetime.date, last: datetime.date) -> list[Assignment]:
    """Assignments of these coaches running at some point in the month, with each pilot's
    indicators and the measurements counted as of the month's end (three queries)."""
    measurements = visible_measurements().filter(measured_on__lte=last)
    return list(
        Assignment.objects.filter(coach_id__in=coach_ids, starts_on__lte=last)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first))
        .filter(Q(pilot__ends_on__isnull=True) | Q(pilot__ends_on__gte=first))
        .select_related("pilot")
        .prefetch_related(Prefetch("pilot__indicators", queryset=Indicator.objects.prefetch_related(
            Prefetch("measurements", queryset=measurements))))
        .order_by("coach_id", "pilot__code"))


def digest_sections(coach_ids, first: datetime.date) -> dict[int, dict]:
    """What each coach did in the month starting `first`: reports submitted in it, pilots
    served, and where each pilot's indicators stood at the month's end. Coaches with no
    pilot and no report in the month are left out (there is nothing to tell)."""
    last = month_end(first)
    reports = defaultdict(list)
    for report in (ProgressReport.objects
                   .filter(coach_id__in=coach_ids, status=ProgressReport.Status.SUBMITTED,
                           submitted_at__gte=_local_midnight(first),
                           submitted_at__lt=_local_midnight(last + datetime.timedelta(days=1)))
                   .select_related("pilot").order_by("submitted_at", "id")):
        reports[report.coach_id].append(report)
    pilots = defaultdict(list)
    for assignment in _served(coach_ids, first, last):
        pilot = assignment.pilot
        indicators = [{"indicator": indicator,
                       "progress": indicator_progress(indicator, list(indicator.measurements.all()),
                                                      last)}
                      for indicator in pilot.indicators.all()]
        pilots[assignment.coach_id].append({
            "assignment": assignment, "pilot": pilot, "indicators": indicators,
            "progress": pilot_progress([row["progress"].status for row in indicators])})
    return {coach_id: {"reports": reports[coach_id], "pilots": pilots[coach_id]}
            for coach_id in coach_ids if reports[coach_id] or pilots[coach_id]}


def _digest_context(new, *, executives: list[HomeExecutive], sections: list[dict],
                    first: datetime.date) -> dict:
    recipient = executives[0]
    coaches = [{
        "coach": section["coach"], "name": _coach_name(section["coach"]),
        "reports": [{"report": r, "period": report_period_label(r),
                     "url": settings.SITE_URL + r.get_absolute_url()}
                    for r in section["reports"]],
        "pilots": [{**row, "progress_label": LABELS[row["progress"]],
                    "url": settings.SITE_URL + row["pilot"].get_absolute_url()}
                   for row in section["pilots"]],
    } for section in sections]
    return {"recipient": recipient, "month": month_label(first), "coaches": coaches,
            "optout_url": optout.optout_url(optout.DIGEST, recipient.pk)}


def monthly_digests(today: datetime.date) -> Outcome:
    """One digest per executive address for the month before `today`, about each of their
    coaches (an address listed for two coaches gets one digest naming both)."""
    first = previous_month(today)
    outcome = Outcome()
    by_address: dict[str, list[HomeExecutive]] = defaultdict(list)
    for executive in (HomeExecutive.objects.filter(digests_enabled=True, coach__is_demo=False)
                      .select_related("coach", "line_link").order_by("id")):
        by_address[executive.email.strip().lower()].append(executive)
    sections = digest_sections({e.coach_id for rows in by_address.values() for e in rows}, first)
    for email, executives in by_address.items():
        coaches = {e.coach_id: e.coach for e in executives if e.coach_id in sections}
        if not coaches:
            continue
        mine = [{"coach": coach, **sections[coach_id]} for coach_id, coach in coaches.items()]
        language = _language(executives[0].preferred_language)
        send_on_channels(
            outcome, kind=Notice.Kind.DIGEST, email=email, recipient=executives[0],
            notices=[(month_key(first), "")], template="deliveries/email/digest",
            language=language, context=in_language(language, partial(
                _digest_context, executives=executives, sections=mine, first=first)))
    return outcome


# 2. Overdue reminders and escalations --------------------------------------------------------

@dataclass
class Overdue:
    assignment: Assignment
    month: datetime.date  # first day of the month reported on
    deadline: datetime.date  # last day a report counts as on time (pilots.progress)

    @property
    def key(self) -> tuple[str, str]:
        """The Notice period and subject for this missing report."""
        return month_key(self.month), f"assignment:{self.assignment.pk}"

    def days_late(self, today: datetime.date) -> int:
        return (today - self.deadline).days


def overdue_reports(today: datetime.date) -> list[Overdue]:
    """Monthly reports still missing after their deadline (the month's end plus GRACE_DAYS,
    as in the reporting rates), for deadlines in the last REMINDER_ESCALATION_DAYS + 31 days:
    that covers last month's report and an earlier one still waiting for its escalation
    whatever the setting, without going back over the whole history."""
    window = settings.REMINDER_ESCALATION_DAYS + 31
    oldest_deadline = today - datetime.timedelta(days=window)
    oldest_month = (oldest_deadline - datetime.timedelta(days=GRACE_DAYS + 31)).replace(day=1)
    assignments = (Assignment.objects.filter(coach__is_demo=False, starts_on__lte=today)
                   .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=oldest_month))
                   .select_related("pilot", "coach__user", "coach__line_link")
                   .order_by("coach_id", "pilot__code"))
    submitted = first_submissions(period_end__gte=oldest_month)
    overdue = []
    for assignment in assignments:
        last = reporting_until(assignment, today)
        for first in months_between(max(assignment.starts_on, oldest_month), last):
            deadline = month_end(first) + datetime.timedelta(days=GRACE_DAYS)
            if not oldest_deadline <= deadline < today:
                continue
            if (assignment.pilot_id, assignment.coach_id, first) in submitted:
                continue
            overdue.append(Overdue(assignment, first, deadline))
    return overdue


def _reminder_context(new, *, coach: Coach, items: list[Overdue],
                      today: datetime.date) -> dict:
    items = [item for item in items if item.key in new]
    rows = [{"pilot": item.assignment.pilot, "month": month_label(item.month),
             "deadline": item.deadline, "days_late": item.days_late(today),
             "escalation_on": item.deadline + datetime.timedelta(
                 days=settings.REMINDER_ESCALATION_DAYS),
             "escalated": item.days_late(today) >= settings.REMINDER_ESCALATION_DAYS}
            for item in items]
    return {"coach": coach, "name": _coach_name(coach), "rows": rows,
            "reports_url": _site_url("reports:my-reports"),
            "optout_url": optout.optout_url(optout.REMINDERS, coach.pk)}


def _send_escalation(new, *, admin: User, items: list[Overdue], today: datetime.date) -> None:
    language = _language(admin.preferred_language)
    items = [item for item in items if item.key in new]
    with translation.override(language):
        rows = [{"coach": item.assignment.coach, "coach_name": _coach_name(item.assignment.coach),
                 "coach_url": _site_url("coaches:review", item.assignment.coach_id),
                 "pilot": item.assignment.pilot,
                 "pilot_url": settings.SITE_URL + item.assignment.pilot.get_absolute_url(),
                 "month": month_label(item.month), "deadline": item.deadline,
                 "days_late": item.days_late(today),
                 "reminded": item.assignment.coach.reminders_enabled}
                for item in items]
        context = {"admin": admin, "rows": rows}
    send_templated(template="deliveries/email/escalation", to=[admin.email], context=context,
                   language=language)


@dataclass
class ReminderOutcome:
    reminders: Outcome = field(default_factory=Outcome)
    escalations: Outcome = field(default_factory=Outcome)

    @property
    def failed(self) -> int:
        return self.reminders.failed + self.escalations.failed

    def as_dict(self) -> dict:
        return {"reminders": self.reminders.as_dict(),
                "escalations": self.escalations.as_dict()}


def overdue_reminders(today: datetime.date) -> ReminderOutcome:
    """Remind each coach once about each missing report (one e-mail for all that are new),
    unless they turned reminders off; once a report is REMINDER_ESCALATION_DAYS past its
    deadline, tell each League admin once (whether or not the coach takes reminders)."""
    outcome = ReminderOutcome()
    overdue = overdue_reports(today)
    by_coach: dict[int, list[Overdue]] = defaultdict(list)
    for item in overdue:
        if item.assignment.coach.reminders_enabled and item.assignment.coach.email:
            by_coach[item.assignment.coach_id].append(item)
    for items in by_coach.values():
        coach = items[0].assignment.coach
        language = _language(coach.user.preferred_language if coach.user_id else None)
        send_on_channels(
            outcome.reminders, kind=Notice.Kind.REMINDER, email=coach.email, recipient=coach,
            notices=[item.key for item in items], template="deliveries/email/reminder",
            language=language, context=in_language(language, partial(
                _reminder_context, coach=coach, items=items, today=today)))
    late = [item for item in overdue
            if item.days_late(today) >= settings.REMINDER_ESCALATION_DAYS]
    if late:
        for admin in league_admins():
            send_once(outcome.escalations, kind=Notice.Kind.ESCALATION, email=admin.email,
                       notices=[item.key for item in late],
                       send=partial(_send_escalation, admin=admin, items=late, today=today))
    return outcome


# 3. The weekly summary for League admins -----------------------------------------------------

def summary_figures(today: datetime.date) -> dict:
    """What waits for League admins, and how reporting goes (as of `today`)."""
    applications = Coach.objects.filter(status=Coach.Status.APPLIED, is_demo=False)
    nominations = Practice.objects.filter(
        status__in=[Practice.Status.SUBMITTED, Practice.Status.IN_REVIEW])
    failed = Delivery.objects.filter(status=Delivery.Status.FAILED)
    assignments = list(Assignment.objects.filter(coach__is_demo=False, starts_on__lte=today)
                       .select_related("pilot"))
    return {
        "applications": applications.count(),
        "applications_oldest": list(applications.select_related("home_municipality")
                                    .order_by("created_at", "id")[:FEW]),
        "nominations": nominations.count(),
        "nominations_oldest": list(nominations.select_related("province")
                                   .order_by("created_at", "id")[:FEW]),
        "failed": failed.count(),
        "failed_latest": list(failed.select_related("report__pilot")
                              .order_by("-created_at", "-id")[:FEW]),
        "rate": reporting_rate(assignments, first_submissions(coach__is_demo=False), today),
    }


def _send_summary(new, *, admin: User, figures: dict, today: datetime.date) -> None:
    language = _language(admin.preferred_language)
    with translation.override(language):
        monday = today - datetime.timedelta(days=today.weekday())
        context = {
            **figures, "admin": admin, "week_of": monday,
            "failed_rows": [{"delivery": d, "error": (d.last_error.splitlines() or [""])[0][:160]}
                            for d in figures["failed_latest"]],
            "applications_rows": [{"coach": c, "name": _coach_name(c)}
                                  for c in figures["applications_oldest"]],
            "coaches_url": _site_url("coaches:review-queue"),
            "practices_url": _site_url("practices:review-queue"),
            "deliveries_url": _site_url("admin:deliveries_delivery_changelist"),
        }
    send_templated(template="deliveries/email/summary", to=[admin.email], context=context,
                   language=language)


def weekly_admin_summary(today: datetime.date) -> Outcome:
    outcome = Outcome()
    admins = league_admins()
    if not admins:
        return outcome
    figures = summary_figures(today)
    for admin in admins:
        send_once(outcome, kind=Notice.Kind.SUMMARY, email=admin.email,
                   notices=[(week_key(today), "")],
                   send=partial(_send_summary, admin=admin, figures=figures, today=today))
    return outcome
