"""Linking, unlinking and the channel choices of a LINE recipient."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coaches.models import Coach, HomeExecutive
from line_oa.models import LineLink
from portal import clock

log = logging.getLogger(__name__)


def _recipient_field(recipient) -> dict:
    return {"coach": recipient} if isinstance(recipient, Coach) else {"executive": recipient}


@transaction.atomic
def link_account(*, recipient: HomeExecutive | Coach, line_user_id: str) -> LineLink:
    """Store the LINE account for the recipient (a new link replaces an old one)."""
    link, _created = LineLink.objects.update_or_create(
        **_recipient_field(recipient),
        defaults={"line_user_id": line_user_id, "linked_at": clock.now(), "following": True,
                  "send_line": True})
    log.info("LINE account linked to %s %s", type(recipient).__name__, recipient.pk)
    return link


def followed(line_user_id: str, *, following: bool) -> int:
    """The account followed (again) or blocked/unfollowed the League's account."""
    return LineLink.objects.filter(line_user_id=line_user_id).update(following=following)


def choose_channels(*, link: LineLink, send_line: bool, send_email: bool) -> LineLink:
    if not (send_line or send_email):
        raise ValidationError(_("Keep at least one channel: LINE or e-mail."))
    link.send_line, link.send_email = send_line, send_email
    link.save(update_fields=["send_line", "send_email"])
    return link


def unlink(*, link: LineLink) -> None:
    link.delete()
