"""Render and send an e-mail from a template triplet, in the recipient's language."""

import email.policy
import functools
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, make_msgid
from django.template.loader import render_to_string
from django.utils import translation


@functools.lru_cache(maxsize=512)
def _folded(policy, name: str, value: str) -> str:
    return policy.fold(name, value)[len(name) + 2:].rstrip("\r\n")


class PortalEmail(EmailMultiAlternatives):
    """An e-mail whose Subject and From are encoded and folded once per text.

    Thai headers become many RFC 2047 encoded words, and the standard library's folding of
    them cost each report copy about 1.5 ms; the sender's name is the same on every message
    and a report's subject on each of its copies. The folded text is stored as is
    (`set_raw`), so the message reads the same as one folded on the spot.
    """

    def message(self, *, policy=email.policy.default):
        msg = super().message(policy=policy)
        for name in ("Subject", "From"):
            value = msg[name]
            if value is not None:
                del msg[name]
                msg.set_raw(name, _folded(msg.policy, name, str(value)))
        return msg


def send_templated(*, template: str, to: list[str], context: dict, language: str = "th",
                   attachments: list[tuple[str, bytes, str]] = (),
                   reply_to: list[str] = ()) -> str:
    """Send `<template>-subject.txt`, `-body.txt` and `-body.html`; returns the Message-ID."""
    with translation.override(language):
        context = {**context, "SITE_URL": settings.SITE_URL, "LANGUAGE_CODE": language}
        subject = " ".join(render_to_string(f"{template}-subject.txt", context).split())
        text = render_to_string(f"{template}-body.txt", context)
        html = render_to_string(f"{template}-body.html", context)
    message_id = make_msgid(domain="nmt.or.th")
    message = PortalEmail(
        subject=subject, body=text, to=to, reply_to=list(reply_to),
        headers={"Message-ID": message_id},
    )
    message.attach_alternative(html, "text/html")
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    message.send()
    return message_id


@dataclass
class Outcome:
    """What a run of a scheduled mailing did: messages sent, and recipients whose message the
    mail server did not take (they are tried again on the next run)."""

    sent: int = 0
    failed: int = 0

    def as_dict(self) -> dict:
        return {"sent": self.sent, "failed": self.failed}
