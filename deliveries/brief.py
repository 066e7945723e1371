"""The PDF brief attached to each report copy: weasyprint, with the Sarabun font shipped in
static/fonts so Thai renders the same on every server.

Rendering takes about 160 ms, most of a copy's cost: a brief is rendered once per report
version and language (`brief_for`) and kept as a ReportBrief, which every later copy, resend
and the report's page read back.
"""

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
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


LANGUAGES = ("th", "en")


def brief_for(report, language: str):
    """The stored ReportBrief of `report` in `language`, rendered and stored the first time.

    The report's row is locked while its brief is looked up and rendered, so the workers
    sending the copies of one report to several executives at once render it once: the
    second waits for the first and reads its file.
    """
    from deliveries.models import ReportBrief
    from reports.models import ProgressReport

    language = language if language in LANGUAGES else "th"
    found = ReportBrief.objects.filter(report=report, language=language).first()
    if found is not None:
        return found
    with transaction.atomic():
        list(ProgressReport.objects.select_for_update().filter(pk=report.pk).values("pk"))
        found = ReportBrief.objects.filter(report=report, language=language).first()
        if found is not None:
            return found
        content = render_brief(report, language)
        brief = ReportBrief(report=report, language=language, size=len(content))
        brief.file.save(f"brief-{language}.pdf", ContentFile(content), save=False)
        try:
            with transaction.atomic():
                brief.save()
        except IntegrityError:  # stored meanwhile without the lock (SQLite has none)
            brief.file.delete(save=False)
            return ReportBrief.objects.get(report=report, language=language)
    return brief


def brief_bytes(report, language: str) -> bytes:
    brief = brief_for(report, language)
    with brief.file.open("rb") as handle:
        return handle.read()
