"""The League's dashboard: one page that answers "how is the network doing"."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from dashboard import selectors
from pilots.progress import LABELS
from portal import clock
from portal.views_helpers import league_admin_required

BAR_WIDTH = 300  # units of the longest bar (the chart is 400 units wide)
ROW_HEIGHT = 44


@dataclass
class Bar:
    label: str
    value: int
    url: str
    y: int
    width: int


@dataclass
class Chart:
    bars: list[Bar]
    height: int


def chart(rows, *, value=lambda row: row.value) -> Chart:
    """Horizontal bars for rows with a label, a value and a link, scaled to the largest."""
    largest = max((value(row) for row in rows), default=0) or 1
    bars = [Bar(row.label, value(row), row.url, n * ROW_HEIGHT,
                round(BAR_WIDTH * value(row) / largest)) for n, row in enumerate(rows)]
    return Chart(bars, max(len(bars), 1) * ROW_HEIGHT)


@never_cache
@login_required
@require_GET
def dashboard(request):
    league_admin_required(request)
    today = clock.today()
    figures = selectors.dashboard(today, clock.now())
    regions = figures.coverage.regions
    return render(request, "dashboard/dashboard.html", {
        "figures": figures, "today": today,
        # Regions without municipalities have no share to show.
        "coverage_chart": chart(
            [selectors.Row(r.region.name, r.coverage_percent,
                           selectors.region_queue_url(r.region.code))
             for r in regions if r.municipalities]),
        "practice_theme_chart": chart(figures.practices_by_theme),
        "delivery_chart": chart(figures.deliveries if any(
            row.value for row in figures.deliveries) else []),
        "progress_labels": [(status, LABELS[status]) for status in selectors.PROGRESS],
    })
