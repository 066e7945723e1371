"""Pilot projects: a practice transferred to a pilot area, monitored with a logical framework,
learned from with After Action Reviews and SWOT, and reported on by its coaches."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.files import ProtectedFileField, RandomName
from portal.models import Bilingual


class Pilot(Bilingual, models.Model):
    class Status(models.TextChoices):
        PLANNING = "planning", _("Planning")
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        SUSPENDED = "suspended", _("Suspended")

    class Programme(models.TextChoices):
        DELGOSEA = "delgosea", _("DELGOSEA")
        AREA_BASED = "area-based-2016", _("Area-based approach pilots (2016)")
        LEAGUE = "league", _("League pilot")

    code = models.CharField(_("code"), max_length=20, unique=True)
    slug = models.SlugField(_("address"), max_length=40, unique=True, allow_unicode=True)
    title_th = models.CharField(_("title (Thai)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    programme = models.CharField(_("programme"), max_length=20, choices=Programme,
                                 default=Programme.LEAGUE)
    municipality = models.ForeignKey(
        "portal.Municipality", verbose_name=_("pilot municipality"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="pilots",
        help_text=_("Leave empty for a province-level pilot."))
    province = models.ForeignKey("portal.Province", verbose_name=_("province"),
                                 on_delete=models.PROTECT, related_name="pilots")
    themes = models.ManyToManyField("portal.Theme", verbose_name=_("themes"),
                                    related_name="pilots")
    source_practice = models.ForeignKey(
        "practices.Practice", verbose_name=_("practice transferred"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="adoptions")
    documented_in = models.ForeignKey(
        "practices.Practice", verbose_name=_("practice page about this pilot"),
        on_delete=models.SET_NULL, null=True, blank=True, related_name="pilot_records")
    model_city = models.CharField(_("model city"), max_length=200, blank=True)
    objectives_th = models.TextField(_("objectives (Thai)"), blank=True)
    objectives_en = models.TextField(_("objectives (English)"), blank=True)
    notes_th = models.TextField(_("notes (Thai)"), blank=True)
    notes_en = models.TextField(_("notes (English)"), blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    year_started = models.PositiveSmallIntegerField(_("year started (A.D.)"), null=True,
                                                    blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status,
                              default=Status.PLANNING)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("municipal coordinator"),
        on_delete=models.SET_NULL, null=True, blank=True, related_name="coordinated_pilots")
    budget = models.DecimalField(_("budget (baht)"), max_digits=14, decimal_places=2,
                                 null=True, blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    source_document = models.CharField(_("source document"), max_length=20, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("pilot project")
        verbose_name_plural = _("pilot projects")
        indexes = [
            models.Index(fields=["is_public", "status"], name="pilot_public_status_idx"),
            models.Index(fields=["programme", "code"], name="pilot_programme_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title_th}"

    def get_absolute_url(self) -> str:
        return reverse("pilots:detail", args=[self.slug])

    @property
    def title(self) -> str:
        return self.localized("title")

    @property
    def area_name(self) -> str:
        return self.municipality.name if self.municipality_id else self.province.name


class Assignment(models.Model):
    """A coach assigned to a pilot, with a role and a period."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead coach")
        COACH = "coach", _("Coach")

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="assignments")
    coach = models.ForeignKey("coaches.Coach", verbose_name=_("coach"),
                              on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField(_("role"), max_length=8, choices=Role, default=Role.COACH)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["role", "starts_on", "id"]
        verbose_name = _("coach assignment")
        verbose_name_plural = _("coach assignments")
        constraints = [models.UniqueConstraint(fields=["pilot", "coach"],
                                               name="assignment_unique_coach")]
        indexes = [models.Index(fields=["coach", "ends_on"], name="assignment_coach_idx")]

    def __str__(self) -> str:
        return f"{self.coach} — {self.pilot.code}"


class LogframeNode(models.Model):
    """Goal, purpose, outputs and activities of a pilot, as a tree."""

    class Level(models.TextChoices):
        GOAL = "goal", _("Goal")
        PURPOSE = "purpose", _("Purpose")
        OUTPUT = "output", _("Output")
        ACTIVITY = "activity", _("Activity")

    CHILD_LEVEL = {"goal": "purpose", "purpose": "output", "output": "activity"}

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="logframe")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="children")
    level = models.CharField(_("level"), max_length=10, choices=Level)
    text_th = models.TextField(_("statement (Thai)"))
    text_en = models.TextField(_("statement (English)"), blank=True)
    assumptions = models.TextField(_("assumptions"), blank=True)
    risks = models.TextField(_("risks"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("logical framework item")
        verbose_name_plural = _("logical framework")

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.text_th[:60]}"


class Indicator(models.Model):
    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="indicators")
    node = models.ForeignKey(LogframeNode, verbose_name=_("logical framework item"),
                             on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="indicators")
    name_th = models.CharField(_("indicator (Thai)"), max_length=300)
    name_en = models.CharField(_("indicator (English)"), max_length=300, blank=True)
    unit = models.CharField(_("unit"), max_length=40)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    starts_on = models.DateField(_("baseline date"))
    due_on = models.DateField(_("due date"))
    verification = models.TextField(_("means of verification"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [models.CheckConstraint(condition=Q(due_on__gt=models.F("starts_on")),
                                              name="indicator_due_after_start")]

    def __str__(self) -> str:
        return self.name_th

    @property
    def name(self) -> str:
        return Bilingual.localized(self, "name")


class Measurement(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE,
                                  related_name="measurements")
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    measured_on = models.DateField(_("measured on"))
    evidence = models.TextField(_("evidence"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    report = models.ForeignKey("pilots.ProgressReport", on_delete=models.CASCADE, null=True,
                               blank=True, related_name="measurements")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["measured_on", "id"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        indexes = [models.Index(fields=["indicator", "measured_on"], name="measurement_idx")]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.value} ({self.measured_on})"


class StudyVisit(models.Model):
    """A study visit and its After Action Review."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="study_visits")
    visited_on = models.DateField(_("date"))
    place = models.CharField(_("place visited"), max_length=300)
    expected = models.TextField(_("what we expected"))
    happened = models.TextField(_("what happened"))
    better_than_expected = models.TextField(_("what was better than expected"), blank=True)
    suggestions = models.TextField(_("suggestions"), blank=True)

    class Meta:
        ordering = ["-visited_on", "id"]
        verbose_name = _("study visit and AAR")
        verbose_name_plural = _("study visits and AARs")

    def __str__(self) -> str:
        return f"{self.place} ({self.visited_on})"


class Swot(models.Model):
    pilot = models.OneToOneField(Pilot, on_delete=models.CASCADE, related_name="swot")
    strengths = models.TextField(_("strengths"), blank=True)
    weaknesses = models.TextField(_("weaknesses"), blank=True)
    opportunities = models.TextField(_("opportunities"), blank=True)
    threats = models.TextField(_("threats"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("SWOT")
        verbose_name_plural = _("SWOT")

    def __str__(self) -> str:
        return f"SWOT {self.pilot_id}"


class Adaptation(models.Model):
    """A change made to the transferred practice for the local context."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="adaptations")
    change = models.TextField(_("what was adapted"))
    reason = models.TextField(_("why"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("adaptation")
        verbose_name_plural = _("adaptations")

    def __str__(self) -> str:
        return self.change[:80]


class Recommendation(models.Model):
    """A problem met and the recommendation that answers it, at one level (document 001)."""

    class Level(models.TextChoices):
        PROJECT = "project", _("Project")
        MUNICIPALITY = "municipality", _("Municipality")
        LEAGUE = "league", _("League")
        PARTNERS = "partners", _("Partners")
        POLICY = "policy", _("Policy")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    level = models.CharField(_("level"), max_length=16, choices=Level)
    problem_th = models.TextField(_("problem (Thai)"), blank=True)
    problem_en = models.TextField(_("problem (English)"), blank=True)
    consequence_th = models.TextField(_("consequence (Thai)"), blank=True)
    consequence_en = models.TextField(_("consequence (English)"), blank=True)
    # Blank where the source names a problem and no recommendation yet.
    recommendation_th = models.TextField(_("recommendation (Thai)"), blank=True)
    recommendation_en = models.TextField(_("recommendation (English)"), blank=True)
    pilots = models.ManyToManyField(Pilot, verbose_name=_("pilots"), blank=True,
                                    related_name="recommendations")
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    time_frame = models.CharField(_("time frame"), max_length=200, blank=True)
    target = models.CharField(_("target"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.OPEN)
    source_document = models.CharField(_("source document"), max_length=20, blank=True)

    class Meta:
        ordering = ["level", "id"]
        verbose_name = _("problem and recommendation")
        verbose_name_plural = _("problems and recommendations")
        indexes = [models.Index(fields=["level", "status"], name="recommendation_level_idx")]

    def __str__(self) -> str:
        return (self.problem_th or self.recommendation_th)[:80]

    def clean(self):
        from django.core.exceptions import ValidationError

        if not (self.problem_th.strip() or self.recommendation_th.strip()):
            raise ValidationError(_("Give the problem, the recommendation or both."))


class AreaReview(models.Model):
    """An area's review of its people, mechanisms and data (document 002), one per year."""

    province = models.ForeignKey("portal.Province", verbose_name=_("province"),
                                 on_delete=models.PROTECT, related_name="area_reviews")
    municipality = models.ForeignKey(
        "portal.Municipality", verbose_name=_("municipality"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="area_reviews")
    area_name = models.CharField(_("area"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year (A.D.)"))
    # {section: {row: {"met": [criterion codes], field code: text}}}, validated by the service.
    answers = models.JSONField(_("answers"), default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "area_name"]
        verbose_name = _("area-management review")
        verbose_name_plural = _("area-management reviews")
        constraints = [models.UniqueConstraint(fields=["area_name", "province", "year"],
                                               name="area_review_unique_year")]
        indexes = [models.Index(fields=["year", "province"], name="area_review_year_idx")]

    def __str__(self) -> str:
        return f"{self.area_name} {self.year}"


class ProgressReport(models.Model):
    """A coach's report on a pilot for a month or a quarter; locked once submitted."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    class PeriodKind(models.TextChoices):
        MONTH = "month", _("Month")
        QUARTER = "quarter", _("Quarter")

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="reports")
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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
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
        return reverse("pilots:report", args=[self.pk])


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
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.body[:80]
