"""What the League learns from the pilots: problems and recommendations by level (document
001) and area-management reviews (document 002)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# The tables keep the names they got when these models lived in the pilots app: moving the
# models here (migration 0001) changed no table, row or id.


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
    pilots = models.ManyToManyField("pilots.Pilot", verbose_name=_("pilots"), blank=True,
                                    related_name="recommendations")
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    time_frame = models.CharField(_("time frame"), max_length=200, blank=True)
    target = models.CharField(_("target"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.OPEN)
    source_document = models.CharField(_("source document"), max_length=20, blank=True)

    class Meta:
        db_table = "pilots_recommendation"
        ordering = ["level", "id"]
        verbose_name = _("problem and recommendation")
        verbose_name_plural = _("problems and recommendations")
        indexes = [models.Index(fields=["level", "status"], name="recommendation_level_idx")]

    def __str__(self) -> str:
        return (self.problem_th or self.recommendation_th)[:80]

    def clean(self):
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
        db_table = "pilots_areareview"
        ordering = ["-year", "area_name"]
        verbose_name = _("area-management review")
        verbose_name_plural = _("area-management reviews")
        constraints = [models.UniqueConstraint(fields=["area_name", "province", "year"],
                                               name="area_review_unique_year")]
        indexes = [models.Index(fields=["year", "province"], name="area_review_year_idx")]

    def __str__(self) -> str:
        return f"{self.area_name} {self.year}"
