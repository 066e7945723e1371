from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from portal.models import District, Municipality, Province, Region, Theme, User
from portal.services.accounts import user_set_role

# What a League admin may change on an account: the person's details, and whether an ordinary
# account (municipal staff, coach) may sign in, to stop a misused or abandoned one.
CURATOR_FIELDS = ["first_name", "last_name", "municipality", "preferred_language", "is_active"]
# Only a superuser changes these: they decide what the account may do, or who can sign in as it
# (the password; the e-mail address, which the password reset follows).
POWER_FIELDS = ["email", "password", "role", "is_staff", "is_superuser", "groups",
                "user_permissions", "last_login", "date_joined"]


def holds_powers(user: User) -> bool:
    """A superuser, a League admin or anyone else with the admin site."""
    return user.is_superuser or user.is_staff or user.role == User.Role.CURATOR


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Superusers have the full form. League admins see every account, and change the details
    of ordinary accounts and their own, never what gives powers or signs in; they do not add
    or delete accounts, set passwords, or change a superuser or another League admin."""

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
    curator_fieldsets = [
        (None, {"fields": ["email"]}),
        (
            _("Personal info"),
            {"fields": ["first_name", "last_name", "municipality", "preferred_language"]},
        ),
        (
            _("Role and permissions"),
            {
                "fields": ["role", "is_active", "is_staff", "is_superuser", "groups"],
                "description": _("Only a superuser changes an account's e-mail address, "
                                 "password, role or permissions."),
            },
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]

    def has_add_permission(self, request):
        return request.user.is_superuser and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if request.user.is_superuser or obj is None:
            return True
        return obj.pk == request.user.pk or not holds_powers(obj)

    def get_fieldsets(self, request, obj=None):
        if obj is not None and not request.user.is_superuser:
            # Without the password: shown read-only, it would print the hash.
            return self.curator_fieldsets
        return super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        if obj is None or obj.pk == request.user.pk or holds_powers(obj):
            return [*POWER_FIELDS, "is_active"]
        return POWER_FIELDS

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None and not request.user.is_superuser:
            # Named here rather than taken from the fieldsets, so that the form never has a
            # field a forged POST could set.
            kwargs["fields"] = CURATOR_FIELDS
        return super().get_form(request, obj, **kwargs)

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if "role" in form.changed_data:
            # The role brings its powers (the admin site, the League admins' group) as
            # everywhere else.
            user_set_role(user=form.instance, role=form.instance.role)


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
