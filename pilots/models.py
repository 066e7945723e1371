"""Pilot projects: a practice transferred to a pilot area, monitored with a logical framework,
learned from with After Action Reviews, SWOT and study visits."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

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
    report = models.ForeignKey("reports.ProgressReport", on_delete=models.CASCADE, null=True,
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
