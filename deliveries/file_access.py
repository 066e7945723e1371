"""Who may download a report's PDF brief: whoever may see the report (portal.files)."""

from deliveries.models import ReportBrief
from portal.files import Protected, register
from reports.file_access import of_report


def report_brief(pk: int) -> Protected | None:
    brief = ReportBrief.objects.select_related("report__pilot").filter(pk=pk).first()
    if brief is None:
        return None
    return of_report(brief.report, file=brief.file, download_name=brief.filename)


def register_lookups() -> None:
    register("report-brief", report_brief)
