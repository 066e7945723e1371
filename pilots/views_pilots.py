"""The public pages of pilot projects (the list and a pilot's page) and "Adopt this practice"."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pilots import selectors, services
from pilots.filters import PilotFilter
from pilots.forms import AdoptForm
from pilots.models import Assignment, Indicator, Pilot
from pilots.panels import ACTIONS, SECTIONS
from pilots.progress import LABELS, indicator_progress, pilot_progress
from pilots.selectors import pilots_for_user
from portal import clock
from portal.models import Bilingual
from portal.page_cache import cache_for_anonymous
from portal.thai_dates import display_year, format_date
from portal.views_helpers import active_filters, add_service_errors
from practices.models import Practice

PAGE_SIZE = 20
FILTERS = ["programme", "status", "theme", "region", "province"]
CHART_WIDTH = 240  # units of the longest bar in an indicator's chart


# Reads ----------------------------------------------------------------------------------------

def _with_indicators(queryset):
    """Indicators with their measurements, for the progress status (two queries in all)."""
    return queryset.prefetch_related(Prefetch(
        "indicators", queryset=Indicator.objects.prefetch_related(
            Prefetch("measurements", queryset=selectors.visible_measurements()))))


def _progress_of(pilot: Pilot, today: datetime.date) -> str:
    return pilot_progress([indicator_progress(i, list(i.measurements.all()), today).status
                           for i in pilot.indicators.all()])


def _coach_counts(queryset):
    """The number of coaches assigned, as a subquery: filters joining assignments (who may see
    a pilot) must not change the count."""
    counts = (Assignment.objects.filter(pilot=OuterRef("pk")).order_by()
              .values("pilot").annotate(n=Count("pk")).values("n"))
    return queryset.annotate(coach_count=Coalesce(Subquery(counts, output_field=IntegerField()),
                                                  Value(0)))


def _localized(obj, field: str) -> str:
    return Bilingual.localized(obj, field)


# The list -------------------------------------------------------------------------------------

@require_GET
@cache_for_anonymous("pilots", params=("page", *PilotFilter.base_filters))
def pilot_list(request):
    base = pilots_for_user(request.user)
    filterset = PilotFilter(request.GET, queryset=base)
    queryset = filterset.qs if filterset.is_valid() else base.none()
    queryset = _with_indicators(_coach_counts(queryset).prefetch_related("themes"))
    page = Paginator(queryset.order_by("code"), PAGE_SIZE).get_page(request.GET.get("page"))
    today = clock.today()
    rows = []
    for pilot in page:
        status = _progress_of(pilot, today)
        rows.append({"pilot": pilot, "progress": status, "progress_label": LABELS[status]})
    return render(request, "pilots/list.html", {
        "filterset": filterset,
        "form": filterset.form,
        "page": page,
        "rows": rows,
        "active_filters": active_filters(request, filterset, FILTERS),
        "errors": filterset.is_bound and not filterset.is_valid(),
    })


# A pilot's page -------------------------------------------------------------------------------

def _pilot_for_page(user, slug: str) -> Pilot:
    pilot = (
        _with_indicators(pilots_for_user(user).filter(slug=slug))
        .select_related("source_practice__municipality", "source_practice__province",
                        "documented_in", "coordinator", "swot")
        .prefetch_related(
            "themes", "logframe", "study_visits", "adaptations",
            Prefetch("assignments", queryset=Assignment.objects.select_related("coach")),
        )
        .first()
    )
    if pilot is None:
        raise Http404
    return pilot


def _logframe_tree(pilot: Pilot) -> list[dict]:
    """Goal > purpose > outputs > activities, with each item's indicators."""
    indicators: dict[int, list] = {}
    for indicator in pilot.indicators.all():
        if indicator.node_id:
            indicators.setdefault(indicator.node_id, []).append(indicator)
    items = {node.pk: {"node": node, "text": _localized(node, "text"), "children": [],
                       "indicators": indicators.get(node.pk, [])}
             for node in pilot.logframe.all()}
    roots = []
    for item in items.values():
        parent = items.get(item["node"].parent_id)
        (parent["children"] if parent else roots).append(item)
    return roots


