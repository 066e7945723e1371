"""Reads for the progress-report pages: a report with everything its page shows, a coach's own
reports and the League's reporting-rate tables (each from a fixed number of queries)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Min, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import formats
from django.utils.translation import gettext as _

from coaches.models import Coach
from pilots.models import Assignment, Measurement, Pilot
from pilots.progress import indicator_progress
from portal import clock
from portal.thai_dates import display_year
from reports.models import ProgressReport, ReportComment
from reports.rates import ReportingRate, Submission, reporting_rate, submissions_by_month

PUBLISHED = Q(status=ProgressReport.Status.SUBMITTED, published_at__isnull=False,
              pilot__is_public=True)


def reports_for_user(user) -> QuerySet[ProgressReport]:
    """A coach sees their own reports (every version, drafts too); the pilot's coordinator
    every submitted report of the pilot; League admins all. Anyone else, signed in or not,
    sees only the versions the League published on a public pilot. (Home executives read the
    versions sent to them through their own signed links: deliveries.reading.)"""
    queryset = ProgressReport.objects.select_related("pilot", "coach")
    if getattr(user, "is_league_admin", False):
        return queryset
    visible = PUBLISHED
    if user.is_authenticated:
        visible |= Q(coach__user=user) | Q(pilot__coordinator=user,
                                           status=ProgressReport.Status.SUBMITTED)
    return queryset.filter(visible)


def in_conversation(user, report: ProgressReport) -> bool:
    """The report's coach, the pilot's coordinator and League admins: who reads the whole
    report (the coach's name, the comments), published or not."""
    return user.is_authenticated and (
        getattr(user, "is_league_admin", False)
        or user.pk in (report.coach.user_id, report.pilot.coordinator_id))


def first_submissions(**filters) -> dict[tuple, Submission]:
    """{(pilot id, coach id, month): the first submitted report covering that month}."""
    rows = (ProgressReport.objects.filter(status=ProgressReport.Status.SUBMITTED, **filters)
            .values_list("pilot_id", "coach_id", "period_start", "period_end")
            .annotate(first=Min("submitted_at")).order_by())
    return submissions_by_month(rows)


def pilot_reporting_rate(pilot: Pilot, today: datetime.date | None = None):
    today = today or clock.today()
    return reporting_rate(list(pilot.assignments.all()), first_submissions(pilot=pilot), today)


def period_label(kind: str, start: datetime.date) -> str:
    """“มีนาคม 2569” / “March 2026”; “ไตรมาส 1/2569” / “Quarter 1/2026”."""
    if kind == ProgressReport.PeriodKind.QUARTER:
        return _("Quarter %(number)s/%(year)s") % {
            "number": (start.month - 1) // 3 + 1, "year": display_year(start.year)}
    return f"{formats.date_format(start, 'F')} {display_year(start.year)}"


def own_coach(user) -> Coach | None:
    if not user.is_authenticated:
        return None
    return Coach.objects.filter(user=user).first()


# One report ------------------------------------------------------------------------------------

def with_page_content(queryset: QuerySet[ProgressReport]) -> QuerySet[ProgressReport]:
    """What a report's page shows (measurements, attachments, comments), in four queries."""
    return queryset.select_related(
        "pilot__municipality", "pilot__province", "corrects", "correction",
    ).prefetch_related(
        Prefetch("measurements",
                 queryset=Measurement.objects.select_related("indicator")
                 .order_by("indicator__order", "indicator__id", "measured_on", "id")),
        "attachments",
        Prefetch("comments", queryset=ReportComment.objects.select_related("author")),
    )


def report_for_user(user, pk: int, *, full: bool = True) -> ProgressReport:
    """The report if `user` may see it (else 404); `full`: with what its page shows."""
    queryset = reports_for_user(user).filter(pk=pk)
    if full:
        queryset = with_page_content(queryset)
    report = queryset.first()
    if report is None:
        raise Http404
    return report


@dataclass
class MeasurementRow:
    measurement: Measurement
    progress: object  # IndicatorProgress as of the measurement date


def measurement_rows(report: ProgressReport) -> list[MeasurementRow]:
    """Each measurement of the report with where its indicator stood by that value and date."""
    return [MeasurementRow(m, indicator_progress(m.indicator, [m], m.measured_on))
            for m in report.measurements.all()]


# A coach's own reports -------------------------------------------------------------------------

@dataclass
class AssignmentRow:
    assignment: Assignment
    rate: ReportingRate


@dataclass
class CoachReports:
    coach: Coach
    assignments: list[AssignmentRow]
    rate: ReportingRate
    drafts: list[ProgressReport]
    submitted: list[ProgressReport]


def coach_reports(coach: Coach, today: datetime.date) -> CoachReports:
    """Assignments with their reporting rates, drafts and submitted reports: three queries."""
    assignments = list(coach.assignments.select_related("pilot").order_by("pilot__code", "id"))
    sent = first_submissions(coach=coach)
    reports = list(coach.reports.select_related("pilot", "correction")
                   .order_by("-period_start", "pilot__code", "-version"))
    return CoachReports(
        coach=coach,
        assignments=[AssignmentRow(a, reporting_rate([a], sent, today)) for a in assignments],
        rate=reporting_rate(assignments, sent, today),
        drafts=[r for r in reports if r.status == ProgressReport.Status.DRAFT],
        submitted=[r for r in reports if r.status == ProgressReport.Status.SUBMITTED],
    )


# The League's reporting rates ------------------------------------------------------------------

@dataclass
class RateRow:
    subject: Pilot | Coach
    assignments: list[Assignment] = field(default_factory=list)
    rate: ReportingRate = field(default_factory=ReportingRate)


@dataclass
class RateTables:
    pilots: list[RateRow]
    coaches: list[RateRow]
    total: ReportingRate


def reporting_rate_tables(today: datetime.date) -> RateTables:
    """Monthly reports due, on time, late and missing per pilot and per coach, from one query of
    assignments and one of first submissions (the same rule as the pilot and coach pages)."""
    assignments = list(Assignment.objects.select_related("pilot", "coach")
                       .order_by("pilot__code", "id"))
    sent = first_submissions()
    pilots: dict[int, RateRow] = {}
    coaches: dict[int, RateRow] = {}
    for assignment in assignments:
        pilots.setdefault(assignment.pilot_id, RateRow(assignment.pilot)).assignments.append(
            assignment)
        coaches.setdefault(assignment.coach_id, RateRow(assignment.coach)).assignments.append(
            assignment)
    for row in [*pilots.values(), *coaches.values()]:
        row.rate = reporting_rate(row.assignments, sent, today)
    return RateTables(
        pilots=list(pilots.values()),
        coaches=sorted(coaches.values(), key=lambda r: (r.subject.name_th, r.subject.pk)),
        total=reporting_rate(assignments, sent, today),
    )
