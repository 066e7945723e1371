"""Reads of pilots and their monitoring."""


from django.db.models import Count, Q, QuerySet
from django.http import Http404

from pilots.models import Assignment, Measurement, Pilot
from portal import clock
from portal.models import User

RUNNING = (Pilot.Status.PLANNING, Pilot.Status.ACTIVE)
# reports.models.ProgressReport.Status.SUBMITTED, as stored
REPORT_SUBMITTED = "submitted"


def active_assignment_counts(coach_ids: list[int]) -> dict[int, int]:
    """Current load of each coach: assignments to running pilots that have not ended."""
    today = clock.today()
    return dict(
        Assignment.objects.filter(coach_id__in=coach_ids, pilot__status__in=RUNNING)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .values_list("coach_id").annotate(n=Count("pk")).order_by())


def visible_measurements() -> QuerySet[Measurement]:
    """Measurements shown on a pilot: recorded directly, or in a submitted report that no
    submitted correction has replaced (drafts are the coach's work in progress). Read through
    Measurement.report alone, so the pilots need not know the reports' code."""
    return (Measurement.objects
            .filter(Q(report__isnull=True) | Q(report__status=REPORT_SUBMITTED))
            .exclude(report__correction__status=REPORT_SUBMITTED))


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


def may_adopt(user) -> bool:
    """League admins and municipal staff may start a pilot from a practice."""
    return user.is_authenticated and (
        user.is_league_admin or user.role in (User.Role.STAFF, User.Role.CURATOR))
