"""What a home executive opens from their copy: the report version they were sent, its
attachments and its PDF brief. The signed link is the permission (deliveries.reading); nothing
here is cached or indexed."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from deliveries.brief import LANGUAGES, brief_for
from deliveries.message import copy_language
from deliveries.reading import delivery_to_read
from deliveries.tokens import LinkExpired
from portal.files import Protected, name_for_download, send
from reports.models import ProgressReport, ReportAttachment
from reports.selectors import measurement_rows, period_label, with_page_content


def _refused(request, *, expired: bool):
    if expired:
        return render(request, "deliveries/link_expired.html",
                      {"days": settings.DELIVERY_LINK_MAX_AGE_DAYS}, status=410)
    return render(request, "deliveries/link_invalid.html", status=404)


def _private(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _copy(request, token):
    """(delivery, None) for a good link, else (None, the refusal page)."""
    try:
        delivery = delivery_to_read(token)
    except LinkExpired:
        return None, _refused(request, expired=True)
    if delivery is None or delivery.report.status != ProgressReport.Status.SUBMITTED:
        return None, _refused(request, expired=False)
    return delivery, None


@never_cache
@require_GET
def read_report(request, token):
    delivery, refusal = _copy(request, token)
    if refusal is not None:
        return _private(refusal)
    report = with_page_content(ProgressReport.objects.select_related("coach")).get(
        pk=delivery.report_id)
    report.period_label = period_label(report.period_kind, report.period_start)
    return _private(render(request, "deliveries/read.html", {
        "report": report, "delivery": delivery, "token": token,
        "coach_name": report.coach.name_th,
        "measurements": measurement_rows(report),
        "attachments": [{"attachment": a, "url": reverse_file(token, a)}
                        for a in report.attachments.all()],
        "comments": list(report.comments.all()),
        "for_executive": True,
        "brief_language": copy_language(delivery),
    }))


def reverse_file(token: str, attachment: ReportAttachment) -> str:
    return reverse("deliveries:read-file", args=[token, attachment.pk])


@never_cache
@require_GET
def read_file(request, token, pk):
    delivery, refusal = _copy(request, token)
    if refusal is not None:
        return _private(refusal)
    attachment = get_object_or_404(ReportAttachment, pk=pk, report=delivery.report_id)
    return _send(request, attachment.file, name_for_download(
        attachment.file, original=attachment.original_name, fallback=attachment.title))


@never_cache
@require_GET
def read_brief(request, token, language):
    delivery, refusal = _copy(request, token)
    if refusal is not None:
        return _private(refusal)
    if language not in LANGUAGES:
        raise Http404
    with translation.override(language):
        brief = brief_for(delivery.report, language)
    return _send(request, brief.file, brief.filename)


def _send(request, file, download_name: str):
    """A file of the copy's report version: the signed link was the permission."""
    return _private(send(request, Protected(file=file, download_name=download_name,
                                            public=False, visible_to=lambda user: True)))
