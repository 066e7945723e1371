"""Who may download a practice's attachments: whoever may see the practice (portal.files)."""

from portal.files import Protected, name_for_download, register
from practices.models import Attachment, Practice
from practices.selectors import practices_for_user


def practice_attachment(pk: int) -> Protected | None:
    attachment = Attachment.objects.select_related("practice").filter(pk=pk).first()
    if attachment is None:
        return None
    practice = attachment.practice
    return Protected(
        file=attachment.file,
        download_name=name_for_download(attachment.file, original=attachment.original_name,
                                        fallback=attachment.title or practice.slug),
        public=practice.status == Practice.Status.PUBLISHED,
        visible_to=lambda user: practices_for_user(user).filter(pk=practice.pk).exists(),
    )


def register_lookups() -> None:
    register("practice-attachment", practice_attachment)
