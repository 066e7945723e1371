from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from deliveries import services
from deliveries.brief import LANGUAGES, brief_for
from deliveries.message import copy_language
from deliveries.models import brief_filename
from deliveries.tokens import CONFIRM_SALT, COPY_SALT, LinkExpired, delivery_of_token
from reports.models import ProgressReport
from reports.selectors import in_conversation, reports_for_user


@require_GET
def report_brief(request, pk, language):
    """The report's PDF brief in a language (rendered and kept the first time it is asked
    for), to the report's coach, the pilot's coordinator and League admins: it names the
    coach, so it stays private even when the League publishes the report. (Executives read
    theirs through their own link, deliveries.views_reading.)"""
    report = reports_for_user(request.user).filter(
        pk=pk, status=ProgressReport.Status.SUBMITTED).first()
    if report is None or language not in LANGUAGES or not in_conversation(request.user, report):
        raise Http404
    return redirect(brief_for(report, language).file.url)


def _expired(request):
    return render(request, "deliveries/link_expired.html",
                  {"days": settings.DELIVERY_LINK_MAX_AGE_DAYS}, status=410)


def _invalid(request):
    return render(request, "deliveries/link_invalid.html", status=404)


@require_GET
def copy_brief(request, token):
    """The PDF brief of one copy, behind the signed link of its LINE message: the link is
    the permission, for that report version and the copy's language only, and expires."""
    try:
        delivery = delivery_of_token(token, salt=COPY_SALT)
    except LinkExpired:
        return _expired(request)
    if delivery is None:
        return _invalid(request)
    brief = brief_for(delivery.report, copy_language(delivery))
    response = FileResponse(brief.file.open("rb"), content_type="application/pdf",
                            filename=brief_filename(delivery.report))
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """Signed link from the e-mail; confirming takes a click (POST), so mail scanners that
    open links do not confirm on the executive's behalf. GET and POST read the link the same
    way (one helper, one age limit) and refuse the same accounts."""
    try:
        if request.method == "POST":
            delivery = services.delivery_confirm(token, actor=request.user)
        else:
            delivery = delivery_of_token(token, salt=CONFIRM_SALT)
            if delivery is not None and not services.confirm_allowed(delivery=delivery,
                                                                     user=request.user):
                raise services.ConfirmRefused
    except LinkExpired:
        return _expired(request)
    except services.ConfirmRefused:
        return render(request, "deliveries/confirm.html", {"refused": True}, status=403)
    if delivery is None:
        return _invalid(request)
    return render(request, "deliveries/confirm.html", {"delivery": delivery})
