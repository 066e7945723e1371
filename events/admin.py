from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from events import services
from events.models import Event, Registration
from portal.thai_dates import format_date


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ["user", "status", "queued_at", "attended", "reminded_at"]
    readonly_fields = ["user", "status", "queued_at", "reminded_at"]
    can_delete = False
    verbose_name_plural = _("registrations (people register on the event's page)")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title_th", "kind", "when", "organiser", "capacity", "status", "is_public"]
    list_filter = ["kind", "status", "is_public", "organiser", "organiser_centre",
                   "themes"]
    search_fields = ["title_th", "title_en", "venue"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["municipality", "organiser_partner", "organiser_centre", "partners",
                           "contact", "practices", "pilots", "coaches"]
    raw_id_fields = ["study_visit"]
    filter_horizontal = ["themes"]
    inlines = [RegistrationInline]
    fieldsets = [
        (None, {"fields": ["kind", "title_th", "title_en", "slug", "summary_th", "summary_en",
                           "themes", "status", "is_public"]}),
        (_("When and where"), {"fields": ["starts_at", "ends_at", "municipality", "venue",
                                          "online_url"]}),
        (_("Organised by"), {"fields": ["organiser", "organiser_partner", "organiser_centre",
                                        "partners", "contact"]}),
        (_("Places"), {"fields": ["capacity", "registration_open"],
                       "description": _("When places are added, the people waiting get "
                                        "them in the order they registered.")}),
        (_("Related"), {"fields": ["practices", "pilots", "coaches", "study_visit"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organiser_partner",
                                                            "organiser_centre")

    @admin.display(description=_("when"), ordering="starts_at")
    def when(self, obj):
        return format_date(obj.starts_at, with_time=True)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        promoted = services.waitlist_promote(event=form.instance)
        if promoted:
            self.message_user(request, _("%(count)d people on the waiting list got a place.")
                              % {"count": len(promoted)})
