"""Managing a pilot: its team of coaches and its monitoring records (one page, many forms).

League admins and the pilot's coordinator use the page; only League admins change the pilot's
details or take a coach off the pilot. Each form posts an "action" to the page itself; on
success the browser is sent back to the form's section (post/redirect/get), on error the page
is shown again with the form's errors and nothing saved.
"""

import copy
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from pilots import manage_forms as f
from pilots import selectors, services
from pilots.models import Adaptation, Assignment, Indicator, LogframeNode, Pilot, StudyVisit, Swot
from pilots.progress import indicator_progress
from pilots.selectors import pilots_for_user
from portal import clock
from portal.views_helpers import add_service_errors


@dataclass
class ManagePage:
    """Everything the page shows, loaded in a fixed number of queries."""

    pilot: Pilot
    assignments: list[Assignment] = field(default_factory=list)
    nodes: list[LogframeNode] = field(default_factory=list)
    roots: list[LogframeNode] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    visits: list[StudyVisit] = field(default_factory=list)
    swot: Swot | None = None
    adaptations: list[Adaptation] = field(default_factory=list)


def counted_measurements():
    """Measurements that stand (a draft's figures are not final; a corrected version's live on
    in the correction): the same set the pilot page and the API show."""
    return selectors.visible_measurements().select_related("recorded_by")


def load_page(pilot: Pilot) -> ManagePage:
    page = ManagePage(pilot=pilot)
    page.assignments = list(pilot.assignments.select_related(
        "coach__home_municipality__province"))
    page.nodes = list(pilot.logframe.all())
    by_parent: dict[int | None, list[LogframeNode]] = {}
    for node in page.nodes:
        by_parent.setdefault(node.parent_id, []).append(node)
    for node in page.nodes:
        node.child_nodes = by_parent.get(node.pk, [])
    page.roots = by_parent.get(None, [])
    nodes = {node.pk: node for node in page.nodes}
    today = clock.today()
    page.indicators = list(pilot.indicators.prefetch_related(
        Prefetch("measurements", queryset=counted_measurements(), to_attr="counted")))
    for indicator in page.indicators:
        indicator.item = nodes.get(indicator.node_id)
        indicator.progress = indicator_progress(indicator, indicator.counted, today)
    page.visits = list(pilot.study_visits.all())
    page.swot = Swot.objects.filter(pilot=pilot).first()
    page.adaptations = list(pilot.adaptations.all())
    return page


def managed_pilot(request, slug: str) -> Pilot:
    """The pilot, if the user may manage it: 404 if they may not see it, 403 if only see it."""
    pilot = pilots_for_user(request.user).select_related("coordinator").filter(slug=slug).first()
    if pilot is None:
        raise Http404
    if not (request.user.is_league_admin or pilot.coordinator_id == request.user.pk):
        raise PermissionDenied
    return pilot


# What each form does once valid: call its service. --------------------------------------------

def save_details(request, page, form):
    # A copy: if the service refuses, the page still shows the pilot as it is stored.
    services.pilot_save(pilot=copy.copy(page.pilot), actor=request.user, data=form.cleaned_data)


def save_assignment(request, page, form):
    services.assignment_add(pilot=page.pilot, **form.cleaned_data)


def save_node(request, page, form):
    services.logframe_node_add(pilot=page.pilot, **form.cleaned_data)


def save_indicator(request, page, form):
    services.indicator_add(pilot=page.pilot, data=form.cleaned_data)


def save_measurement(request, page, form):
    services.measurement_add(actor=request.user, **form.cleaned_data)


def save_visit(request, page, form):
    services.study_visit_add(pilot=page.pilot, data=form.cleaned_data)


def save_swot(request, page, form):
    services.swot_set(pilot=page.pilot, data=form.cleaned_data)


def save_adaptation(request, page, form):
    services.adaptation_add(pilot=page.pilot, **form.cleaned_data)


@dataclass(frozen=True)
class Section:
    form: type[f.ManageForm]
    save: object
    anchor: str
    done: str
    admin_only: bool = False


SECTIONS = {
    "details": Section(f.PilotDetailsForm, save_details, "details",
                       gettext_lazy("The pilot's details were saved."), admin_only=True),
    "coach": Section(f.AssignmentForm, save_assignment, "coaches",
                     gettext_lazy("The coach was assigned to the pilot.")),
    "logframe": Section(f.LogframeNodeForm, save_node, "logframe",
                        gettext_lazy("The item was added to the logical framework.")),
    "indicator": Section(f.IndicatorForm, save_indicator, "indicators",
                         gettext_lazy("The indicator was added.")),
    "measurement": Section(f.MeasurementForm, save_measurement, "indicators",
                           gettext_lazy("The measurement was recorded.")),
    "visit": Section(f.StudyVisitForm, save_visit, "visits",
                     gettext_lazy("The study visit and its review were saved.")),
    "swot": Section(f.SwotForm, save_swot, "swot", gettext_lazy("The SWOT was saved.")),
    "adaptation": Section(f.AdaptationForm, save_adaptation, "adaptations",
                          gettext_lazy("The adaptation was recorded.")),
}


def back_to(pilot: Pilot, anchor: str):
    return redirect(f"{reverse('pilots:manage', args=[pilot.slug])}#{anchor}")


def remove_assignment(request, page):
    if not request.user.is_league_admin:
        raise PermissionDenied
    target = next((a for a in page.assignments if str(a.pk) == request.POST.get("assignment")),
                  None)
    if target is None:
        messages.error(request, _("This coach is no longer on the pilot."))
        return back_to(page.pilot, "coaches")
    try:
        services.assignment_remove(assignment=target)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The coach was taken off the pilot."))
    return back_to(page.pilot, "coaches")


@login_required
@require_http_methods(["GET", "POST"])
def manage(request, slug):
    pilot = managed_pilot(request, slug)
    is_admin = request.user.is_league_admin
    page = load_page(pilot)
    bound = {}
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "remove":
            return remove_assignment(request, page)
        section = SECTIONS.get(action)
        if section is None:
            messages.error(request, _("Nothing was saved: the form sent was not recognised."))
            return back_to(pilot, "main")
        if section.admin_only and not is_admin:
            raise PermissionDenied
        form = section.form(request.POST, page=page)
        if form.is_valid():
            try:
                section.save(request, page, form)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, section.done)
                return back_to(pilot, section.anchor)
        bound[action] = form
    forms = {action: bound.get(action) or section.form(page=page)
             for action, section in SECTIONS.items()
             if is_admin or not section.admin_only}
    return render(request, "pilots/manage.html", {
        "pilot": pilot, "page": page, "forms": forms, "is_admin": is_admin,
        "manage_url": reverse("pilots:manage", args=[pilot.slug]),
    })
