"""Sending a scheduled message once per recipient, period and channel (a Notice row each),
by e-mail and, for a recipient whose LINE account can take it, on LINE."""

import logging
import smtplib

from django.db import transaction
from django.utils import translation

from deliveries.models import Delivery, Notice
from line_oa.notify import PUSH_ERRORS, push_templated, reachable
from portal.emails import Outcome, send_templated

log = logging.getLogger(__name__)

# The mail server or LINE could not take it; the message is not recorded and the next run
# sends it.
SEND_ERRORS = (smtplib.SMTPException, OSError, *PUSH_ERRORS)


def send_once(outcome: Outcome, *, kind: str, email: str, notices: list[tuple[str, str]],
               send, channel: str = Delivery.Channel.EMAIL) -> None:
    """Record the notices (period, subject key) for `email` and send one message about the
    new ones, in a single transaction; `send(new)` gets the (period, key) pairs not sent before.

    Why record and send in one transaction: the Notice row is inserted first, so a second run
    of the task finds it and sends nothing (on PostgreSQL a run at the same moment even waits
    on the uncommitted row, then sees it). If the mail server refuses, or the process dies
    before the commit, the row is rolled back with the transaction, so nothing is silently
    swallowed: the next run sends it. The one window left — the server accepted the message
    and the process died before the commit — would send it twice; a rare duplicate is better
    than a lost message. (Recording in a transaction of its own and then sending would lose
    the message in that crash; sending first and recording after would not stop two runs at
    the same moment.) The transaction is held while talking to the mail server, which is
    acceptable for these few messages a day.
    """
    email = email.strip().lower()
    try:
        with transaction.atomic():
            new = [(period, key) for period, key in notices
                   if Notice.objects.get_or_create(kind=kind, recipient_email=email,
                                                   channel=channel, period=period,
                                                   subject_key=key)[1]]
            if new:
                send(new)
    except SEND_ERRORS as error:
        log.warning("scheduled %s to %s (%s) not sent, will be tried again: %r", kind, email,
                    channel, error)
        outcome.failed += 1
        return
    if new:
        outcome.sent += 1


def send_on_channels(outcome: Outcome, *, kind: str, email: str, recipient,
                      notices: list[tuple[str, str]], template: str, context, language: str,
                      ) -> None:
    """The message by e-mail and, when the recipient's LINE account can take it, on LINE (then
    by e-mail only if they kept it); each channel recorded and retried on its own.
    `context(new)` builds the template's context for the (period, key) pairs not sent yet."""
    link = reachable(recipient)
    if link is not None:
        def push(new):
            about = f"{kind}/{email}/" + ",".join(f"{p}:{k}" for p, k in sorted(new))
            push_templated(link=link, recipient=recipient, template=template,
                           context=context(new), language=language, about=about)

        send_once(outcome, kind=kind, email=email, notices=notices, send=push,
                   channel=Delivery.Channel.LINE)
    if link is None or link.wants_email:
        send_once(outcome, kind=kind, email=email, notices=notices,
                   send=lambda new: send_templated(template=template, to=[email],
                                                   context=context(new), language=language))


def in_language(language: str, build):
    """`build` run in `language` (labels and links of the context are made there)."""
    def context(new):
        with translation.override(language):
            return build(new)
    return context
