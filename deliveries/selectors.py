"""Reads for the delivery log (admin) and the copies table on a report's page."""

import datetime

from django.db.models import Count, QuerySet

from deliveries.models import Delivery


def can_see_copies(user, report) -> bool:
    """League admins, the pilot's coordinator and the report's coach see where the copies are;
    nobody else (the public never). Uses only what the report page already loaded."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_league_admin or report.pilot.coordinator_id == user.pk
                or report.coach.user_id == user.pk)


def report_copies(report) -> list[Delivery]:
    """The copies of one report version, by recipient: one query."""
    return list(Delivery.objects.filter(report=report).order_by("recipient_name", "id"))


def status_counts(queryset: QuerySet[Delivery]) -> list[dict]:
    """[{"status": "sent", "label": "Sent", "count": 3}, ...] for every status, in the
    model's order, zeros included: one query."""
    found = dict(queryset.order_by().values_list("status").annotate(n=Count("pk")))
    return [{"status": value, "label": label, "count": found.get(value, 0)}
            for value, label in Delivery.Status.choices]


def delivery_months(queryset: QuerySet[Delivery] | None = None) -> list[datetime.date]:
    """The first day of each month in which some delivered report's period starts, newest
    first: one query."""
    queryset = Delivery.objects.all() if queryset is None else queryset
    return list(queryset.dates("report__period_start", "month", order="DESC"))
