"""Who may download a progress report's attachments: whoever may see the report."""

from portal.files import Protected, name_for_download, register
from reports.models import ProgressReport, ReportAttachment
from reports.selectors import reports_for_user


def report_attachment(pk: int) -> Protected | None:
    attachment = ReportAttachment.objects.select_related("report__pilot").filter(pk=pk).first()
    if attachment is None:
        return None
    return of_report(attachment.report, file=attachment.file,
                     download_name=name_for_download(attachment.file,
                                                     original=attachment.original_name,
                                                     fallback=attachment.title))


def of_report(report, *, file, download_name: str) -> Protected:
    """A file that belongs to `report`: public with the submitted report of a public pilot,
    otherwise for whoever may see the report."""
    return Protected(
        file=file, download_name=download_name,
        public=report.status == ProgressReport.Status.SUBMITTED and report.pilot.is_public,
        visible_to=lambda user: reports_for_user(user).filter(pk=report.pk).exists(),
    )


def register_lookups() -> None:
    register("report-attachment", report_attachment)
