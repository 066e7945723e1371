"""The Django admin of progress reports and their comments (a submitted report is locked)."""

from django.contrib import admin

from pilots.admin import ChangesPublicPages
from reports.models import ProgressReport, ReportAttachment, ReportComment


class AttachmentInline(admin.TabularInline):
    model = ReportAttachment
    extra = 0
    fields = ["title", "file", "kind", "size"]
    readonly_fields = ["kind", "size"]

    def has_change_permission(self, request, obj=None):
        return obj is None or obj.status == ProgressReport.Status.DRAFT

    def has_add_permission(self, request, obj=None):
        return obj is None or obj.status == ProgressReport.Status.DRAFT

    def has_delete_permission(self, request, obj=None):
        return obj is None or obj.status == ProgressReport.Status.DRAFT


class CommentInline(admin.TabularInline):
    model = ReportComment
    extra = 0
    fields = ["created_at", "author", "body"]
    readonly_fields = ["created_at", "author"]


@admin.register(ProgressReport)
class ProgressReportAdmin(ChangesPublicPages):
    list_display = ["__str__", "coach", "period_kind", "period_start", "version", "status",
                    "submitted_at"]
    list_filter = ["status", "period_kind", "period_start", "pilot__programme"]
    search_fields = ["pilot__code", "pilot__title_th", "coach__name_th", "summary"]
    list_select_related = ["pilot", "coach"]
    autocomplete_fields = ["pilot", "coach"]
    date_hierarchy = "period_start"
    inlines = [AttachmentInline, CommentInline]

    def get_readonly_fields(self, request, obj=None):
        """A submitted report is locked: corrections are new versions, made by the coach."""
        if obj is not None and obj.status == ProgressReport.Status.SUBMITTED:
            return [f.name for f in self.model._meta.fields]
        return ["status", "submitted_at", "corrects", "version", "created_at", "updated_at"]

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status == ProgressReport.Status.SUBMITTED:
            return False
        return super().has_delete_permission(request, obj)

    def save_formset(self, request, form, formset, change):
        for item in formset.save(commit=False):
            if isinstance(item, ReportComment) and item.author_id is None:
                item.author = request.user
            item.save()
        for item in formset.deleted_objects:
            item.delete()
        formset.save_m2m()


@admin.register(ReportComment)
class ReportCommentAdmin(admin.ModelAdmin):
    list_display = ["report", "author", "created_at"]
    list_filter = ["report__pilot__programme"]
    search_fields = ["body", "report__pilot__code", "author__email"]
    list_select_related = ["report__pilot", "author"]
    autocomplete_fields = ["report"]
    readonly_fields = ["author", "created_at"]

    def save_model(self, request, obj, form, change):
        if obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)
