"""LINE accounts linked to the people the portal writes to: home executives and coaches.

A recipient links their LINE account once, by sending the League's official account the code
of a signed link (line_oa.linking); the webhook stores their LINE user id here. They choose
whether to receive on LINE and whether to keep receiving e-mail as well.

A link is never overwritten: it is made once, from one code, and only removed by its owner
(unlinking) or by the League. Each code is recorded when it is used, so it works once, and
each webhook event is recorded when it is processed, so a replay does nothing.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class LineLink(models.Model):
    executive = models.OneToOneField(
        "coaches.HomeExecutive", verbose_name=_("home executive"), on_delete=models.CASCADE,
        null=True, blank=True, related_name="line_link")
    coach = models.OneToOneField(
        "coaches.Coach", verbose_name=_("coach"), on_delete=models.CASCADE, null=True,
        blank=True, related_name="line_link")
    line_user_id = models.CharField(_("LINE user id"), max_length=64, db_index=True)
    linked_at = models.DateTimeField(_("linked at"))
    # False once the account blocks or unfollows the League's account: nothing can be pushed.
    following = models.BooleanField(_("follows the League's account"), default=True)
    send_line = models.BooleanField(_("receive on LINE"), default=True)
    # A home executive's e-mail copies go off only once the executive confirmed it from a
    # link sent to their e-mail address (line_oa.services.email_off_confirm).
    send_email = models.BooleanField(_("receive e-mail as well"), default=True)
    # When the last confirmation e-mail for turning e-mail off was sent (one an hour at most).
    email_off_requested_at = models.DateTimeField(
        _("e-mail off confirmation sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-linked_at"]
        verbose_name = _("LINE link")
        verbose_name_plural = _("LINE links")
        constraints = [models.CheckConstraint(
            condition=Q(executive__isnull=False, coach__isnull=True)
            | Q(executive__isnull=True, coach__isnull=False),
            name="line_link_one_recipient")]

    def __str__(self) -> str:
        return str(self.executive or self.coach)

    @property
    def recipient(self):
        return self.executive or self.coach

    @property
    def can_push(self) -> bool:
        return self.following and self.send_line

    @property
    def wants_email(self) -> bool:
        """E-mail stays on unless LINE can reach the person and they chose LINE alone."""
        return self.send_email or not self.can_push


class UsedLinkCode(models.Model):
    """A linking code that has linked an account: it never links another. The digest (SHA-256
    of the signed token) is unique, so of two webhooks racing with one code only one wins."""

    digest = models.CharField(_("code digest"), max_length=64, unique=True)
    used_at = models.DateTimeField(_("used at"), db_index=True)

    class Meta:
        verbose_name = _("used linking code")
        verbose_name_plural = _("used linking codes")

    def __str__(self) -> str:
        return self.digest[:12]


class WebhookEvent(models.Model):
    """A webhook event already processed (LINE's webhookEventId): a replay or a redelivery of
    it is ignored. Rows older than a week are pruned as new events arrive; LINE redelivers an
    event for a much shorter time."""

    event_id = models.CharField(_("webhook event id"), max_length=64, unique=True)
    # The pruning deletes by age: this index serves that query.
    received_at = models.DateTimeField(_("received at"), db_index=True)

    class Meta:
        verbose_name = _("processed webhook event")
        verbose_name_plural = _("processed webhook events")

    def __str__(self) -> str:
        return self.event_id


class LinkInvitation(models.Model):
    """The last e-mail inviting a home executive to link their LINE account, sent at a coach's
    request to the executive's own address (at most one an hour per executive)."""

    executive = models.OneToOneField(
        "coaches.HomeExecutive", verbose_name=_("home executive"), on_delete=models.CASCADE,
        related_name="line_invitation")
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("LINE invitation")
        verbose_name_plural = _("LINE invitations")

    def __str__(self) -> str:
        return str(self.executive)
