"""The Django admin of pilot projects and their monitoring records."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from pilots.models import (
    Adaptation,
    Assignment,
    Indicator,
    LogframeNode,
    Measurement,
    Pilot,
    StudyVisit,
    Swot,
)
from pilots.services import pages_changed
from portal.thai_text import thai_slugify


class ChangesPublicPages(admin.ModelAdmin):
    """Saving or deleting here refreshes the cached public pilot pages."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        pages_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        pages_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        pages_changed()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        pages_changed()


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ["coach"]


class LogframeInline(admin.TabularInline):
    model = LogframeNode
    extra = 0
    fields = ["level", "parent", "text_th", "text_en", "assumptions", "risks", "order"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only items of the same pilot can be parents.
        if db_field.name == "parent":
            pilot_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = LogframeNode.objects.filter(pilot_id=pilot_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["name_th", "name_en", "node", "unit", "baseline", "target", "starts_on", "due_on",
              "order"]
    show_change_link = True

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "node":
            pilot_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = LogframeNode.objects.filter(pilot_id=pilot_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class StudyVisitInline(admin.StackedInline):
    model = StudyVisit
    extra = 0


class SwotInline(admin.StackedInline):
    model = Swot
    extra = 0
    max_num = 1


class AdaptationInline(admin.TabularInline):
    model = Adaptation
    extra = 0


@admin.register(Pilot)
class PilotAdmin(ChangesPublicPages):
    list_display = ["code", "title_th", "programme", "area", "status", "is_public",
                    "updated_at"]
    list_filter = ["programme", "status", "is_public", "themes",
                   ("province__region", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["code", "title_th", "title_en", "municipality__name_th",
                     "province__name_th"]
    list_select_related = ["municipality", "province"]
    autocomplete_fields = ["municipality", "province", "source_practice", "documented_in",
                           "coordinator"]
    filter_horizontal = ["themes"]
    readonly_fields = ["slug", "created_by", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["code", "slug", "title_th", "title_en", "programme", "status",
                           "is_public"]}),
        (_("Area"), {"fields": ["municipality", "province"]}),
        (_("Practice"), {"fields": ["themes", "source_practice", "model_city",
                                    "documented_in"]}),
        (_("Content"), {"fields": ["objectives_th", "objectives_en", "notes_th", "notes_en",
                                   "source_document"]}),
        (_("Dates, coordinator and budget"), {"fields": [
            "starts_on", "ends_on", "year_started", "coordinator", "budget", "created_by",
            "created_at", "updated_at"]}),
    ]
    inlines = [AssignmentInline, LogframeInline, IndicatorInline, StudyVisitInline, SwotInline,
               AdaptationInline]

    @admin.display(description=_("area"), ordering="province__name_th")
    def area(self, obj):
        return obj.municipality.name_th if obj.municipality_id else obj.province.name_th

    def save_model(self, request, obj, form, change):
        # As pilots.services.pilot_save: the province follows the municipality.
        if obj.municipality_id:
            obj.province = obj.municipality.province
        if not obj.slug:
            obj.slug = thai_slugify(obj.code, max_length=40) or thai_slugify(obj.title_th)
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class MeasurementInline(admin.TabularInline):
    model = Measurement
    extra = 0
    fields = ["measured_on", "value", "evidence", "recorded_by", "report"]
    readonly_fields = ["recorded_by", "report"]


@admin.register(Indicator)
class IndicatorAdmin(ChangesPublicPages):
    list_display = ["name_th", "pilot", "unit", "baseline", "target", "due_on"]
    list_filter = ["pilot__programme", "pilot__status"]
    search_fields = ["name_th", "name_en", "pilot__code", "pilot__title_th"]
    list_select_related = ["pilot"]
    autocomplete_fields = ["pilot"]
    inlines = [MeasurementInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "node":
            kwargs["queryset"] = LogframeNode.objects.select_related("pilot")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_formset(self, request, form, formset, change):
        for measurement in formset.save(commit=False):
            if measurement.recorded_by_id is None:
                measurement.recorded_by = request.user
            measurement.save()
        for measurement in formset.deleted_objects:
            measurement.delete()
        formset.save_m2m()
