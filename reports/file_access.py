"""Who may download a progress report's attachments: whoever may see the report."""

from django.contrib.auth.models import AnonymousUser

from portal.files import Protected, name_for_download, register
from reports.models import ReportAttachment
from reports.selectors import in_conversation, reports_for_user


def report_attachment(pk: int) -> Protected | None:
    attachment = ReportAttachment.objects.select_related("report__pilot").filter(pk=pk).first()
    if attachment is None:
        return None
    return of_report(attachment.report, file=attachment.file,
                     download_name=name_for_download(attachment.file,
                                                     original=attachment.original_name,
                                                     fallback=attachment.title))


def of_report(report, *, file, download_name: str, publishable: bool = True) -> Protected:
    """A file that belongs to `report`: for whoever may see the report; public while the
    League publishes the report, and then checked again on every use, so withdrawing the
    publication takes effect at once. A file that is not `publishable` is for the report's
    coach, the pilot's coordinator and League admins only."""
    def visible_to(user) -> bool:
        if not publishable:
            return in_conversation(user, report)
        return reports_for_user(user).filter(pk=report.pk).exists()

    return Protected(
        file=file, download_name=download_name,
        public=publishable and reports_for_user(AnonymousUser()).filter(pk=report.pk).exists(),
        visible_to=visible_to, revocable=True,
    )


def register_lookups() -> None:
    register("report-attachment", report_attachment)
