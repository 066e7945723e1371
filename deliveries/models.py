"""Copies of submitted progress reports sent to each coach's home executives.

One row per report version, recipient and channel (unique), so a version is never sent twice
to the same person on the same channel however often it is queued; the status says where each
copy is.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.files import ProtectedFileField, RandomName


class Delivery(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        LINE = "line", _("LINE")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    report = models.ForeignKey("reports.ProgressReport", verbose_name=_("report version"),
                               on_delete=models.CASCADE, related_name="deliveries")
    executive = models.ForeignKey("coaches.HomeExecutive", verbose_name=_("executive"),
                                  on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="deliveries")
    # A copy of the address and language at submission: later edits do not change a copy.
    recipient_name = models.CharField(_("recipient"), max_length=200)
    recipient_email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=8, default="th")
    channel = models.CharField(_("channel"), max_length=16, choices=Channel,
                               default=Channel.EMAIL)
    # The LINE account the copy goes to (channel LINE), as linked at submission.
    line_user_id = models.CharField(_("LINE user id"), max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status,
                              default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    message_id = models.CharField(_("message id"), max_length=200, blank=True)
    confirmed_at = models.DateTimeField(_("receipt confirmed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [models.UniqueConstraint(fields=["report", "recipient_email", "channel"],
                                               name="delivery_once_per_recipient")]
        indexes = [
            models.Index(fields=["status", "claimed_at"], name="delivery_status_idx"),
            models.Index(fields=["status", "created_at"], name="delivery_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.report} → {self.recipient_email} ({self.channel})"

    @property
    def stable_message_id(self) -> str:
        """The same Message-ID on every attempt, so a resent copy is recognised as one."""
        return f"<report-{self.report_id}-delivery-{self.pk}@nmt.or.th>"

    @property
    def line_retry_key(self) -> str:
        """The same X-Line-Retry-Key on every attempt: LINE accepts one push per key."""
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"https://nmt.or.th/deliveries/{self.pk}"))


class Notice(models.Model):
    """A scheduled message (digest, reminder, escalation, summary) sent once per period."""

    class Kind(models.TextChoices):
        DIGEST = "digest", _("Monthly digest")
        REMINDER = "reminder", _("Overdue-report reminder")
        ESCALATION = "escalation", _("Escalation to League admins")
        SUMMARY = "summary", _("Weekly admin summary")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind)
    recipient_email = models.EmailField(_("e-mail"))
    channel = models.CharField(_("channel"), max_length=16, choices=Delivery.Channel,
                               default=Delivery.Channel.EMAIL)
    period = models.CharField(_("period"), max_length=40)
    subject_key = models.CharField(_("about"), max_length=80, blank=True)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("scheduled message")
        verbose_name_plural = _("scheduled messages")
        constraints = [models.UniqueConstraint(
            fields=["kind", "recipient_email", "channel", "period", "subject_key"],
            name="notice_once")]

    def __str__(self) -> str:
        return (f"{self.get_kind_display()} → {self.recipient_email} ({self.period}, "
                f"{self.channel})")


class ReportBrief(models.Model):
    """The PDF brief of one report version in one language, rendered once and kept: every
    copy in that language, every resend and the report's page use this file."""

    report = models.ForeignKey("reports.ProgressReport", verbose_name=_("report version"),
                               on_delete=models.CASCADE, related_name="briefs")
    language = models.CharField(_("language"), max_length=8)
    file = ProtectedFileField(_("file"), kind="report-brief", upload_to=RandomName("briefs"))
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report brief")
        verbose_name_plural = _("report briefs")
        constraints = [models.UniqueConstraint(fields=["report", "language"],
                                               name="brief_once_per_language")]

    def __str__(self) -> str:
        return f"{self.report} ({self.language})"

    @property
    def filename(self) -> str:
        return brief_filename(self.report)


def brief_filename(report) -> str:
    """The name a report's brief is downloaded and attached under."""
    return f"{report.pilot.code}-{report.period_start:%Y-%m}-v{report.version}.pdf"
