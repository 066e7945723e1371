"""The signed links that let a recipient link their LINE account, and manage it later.

A linking token names its recipient ("x", home executive id) or ("c", coach id) and expires
(LINE_LINK_MAX_AGE_DAYS): it is the code the person sends to the League's account, and it
links once (line_oa.services records each code used). It is e-mailed to the person's own
address, never shown to someone else.

A settings token names one link, not a recipient: the link's id and a fingerprint of the
LINE account and the moment it was linked. It stops working when that link is removed or
replaced, and it is only ever sent to the linked LINE account, in the pushes.

An e-mail-off token (sent to a home executive's e-mail address) confirms that the owner of
the address wants report copies on LINE alone; it is bound to the link the same way.
"""

import datetime
import hashlib
from urllib.parse import quote

import segno
from django.conf import settings
from django.core import signing
from django.urls import reverse

from coaches.models import Coach, HomeExecutive
from line_oa.models import LineLink

LINK_SALT = "line_oa.link"
SETTINGS_SALT = "line_oa.link-settings"
EMAIL_OFF_SALT = "line_oa.email-off"
EXECUTIVE, COACH = "x", "c"
CODE_PREFIX = "LINK "
EMAIL_OFF_MAX_AGE_DAYS = 7


class Expired(Exception):
    """A link signed by the portal, but older than it may be."""


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


def code_digest(token: str) -> str:
    """What is kept of a used linking code: enough to recognise it, not to use it."""
    return hashlib.sha256(token.encode()).hexdigest()


def fingerprint(link: LineLink) -> str:
    """The LINE account and the moment of one link: a new link (even of the same account)
    has another fingerprint."""
    seed = f"{link.line_user_id}|{link.linked_at.timestamp():.6f}"
    return hashlib.sha256(seed.encode()).hexdigest()[:20]


def _bound_link(payload) -> LineLink | None:
    try:
        pk, mark = payload
    except (TypeError, ValueError):
        return None
    if not isinstance(pk, int) or not isinstance(mark, str):
        return None
    link = LineLink.objects.select_related("executive", "coach").filter(pk=pk).first()
    return link if link is not None and fingerprint(link) == mark else None


def settings_token(link: LineLink) -> str:
    return signing.dumps([link.pk, fingerprint(link)], salt=SETTINGS_SALT)


def link_of_settings(token: str) -> LineLink | None:
    """The link a settings token manages; None when it is forged, or when the link it was
    made for has been removed or replaced."""
    try:
        return _bound_link(signing.loads(token, salt=SETTINGS_SALT))
    except signing.BadSignature:
        return None


def email_off_token(link: LineLink) -> str:
    return signing.dumps([link.pk, fingerprint(link)], salt=EMAIL_OFF_SALT)


def link_of_email_off(token: str) -> LineLink | None:
    """The link whose e-mail copies the token turns off; None when forged or no longer the
    current link; raises Expired after EMAIL_OFF_MAX_AGE_DAYS."""
    try:
        payload = signing.loads(token, salt=EMAIL_OFF_SALT,
                                max_age=datetime.timedelta(days=EMAIL_OFF_MAX_AGE_DAYS))
    except signing.SignatureExpired as error:
        raise Expired from error
    except signing.BadSignature:
        return None
    return _bound_link(payload)


def link_code(token: str) -> str:
    """What the person sends to the League's account (the QR code pre-fills it)."""
    return CODE_PREFIX + token


def token_in(text: str) -> str | None:
    text = text.strip()
    return text[len(CODE_PREFIX):].strip() if text.upper().startswith(CODE_PREFIX) else None


def link_page_url(recipient=None, *, token: str | None = None) -> str:
    """The linking page of `recipient` (a new token), or of a token already made."""
    token = token or link_token(recipient)
    return settings.SITE_URL + reverse("line_oa:link", args=[token])


def settings_page_url(link: LineLink) -> str:
    return settings.SITE_URL + reverse("line_oa:settings", args=[settings_token(link)])


def email_off_url(link: LineLink) -> str:
    return settings.SITE_URL + reverse("line_oa:email-off", args=[email_off_token(link)])


def chat_url(token: str) -> str:
    """Opens a chat with the League's account with the linking code typed in (LINE URL scheme
    for official accounts); scanned from the QR code on a computer, opened directly on a
    phone."""
    return (f"https://line.me/R/oaMessage/{quote(settings.LINE_BASIC_ID)}/"
            f"?{quote(link_code(token))}")


def qr_svg(url: str, title: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=4, border=2, title=title)
