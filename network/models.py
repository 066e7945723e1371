"""The League's learning network: partner organisations and the five regional learning
centres for urban and environmental management (documents 000 and 001)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coaches.models import Certification
from portal.models import Bilingual
from portal.thai_text import unique_slug


class Partner(Bilingual, models.Model):
    """An organisation that works with the League: an institute, a university, a government
    agency, civil society, the media or an international programme."""

    class Kind(models.TextChoices):
        INSTITUTE = "institute", _("Research and training institute")
        UNIVERSITY = "university", _("University")
        GOVERNMENT = "government", _("Government agency")
        CIVIL_SOCIETY = "civil_society", _("Civil society: foundations and associations")
        MEDIA = "media", _("Media")
        INTERNATIONAL = "international", _("International programme")

    slug = models.SlugField(_("address"), max_length=80, unique=True, allow_unicode=True,
                            blank=True, help_text=_("Made from the name when left empty."))
    name_th = models.CharField(_("name (Thai)"), max_length=250)
    name_en = models.CharField(_("name (English)"), max_length=250, blank=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True,
                                  help_text=_("E.g. KPI, สกถ."))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    about_th = models.TextField(_("about (Thai)"), blank=True)
    about_en = models.TextField(_("about (English)"), blank=True)
    work_th = models.TextField(_("work with the League (Thai)"), blank=True)
    work_en = models.TextField(_("work with the League (English)"), blank=True)
    region = models.ForeignKey("portal.Region", verbose_name=_("region"),
                               on_delete=models.PROTECT, null=True, blank=True,
                               related_name="partners",
                               help_text=_("Leave empty for a partner that works nationwide."))
    province = models.ForeignKey("portal.Province", verbose_name=_("province"),
                                 on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="partners")
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # Certifications of coaches issued under this issuer (and, for universities and others,
    # under this partner's name) are the ones this partner gave.
    certification_issuer = models.CharField(
        _("issues coach certificates as"), max_length=16, blank=True,
        choices=Certification.Issuer)
    practices = models.ManyToManyField("practices.Practice", verbose_name=_("practices"),
                                       blank=True, related_name="partners")
    pilots = models.ManyToManyField("pilots.Pilot", verbose_name=_("pilot projects"),
                                    blank=True, related_name="partners")
    is_active = models.BooleanField(_("active"), default=True)
    source_document = models.CharField(_("source document"), max_length=20, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["kind", "name_th"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        indexes = [
            # The partner list: active partners by kind and by region.
            models.Index(fields=["is_active", "kind"], name="partner_kind_idx"),
            models.Index(fields=["region", "is_active"], name="partner_region_idx"),
        ]

    def __str__(self) -> str:
        return self.name_th

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Partner, self.short_name or self.name_en or self.name_th)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("network:partner", args=[self.slug])

    @property
    def about(self) -> str:
        return self.localized("about")

    @property
    def work(self) -> str:
        return self.localized("work")


class PartnerRole(models.Model):
    """One thing a partner does with the League (a partner has several)."""

    class Role(models.TextChoices):
        CERTIFY = "certify", _("Certifies coaches")
        EVALUATE = "evaluate", _("Evaluates municipalities and projects")
        STUDY_VISITS = "study_visits", _("Hosts study visits")
        PUBLICISE = "publicise", _("Publicises the work")
        TRAIN = "train", _("Trains and builds capacity")
        RESEARCH = "research", _("Does research")
        POLICY = "policy", _("Proposes policy")
        COACH = "coach", _("Coaches municipalities")
        SUPPORT = "support", _("Supports municipal projects")
        FUND = "fund", _("Funds programmes")

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=16, choices=Role)

    class Meta:
        ordering = ["role"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [models.UniqueConstraint(fields=["partner", "role"],
                                               name="partner_role_once")]
        # The partner list's role filter.
        indexes = [models.Index(fields=["role", "partner"], name="partner_role_idx")]

    def __str__(self) -> str:
        return self.get_role_display()


class LearningCentre(Bilingual, models.Model):
    """One of the five regional learning centres for urban and environmental management.

    The documents ask the League to strengthen five centres but do not say which municipality
    or partner hosts each; the League designates them (admin or import_learning_centres).
    """

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    slug = models.SlugField(_("address"), max_length=80, unique=True, allow_unicode=True,
                            blank=True, help_text=_("Made from the name when left empty."))
    name_th = models.CharField(_("name (Thai)"), max_length=250)
    name_en = models.CharField(_("name (English)"), max_length=250, blank=True)
    region = models.ForeignKey("portal.Region", verbose_name=_("region"),
                               on_delete=models.PROTECT, null=True, blank=True,
                               related_name="learning_centres")
    host_municipality = models.ForeignKey(
        "portal.Municipality", verbose_name=_("host municipality"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="learning_centres")
    host_partner = models.ForeignKey(
        Partner, verbose_name=_("host partner"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="hosted_centres")
    focus_th = models.TextField(_("what it demonstrates (Thai)"), blank=True)
    focus_en = models.TextField(_("what it demonstrates (English)"), blank=True)
    practices = models.ManyToManyField("practices.Practice", verbose_name=_("practices shown"),
                                       blank=True, related_name="learning_centres")
    study_visit_capacity = models.PositiveIntegerField(
        _("study-visit capacity"), null=True, blank=True,
        help_text=_("How many visitors one study visit can take."))
    address = models.CharField(_("postal address"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("coordinator"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="coordinated_centres",
        help_text=_("Manages the centre's events and marks attendance."))
    source_document = models.CharField(_("source document"), max_length=20, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("learning centre")
        verbose_name_plural = _("learning centres")

    def __str__(self) -> str:
        return self.name_th

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(LearningCentre, self.name_en or self.name_th)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("network:centre", args=[self.slug])

    @property
    def focus(self) -> str:
        return self.localized("focus")

    @property
    def is_designated(self) -> bool:
        """The League has named its host."""
        return bool(self.host_municipality_id or self.host_partner_id)
