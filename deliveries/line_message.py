"""The LINE message a home executive receives for one report version: a short summary, the
key indicators and signed links to the full report (PDF) and to confirm receipt."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from deliveries.brief import brief_context
from deliveries.message import copy_language
from deliveries.tokens import confirm_token, copy_token

SUMMARY_CHARS = 600  # the rest is in the PDF
MAX_INDICATORS = 5


def report_line_texts(delivery, *, settings_url: str) -> list[str]:
    report = delivery.report
    with translation.override(copy_language(delivery)):
        rows = brief_context(report)["indicators"][:MAX_INDICATORS]
        summary = report.summary.strip()
        if len(summary) > SUMMARY_CHARS:
            summary = summary[:SUMMARY_CHARS].rstrip() + "…"
        text = render_to_string("deliveries/line/report.txt", {
            "report": report, "pilot": report.pilot, "coach": report.coach, "summary": summary,
            "indicators": [{"name": row["indicator"].name,
                            "unit": row["indicator"].unit, "progress": row["progress"]}
                           for row in rows],
            "copy_url": settings.SITE_URL + reverse("deliveries:copy",
                                                    args=[copy_token(delivery)]),
            "confirm_url": settings.SITE_URL + reverse("deliveries:confirm",
                                                       args=[confirm_token(delivery)]),
            "settings_url": settings_url,
        })
    return [text.strip()]
