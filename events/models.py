"""Events of the learning network: trainings, coach certification courses, study visits, peer
reviews and award ceremonies, with registration, a waiting list and attendance."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.models import Bilingual
from portal.thai_text import unique_slug


class Event(Bilingual, models.Model):
    class Kind(models.TextChoices):
        TRAINING = "training", _("Training")
        CERTIFICATION = "certification", _("Coach certification course")
        STUDY_VISIT = "study_visit", _("Study visit")
        PEER_REVIEW = "peer_review", _("Peer review")
        AWARD = "award", _("Award ceremony")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    class Organiser(models.TextChoices):
        LEAGUE = "league", _("National Municipal League of Thailand")
        PARTNER = "partner", _("A partner")
        CENTRE = "centre", _("A regional learning centre")

    slug = models.SlugField(_("address"), max_length=90, unique=True, allow_unicode=True,
                            blank=True, help_text=_("Made from the title when left empty."))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    title_th = models.CharField(_("title (Thai)"), max_length=250)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    summary_th = models.TextField(_("description (Thai)"), blank=True)
    summary_en = models.TextField(_("description (English)"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    municipality = models.ForeignKey(
        "portal.Municipality", verbose_name=_("municipality"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="events",
        help_text=_("Where it takes place; leave empty for an online event."))
    venue = models.CharField(_("venue"), max_length=300, blank=True,
                             help_text=_("Building, room or address."))
    online_url = models.URLField(_("online link"), blank=True)
    organiser = models.CharField(_("organised by"), max_length=8, choices=Organiser,
                                 default=Organiser.LEAGUE)
    organiser_partner = models.ForeignKey(
        "network.Partner", verbose_name=_("organising partner"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="organised_events")
    organiser_centre = models.ForeignKey(
        "network.LearningCentre", verbose_name=_("organising centre"),
        on_delete=models.PROTECT, null=True, blank=True, related_name="events")
    partners = models.ManyToManyField("network.Partner", verbose_name=_("partners taking part"),
                                      blank=True, related_name="events")
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person in charge"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="managed_events",
        help_text=_("Sees the registrations and marks attendance, with League admins."))
    themes = models.ManyToManyField("portal.Theme", verbose_name=_("themes"), blank=True,
                                    related_name="events")
    practices = models.ManyToManyField("practices.Practice", verbose_name=_("practices"),
                                       blank=True, related_name="learning_events")
    pilots = models.ManyToManyField("pilots.Pilot", verbose_name=_("pilot projects"),
                                    blank=True, related_name="learning_events")
    coaches = models.ManyToManyField("coaches.Coach", verbose_name=_("coaches"), blank=True,
                                     related_name="learning_events")
    study_visit = models.OneToOneField(
        "pilots.StudyVisit", verbose_name=_("study-visit record (AAR)"),
        on_delete=models.SET_NULL, null=True, blank=True, related_name="event",
        help_text=_("For a study visit: the pilot's record of it, with its After Action "
                    "Review."))
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True,
        help_text=_("Leave empty for no limit. Beyond it, people join a waiting list."))
    registration_open = models.BooleanField(_("registration open"), default=True)
    is_public = models.BooleanField(_("public"), default=True)
    status = models.CharField(_("status"), max_length=10, choices=Status,
                              default=Status.SCHEDULED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=models.F("starts_at")),
                                   name="event_ends_after_start"),
        ]
        indexes = [
            # The public list (upcoming or past) and the all-events feed.
            models.Index(fields=["is_public", "starts_at"], name="event_public_start_idx"),
            # The kind filter, and the reminders (events starting on a given day).
            models.Index(fields=["kind", "starts_at"], name="event_kind_idx"),
            models.Index(fields=["status", "starts_at"], name="event_status_idx"),
        ]

    def __str__(self) -> str:
        return self.title_th

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Event, self.title_en or self.title_th)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.slug])

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("The event ends before it starts.")
        if not (self.municipality_id or self.venue or self.online_url):
            errors["venue"] = _("Give a place (municipality or venue) or an online link.")
        if self.organiser == self.Organiser.PARTNER and not self.organiser_partner_id:
            errors["organiser_partner"] = _("Choose the organising partner.")
        if self.organiser == self.Organiser.CENTRE and not self.organiser_centre_id:
            errors["organiser_centre"] = _("Choose the organising centre.")
        if errors:
            raise ValidationError(errors)

    @property
    def title(self) -> str:
        return self.localized("title")

    @property
    def summary(self) -> str:
        return self.localized("summary")

    @property
    def organiser_name(self) -> str:
        if self.organiser == self.Organiser.PARTNER and self.organiser_partner_id:
            return self.organiser_partner.name
        if self.organiser == self.Organiser.CENTRE and self.organiser_centre_id:
            return self.organiser_centre.name
        return str(self.Organiser.LEAGUE.label)

    @property
    def place(self) -> str:
        """“Hall, เทศบาลนครยะลา, ยะลา”; “Online” when there is only a link."""
        parts = [self.venue] if self.venue else []
        if self.municipality_id:
            parts += [self.municipality.name, self.municipality.province.name]
        if not parts and self.online_url:
            parts.append(str(_("Online")))
        return ", ".join(parts)

    @property
    def region(self):
        if self.municipality_id:
            return self.municipality.province.region
        if self.organiser_centre_id:
            return self.organiser_centre.region
        return None


class Registration(models.Model):
    """A signed-in person's place at an event: confirmed, on the waiting list or cancelled."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Registered")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"),
                             on_delete=models.CASCADE, related_name="event_registrations")
    status = models.CharField(_("status"), max_length=10, choices=Status)
    # When the person (last) asked for a place: the waiting list's order.
    queued_at = models.DateTimeField(_("registered at"))
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["queued_at", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [models.UniqueConstraint(fields=["event", "user"],
                                               name="registration_once")]
        indexes = [
            # Places taken and the waiting list's head, per event.
            models.Index(fields=["event", "status", "queued_at"], name="registration_queue_idx"),
            # "My events".
            models.Index(fields=["user", "status"], name="registration_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.event}"
