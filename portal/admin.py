from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from portal.models import District, Municipality, Province, Region, Theme, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "municipality", "is_active"]
    list_filter = ["role", "is_active", "is_staff", "preferred_language"]
    search_fields = ["email", "first_name", "last_name"]
    autocomplete_fields = ["municipality"]
    list_select_related = ["municipality"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Personal info"),
            {"fields": ["first_name", "last_name", "municipality", "preferred_language"]},
        ),
        (
            _("Role and permissions"),
            {"fields": ["role", "is_active", "is_staff", "is_superuser", "groups"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "role", "password1", "password2"]})
    ]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "name_en", "sort_order"]
    list_editable = ["sort_order"]


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "name_en", "region"]
    list_filter = ["region"]
    search_fields = ["code", "name_th", "name_en"]
    list_select_related = ["region"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "name_en", "province"]
    list_filter = ["province__region"]
    search_fields = ["code", "name_th", "name_en"]
    list_select_related = ["province"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name_th", "name_en", "kind", "province", "district", "code"]
    list_filter = ["kind", "province__region"]
    search_fields = ["name_th", "name_en", "code", "province__name_th"]
    list_select_related = ["province", "district"]
    autocomplete_fields = ["province", "district"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "name_en", "sort_order"]
