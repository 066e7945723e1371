"""Reads of pilots, their monitoring and reports."""

import datetime

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet
from django.http import Http404

from pilots.models import Assignment, Measurement, Pilot, ProgressReport
from pilots.progress import Submission, reporting_rate, submissions_by_month
from portal import clock

RUNNING = (Pilot.Status.PLANNING, Pilot.Status.ACTIVE)


def active_assignment_counts(coach_ids: list[int]) -> dict[int, int]:
    """Current load of each coach: assignments to running pilots that have not ended."""
    today = clock.today()
    return dict(
        Assignment.objects.filter(coach_id__in=coach_ids, pilot__status__in=RUNNING)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .values_list("coach_id").annotate(n=Count("pk")).order_by())


def visible_measurements() -> QuerySet[Measurement]:
    """Measurements shown on a pilot: recorded directly, or in a submitted report that no
    submitted correction has replaced (drafts are the coach's work in progress)."""
    replaced = ProgressReport.objects.filter(corrects=OuterRef("report"),
                                             status=ProgressReport.Status.SUBMITTED)
    return (Measurement.objects
            .filter(Q(report__isnull=True) | Q(report__status=ProgressReport.Status.SUBMITTED))
            .exclude(Exists(replaced)))


def pilots_for_user(user) -> QuerySet[Pilot]:
    queryset = Pilot.objects.select_related("municipality", "province__region")
    if getattr(user, "is_league_admin", False):
        return queryset
    visible = Q(is_public=True)
    if user.is_authenticated:
        visible |= Q(coordinator=user) | Q(assignments__coach__user=user)
    return queryset.filter(visible).distinct()


def pilot_for_user(user, slug: str) -> Pilot:
    pilot = pilots_for_user(user).filter(slug=slug).first()
    if pilot is None:
        raise Http404
    return pilot


def reports_for_user(user) -> QuerySet[ProgressReport]:
    """Submitted reports of public pilots for everyone; a coach also sees their own drafts;
    the pilot's coordinator and League admins see every report of the pilot."""
    queryset = ProgressReport.objects.select_related("pilot", "coach")
    if getattr(user, "is_league_admin", False):
        return queryset
    visible = Q(status=ProgressReport.Status.SUBMITTED, pilot__is_public=True)
    if user.is_authenticated:
        visible |= Q(coach__user=user) | Q(pilot__coordinator=user, status="submitted")
    return queryset.filter(visible)


def first_submissions(**filters) -> dict[tuple, Submission]:
    """{(pilot id, coach id, month): the first submitted report covering that month}."""
    rows = (ProgressReport.objects.filter(status=ProgressReport.Status.SUBMITTED, **filters)
            .values_list("pilot_id", "coach_id", "period_start", "period_end")
            .annotate(first=Min("submitted_at")).order_by())
    return submissions_by_month(rows)


def pilot_reporting_rate(pilot: Pilot, today: datetime.date | None = None):
    today = today or clock.today()
    return reporting_rate(list(pilot.assignments.all()), first_submissions(pilot=pilot), today)
