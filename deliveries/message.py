"""The e-mail a home executive receives for one report version."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from deliveries.brief import render_brief
from deliveries.services import confirm_token


def report_message(delivery) -> EmailMultiAlternatives:
    report = delivery.report
    language = delivery.language if delivery.language in ("th", "en") else "th"
    with translation.override(language):
        context = {
            "delivery": delivery, "report": report, "pilot": report.pilot, "coach": report.coach,
            "SITE_URL": settings.SITE_URL, "LANGUAGE_CODE": language,
            "confirm_url": settings.SITE_URL + reverse("deliveries:confirm",
                                                       args=[confirm_token(delivery)]),
            "report_url": settings.SITE_URL + report.get_absolute_url(),
        }
        subject = " ".join(render_to_string("deliveries/email/report-subject.txt",
                                            context).split())
        text = render_to_string("deliveries/email/report-body.txt", context)
        html = render_to_string("deliveries/email/report-body.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[delivery.recipient_email],
                                     headers={"Message-ID": delivery.stable_message_id})
    message.attach_alternative(html, "text/html")
    name = f"{report.pilot.code}-{report.period_start:%Y-%m}-v{report.version}.pdf"
    message.attach(name, render_brief(report, language), "application/pdf")
    return message
