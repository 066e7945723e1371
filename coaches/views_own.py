"""A coach's own area: apply to the registry, see and edit the profile, download or delete it."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coaches import selectors, services
from coaches.forms import DeletionRequestForm, ProfileForms
from coaches.models import Coach, CoachEvent, DeletionRequest
from portal import clock


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def apply(request):
    if Coach.objects.filter(user=request.user).exists():
        messages.info(request, _("You already have a coach profile."))
        return redirect("coaches:me")
    forms = ProfileForms(
        request.POST or None, request.FILES or None,
        initial={"email": request.user.email,
                 "home_municipality": request.user.municipality_id,
                 "name_th": request.user.get_full_name()},
    )
    if request.method == "POST" and forms.is_valid():
        try:
            services.coach_apply(
                user=request.user, data=forms.form.profile_data(),
                photo=forms.form.cleaned_data.get("photo"), **forms.relations(),
            )
        except ValidationError as exc:
            forms.add_service_errors(exc)
        else:
            messages.success(request, _(
                "Thank you. Your application was sent to the League; we have e-mailed you a "
                "confirmation and will tell you of the decision."))
            return redirect("coaches:me")
    return render(request, "coaches/apply.html", {"forms": forms})


@never_cache
@login_required
@require_GET
def me(request):
    coach = selectors.own_coach(request.user)
    if coach is None:
        return render(request, "coaches/me.html", {"coach": None})
    requests = list(coach.deletion_requests.all())
    return render(request, "coaches/me.html", {
        "coach": coach,
        "is_public": coach.status in services.LISTED,
        "consent": [(label, coach.shows(code)) for code, label in Coach.CONSENT_FIELDS],
        "pending_deletion": next(
            (r for r in requests if r.outcome == DeletionRequest.Outcome.PENDING), None),
        "handled_deletions": [r for r in requests
                              if r.outcome != DeletionRequest.Outcome.PENDING],
        "events": [
            (event, _changed_fields(event.note) if event.action == CoachEvent.Action.UPDATED
             else event.note)
            for event in sorted(coach.events.all(), key=lambda e: (e.created_at, e.pk),
                                reverse=True)],
    })


def _changed_fields(note: str) -> str:
    """“name_th, themes” as the coach reads it: “Name (Thai), Expertise”."""
    labels = []
    for name in filter(None, (part.strip() for part in note.split(","))):
        try:
            field = Coach._meta.get_field(name)
        except FieldDoesNotExist:
            labels.append(name)
            continue
        if field.auto_created and not field.concrete:  # languages, trainings, executives
            labels.append(str(field.related_model._meta.verbose_name_plural))
        else:
            labels.append(str(field.verbose_name))
    return ", ".join(label[:1].upper() + label[1:] for label in labels)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def edit(request):
    coach = selectors.own_coach(request.user)
    if coach is None:
        return redirect("coaches:apply")
    forms = ProfileForms(request.POST or None, request.FILES or None, coach=coach)
    if request.method == "POST" and forms.is_valid():
        try:
            services.coach_update(
                coach=coach, actor=request.user, data=forms.form.profile_data(),
                photo=forms.form.cleaned_data.get("photo"),
                remove_photo=forms.form.cleaned_data.get("remove_photo", False),
                **forms.relations(),
            )
        except ValidationError as exc:
            forms.add_service_errors(exc)
        else:
            messages.success(request, _("Your profile was saved."))
            return redirect("coaches:me")
    return render(request, "coaches/edit.html", {"forms": forms, "coach": coach})


@never_cache
@login_required
@require_POST  # it records the download (PDPA log): never on a GET a link scanner could make
def export(request):
    coach = Coach.objects.filter(user=request.user).first()
    if coach is None:
        return redirect("coaches:me")
    data = services.coach_data_export(coach=coach, actor=request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body.encode("utf-8"),
                            content_type="application/json; charset=utf-8")
    filename = f"nmlt-coach-{coach.pk}-{clock.today():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def request_deletion(request):
    coach = Coach.objects.filter(user=request.user).first()
    if coach is None:
        return redirect("coaches:me")
    pending = coach.deletion_requests.filter(outcome=DeletionRequest.Outcome.PENDING).first()
    form = DeletionRequestForm(request.POST or None)
    if request.method == "POST":
        if pending:
            messages.info(request, _("You have already asked for your data to be deleted; "
                                     "League admins will handle the request."))
            return redirect("coaches:me")
        if form.is_valid():
            services.deletion_request(coach=coach, actor=request.user,
                                      reason=form.cleaned_data["reason"])
            messages.success(request, _(
                "Your request was sent. League admins handle each request by hand: they will "
                "delete your data or tell you why they cannot."))
            return redirect("coaches:me")
    return render(request, "coaches/delete.html",
                  {"coach": coach, "form": form, "pending": pending})
