from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from coaches import services
from coaches.models import (
    Certification,
    Coach,
    CoachEvent,
    CoachLanguage,
    DeletionRequest,
    HomeExecutive,
    Training,
    TransferTool,
)
from portal.uploads import MAX_PHOTO_BYTES, attachment_kind


class CoachAdminForm(forms.ModelForm):
    public_fields = forms.MultipleChoiceField(
        label=_("Shown publicly"), choices=Coach.CONSENT_FIELDS, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only what the coach agreed to show. Nothing is shown by default."))

    class Meta:
        model = Coach
        fields = ["name_th", "name_en", "user", "photo", "position", "home_municipality",
                  "phone", "email", "is_demo", "themes", "tools", "other_tools",
                  "service_regions", "service_provinces", "availability_days", "bio_th",
                  "bio_en", "public_fields"]

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and "photo" in self.changed_data:
            attachment_kind(photo, kinds=("image",), max_bytes=MAX_PHOTO_BYTES)
        return photo


class CertificationInlineForm(forms.ModelForm):
    class Meta:
        model = Certification
        fields = ["issuer", "issuer_name", "title", "issued_on", "expires_on", "file"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            attachment_kind(upload)
        return upload

    def clean(self):
        data = super().clean()
        issued, expires = data.get("issued_on"), data.get("expires_on")
        if issued and expires and expires < issued:
            self.add_error("expires_on", _("The expiry date is before the issue date."))
        return data


class LanguageInline(admin.TabularInline):
    model = CoachLanguage
    extra = 0


class TrainingInline(admin.TabularInline):
    model = Training
    extra = 0


class ExecutiveInline(admin.TabularInline):
    model = HomeExecutive
    extra = 0


class CertificationInline(admin.TabularInline):
    model = Certification
    form = CertificationInlineForm
    extra = 0


class EventInline(admin.TabularInline):
    model = CoachEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "actor", "action", "from_status", "to_status", "note"]
    readonly_fields = fields
    verbose_name_plural = _("history")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Coach)
class CoachAdmin(admin.ModelAdmin):
    form = CoachAdminForm
    list_display = ["name_th", "status", "home_municipality", "home_region",
                    "availability_days", "is_demo", "updated_at"]
    list_filter = ["status", "themes", ("home_municipality__province__region",
                                        admin.RelatedOnlyFieldListFilter), "is_demo"]
    search_fields = ["name_th", "name_en", "email"]
    list_select_related = ["home_municipality__province__region"]
    autocomplete_fields = ["home_municipality", "user"]
    filter_horizontal = ["themes", "tools", "service_regions", "service_provinces"]
    readonly_fields = ["status", "status_note", "review_link", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name_th", "name_en", "user", "photo", "position",
                           "home_municipality", "phone", "email"]}),
        (_("Status"), {"fields": ["status", "status_note", "review_link", "is_demo",
                                  "created_at", "updated_at"]}),
        (_("Expertise and availability"), {"fields": [
            "themes", "tools", "other_tools", "service_regions", "service_provinces",
            "availability_days"]}),
        (_("Short bio and consent"), {"fields": ["bio_th", "bio_en", "public_fields"]}),
    ]
    inlines = [LanguageInline, TrainingInline, ExecutiveInline, CertificationInline,
               EventInline]
    actions = ["approve", "activate", "pause", "retire"]

    def get_readonly_fields(self, request, obj=None):
        # The account a record belongs to acts as that coach (their page, reports, API): only
        # a superuser links a record to an account; League admins would be choosing who.
        readonly = super().get_readonly_fields(request, obj)
        return readonly if request.user.is_superuser else [*readonly, "user"]

    @admin.display(description=_("home region"),
                   ordering="home_municipality__province__region__sort_order")
    def home_region(self, obj):
        return obj.home_municipality.province.region.name

    @admin.display(description=_("decisions"))
    def review_link(self, obj):
        if not obj.pk:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("coaches:review", args=[obj.pk]),
                           _("Decide on the review page (the coach is told by e-mail)"))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            if form.changed_data:
                CoachEvent.objects.create(coach=obj, actor=request.user,
                                          action=CoachEvent.Action.UPDATED,
                                          note=", ".join(form.changed_data))
        else:
            CoachEvent.objects.create(coach=obj, actor=request.user,
                                      action=CoachEvent.Action.APPLIED, to_status=obj.status)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.coach_reindex(form.instance)

    def _set_status(self, request, queryset, status):
        coaches = list(queryset)
        done = services.coaches_bulk_status(coaches=coaches, actor=request.user, status=status)
        skipped = len(coaches) - done
        label = Coach.Status(status).label
        message = ngettext(
            "%(done)d coach is now “%(status)s”",
            "%(done)d coaches are now “%(status)s”", done,
        ) % {"done": done, "status": label}
        if skipped:
            message += "; " + ngettext(
                "%(skipped)d skipped: that change is not possible from their current status.",
                "%(skipped)d skipped: that change is not possible from their current status.",
                skipped,
            ) % {"skipped": skipped}
        else:
            message += "."
        self.message_user(request, message, messages.WARNING if skipped else messages.SUCCESS)

    @admin.action(description=_("Approve the selected coaches"), permissions=["change"])
    def approve(self, request, queryset):
        self._set_status(request, queryset, Coach.Status.APPROVED)

    @admin.action(description=_("Activate the selected coaches"), permissions=["change"])
    def activate(self, request, queryset):
        self._set_status(request, queryset, Coach.Status.ACTIVE)

    @admin.action(description=_("Pause the selected coaches"), permissions=["change"])
    def pause(self, request, queryset):
        self._set_status(request, queryset, Coach.Status.PAUSED)

    @admin.action(description=_("Retire the selected coaches"), permissions=["change"])
    def retire(self, request, queryset):
        self._set_status(request, queryset, Coach.Status.RETIRED)


@admin.register(TransferTool)
class TransferToolAdmin(admin.ModelAdmin):
    list_display = ["name_th", "name_en", "code", "sort_order"]
    list_editable = ["sort_order"]
    search_fields = ["code", "name_th", "name_en"]
    prepopulated_fields = {"code": ["name_en"]}


@admin.register(DeletionRequest)
class DeletionRequestAdmin(admin.ModelAdmin):
    """The log of PDPA deletion requests: read-only here; handled on the deletions page."""

    list_display = ["coach_name", "requested_at", "outcome", "handled_by", "handled_at"]
    list_filter = ["outcome"]
    search_fields = ["coach_name", "reason", "note"]
    list_select_related = ["handled_by"]
    date_hierarchy = "requested_at"
    fields = ["coach_name", "coach", "reason", "requested_at", "outcome", "handled_by",
              "handled_at", "note"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

