"""How the network is doing, for League admins: every figure of the dashboard, each with the
address of the list behind it, from a fixed number of queries whatever the data."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from coaches.coverage import Coverage, coverage
from coaches.models import Coach
from deliveries.models import Delivery
from events.models import Event
from events.selectors import with_places_taken
from pilots.models import Assignment, Indicator, Pilot
from pilots.progress import AT_RISK, NOT_MEASURED, OFF_TRACK, ON_TRACK, indicator_progress
from pilots.selectors import visible_measurements
from portal.models import Theme
from practices.models import Practice
from reports.models import ProgressReport
from reports.rates import ReportingRate, reporting_rate
from reports.selectors import first_submissions
from reports.services import report_period

PROGRESS = (ON_TRACK, AT_RISK, OFF_TRACK, NOT_MEASURED)


@dataclass
class Row:
    label: str
    value: int
    url: str = ""
    extra: dict = field(default_factory=dict)


@dataclass
class PilotRow:
    label: str
    pilots: int
    url: str
    indicators: dict  # progress status -> number of indicators

    @property
    def counts(self) -> list[int]:
        """The indicator counts in the order of PROGRESS (the table's columns)."""
        return [self.indicators[status] for status in PROGRESS]


@dataclass
class Dashboard:
    coverage: Coverage
    coaches_by_status: list[Row]
    practices_by_status: list[Row]
    practices_by_theme: list[Row]
    pilots_by_status: list[PilotRow]
    indicator_totals: list[int]  # in the order of PROGRESS
    quarter_start: datetime.date
    quarter_end: datetime.date
    reporting: ReportingRate
    deliveries: list[Row]
    confirmed: Row
    upcoming_events: list[Event]


def _url(name: str, **params) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse(name) + (f"?{query}" if query else "")


def quarter_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    return report_period(ProgressReport.PeriodKind.QUARTER, day.year, (day.month - 1) // 3 + 1)


def region_queue_url(region_code: str) -> str:
    """The League's list of every coach whose home is in the region."""
    return _url("coaches:review-queue", status="all", region=region_code)


def _coaches_by_status() -> list[Row]:
    counts = dict(Coach.objects.values_list("status").annotate(n=Count("pk")).order_by())
    return [Row(str(status.label), counts.get(status.value, 0),
                _url("coaches:review-queue", status=status.value))
            for status in Coach.Status]


def _practices_by_status() -> list[Row]:
    counts = dict(Practice.objects.values_list("status").annotate(n=Count("pk")).order_by())
    where = {Practice.Status.PUBLISHED: _url("practices:list"),
             Practice.Status.SUBMITTED: _url("practices:review-queue"),
             Practice.Status.IN_REVIEW: _url("practices:review-queue")}
    return [Row(str(status.label), counts.get(status.value, 0),
                where.get(status) or _url("admin:practices_practice_changelist",
                                          status__exact=status.value))
            for status in Practice.Status]


def _practices_by_theme() -> list[Row]:
    counts = dict(Practice.objects.filter(status=Practice.Status.PUBLISHED)
                  .values_list("themes").annotate(n=Count("pk", distinct=True)).order_by())
    return [Row(theme.name, counts.get(theme.pk, 0), _url("practices:list", theme=theme.code))
            for theme in Theme.objects.order_by("pk")]


def _pilots(today: datetime.date) -> tuple[list[PilotRow], list[int]]:
    """Pilots by status, with where their indicators stand today (three queries)."""
    pilots = Pilot.objects.only("pk", "status").prefetch_related(Prefetch(
        "indicators", queryset=Indicator.objects.prefetch_related(
            Prefetch("measurements", queryset=visible_measurements()))))
    rows = {status.value: PilotRow(str(status.label), 0,
                                   _url("pilots:list", status=status.value),
                                   dict.fromkeys(PROGRESS, 0))
            for status in Pilot.Status}
    totals = dict.fromkeys(PROGRESS, 0)
    for pilot in pilots:
        row = rows[pilot.status]
        row.pilots += 1
        for indicator in pilot.indicators.all():
            status = indicator_progress(indicator, list(indicator.measurements.all()),
                                        today).status
            row.indicators[status] += 1
            totals[status] += 1
    return list(rows.values()), [totals[status] for status in PROGRESS]


def _deliveries() -> tuple[list[Row], Row]:
    figures = Delivery.objects.aggregate(
        confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)),
        **{status.value: Count("pk", filter=Q(status=status.value))
           for status in Delivery.Status})
    changelist = "admin:deliveries_delivery_changelist"
    rows = [Row(str(status.label), figures[status.value],
                _url(changelist, status__exact=status.value)) for status in Delivery.Status]
    return rows, Row(str(_("Receipt confirmed")), figures["confirmed"],
                     _url(changelist, confirmed="yes"))


def dashboard(today: datetime.date, now: datetime.datetime) -> Dashboard:
    quarter_start, quarter_end = quarter_of(today)
    assignments = list(Assignment.objects.select_related("pilot"))
    pilots, totals = _pilots(today)
    deliveries, confirmed = _deliveries()
    return Dashboard(
        coverage=coverage(private=True),
        coaches_by_status=_coaches_by_status(),
        practices_by_status=_practices_by_status(),
        practices_by_theme=_practices_by_theme(),
        pilots_by_status=pilots,
        indicator_totals=totals,
        quarter_start=quarter_start,
        quarter_end=quarter_end,
        reporting=reporting_rate(assignments, first_submissions(), today,
                                 since=quarter_start),
        deliveries=deliveries,
        confirmed=confirmed,
        upcoming_events=list(with_places_taken(
            Event.objects.filter(status=Event.Status.SCHEDULED, ends_at__gte=now)
            .select_related("municipality__province", "organiser_partner",
                            "organiser_centre"))
            .order_by("starts_at", "id")[:5]),
    )

