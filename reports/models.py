"""Coaches' progress reports on pilots: monthly or quarterly, locked once submitted, corrected
by a new version; with attachments and comments.

A report is private: its coach, the pilot's coordinator, League admins and (through their own
signed link) the coach's home executives read it. It is public only when a League admin
publishes that version explicitly (`published_at`), which the coach is told of."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.files import ProtectedFileField, RandomName

# The tables keep the names they got when these models lived in the pilots app: moving the
# models here (migration 0001) changed no table, row or id.


class ProgressReport(models.Model):
    """A coach's report on a pilot for a month or a quarter; locked once submitted."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    class PeriodKind(models.TextChoices):
        MONTH = "month", _("Month")
        QUARTER = "quarter", _("Quarter")

    pilot = models.ForeignKey("pilots.Pilot", on_delete=models.CASCADE, related_name="reports")
    coach = models.ForeignKey("coaches.Coach", on_delete=models.CASCADE, related_name="reports")
    period_kind = models.CharField(_("period"), max_length=8, choices=PeriodKind,
                                   default=PeriodKind.MONTH)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    corrects = models.OneToOneField("self", verbose_name=_("corrects"),
                                    on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="correction")
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    summary = models.TextField(_("summary"), blank=True)
    activities = models.TextField(_("activities done"), blank=True)
    aar_expected = models.TextField(_("AAR: what we expected"), blank=True)
    aar_happened = models.TextField(_("AAR: what happened"), blank=True)
    aar_better = models.TextField(_("AAR: what was better than expected"), blank=True)
    aar_suggestions = models.TextField(_("AAR: suggestions"), blank=True)
    problems = models.TextField(_("problems met"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published on the portal at"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("published by"),
                                     on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "pilots_progressreport"
        ordering = ["-period_start", "-version"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.UniqueConstraint(fields=["pilot", "coach", "period_start", "version"],
                                    name="report_unique_version"),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")),
                                   name="report_period_order"),
        ]
        indexes = [
            models.Index(fields=["pilot", "status", "period_start"], name="report_pilot_idx"),
            models.Index(fields=["coach", "status", "period_start"], name="report_coach_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.pilot.code} {self.period_start:%Y-%m} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("reports:report", args=[self.pk])


class ReportAttachment(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE,
                               related_name="attachments")
    file = ProtectedFileField(_("file"), kind="report-attachment",
                              upload_to=RandomName("reports"))
    original_name = models.CharField(_("file name"), max_length=255, blank=True,
                                     editable=False)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(max_length=8)
    size = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "pilots_reportattachment"
        ordering = ["id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title


class ReportComment(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE,
                               related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"),
                               on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        db_table = "pilots_reportcomment"
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.body[:80]
