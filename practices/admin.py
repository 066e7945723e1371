import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from portal.uploads import attachment_kind
from practices import services
from practices.export import practices_csv, practices_json
from practices.models import Attachment, Link, Practice, PracticeEvent, SearchTerm, Tag


class AttachmentForm(forms.ModelForm):
    """A file added in the admin passes the same checks as a nomination's (type, size, an
    image that decodes), and its kind and size are taken from it."""

    class Meta:
        model = Attachment
        fields = ["file", "title"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):  # a new file, not the one already stored
            self.instance.kind = attachment_kind(upload)
            self.instance.size = upload.size
        return upload


class AttachmentInline(admin.TabularInline):
    model = Attachment
    form = AttachmentForm
    extra = 0
    readonly_fields = ["kind", "size", "uploaded_at"]


class LinkInline(admin.TabularInline):
    model = Link
    extra = 0


class EventInline(admin.TabularInline):
    model = PracticeEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "actor", "action", "from_status", "to_status", "changes", "note"]
    readonly_fields = fields
    verbose_name_plural = _("change history")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = ["title_th", "place_name", "status", "award", "year_started", "published_at"]
    list_filter = ["status", "themes", "province__region", "municipality__kind", "award",
                   "year_started"]
    search_fields = ["title_th", "title_en", "summary_th", "external_id",
                     "municipality__name_th", "province__name_th", "tags__name"]
    list_select_related = ["municipality", "province"]
    autocomplete_fields = ["municipality", "province", "tags", "nominated_by"]
    filter_horizontal = ["themes"]
    readonly_fields = ["created_at", "updated_at", "published_at", "status"]
    inlines = [AttachmentInline, LinkInline, EventInline]
    actions = ["publish", "archive", "export_csv", "export_json"]
    date_hierarchy = "published_at"

    @admin.display(description=_("place"))
    def place_name(self, obj):
        return obj.place.name_th

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        PracticeEvent.objects.create(
            practice=obj, actor=request.user,
            action=PracticeEvent.Action.EDITED if change else PracticeEvent.Action.CREATED,
            changes={name: [None, str(form.cleaned_data.get(name))] for name in form.changed_data
                     if name not in ("themes", "tags")},
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.practice_reindex(practice=form.instance)

    def _set_status(self, request, queryset, status):
        done = 0
        for practice in queryset:
            try:
                services.practice_set_status(practice=practice, actor=request.user, status=status)
                done += 1
            except ValidationError as exc:
                self.message_user(request, f"{practice.title_th}: {' '.join(exc.messages)}",
                                  messages.WARNING)
        self.message_user(request, _("%(count)d practice(s) updated.") % {"count": done})

    @admin.action(description=_("Publish the selected practices"))
    def publish(self, request, queryset):
        self._set_status(request, queryset, Practice.Status.PUBLISHED)

    @admin.action(description=_("Archive the selected practices"))
    def archive(self, request, queryset):
        self._set_status(request, queryset, Practice.Status.ARCHIVED)

    @admin.action(description=_("Export the selected published practices as CSV"))
    def export_csv(self, request, queryset):
        response = HttpResponse(practices_csv(queryset), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="practices.csv"'
        return response

    @admin.action(description=_("Export the selected published practices as JSON"))
    def export_json(self, request, queryset):
        body = json.dumps(practices_json(queryset), ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="practices.json"'
        return response


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(PracticeEvent)
class PracticeEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "practice", "actor", "action", "from_status", "to_status"]
    list_filter = ["action", "to_status"]
    search_fields = ["practice__title_th", "note"]
    list_select_related = ["practice", "actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register(SearchTerm, search_fields=["term"])