def _chart(indicator, measurements) -> dict:
    """Bars for the baseline, each measurement and the target, on one scale."""
    bars = [{"kind": "baseline", "label": _("Baseline"), "date": indicator.starts_on,
             "value": indicator.baseline}]
    bars += [{"kind": "measured", "label": _("Measured"), "date": m.measured_on,
              "value": m.value} for m in measurements]
    bars.append({"kind": "target", "label": _("Target"), "date": indicator.due_on,
                 "value": indicator.target})
    top = max((abs(bar["value"]) for bar in bars), default=0) or 1
    for number, bar in enumerate(bars):
        bar["y"] = 4 + number * 44
        bar["width"] = round(float(max(bar["value"], 0) / top) * CHART_WIDTH, 1)
        bar["when"] = format_date(bar["date"])
    return {"bars": bars, "height": 8 + 44 * len(bars)}


def _indicator_rows(pilot: Pilot, today: datetime.date) -> list[dict]:
    rows = []
    for indicator in pilot.indicators.all():
        measurements = sorted(indicator.measurements.all(), key=lambda m: (m.measured_on, m.pk))
        rows.append({
            "indicator": indicator,
            "name": indicator.name,
            "measurements": measurements,
            "progress": indicator_progress(indicator, measurements, today),
            "chart": _chart(indicator, measurements),
        })
    return rows


@require_GET
@cache_for_anonymous("pilots", params=())
def pilot_detail(request, slug):
    pilot = _pilot_for_page(request.user, slug)
    user = request.user
    today = clock.today()
    assignments = list(pilot.assignments.all())
    indicators = _indicator_rows(pilot, today)
    progress = pilot_progress([row["progress"].status for row in indicators])
    try:
        swot = pilot.swot
    except Pilot.swot.RelatedObjectDoesNotExist:
        swot = None
    return render(request, "pilots/detail.html", {
        "pilot": pilot,
        "objectives": _localized(pilot, "objectives"),
        "notes": _localized(pilot, "notes"),
        "year_started": display_year(pilot.year_started) if pilot.year_started else "",
        "assignments": assignments,
        "logframe": _logframe_tree(pilot),
        "indicators": indicators,
        "progress": progress,
        "progress_label": LABELS[progress],
        "swot": swot,
        "today": today,
        # What the apps above add: the recommendations, the progress reports, "write a report".
        "sections": SECTIONS.render(request, pilot),
        "actions": ACTIONS.render(request, pilot),
        "can_manage": user.is_authenticated and (
            user.is_league_admin or pilot.coordinator_id == user.pk),
    })


# Adopt this practice --------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def adopt(request, practice_slug):
    if not selectors.may_adopt(request.user):
        raise PermissionDenied
    practice = (Practice.objects.filter(slug=practice_slug, status=Practice.Status.PUBLISHED)
                .select_related("municipality", "province").prefetch_related("themes").first())
    if practice is None:
        raise Http404
    form = AdoptForm(request.POST or None, initial={
        "municipality": request.user.municipality_id, "title_th": practice.title_th,
        "starts_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pilot = services.pilot_adopt(
                practice=practice, actor=request.user, municipality=data["municipality"],
                code=data["code"], title_th=data["title_th"], starts_on=data["starts_on"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _(
                "Pilot project %(code)s has started from “%(practice)s”. Add its coaches, "
                "logical framework and indicators next.") % {"code": pilot.code,
                                                             "practice": practice.title})
            return redirect(pilot.get_absolute_url())
    return render(request, "pilots/adopt.html", {
        "form": form,
        "practice": practice,
        "model_city": practice.municipality.name if practice.municipality_id
        else practice.province.name,
    })
