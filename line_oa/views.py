"""The pages of the LINE channel: link an account (QR code), choose channels, and a coach's
overview of who around them is linked."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coaches.models import Coach
from line_oa import linking, services
from line_oa.models import LineLink
from portal.thai_dates import format_date


def _link_of(recipient) -> LineLink | None:
    field = "coach" if isinstance(recipient, Coach) else "executive"
    return LineLink.objects.filter(**{field: recipient}).first()


def _off(request):
    return render(request, "line_oa/off.html", status=404)


@require_GET
def link(request, token):
    """The QR code and button that open a chat with the League's account, the linking code
    typed in. The token is the permission: it names one recipient and expires."""
    if not settings.LINE_ENABLED:
        return _off(request)
    recipient = linking.recipient_of_link(token)
    if recipient is None:
        return render(request, "line_oa/expired.html", status=410)
    chat = linking.chat_url(token)
    return render(request, "line_oa/link.html", {
        "recipient": recipient, "chat_url": chat, "code": linking.link_code(token),
        "qr": linking.qr_svg(chat, _("QR code to link your LINE account")),
        "expires": format_date(linking.link_expires(token)),
        "line_link": _link_of(recipient),
        "settings_url": linking.settings_page_url(recipient),
    })


@require_http_methods(["GET", "POST"])
def channel_settings(request, token):
    """Where a linked person turns LINE or e-mail off, or unlinks (a POST, so link scanners
    change nothing)."""
    recipient = linking.recipient_of_settings(token)
    if recipient is None:
        raise Http404
    line_link = _link_of(recipient)
    if request.method == "POST" and line_link is not None:
        if request.POST.get("action") == "unlink":
            services.unlink(link=line_link)
            messages.success(request, _("Your LINE account is no longer linked; the League "
                                        "writes to you by e-mail."))
            return redirect(request.path)
        try:
            services.choose_channels(link=line_link, send_line="send_line" in request.POST,
                                     send_email="send_email" in request.POST)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Your choice is saved."))
            return redirect(request.path)
    return render(request, "line_oa/settings.html", {
        "recipient": recipient, "line_link": line_link, "line_on": settings.LINE_ENABLED,
        "link_url": linking.link_page_url(recipient)})


@login_required
@require_GET
def mine(request):
    """A coach's own link and their home executives': who is linked, and the links to send."""
    coach = Coach.objects.filter(user=request.user).prefetch_related("executives").first()
    if coach is None:
        raise Http404
    links = {(link.coach_id, link.executive_id): link for link in LineLink.objects.filter(
        coach=coach) | LineLink.objects.filter(executive__coach=coach)}
    rows = [{"name": e.name, "position": e.get_position_display(),
             "link": links.get((None, e.pk)), "link_url": linking.link_page_url(e)}
            for e in coach.executives.all()]
    return render(request, "line_oa/mine.html", {
        "coach": coach, "line_on": settings.LINE_ENABLED, "own": links.get((coach.pk, None)),
        "own_link_url": linking.link_page_url(coach),
        "own_settings_url": linking.settings_page_url(coach), "executives": rows})
