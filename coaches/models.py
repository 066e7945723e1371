"""The national coach registry (วิทยากรพี่เลี้ยง).

Professional facts (themes, tools, languages, the area served, availability) are what the
directory filters and matching work on and are public once a coach is approved. Personal data
is shown only where the coach said so (`public_fields`, PDPA); the default is nothing.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.files import ProtectedFileField, ProtectedImageField, RandomName
from portal.models import Bilingual

LANGUAGE_CHOICES = [
    ("th", _("Thai")), ("en", _("English")), ("zh", _("Chinese")), ("ms", _("Malay")),
    ("lo", _("Lao")), ("km", _("Khmer")), ("my", _("Burmese")), ("vi", _("Vietnamese")),
    ("ja", _("Japanese")), ("fr", _("French")), ("de", _("German")), ("other", _("Other")),
]


class TransferTool(Bilingual, models.Model):
    """A transfer tool of the programme (study visit and AAR, SWOT, logical framework...)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("transfer tool")
        verbose_name_plural = _("transfer tools")

    def __str__(self) -> str:
        return self.name


class Coach(models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        APPROVED = "approved", _("Approved")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        RETIRED = "retired", _("Retired")
        REJECTED = "rejected", _("Rejected")

    # Personal fields a coach may choose to show publicly; none is shown by default. Showing
    # the home municipality shows its province and region too: "home_region" lets a coach
    # show only the region.
    CONSENT_FIELDS = [
        ("name", _("Name")),
        ("photo", _("Photo")),
        ("position", _("Position")),
        ("home_municipality", _("Home municipality")),
        ("home_region", _("Home region")),
        ("phone", _("Phone")),
        ("email", _("E-mail")),
        ("bio", _("Short bio")),
        ("training", _("Training history")),
        ("languages", _("Languages")),
        ("certifications", _("Certifications")),
    ]

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="coach",
    )
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    photo = ProtectedImageField(_("photo"), kind="coach-photo",
                                upload_to=RandomName("coaches/photos"), blank=True)
    home_municipality = models.ForeignKey(
        "portal.Municipality", verbose_name=_("home municipality"), on_delete=models.PROTECT,
        related_name="coaches",
    )
    position = models.CharField(_("position"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"))
    themes = models.ManyToManyField("portal.Theme", verbose_name=_("expertise"),
                                    related_name="coaches")
    tools = models.ManyToManyField(TransferTool, verbose_name=_("transfer tools mastered"),
                                   blank=True, related_name="coaches")
    other_tools = models.CharField(_("other tools"), max_length=300, blank=True)
    service_regions = models.ManyToManyField(
        "portal.Region", verbose_name=_("regions served"), blank=True, related_name="coaches")
    service_provinces = models.ManyToManyField(
        "portal.Province", verbose_name=_("provinces served"), blank=True,
        related_name="coaches")
    availability_days = models.PositiveSmallIntegerField(
        _("availability (days per month)"), default=0, validators=[MaxValueValidator(31)])
    bio_th = models.TextField(_("short bio (Thai)"), max_length=2000, blank=True)
    bio_en = models.TextField(_("short bio (English)"), max_length=2000, blank=True)
    public_fields = models.JSONField(_("shown publicly"), default=list, blank=True)
    # `public_fields` as ",name,photo," (kept by save()): a JSON list cannot be filtered alike
    # on PostgreSQL and SQLite, and filters must leave out coaches who hide what they filter on.
    shown_index = models.CharField(max_length=200, editable=False, default=",")
    status = models.CharField(_("status"), max_length=16, choices=Status,
                              default=Status.APPLIED)
    status_note = models.TextField(_("reason or note"), blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False)
    reminders_enabled = models.BooleanField(_("receives report reminders"), default=True)
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("applied at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name_th", "id"]
        verbose_name = _("coach")
        verbose_name_plural = _("coaches")
        indexes = [
            models.Index(fields=["status", "name_th"], name="coach_status_name_idx"),
            models.Index(fields=["status", "availability_days"], name="coach_status_avail_idx"),
            models.Index(fields=["status", "updated_at"], name="coach_status_updated_idx"),
        ]

    def __str__(self) -> str:
        return self.name_th

    def save(self, *args, **kwargs):
        self.shown_index = shown_index(self.public_fields)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "public_fields" in update_fields:
            kwargs["update_fields"] = {*update_fields, "shown_index"}
        super().save(*args, **kwargs)

    def shows(self, field: str) -> bool:
        return field in self.public_fields

    def shows_home_region(self) -> bool:
        """The home region is public when the coach shows it or their home municipality."""
        return self.shows("home_region") or self.shows("home_municipality")

    @property
    def is_listed(self) -> bool:
        """Approved or active: vetted by the League and shown in the directory."""
        return self.status in (self.Status.APPROVED, self.Status.ACTIVE)

    def public_name(self) -> str:
        if self.shows("name"):
            from django.utils.translation import get_language

            if (get_language() or "th").startswith("en") and self.name_en:
                return self.name_en
            return self.name_th
        return str(_("Coach no. %(number)s") % {"number": self.pk})

    def public_bio(self) -> str:
        if not self.shows("bio"):
            return ""
        return Bilingual.localized(self, "bio")


def shown_index(public_fields) -> str:
    return "," + "".join(f"{code}," for code in sorted(set(public_fields or [])))


def showing(queryset, *fields: str):
    """Coaches of `queryset` who show at least one of `fields`."""
    condition = models.Q()
    for field in fields:
        condition |= models.Q(shown_index__contains=f",{field},")
    return queryset.filter(condition)


class CoachLanguage(models.Model):
    class Level(models.TextChoices):
        BASIC = "basic", _("Basic")
        WORKING = "working", _("Working")
        FLUENT = "fluent", _("Fluent")
        NATIVE = "native", _("Native")

    coach = models.ForeignKey(Coach, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES)
    level = models.CharField(_("level"), max_length=8, choices=Level)

    class Meta:
        ordering = ["id"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        constraints = [models.UniqueConstraint(fields=["coach", "language"],
                                               name="coach_language_unique")]
        indexes = [models.Index(fields=["language", "coach"], name="coach_language_idx")]

    def __str__(self) -> str:
        return f"{self.get_language_display()} ({self.get_level_display()})"


class Training(models.Model):
    coach = models.ForeignKey(Coach, on_delete=models.CASCADE, related_name="trainings")
    name = models.CharField(_("course or programme"), max_length=300)
    provider = models.CharField(_("organised by"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year (A.D.)"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "id"]
        verbose_name = _("training")
        verbose_name_plural = _("training history")

    def __str__(self) -> str:
        return self.name


class HomeExecutive(models.Model):
    """A person at the coach's home municipality who receives the coach's progress reports."""

    class Position(models.TextChoices):
        MAYOR = "mayor", _("Mayor")
        DEPUTY_MAYOR = "deputy_mayor", _("Deputy mayor")
        CLERK = "clerk", _("Municipal clerk")
        DEPUTY_CLERK = "deputy_clerk", _("Deputy municipal clerk")
        DIRECTOR = "director", _("Division director")
        OTHER = "other", _("Other")

    coach = models.ForeignKey(Coach, on_delete=models.CASCADE, related_name="executives")
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=16, choices=Position)
    position_other = models.CharField(_("position (other)"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"))
    preferred_language = models.CharField(
        _("preferred language"), max_length=8,
        choices=[("th", _("Thai")), ("en", _("English"))], default="th")
    digests_enabled = models.BooleanField(_("receives monthly digests"), default=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("home executive")
        verbose_name_plural = _("home executives")
        constraints = [models.UniqueConstraint(fields=["coach", "email"],
                                               name="home_executive_unique_email")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_position_display()})"


class Certification(models.Model):
    class Issuer(models.TextChoices):
        LEAGUE = "league", _("National Municipal League of Thailand")
        KPI = "kpi", _("King Prajadhipok's Institute")
        UNIVERSITY = "university", _("University")
        OTHER = "other", _("Other")

    coach = models.ForeignKey(Coach, on_delete=models.CASCADE, related_name="certifications")
    issuer = models.CharField(_("issuer"), max_length=16, choices=Issuer)
    issuer_name = models.CharField(_("issuer name"), max_length=200, blank=True)
    title = models.CharField(_("certificate"), max_length=300)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    file = ProtectedFileField(_("file"), kind="certificate",
                              upload_to=RandomName("coaches/certificates"), blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True,
                                     editable=False)

    class Meta:
        ordering = ["-issued_on", "id"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")

    def __str__(self) -> str:
        return self.title

    @property
    def issuer_label(self) -> str:
        return self.issuer_name or self.get_issuer_display()


class CoachEvent(models.Model):
    """Every status change and every admin decision about a coach."""

    class Action(models.TextChoices):
        APPLIED = "applied", _("Applied")
        STATUS = "status", _("Status changed")
        UPDATED = "updated", _("Profile updated")
        CERTIFIED = "certified", _("Certification added")
        DATA_EXPORTED = "data_exported", _("Own data downloaded")
        DELETION_REQUESTED = "deletion_requested", _("Deletion requested")
        DELETION_HANDLED = "deletion_handled", _("Deletion request handled")

    coach = models.ForeignKey(Coach, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"),
                              on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    action = models.CharField(_("action"), max_length=24, choices=Action)
    from_status = models.CharField(_("from"), max_length=16, choices=Coach.Status, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=Coach.Status, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("coach history entry")
        verbose_name_plural = _("coach history")
        indexes = [models.Index(fields=["coach", "created_at"], name="coach_event_idx")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.created_at:%Y-%m-%d})"


class DeletionRequest(models.Model):
    class Outcome(models.TextChoices):
        PENDING = "pending", _("Waiting")
        DELETED = "deleted", _("Data deleted")
        DECLINED = "declined", _("Declined")

    coach = models.ForeignKey(Coach, on_delete=models.SET_NULL, null=True,
                              related_name="deletion_requests")
    coach_name = models.CharField(_("coach"), max_length=200)
    reason = models.TextField(_("reason"), blank=True)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome,
                               default=Outcome.PENDING)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("handled by"),
                                   on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("deletion request")
        verbose_name_plural = _("deletion requests")
        indexes = [models.Index(fields=["outcome", "requested_at"], name="deletion_outcome_idx")]

    def __str__(self) -> str:
        return self.coach_name
