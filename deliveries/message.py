"""The e-mail a home executive receives for one report version."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from deliveries.brief import brief_bytes
from deliveries.models import brief_filename
from deliveries.reading import read_token
from deliveries.tokens import confirm_token
from portal.emails import PortalEmail


def copy_language(delivery) -> str:
    """The language a copy is written in: the executive's, Thai unless English."""
    return delivery.language if delivery.language in ("th", "en") else "th"


def report_message(delivery, *, brief: bytes | None = None) -> PortalEmail:
    """The copy for `delivery`, with the report's stored PDF brief in the copy's language
    (`brief`: PDF bytes to attach instead)."""
    report = delivery.report
    language = copy_language(delivery)
    with translation.override(language):
        context = {
            "delivery": delivery, "report": report, "pilot": report.pilot, "coach": report.coach,
            "SITE_URL": settings.SITE_URL, "LANGUAGE_CODE": language,
            "confirm_url": settings.SITE_URL + reverse("deliveries:confirm",
                                                       args=[confirm_token(delivery)]),
            # The executive has no account: their own signed link opens this version.
            "report_url": settings.SITE_URL + reverse("deliveries:read",
                                                      args=[read_token(delivery)]),
        }
        subject = " ".join(render_to_string("deliveries/email/report-subject.txt",
                                            context).split())
        text = render_to_string("deliveries/email/report-body.txt", context)
        html = render_to_string("deliveries/email/report-body.html", context)
    message = PortalEmail(subject=subject, body=text, to=[delivery.recipient_email],
                          headers={"Message-ID": delivery.stable_message_id})
    message.attach_alternative(html, "text/html")
    pdf = brief if brief is not None else brief_bytes(report, language)
    message.attach(brief_filename(report), pdf, "application/pdf")
    return message
