"""The delivery log: where each copy of each report version is, for League admins only.

Read-only (copies are made by submitting a report, never by hand); failed copies can be sent
again, and any copy can be previewed exactly as the executive receives it, without sending.
"""

import re

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.csp import CSP
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override

from deliveries import selectors, services
from deliveries.line_message import report_line_texts
from deliveries.message import report_message
from deliveries.models import Delivery, Notice
from portal.thai_dates import format_date
from reports.selectors import period_label


class ConfirmedFilter(admin.SimpleListFilter):
    """Whether the executive confirmed receipt (the dashboard links here)."""

    title = _("receipt confirmed")
    parameter_name = "confirmed"

    def lookups(self, request, model_admin):
        return [("yes", _("Confirmed")), ("no", _("Not confirmed"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(confirmed_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(confirmed_at__isnull=True)
        return queryset


def _league_admin(request) -> bool:
    user = request.user
    return bool(user.is_active and user.is_staff and getattr(user, "is_league_admin", False))


class PeriodFilter(admin.SimpleListFilter):
    """The month in which the report's period starts, among months that have copies."""

    title = _("report period")
    parameter_name = "period"

    def lookups(self, request, model_admin):
        return [(f"{month:%Y-%m}", period_label("month", month))
                for month in selectors.delivery_months()]

    def queryset(self, request, queryset):
        match = re.fullmatch(r"(\d{4})-(\d{2})", self.value() or "")
        if not match:
            return queryset
        return queryset.filter(report__period_start__year=int(match[1]),
                               report__period_start__month=int(match[2]))


# Whatever could reveal a working confirmation link is replaced in previews, so that an admin
# cannot confirm receipt on an executive's behalf by following it.
_CONFIRM_LINK = re.compile(r"(/deliveries/confirm/)[^/\s\"'<>&]+/")


# The e-mail's HTML in the preview frame: inline styles (as mail clients show them), images
# from this site or inline, nothing else; only the admin's own page may frame it.
MESSAGE_CSP = {
    "default-src": [CSP.NONE],
    "style-src": [CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
    "sandbox": True,
}


def _without_confirm_token(text: str) -> str:
    return _CONFIRM_LINK.sub(r"\1preview/", text)


class LeagueAdminLog:
    """A log League admins read and nobody edits. Who may see it is decided by the role (the
    League admin group has no per-model permissions for this app)."""

    def has_module_permission(self, request):
        return _league_admin(request)

    def has_view_permission(self, request, obj=None):
        return _league_admin(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(LeagueAdminLog, admin.ModelAdmin):
    list_display = ["report_label", "coach", "recipient", "municipality", "channel", "status",
                    "attempts", "short_error", "sent", "confirmed", "preview_link"]
    list_display_links = ["report_label"]
    list_filter = ["status", "channel", PeriodFilter, ConfirmedFilter,
                   ("report__coach", admin.RelatedOnlyFieldListFilter),
                   ("report__coach__home_municipality", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["report__pilot", "report__coach__home_municipality"]
    search_fields = ["recipient_name", "recipient_email", "report__pilot__code",
                     "report__coach__name_th"]
    actions = ["resend"]
    fields = ["report", "executive", "recipient_name", "recipient_email", "language",
              "channel", "status", "attempts", "last_error", "claimed_at", "sent_at",
              "message_id", "confirmed_at", "created_at", "preview_link"]
    readonly_fields = fields
    change_list_template = "admin/deliveries/delivery/change_list.html"

    def has_resend_permission(self, request):
        return _league_admin(request)

    # Columns

    @admin.display(description=_("report"), ordering="report__period_start")
    def report_label(self, obj):
        report = obj.report
        return _("%(code)s · %(period)s · version %(version)s") % {
            "code": report.pilot.code,
            "period": period_label(report.period_kind, report.period_start),
            "version": report.version}

    @admin.display(description=_("coach"), ordering="report__coach__name_th")
    def coach(self, obj):
        return obj.report.coach.name_th

    @admin.display(description=_("recipient"), ordering="recipient_name")
    def recipient(self, obj):
        return format_html("{}<br>{}", obj.recipient_name, obj.recipient_email)

    @admin.display(description=_("municipality"),
                   ordering="report__coach__home_municipality__name_th")
    def municipality(self, obj):
        return obj.report.coach.home_municipality.name

    @admin.display(description=_("last error"))
    def short_error(self, obj):
        if not obj.last_error:
            return "—"
        return format_html('<span title="{}">{}</span>', obj.last_error,
                           Truncator(obj.last_error).chars(60))

    @admin.display(description=_("sent at"), ordering="sent_at")
    def sent(self, obj):
        return format_date(obj.sent_at, with_time=True) if obj.sent_at else "—"

    @admin.display(description=_("receipt confirmed at"), ordering="confirmed_at")
    def confirmed(self, obj):
        return format_date(obj.confirmed_at, with_time=True) if obj.confirmed_at else "—"

    @admin.display(description=_("message"))
    def preview_link(self, obj):
        if not obj.pk:
            return "—"
        return format_html('<a href="{}">{}</a>',
                           reverse("admin:deliveries_delivery_preview", args=[obj.pk]),
                           _("Preview"))

    # Counts per status above the list (of the rows the filters select)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None)
        if context is not None and "cl" in context:
            cl = context["cl"]
            context["status_counts"] = [
                {**row, "url": cl.get_query_string({"status__exact": row["status"]}, ["p"])}
                for row in selectors.status_counts(cl.queryset)]
        return response

    # Send failed copies again

    @admin.action(description=_("Resend the selected failed copies"), permissions=["resend"])
    def resend(self, request, queryset):
        # Only failed copies: a pending one is already queued (or waiting for its retry), and
        # the service itself never touches a sent or sending one.
        queued = services.deliveries_resend(queryset.filter(status=Delivery.Status.FAILED))
        self.message_user(request, ngettext(
            "%(count)d failed copy was queued to be sent again.",
            "%(count)d failed copies were queued to be sent again.", queued) % {"count": queued}
            + " " + str(_("Copies already sent are never sent again.")),
            messages.SUCCESS if queued else messages.WARNING)

    # Preview: the message as the executive receives it, built but never sent

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/preview/", view(self.preview_view),
                 name="deliveries_delivery_preview"),
            path("<int:pk>/preview/message.html", view(self.preview_html_view),
                 name="deliveries_delivery_preview_html"),
            path("<int:pk>/brief.pdf", view(self.brief_view), name="deliveries_delivery_brief"),
        ] + super().get_urls()

    def _message(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        delivery = get_object_or_404(Delivery.objects.select_related(
            "report__pilot__municipality", "report__pilot__province",
            "report__coach__home_municipality"), pk=pk)
        return delivery, report_message(delivery)

    def _line_preview(self, request, delivery):
        texts = report_line_texts(delivery, settings_url="")
        return TemplateResponse(request, "admin/deliveries/delivery/preview.html", {
            **self.admin_site.each_context(request),
            "opts": self.opts, "title": _("Preview of a report copy"),
            "delivery": delivery, "report_label": self.report_label(delivery),
            "to": delivery.recipient_email, "line_text": _without_confirm_token(
                "\n\n".join(texts))})

    def preview_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        delivery = get_object_or_404(Delivery.objects.select_related(
            "report__pilot", "report__coach"), pk=pk)
        if delivery.channel == Delivery.Channel.LINE:
            return self._line_preview(request, delivery)
        delivery, message = self._message(request, pk)
        [(filename, content, _mimetype)] = message.attachments
        return TemplateResponse(request, "admin/deliveries/delivery/preview.html", {
            **self.admin_site.each_context(request),
            "opts": self.opts, "title": _("Preview of a report copy"),
            "delivery": delivery, "report_label": self.report_label(delivery),
            "subject": message.subject, "to": ", ".join(message.to),
            "text": _without_confirm_token(message.body),
            "filename": filename, "size": len(content),
        })

    @method_decorator(xframe_options_sameorigin)
    @method_decorator(csp_override(MESSAGE_CSP))
    def preview_html_view(self, request, pk):
        """The HTML version alone, for the preview's frame: e-mail HTML carries its styles
        inline, which the site's policy forbids, so this document gets a policy of its own
        that allows them and nothing else (no scripts, no requests, sandboxed)."""
        _delivery, message = self._message(request, pk)
        html = next((content for content, mimetype in message.alternatives
                     if mimetype == "text/html"), "")
        return HttpResponse(_without_confirm_token(html), content_type="text/html; charset=utf-8")

    def brief_view(self, request, pk):
        _delivery, message = self._message(request, pk)
        [(filename, content, mimetype)] = message.attachments
        response = HttpResponse(content, content_type=mimetype)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


@admin.register(Notice)
class NoticeAdmin(LeagueAdminLog, admin.ModelAdmin):
    """The log of scheduled e-mails (digests, reminders, escalations, summaries): one row per
    message sent, which is also what stops a second run from sending it again. Read-only:
    deleting a row would let the next run send that message a second time."""

    list_display = ["sent", "kind", "recipient_email", "period", "subject_key"]
    list_filter = ["kind", "period"]
    search_fields = ["recipient_email", "period", "subject_key"]
    date_hierarchy = "sent_at"
    fields = ["kind", "recipient_email", "period", "subject_key", "sent_at"]
    readonly_fields = fields

    @admin.display(description=_("sent at"), ordering="sent_at")
    def sent(self, obj):
        return format_date(obj.sent_at, with_time=True)
