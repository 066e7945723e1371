"""The PDF brief attached to each report copy: weasyprint, with the Sarabun font shipped in
static/fonts so Thai renders the same on every server."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from pilots.progress import indicator_progress
from portal import clock


def brief_context(report) -> dict:
    today = clock.today()
    indicators = []
    for indicator in report.pilot.indicators.all():
        own = [m for m in report.measurements.all() if m.indicator_id == indicator.pk]
        progress = indicator_progress(indicator, own, min(report.period_end, today))
        indicators.append({"indicator": indicator, "progress": progress,
                           "bar": max(0, min(100, progress.achieved_percent or 0))})
    return {"report": report, "pilot": report.pilot, "coach": report.coach,
            "indicators": indicators, "fonts": settings.BASE_DIR / "static" / "fonts",
            "SITE_URL": settings.SITE_URL}


def render_brief(report, language: str) -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string("deliveries/brief.html", brief_context(report))
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
