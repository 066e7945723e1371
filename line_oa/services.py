"""Linking, unlinking and the channel choices of a LINE recipient; the e-mails that invite a
home executive to link and that confirm they want e-mail off; the webhook's event log."""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from coaches.models import Coach, HomeExecutive
from line_oa import linking
from line_oa.models import LineLink, LinkInvitation, UsedLinkCode, WebhookEvent
from portal import clock
from portal.emails import send_templated

log = logging.getLogger(__name__)

# One invitation and one e-mail-off confirmation an hour at most, whoever asks.
RESEND_AFTER = datetime.timedelta(hours=1)
# Processed webhook events are kept this long (LINE redelivers for a much shorter time).
EVENTS_KEPT = datetime.timedelta(days=7)
MAIL_ERRORS = (smtplib.SMTPException, OSError)


class LinkRefused(Exception):
    """Sending this code links nothing; `reason` says why."""

    ALREADY_LINKED = "already-linked"  # this very LINE account is linked already
    CODE_USED = "code-used"  # the code linked an account before
    OTHER_ACCOUNT = "other-account"  # another LINE account is linked: it must be unlinked first

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _recipient_field(recipient) -> dict:
    return {"coach": recipient} if isinstance(recipient, Coach) else {"executive": recipient}


def _language(executive: HomeExecutive) -> str:
    return executive.preferred_language if executive.preferred_language in ("th", "en") else "th"


def _link_of(recipient) -> LineLink | None:
    return LineLink.objects.filter(**_recipient_field(recipient)).first()


@transaction.atomic
def link_account(*, recipient: HomeExecutive | Coach, line_user_id: str,
                 code: str | None = None) -> LineLink:
    """Link the recipient's LINE account, from the linking code (`code`, the signed token) it
    sent. A link is never replaced: a recipient linked to another account stays so until
    that link is removed, and a code links once. The unique constraints on the used codes
    and on the recipient's link decide between two webhooks racing with the same code."""
    if not line_user_id:
        raise ValueError("a LINE user id is needed")
    existing = _link_of(recipient)
    if existing is not None and existing.line_user_id == line_user_id:
        raise LinkRefused(LinkRefused.ALREADY_LINKED)
    digest = linking.code_digest(code) if code is not None else None
    if digest and UsedLinkCode.objects.filter(digest=digest).exists():
        raise LinkRefused(LinkRefused.CODE_USED)
    if existing is not None:
        raise LinkRefused(LinkRefused.OTHER_ACCOUNT)
    now = clock.now()
    if digest:
        try:
            with transaction.atomic():
                UsedLinkCode.objects.create(digest=digest, used_at=now)
        except IntegrityError:
            raise LinkRefused(LinkRefused.CODE_USED) from None
        # A code is refused anyway once its token has expired: older rows serve nothing.
        UsedLinkCode.objects.filter(used_at__lt=now - datetime.timedelta(
            days=settings.LINE_LINK_MAX_AGE_DAYS + 1)).delete()
    try:
        with transaction.atomic():
            link = LineLink.objects.create(**_recipient_field(recipient),
                                           line_user_id=line_user_id, linked_at=now)
    except IntegrityError:  # linked from another code at the same moment
        other = _link_of(recipient)
        same = other is not None and other.line_user_id == line_user_id
        raise LinkRefused(LinkRefused.ALREADY_LINKED if same
                          else LinkRefused.OTHER_ACCOUNT) from None
    log.info("LINE account linked to %s %s", type(recipient).__name__, recipient.pk)
    return link


def followed(line_user_id: str, *, following: bool) -> int:
    """The account followed (again) or blocked/unfollowed the League's account."""
    return LineLink.objects.filter(line_user_id=line_user_id).update(following=following)


def choose_channels(*, link: LineLink, send_line: bool, send_email: bool) -> bool:
    """Save what the linked person chose. A home executive's e-mail copies are turned off
    only from the confirmation link e-mailed to the executive (email_off_request): the
    answer is True when that confirmation is still needed, and e-mail stays on until then.
    A coach's own choice takes effect at once."""
    if not (send_line or send_email):
        raise ValidationError(_("Keep at least one channel: LINE or e-mail."))
    needs_confirmation = link.executive_id is not None and link.send_email and not send_email
    link.send_line = send_line
    if not needs_confirmation:
        link.send_email = send_email
    link.save(update_fields=["send_line", "send_email"])
    return needs_confirmation


