from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from deliveries import services
from deliveries.brief import LANGUAGES, brief_for
from deliveries.message import copy_language
from deliveries.models import brief_filename
from deliveries.tokens import CONFIRM_SALT, delivery_of_copy
from reports.models import ProgressReport
from reports.selectors import reports_for_user


@require_GET
def report_brief(request, pk, language):
    """The report's PDF brief in a language (rendered and kept the first time it is asked
    for), to whoever may see the report."""
    report = reports_for_user(request.user).filter(
        pk=pk, status=ProgressReport.Status.SUBMITTED).first()
    if report is None or language not in LANGUAGES:
        raise Http404
    return redirect(brief_for(report, language).file.url)


@require_GET
def copy_brief(request, token):
    """The PDF brief of one copy, behind the signed link of its LINE message: the link is
    the permission, for that report version and the copy's language only."""
    delivery = delivery_of_copy(token)
    if delivery is None:
        raise Http404
    brief = brief_for(delivery.report, copy_language(delivery))
    response = FileResponse(brief.file.open("rb"), content_type="application/pdf",
                            filename=brief_filename(delivery.report))
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """Signed link from the e-mail; confirming takes a click (POST), so mail scanners that
    open links do not confirm on the executive's behalf."""
    delivery = services.delivery_confirm(token) if request.method == "POST" else None
    if request.method == "GET":
        from django.core import signing

        try:
            signing.loads(token, salt=CONFIRM_SALT)
        except signing.BadSignature as error:
            raise Http404 from error
    elif delivery is None:
        raise Http404
    return render(request, "deliveries/confirm.html", {"delivery": delivery, "token": token})
