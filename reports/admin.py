"""The Django admin of progress reports and their comments (a submitted report is locked; it is
published on the portal, or withdrawn, only through the actions, which tell the coach)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from pilots.admin import ChangesPublicPages
from reports import services
from reports.models import ProgressReport, ReportAttachment, ReportComment


class AttachmentInline(admin.TabularInline):
    """A report's files are its coach's: listed here, uploaded only by the coach (through
    the checks of portal.uploads)."""

    model = ReportAttachment
    extra = 0
    fields = ["title", "file", "kind", "size"]
    readonly_fields = fields

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CommentInline(admin.TabularInline):
    """League admins add comments; a comment, once made, is a record nobody rewrites."""

    model = ReportComment
    extra = 0
    fields = ["created_at", "author", "body"]
    readonly_fields = ["created_at", "author"]

    def has_change_permission(self, request, obj=None):
        return False


def _publish(modeladmin, request, queryset, *, publish: bool) -> None:
    done, refused = 0, []
    for report in queryset.select_related("pilot"):
        try:
            services.report_publish(report=report, actor=request.user, publish=publish)
            done += 1
        except ValidationError as exc:
            refused.append(f"{report}: {' '.join(exc.messages)}")
    if done:
        modeladmin.message_user(request, ngettext(
            "%(count)d report changed; its coach is told by e-mail.",
            "%(count)d reports changed; their coaches are told by e-mail.", done) % {
            "count": done}, messages.SUCCESS)
    for line in refused:
        modeladmin.message_user(request, line, messages.ERROR)


@admin.action(description=_("Publish on the portal (the coach is told)"),
              permissions=["change"])
def publish_reports(modeladmin, request, queryset):
    _publish(modeladmin, request, queryset, publish=True)


@admin.action(description=_("Withdraw from the portal (the coach is told)"),
              permissions=["change"])
def withdraw_reports(modeladmin, request, queryset):
    _publish(modeladmin, request, queryset, publish=False)


@admin.register(ProgressReport)
class ProgressReportAdmin(ChangesPublicPages):
    list_display = ["__str__", "coach", "period_kind", "period_start", "version", "status",
                    "submitted_at", "published_at"]
    list_filter = ["status", "period_kind", "period_start", "pilot__programme",
                   ("published_at", admin.EmptyFieldListFilter)]
    actions = [publish_reports, withdraw_reports]
    search_fields = ["pilot__code", "pilot__title_th", "coach__name_th", "summary"]
    list_select_related = ["pilot", "coach"]
    autocomplete_fields = ["pilot", "coach"]
    date_hierarchy = "period_start"
    inlines = [AttachmentInline, CommentInline]

    def get_readonly_fields(self, request, obj=None):
        """A report is its coach's words: nobody else writes, moves or rewrites it here (a
        submitted one is locked; corrections are new versions, made by the coach)."""
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

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

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:  # a comment made is a record: nobody rewrites another's words
            return ["report", "author", "created_at", "body"]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)