def _claim_mail_slot(queryset, field: str, now) -> bool:
    """Take the right to send one e-mail now (once per RESEND_AFTER), atomically."""
    return bool(queryset.filter(Q(**{f"{field}__isnull": True})
                                | Q(**{f"{field}__lt": now - RESEND_AFTER}))
                .update(**{field: now}))


def email_off_request(*, link: LineLink) -> str:
    """E-mail the executive a link that confirms they want report copies on LINE alone.
    Returns "sent", "recent" (one was sent less than an hour ago) or "failed"."""
    executive = link.executive
    now = clock.now()
    before = link.email_off_requested_at
    if not _claim_mail_slot(LineLink.objects.filter(pk=link.pk), "email_off_requested_at",
                            now):
        return "recent"
    language = _language(executive)
    with translation.override(language):
        url = linking.email_off_url(link)
    try:
        send_templated(template="line_oa/email/email-off", to=[executive.email],
                       language=language, context={
                           "name": executive.name, "url": url,
                           "days": linking.EMAIL_OFF_MAX_AGE_DAYS})
    except MAIL_ERRORS as error:
        log.warning("e-mail-off confirmation to executive %s not sent: %r", executive.pk, error)
        LineLink.objects.filter(pk=link.pk).update(email_off_requested_at=before)
        return "failed"
    link.email_off_requested_at = now
    return "sent"


def email_off_confirm(*, link: LineLink) -> LineLink:
    """The owner of the executive's e-mail address confirmed: copies go on LINE alone."""
    if not link.send_line:
        raise ValidationError(_("Keep at least one channel: LINE or e-mail."))
    link.send_email = False
    link.email_off_requested_at = None
    link.save(update_fields=["send_email", "email_off_requested_at"])
    log.info("e-mail copies turned off for executive %s (confirmed by e-mail)",
             link.executive_id)
    return link


def unlink(*, link: LineLink) -> None:
    link.delete()


def invitation_send(*, executive: HomeExecutive, coach: Coach) -> str:
    """E-mail a home executive, at their own address and in their language, the link with
    which they link their LINE account. Returns "sent", "linked" (nothing to do), "recent"
    (one was sent less than an hour ago) or "failed"."""
    if LineLink.objects.filter(executive=executive).exists():
        return "linked"
    now = clock.now()
    invitation, created = LinkInvitation.objects.get_or_create(executive=executive,
                                                               defaults={"sent_at": now})
    before = None if created else invitation.sent_at
    if not created and not _claim_mail_slot(LinkInvitation.objects.filter(pk=invitation.pk),
                                            "sent_at", now):
        return "recent"
    token = linking.link_token(executive)
    language = _language(executive)
    with translation.override(language):
        url = linking.link_page_url(token=token)
    try:
        send_templated(template="line_oa/email/invitation", to=[executive.email],
                       language=language, context={
                           "name": executive.name, "coach": coach, "url": url,
                           "expires": linking.link_expires(token)})
    except MAIL_ERRORS as error:
        log.warning("LINE invitation to executive %s not sent: %r", executive.pk, error)
        if before is None:
            LinkInvitation.objects.filter(pk=invitation.pk).delete()
        else:
            LinkInvitation.objects.filter(pk=invitation.pk).update(sent_at=before)
        return "failed"
    return "sent"


def webhook_event_record(event_id: str) -> bool:
    """Record a webhook event as processed; False when it was already (a replay)."""
    try:
        with transaction.atomic():
            WebhookEvent.objects.create(event_id=event_id, received_at=clock.now())
    except IntegrityError:
        return False
    return True


def webhook_events_prune() -> int:
    return WebhookEvent.objects.filter(received_at__lt=clock.now() - EVENTS_KEPT).delete()[0]
