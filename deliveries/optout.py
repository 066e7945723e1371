"""Signed opt-out links for scheduled e-mails.

A link names what it turns off: ("digest", home executive id) for the monthly digest, or
("reminders", coach id) for overdue-report reminders. It is signed with its own salt, so no
other signed value of the portal (a receipt confirmation link, a session) can be replayed as
an opt-out, and it does not expire: an old e-mail's link still works. Copies of submitted
reports and escalations to League admins cannot be turned off, so they have no link.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

from coaches.models import Coach, HomeExecutive

SALT = "deliveries.optout"
DIGEST, REMINDERS = "digest", "reminders"


def make_token(kind: str, pk: int) -> str:
    if kind not in (DIGEST, REMINDERS):
        raise ValueError(f"unknown opt-out kind {kind!r}")
    return signing.dumps([kind, pk], salt=SALT)


def optout_url(kind: str, pk: int) -> str:
    """The absolute link, in the active language (call it inside translation.override)."""
    return settings.SITE_URL + reverse("deliveries:opt-out", args=[make_token(kind, pk)])


@dataclass
class OptOut:
    kind: str
    target: HomeExecutive | Coach

    @property
    def is_digest(self) -> bool:
        return self.kind == DIGEST

    @property
    def email(self) -> str:
        return self.target.email

    @property
    def is_off(self) -> bool:
        """Already turned off (a second click, or an admin did it)."""
        if self.is_digest:
            return not HomeExecutive.objects.filter(email__iexact=self.target.email,
                                                    digests_enabled=True).exists()
        return not self.target.reminders_enabled


def optout_read(token: str) -> OptOut | None:
    """What a link turns off; None for a forged or damaged link, or a deleted record."""
    try:
        kind, pk = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if kind == DIGEST:
        target = HomeExecutive.objects.filter(pk=pk).first()
    elif kind == REMINDERS:
        target = Coach.objects.filter(pk=pk).first()
    else:
        return None
    return OptOut(kind, target) if target is not None else None


def optout_apply(choice: OptOut) -> None:
    """Turn the e-mails off. The digest goes to an address (one digest however many coaches
    the person is listed for), so every listing of that address stops receiving it."""
    if choice.is_digest:
        HomeExecutive.objects.filter(email__iexact=choice.target.email).update(
            digests_enabled=False)
    else:
        Coach.objects.filter(pk=choice.target.pk).update(reminders_enabled=False)
