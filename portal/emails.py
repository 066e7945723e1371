"""Render and send an e-mail from a template triplet, in the recipient's language."""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, make_msgid
from django.template.loader import render_to_string
from django.utils import translation


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
    message = EmailMultiAlternatives(
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
