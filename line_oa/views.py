"""The pages behind the signed links of the LINE channel: link an account (QR code), choose
channels, and confirm from the e-mail address that copies may go on LINE alone. Each link is
the permission (line_oa.linking); changes take a POST, so link scanners change nothing."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coaches.models import Coach
from line_oa import linking, services
from line_oa.models import LineLink, UsedLinkCode
from portal import clock
from portal.thai_dates import format_date


def _link_of(recipient) -> LineLink | None:
    field = "coach" if isinstance(recipient, Coach) else "executive"
    return LineLink.objects.filter(**{field: recipient}).first()


def _off(request):
    return render(request, "line_oa/off.html", status=404)


def _dead(request, reason: str, status: int):
    """A link that does not (or no longer) work: why, and what to do, in the layout."""
    return render(request, "line_oa/expired.html", {"reason": reason}, status=status)


def masked(email: str) -> str:
    """Enough of an address for its owner to recognise it: m•••@songkhla.example.org."""
    local, _at, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}" if domain else "•••"


@require_GET
def link(request, token):
    """The QR code and button that open a chat with the League's account, the linking code
    typed in. The token is the permission: it names one recipient, expires and links once."""
    if not settings.LINE_ENABLED:
        return _off(request)
    recipient = linking.recipient_of_link(token)
    if recipient is None:
        return _dead(request, "expired", 410)
    if UsedLinkCode.objects.filter(digest=linking.code_digest(token)).exists():
        return _dead(request, "used", 410)
    chat = linking.chat_url(token)
    return render(request, "line_oa/link.html", {
        "recipient": recipient, "chat_url": chat, "code": linking.link_code(token),
        "qr": linking.qr_svg(chat, _("QR code to link your LINE account")),
        "expires": format_date(linking.link_expires(token)),
        "line_link": _link_of(recipient),
    })


def _save_channels(request, line_link: LineLink):
    try:
        needs_confirmation = services.choose_channels(
            link=line_link, send_line="send_line" in request.POST,
            send_email="send_email" in request.POST)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return None
    if not needs_confirmation:
        messages.success(request, _("Your choice is saved."))
        return redirect(request.path)
    outcome = services.email_off_request(link=line_link)
    email = masked(line_link.executive.email)
    if outcome == "failed":
        messages.error(request, _("The confirmation e-mail could not be sent; e-mail copies "
                                  "stay on. Please try again later."))
    elif outcome == "recent":
        messages.info(request, _(
            "A confirmation e-mail was sent to %(email)s less than an hour ago: open the link "
            "in it to receive the copies on LINE alone. Until then they also come by "
            "e-mail.") % {"email": email})
    else:
        messages.success(request, _(
            "To turn e-mail off, open the link in the confirmation e-mail just sent to "
            "%(email)s. Until then the copies also come by e-mail.") % {"email": email})
    return redirect(request.path)


@require_http_methods(["GET", "POST"])
def channel_settings(request, token):
    """Where the linked person turns LINE or e-mail off, or unlinks. The token is bound to
    one link: once that link is gone, so is this page."""
    line_link = linking.link_of_settings(token)
    if line_link is None:
        return _dead(request, "settings", 404)
    if request.method == "POST":
        if request.POST.get("action") == "unlink":
            services.unlink(link=line_link)
            return render(request, "line_oa/settings.html", {"unlinked": True})
        response = _save_channels(request, line_link)
        if response is not None:
            return response
    return render(request, "line_oa/settings.html", {
        "line_link": line_link, "is_executive": line_link.executive_id is not None,
        "pending_email": masked(line_link.executive.email) if _waiting(line_link) else ""})


def _waiting(line_link: LineLink) -> bool:
    """E-mail off was asked for, and its confirmation link still works."""
    asked = line_link.email_off_requested_at
    return bool(line_link.executive_id and line_link.send_email and asked and asked > (
        clock.now() - datetime.timedelta(days=linking.EMAIL_OFF_MAX_AGE_DAYS)))


@require_http_methods(["GET", "POST"])
def email_off(request, token):
    """The link e-mailed to a home executive: the owner of the address confirms that report
    copies may reach them on LINE alone."""
    try:
        line_link = linking.link_of_email_off(token)
    except linking.Expired:
        return _dead(request, "email-off", 410)
    if line_link is None or line_link.executive_id is None:
        return _dead(request, "email-off", 404)
    done, error = False, ""
    if request.method == "POST":
        try:
            services.email_off_confirm(link=line_link)
            done = True
        except ValidationError as refused:
            error = refused.messages[0]
    return render(request, "line_oa/email_off.html", {
        "line_link": line_link, "email": masked(line_link.executive.email), "done": done,
        "already": not done and not line_link.send_email, "error": error})
