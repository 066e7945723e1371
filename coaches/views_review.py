"""The League admins' side of the coach registry: review, decisions, deletions, matching."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coaches import selectors, services
from coaches.matching import match_coaches
from coaches.models import Coach, CoachEvent, DeletionRequest
from coaches.review_forms import (
    STATUS_ALL,
    CertificationForm,
    DecisionForm,
    DeletionDecisionForm,
    MatchForm,
    QueueFilterForm,
)
from portal.views_helpers import add_service_errors, league_admin_required

PAGE_SIZE = 25


@login_required
@require_GET
def review_queue(request):
    league_admin_required(request)
    filters = QueueFilterForm(request.GET)
    params = filters.params()
    queryset = selectors.review_queue(params)
    counted = selectors.review_queue({**params, "status": STATUS_ALL})
    by_status = dict(counted.prefetch_related(None).select_related(None).order_by()
                     .values_list("status").annotate(n=Count("id")))
    counts = [{"value": value, "label": label, "count": by_status.get(value, 0)}
              for value, label in Coach.Status.choices]
    counts.append({"value": STATUS_ALL, "label": _("All statuses"),
                   "count": sum(by_status.values())})
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "coaches/review_queue.html", {
        "filters": filters, "params": params, "counts": counts, "page": page,
        "status_label": dict(QueueFilterForm.base_fields["status"].choices)[params["status"]],
    })


def _review_record(pk: int) -> Coach:
    queryset = selectors.with_profile(Coach.objects.select_related("user")).prefetch_related(
        "trainings", "executives", "certifications", "deletion_requests__handled_by",
        Prefetch("events", queryset=CoachEvent.objects.select_related("actor")
                 .order_by("-created_at", "-id")),
    )
    return get_object_or_404(queryset, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def review(request, pk):
    league_admin_required(request)
    coach = get_object_or_404(Coach, pk=pk)
    decision = DecisionForm(coach=coach)
    certification = CertificationForm()
    action = request.POST.get("form")
    if request.method == "POST" and action == "decision":
        decision = DecisionForm(request.POST, coach=coach)
        if decision.is_valid():
            try:
                services.coach_set_status(coach=coach, actor=request.user,
                                          status=decision.cleaned_data["status"],
                                          note=decision.cleaned_data["note"])
            except ValidationError as exc:
                add_service_errors(decision, exc)
            else:
                messages.success(request, _("Decision saved; the coach has been told by e-mail."))
                return redirect("coaches:review", pk=coach.pk)
    elif request.method == "POST" and action == "certification":
        certification = CertificationForm(request.POST, request.FILES)
        if certification.is_valid():
            try:
                services.certification_add(coach=coach, actor=request.user,
                                           data=certification.certification_data(),
                                           file=certification.cleaned_data["file"])
            except ValidationError as exc:
                add_service_errors(certification, exc)
            else:
                messages.success(request, _("Certification added; the coach has been told "
                                            "by e-mail."))
                return redirect("coaches:review", pk=coach.pk)
    elif request.method == "POST":
        messages.error(request, _("Nothing was saved: the form sent was not recognised."))
        return redirect("coaches:review", pk=coach.pk)
    coach = _review_record(pk)
    return render(request, "coaches/review.html", {
        "coach": coach, "decision": decision, "certification": certification,
        "consent": [(label, coach.shows(code)) for code, label in Coach.CONSENT_FIELDS],
    })


@login_required
@require_http_methods(["GET", "POST"])
def deletion_requests(request):
    league_admin_required(request)
    pending = list(DeletionRequest.objects.filter(outcome=DeletionRequest.Outcome.PENDING)
                   .select_related("coach").order_by("requested_at", "id"))
    bound = None
    if request.method == "POST":
        target = next((r for r in pending if str(r.pk) == request.POST.get("request")), None)
        if target is None:
            messages.error(request, _("This request has already been handled."))
            return redirect("coaches:deletion-requests")
        bound = DeletionDecisionForm(request.POST, prefix=f"r{target.pk}")
        if bound.is_valid():
            try:
                handled = services.deletion_handle(
                    request=target, actor=request.user, outcome=bound.cleaned_data["outcome"],
                    note=bound.cleaned_data["note"])
            except ValidationError as exc:
                add_service_errors(bound, exc)
            else:
                if handled.outcome == DeletionRequest.Outcome.DELETED:
                    messages.success(request, _("The coach's data was deleted; the request "
                                                "stays in the log."))
                else:
                    messages.success(request, _("The request was declined."))
                return redirect("coaches:deletion-requests")
    rows = [(r, bound if bound is not None and bound.prefix == f"r{r.pk}"
             else DeletionDecisionForm(prefix=f"r{r.pk}")) for r in pending]
    handled = (DeletionRequest.objects.exclude(outcome=DeletionRequest.Outcome.PENDING)
               .select_related("handled_by").order_by("-handled_at", "-id"))
    page = Paginator(handled, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "coaches/deletion_requests.html", {
        "rows": rows, "page": page,
    })


@login_required
@require_GET
def match(request):
    league_admin_required(request)
    asked = any(request.GET.get(name) is not None
                for name in ("municipality", "theme", "language"))
    form = MatchForm(request.GET if asked else None)
    suggestions = None
    if asked and form.is_valid():
        suggestions = match_coaches(municipality=form.cleaned_data["municipality"],
                                    theme=form.cleaned_data["theme"],
                                    language=form.cleaned_data["language"], private=True)
        for suggestion in suggestions:
            suggestion.review_url = reverse("coaches:review", args=[suggestion.coach.pk])
    return render(request, "coaches/match.html", {"form": form, "suggestions": suggestions})
