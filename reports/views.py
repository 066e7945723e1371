"""Coaches' progress reports: start, write, submit and correct; comments; reporting rates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pilots.models import Assignment
from pilots.selectors import pilot_for_user
from portal import clock
from portal.page_cache import cache_for_anonymous
from portal.views_helpers import add_service_errors, league_admin_required
from reports import selectors, services
from reports.forms import CommentForm, ReportEditForms, ReportStartForm
from reports.models import ProgressReport
from reports.rates import GRACE_DAYS

DRAFT, SUBMITTED = ProgressReport.Status.DRAFT, ProgressReport.Status.SUBMITTED


def _label(report: ProgressReport) -> ProgressReport:
    report.period_label = selectors.period_label(report.period_kind, report.period_start)
    return report


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def report_start(request, slug):
    pilot = pilot_for_user(request.user, slug)
    assignment = (Assignment.objects.filter(pilot=pilot, coach__user=request.user)
                  .select_related("coach").first())
    if assignment is None:
        raise PermissionDenied
    today = clock.today()
    first_year = min(assignment.starts_on.year, pilot.starts_on.year if pilot.starts_on
                     else assignment.starts_on.year)
    form = ReportStartForm(request.POST or None, first_year=first_year, today=today)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_start(pilot=pilot, coach=assignment.coach,
                                           **form.period_args())
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "number" in exc.error_dict:
                exc.error_dict["period"] = exc.error_dict.pop("number")
            add_service_errors(form, exc)
        else:
            return redirect("reports:report-edit", pk=report.pk)
    return render(request, "reports/report_start.html", {"pilot": pilot, "form": form})


def _own(request, pk, *, full=False) -> ProgressReport:
    """The report if the user is its coach; 404 if they cannot see it, 403 if not theirs."""
    report = selectors.report_for_user(request.user, pk, full=full)
    if report.coach.user_id != request.user.pk:
        raise PermissionDenied
    return report


def _locked(request, report):
    messages.info(request, _("This report is submitted and locked. To change it, submit a "
                             "correction."))
    return redirect(report)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request, pk):
    report = _own(request, pk, full=True)
    if report.status != DRAFT:
        return _locked(request, report)
    indicators = list(report.pilot.indicators.all())
    today = clock.today()
    forms = ReportEditForms(request.POST or None, request.FILES or None, report=report,
                            indicators=indicators, today=today)
    if request.method == "POST" and forms.is_valid():
        submit = "submit" in request.POST
        try:
            with transaction.atomic():  # a refused submission keeps nothing of this save
                report = services.report_update(
                    report=report, actor=request.user, data=forms.form.report_data(),
                    measurements=forms.measurements.rows(),
                    files=forms.form.cleaned_data["attachments"])
                if submit:
                    report = services.report_submit(report=report, actor=request.user)
        except ValidationError as exc:
            forms.add_service_errors(exc)
        else:
            if submit:
                messages.success(request, _("Your report was submitted. It is now locked; "
                                            "to change it, submit a correction."))
                return redirect(report)
            messages.success(request, _("Your draft was saved."))
            return redirect("reports:report-edit", pk=report.pk)
    return render(request, "reports/report_edit.html", {
        "report": _label(report), "forms": forms,
        "rows": list(zip(indicators, forms.measurements.forms, strict=True)),
        "had_files": bool(request.FILES),
    })


@never_cache
@login_required
@require_POST
def report_submit(request, pk):
    report = _own(request, pk)
    if report.status != DRAFT:
        return _locked(request, report)
    try:
        report = services.report_submit(report=report, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("reports:report-edit", pk=report.pk)
    messages.success(request, _("Your report was submitted. It is now locked; to change it, "
                                "submit a correction."))
    return redirect(report)


@never_cache
@login_required
@require_POST
def report_correct(request, pk):
    report = _own(request, pk)
    try:
        correction = services.report_correct(report=report, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(report)
    messages.success(request, _("A correction was started as version %(version)s, filled in "
                                "from the submitted report. Change what needs changing, then "
                                "submit it.") % {"version": correction.version})
    return redirect("reports:report-edit", pk=correction.pk)


def _detail(request, report, comment_form=None, status=200):
    user = request.user
    is_owner = user.is_authenticated and report.coach.user_id == user.pk
    is_admin = getattr(user, "is_league_admin", False)
    can_comment = services.can_comment(user, report)
    in_conversation = selectors.in_conversation(user, report)
    correction = getattr(report, "correction", None)
    # The public reads only versions the League published.
    if correction is not None and not (in_conversation or correction.published_at):
        correction = None
    show_correction = correction is not None and (correction.status == SUBMITTED or is_owner
                                                  or is_admin)
    corrects = report.corrects if report.corrects_id else None
    if corrects is not None and not (in_conversation or corrects.published_at):
        corrects = None
    return render(request, "reports/report_detail.html", {
        "report": _label(report),
        "coach_name": (report.coach.name_th if in_conversation
                       else report.coach.public_name()),
        "is_owner": is_owner,
        "in_conversation": in_conversation,
        "can_publish": is_admin and report.status == SUBMITTED and report.pilot.is_public,
        "can_correct": is_owner and report.status == SUBMITTED and correction is None,
        "correction": _label(correction) if show_correction else None,
        "corrects": _label(corrects) if corrects is not None else None,
        "measurements": selectors.measurement_rows(report),
        "attachments": [{"attachment": a, "url": a.file.url} for a in report.attachments.all()],
        "comments": list(report.comments.all()) if in_conversation else None,
        "can_comment": can_comment,
        "comment_form": comment_form or (CommentForm() if can_comment else None),
    }, status=status)


@require_GET
@cache_for_anonymous("pilots", params=())
def report_detail(request, pk):
    return _detail(request, selectors.report_for_user(request.user, pk))


@never_cache
@login_required
@require_POST
def report_publish(request, pk):
    """A League admin publishes a submitted report on the portal, or withdraws it."""
    league_admin_required(request)
    report = selectors.report_for_user(request.user, pk, full=False)
    publish = request.POST.get("publish") == "1"
    try:
        services.report_publish(report=report, actor=request.user, publish=publish)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The report is now public on the portal; its coach is "
                                    "told by e-mail.") if publish else _(
            "The report is no longer public; its coach is told by e-mail."))
    return redirect(report)


@never_cache
@login_required
@require_POST
def report_comment(request, pk):
    report = selectors.report_for_user(request.user, pk)
    if not services.can_comment(request.user, report):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(report=report, author=request.user,
                                 body=form.cleaned_data["body"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your comment was added."))
            return redirect(f"{report.get_absolute_url()}#comments")
    return _detail(request, report, comment_form=form, status=400)


@never_cache
@login_required
@require_GET
def my_reports(request):
    coach = selectors.own_coach(request.user)
    context = {"rates_url": reverse("reports:reporting-rates")}
    if coach is None:
        return render(request, "reports/my_reports.html",
                      {**context, "mine": None, "apply_url": reverse("coaches:apply")})
    mine = selectors.coach_reports(coach, clock.today())
    for report in [*mine.drafts, *mine.submitted]:
        _label(report)
    return render(request, "reports/my_reports.html",
                  {**context, "mine": mine, "grace_days": GRACE_DAYS})


@never_cache
@login_required
@require_GET
def reporting_rates(request):
    league_admin_required(request)
    today = clock.today()
    tables = selectors.reporting_rate_tables(today)
    return render(request, "reports/reporting_rates.html", {
        "tables": tables,
        "today": today,
        "grace_days": GRACE_DAYS,
        "chart_rows": [
            {"row": row, "y": 8 + i * 44,
             "bar": round(row.rate.percent_on_time * 2.4, 1)}  # 100 % = 240 units wide
            for i, row in enumerate(tables.pilots)],
        "chart_height": 16 + 44 * len(tables.pilots),
    })
