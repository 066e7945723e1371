from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from network.models import LearningCentre, Partner, PartnerRole


class PartnerRoleInline(admin.TabularInline):
    model = PartnerRole
    extra = 1
    verbose_name = _("what it does with the League")
    verbose_name_plural = _("what it does with the League")


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name_th", "short_name", "kind", "region", "role_list", "is_active"]
    list_filter = ["kind", "is_active", "region", "roles__role"]
    search_fields = ["name_th", "name_en", "short_name"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["practices", "pilots"]
    inlines = [PartnerRoleInline]
    fieldsets = [
        (None, {"fields": ["name_th", "name_en", "short_name", "slug", "kind", "is_active"]}),
        (_("Description"), {"fields": ["about_th", "about_en", "work_th", "work_en",
                                       "source_document"]}),
        (_("Where and how to reach it"), {"fields": ["region", "province", "website", "email",
                                                     "phone"]}),
        (_("What it takes part in"), {"fields": ["certification_issuer", "practices",
                                                 "pilots"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("region").prefetch_related("roles")

    @admin.display(description=_("works with the League on"))
    def role_list(self, obj):
        return ", ".join(str(role) for role in obj.roles.all()) or "—"


@admin.register(LearningCentre)
class LearningCentreAdmin(admin.ModelAdmin):
    list_display = ["number", "name_th", "region", "host", "study_visit_capacity"]
    list_filter = ["region"]
    search_fields = ["name_th", "name_en"]
    autocomplete_fields = ["host_municipality", "host_partner", "practices", "coordinator"]
    fieldsets = [
        (None, {"fields": ["number", "name_th", "name_en", "slug", "region"]}),
        (_("Host"), {"fields": ["host_municipality", "host_partner", "coordinator"],
                     "description": _("The League designates the host; the documents do not "
                                      "name one.")}),
        (_("What it offers"), {"fields": ["focus_th", "focus_en", "practices",
                                          "study_visit_capacity"]}),
        (_("Contact"), {"fields": ["address", "email", "phone", "source_document"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(
            "region", "host_municipality", "host_partner")

    @admin.display(description=_("host"))
    def host(self, obj):
        return obj.host_municipality or obj.host_partner or _("to be designated")
