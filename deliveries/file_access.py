"""Who may download a report's PDF brief: whoever may see the whole report (portal.files).
The brief is made for the coach's home executives and names the coach: it is never public,
not even for a report the League published (whose public page names the coach only as the
coach agreed)."""

from deliveries.models import ReportBrief
from portal.files import Protected, register
from reports.file_access import of_report


def report_brief(pk: int) -> Protected | None:
    brief = ReportBrief.objects.select_related("report__pilot").filter(pk=pk).first()
    if brief is None:
        return None
    return of_report(brief.report, file=brief.file, download_name=brief.filename,
                     publishable=False)


def register_lookups() -> None:
    register("report-brief", report_brief)
