"""LINE links in the admin: who is linked and what they chose. Nothing here is edited: the
user id is LINE's and the channels are the person's own choice; deleting a link unlinks it
(e-mail then goes out again)."""

from django.contrib import admin

from line_oa.models import LineLink


@admin.register(LineLink)
class LineLinkAdmin(admin.ModelAdmin):
    list_display = ["__str__", "linked_at", "following", "send_line", "send_email"]
    list_filter = ["following", "send_line", "send_email"]
    search_fields = ["executive__name", "executive__email", "coach__name_th", "coach__email"]
    list_select_related = ["executive", "coach"]
    readonly_fields = ["executive", "coach", "line_user_id", "linked_at", "following",
                       "send_line", "send_email", "email_off_requested_at"]

    def has_add_permission(self, request):
        return False  # a link is made by the person, from LINE
