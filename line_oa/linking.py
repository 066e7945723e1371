"""The signed links that let a recipient link their LINE account, and manage it later.

A link token names its recipient ("x", home executive id) or ("c", coach id). The linking
token expires (LINE_LINK_MAX_AGE_DAYS): it is the code the person sends to the League's
account, so an old e-mail forwarded around cannot link a stranger's LINE later. The settings
token does not expire: it is sent to the linked person only, in each LINE message.
"""

import datetime
from urllib.parse import quote

import segno
from django.conf import settings
from django.core import signing
from django.urls import reverse

from coaches.models import Coach, HomeExecutive

LINK_SALT = "line_oa.link"
SETTINGS_SALT = "line_oa.settings"
EXECUTIVE, COACH = "x", "c"
CODE_PREFIX = "LINK "


def _recipient_key(recipient) -> list:
    if isinstance(recipient, HomeExecutive):
        return [EXECUTIVE, recipient.pk]
    if isinstance(recipient, Coach):
        return [COACH, recipient.pk]
    raise TypeError(f"not a LINE recipient: {recipient!r}")


def _recipient(key) -> HomeExecutive | Coach | None:
    try:
        kind, pk = key
    except (TypeError, ValueError):
        return None
    model = {EXECUTIVE: HomeExecutive, COACH: Coach}.get(kind)
    return model.objects.filter(pk=pk).first() if model and isinstance(pk, int) else None


def link_token(recipient) -> str:
    return signing.dumps(_recipient_key(recipient), salt=LINK_SALT, compress=True)


def link_expires(token: str) -> datetime.datetime:
    """When a (valid) linking token stops working: its signing time plus the allowed days."""
    signed_at = signing.b62_decode(token.rsplit(":", 2)[1])
    return (datetime.datetime.fromtimestamp(signed_at, tz=datetime.UTC)
            + datetime.timedelta(days=settings.LINE_LINK_MAX_AGE_DAYS))


def recipient_of_link(token: str) -> HomeExecutive | Coach | None:
    """The recipient a linking token names; None when it is forged or has expired."""
    try:
        key = signing.loads(token, salt=LINK_SALT,
                            max_age=datetime.timedelta(days=settings.LINE_LINK_MAX_AGE_DAYS))
    except signing.BadSignature:
        return None
    return _recipient(key)


def settings_token(recipient) -> str:
    return signing.dumps(_recipient_key(recipient), salt=SETTINGS_SALT, compress=True)


def recipient_of_settings(token: str) -> HomeExecutive | Coach | None:
    try:
        return _recipient(signing.loads(token, salt=SETTINGS_SALT))
    except signing.BadSignature:
        return None


def link_code(token: str) -> str:
    """What the person sends to the League's account (the QR code pre-fills it)."""
    return CODE_PREFIX + token


def token_in(text: str) -> str | None:
    text = text.strip()
    return text[len(CODE_PREFIX):].strip() if text.upper().startswith(CODE_PREFIX) else None


def link_page_url(recipient) -> str:
    return settings.SITE_URL + reverse("line_oa:link", args=[link_token(recipient)])


def settings_page_url(recipient) -> str:
    return settings.SITE_URL + reverse("line_oa:settings", args=[settings_token(recipient)])


def chat_url(token: str) -> str:
    """Opens a chat with the League's account with the linking code typed in (LINE URL scheme
    for official accounts); scanned from the QR code on a computer, opened directly on a
    phone."""
    return (f"https://line.me/R/oaMessage/{quote(settings.LINE_BASIC_ID)}/"
            f"?{quote(link_code(token))}")


def qr_svg(url: str, title: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=4, border=2, title=title)
