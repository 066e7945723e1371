from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.files import ProtectedFileField, RandomName
from portal.models import Bilingual, Municipality, Province, Theme
from portal.thai_text import SLUG_PATTERN


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class Practice(Bilingual, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")
        REJECTED = "rejected", _("Rejected")

    # Long text sections, each in Thai and English; the page shows them in this order.
    SECTIONS = [
        ("problem", _("Problem and context")),
        ("approach", _("Approach, step by step")),
        ("results", _("Results")),
        ("resources", _("Resources and budget")),
        ("partners", _("Partners")),
        ("lessons", _("Success factors and lessons")),
        ("transfer_conditions", _("What a municipality needs to adopt it")),
        ("body", _("More details")),
    ]

    external_id = models.CharField(
        _("external id"), max_length=100, unique=True, null=True, blank=True,
        help_text=_("Identifier in the source list; imports update the practice with this id."),
    )
    slug = models.CharField(
        _("address"), max_length=120, unique=True,
        validators=[RegexValidator(SLUG_PATTERN,
                                   _("Use Thai or English letters, digits and hyphens."))],
    )
    title_th = models.CharField(_("title (Thai)"), max_length=250)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    summary_th = models.TextField(_("summary (Thai)"))
    summary_en = models.TextField(_("summary (English)"), blank=True)
    problem_th = models.TextField(_("problem and context (Thai)"), blank=True)
    problem_en = models.TextField(_("problem and context (English)"), blank=True)
    approach_th = models.TextField(_("approach (Thai)"), blank=True)
    approach_en = models.TextField(_("approach (English)"), blank=True)
    results_th = models.TextField(_("results (Thai)"), blank=True)
    results_en = models.TextField(_("results (English)"), blank=True)
    resources_th = models.TextField(_("resources and budget (Thai)"), blank=True)
    resources_en = models.TextField(_("resources and budget (English)"), blank=True)
    partners_th = models.TextField(_("partners (Thai)"), blank=True)
    partners_en = models.TextField(_("partners (English)"), blank=True)
    lessons_th = models.TextField(_("success factors and lessons (Thai)"), blank=True)
    lessons_en = models.TextField(_("success factors and lessons (English)"), blank=True)
    transfer_conditions_th = models.TextField(_("transfer conditions (Thai)"), blank=True)
    transfer_conditions_en = models.TextField(_("transfer conditions (English)"), blank=True)
    body_th = models.TextField(_("more details (Thai)"), blank=True)
    body_en = models.TextField(_("more details (English)"), blank=True)

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("owner municipality"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="practices",
    )
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="practices"
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), related_name="practices")
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="practices")
    award = models.CharField(_("award or label"), max_length=200, blank=True)
    year_started = models.PositiveSmallIntegerField(_("year started (CE)"), null=True, blank=True)
    source_url = models.URLField(_("source"), blank=True)

    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_consent = models.BooleanField(
        _("the contact person agreed to be shown publicly"), default=False
    )

    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.DRAFT)
    reviewer_note = models.TextField(_("note from the reviewer"), blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("nominated by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="nominated_practices",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    # Thai text segmented into words (space-separated, lower-case), kept by the services so
    # that search works the same on SQLite and PostgreSQL.
    search_title = models.TextField(editable=False, default="")
    search_summary = models.TextField(editable=False, default="")
    search_body = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("best practice")
        verbose_name_plural = _("best practices")
        indexes = [
            # The public list: published practices, newest first, filtered by place and year.
            models.Index(fields=["status", "-published_at", "-id"], name="practice_status_pub_idx"),
            models.Index(fields=["status", "province"], name="practice_status_prov_idx"),
            models.Index(fields=["status", "year_started"], name="practice_status_year_idx"),
            models.Index(fields=["status", "award"], name="practice_status_award_idx"),
            models.Index(fields=["status", "title_th"], name="practice_status_title_idx"),
            # The latest change: part of the key of each process's facet index.
            models.Index(fields=["updated_at"], name="practice_updated_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("practices:detail", kwargs={"slug": self.slug})

    @property
    def title(self) -> str:
        return self.localized("title")

    @property
    def summary(self) -> str:
        return self.localized("summary")

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def theme_list(self) -> list:
        """The practice's themes: those a result page already knows (set by
        practices.selectors.practices_in_order), else read."""
        known = self.__dict__.get("known_themes")
        return known if known is not None else list(self.themes.all())

    @property
    def place(self):
        return self.municipality or self.province

    def sections(self) -> list[tuple[str, str]]:
        return [(label, self.localized(name)) for name, label in self.SECTIONS
                if self.localized(name)]


def _attachment_path(instance, filename: str) -> str:
    """Named by migration 0001; files are now stored under random names (RandomName)."""
    return f"practices/{instance.practice_id}/{filename}"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        PDF = "pdf", _("PDF document")
        IMAGE = "image", _("Image")

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="attachments")
    file = ProtectedFileField(_("file"), kind="practice-attachment",
                              upload_to=RandomName("practices"))
    original_name = models.CharField(_("file name"), max_length=255, blank=True,
                                     editable=False)
    title = models.CharField(_("title"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title or self.original_name or self.file.name


class Link(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="links")
    url = models.URLField(_("address"))
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        ordering = ["id"]
        verbose_name = _("link")
        verbose_name_plural = _("links")

    def __str__(self) -> str:
        return self.title


class PracticeEvent(models.Model):
    """The change history of a practice: who did what, when, with any note."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        EDITED = "edited", _("Edited")
        STATUS = "status", _("Status changed")
        ATTACHMENTS = "attachments", _("Files attached")

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )
    action = models.CharField(_("action"), max_length=32, choices=Action)
    from_status = models.CharField(_("from"), max_length=16, blank=True)
    to_status = models.CharField(_("to"), max_length=16, blank=True)
    changes = models.JSONField(_("changed fields"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("change")
        verbose_name_plural = _("change history")
        indexes = [models.Index(fields=["practice", "created_at"], name="practice_event_idx")]

    def __str__(self) -> str:
        return f"{self.action} {self.practice_id}"

    @property
    def from_status_label(self) -> str:
        return Practice.Status(self.from_status).label if self.from_status else ""

    @property
    def changed_fields(self) -> list[str]:
        """The names of the changed fields as readers know them."""
        labels = {
            f.name: getattr(f, "verbose_name", None) or f.related_model._meta.verbose_name_plural
            for f in Practice._meta.get_fields()
        }
        return [str(labels.get(name, name)) for name in self.changes]

    @property
    def to_status_label(self) -> str:
        return Practice.Status(self.to_status).label if self.to_status else ""


class SearchTerm(models.Model):
    """Every word that occurs in a practice, to expand partial and misspelt queries."""

    term = models.CharField(max_length=100, unique=True)

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")

    def __str__(self) -> str:
        return self.term
