"""The webhook LINE calls with what happens on the League's official account.

Only requests signed with the channel secret (X-Line-Signature: base64 HMAC-SHA256 of the
body) are read; anything else is answered 400 and logged, and so is a signed body the parser
cannot read (not JSON, not LINE's shape, nested too deep). A person links their account by
sending the code of their linking link in a one-to-one chat (messages in groups and rooms
are ignored); follow and unfollow keep the link's state. Each event is processed at most
once: its webhookEventId is recorded in the same transaction as what it does, so a replay or
a redelivery of an event already processed changes nothing.
"""

import hashlib
import json
import logging

from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from linebot.v3 import WebhookParser
from linebot.v3.exceptions import InvalidSignatureError
from linebot.v3.webhooks import (
    FollowEvent,
    MessageEvent,
    TextMessageContent,
    UnfollowEvent,
    UserSource,
)

from line_oa import client, services
from line_oa.linking import recipient_of_link, token_in

log = logging.getLogger(__name__)
# What a signed body may fail with when the parser reads it; RecursionError: JSON nested
# deeper than Python's stack.
UNREADABLE = (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError,
              RecursionError)


def _language(recipient) -> str:
    language = getattr(recipient, "preferred_language", "th")
    return language if language in ("th", "en") else "th"


def _refusal(reason: str) -> str:
    """Answers to a code that links nothing. The sender may not be the person the code was
    for, so these are in the portal's language, and the Thai texts carry the English."""
    with translation.override(settings.LANGUAGE_CODE):
        if reason == services.LinkRefused.CODE_USED:
            return _("This linking code has already been used: a code links one LINE account, "
                     "once. Nothing was changed.")
        if reason == services.LinkRefused.OTHER_ACCOUNT:
            return _("Another LINE account is already linked for this person, and a code "
                     "never replaces it. Nothing was changed: ask the person to unlink it "
                     "first (with the link at the end of any LINE message from the League), "
                     "or ask the League.")
        return _("This linking code is not valid or has expired. Ask for a new link on the "
                 "portal.")


def _on_message(event: MessageEvent, user_id: str) -> None:
    token = token_in(event.message.text)
    if token is None:
        return
    recipient = recipient_of_link(token)
    if recipient is None:
        log.warning("LINE linking code refused (forged or expired)")
        client.reply(event.reply_token, _refusal("invalid"))
        return
    try:
        services.link_account(recipient=recipient, line_user_id=user_id, code=token)
    except services.LinkRefused as refused:
        log.warning("LINE linking code for %s %s refused: %s", type(recipient).__name__,
                    recipient.pk, refused.reason)
        if refused.reason == services.LinkRefused.ALREADY_LINKED:
            with translation.override(_language(recipient)):
                client.reply(event.reply_token, _(
                    "This LINE account is already linked; nothing was changed."))
        else:
            client.reply(event.reply_token, _refusal(refused.reason))
        return
    with translation.override(_language(recipient)):
        client.reply(event.reply_token, _(
            "Linked: the League will send you here what it e-mails you (progress reports, "
            "digests and reminders). You can change this with the link in each message."))


def _handle(event) -> None:
    source = getattr(event, "source", None)
    user_id = getattr(source, "user_id", None)
    if isinstance(event, MessageEvent) and isinstance(event.message, TextMessageContent):
        if not isinstance(source, UserSource) or not user_id:
            # A group or a room: a code sent there links nothing (and has no sender id).
            log.info("LINE message ignored: not from a one-to-one chat (%s)",
                     getattr(source, "type", None))
            return
        _on_message(event, user_id)
    elif isinstance(event, FollowEvent) and user_id:
        services.followed(user_id, following=True)
    elif isinstance(event, UnfollowEvent) and user_id:
        services.followed(user_id, following=False)


def _event_id(event) -> str | None:
    event_id = getattr(event, "webhook_event_id", None)
    if not isinstance(event_id, str) or not event_id:
        return None
    return event_id if len(event_id) <= 64 else hashlib.sha256(event_id.encode()).hexdigest()


@csrf_exempt
@require_POST
def webhook(request):
    if not settings.LINE_ENABLED:
        raise Http404
    parser = WebhookParser(settings.LINE_CHANNEL_SECRET)
    try:
        events = parser.parse(request.body.decode("utf-8"),
                              request.headers.get("X-Line-Signature", ""))
    except InvalidSignatureError:
        log.warning("LINE webhook refused: bad signature from %s",
                    request.META.get("REMOTE_ADDR"))
        return HttpResponseBadRequest("bad signature")
    except UNREADABLE:
        log.warning("LINE webhook refused: not a LINE payload")
        return HttpResponseBadRequest("bad payload")
    for event in events:
        event_id = _event_id(event)
        # The event's record and its effects commit together: an event that failed half-way
        # is processed again when LINE redelivers it, one that succeeded is not.
        with transaction.atomic():
            if event_id is not None and not services.webhook_event_record(event_id):
                log.info("LINE webhook event %s already processed: ignored", event_id)
                continue
            _handle(event)
    services.webhook_events_prune()
    return HttpResponse(json.dumps({}), content_type="application/json")
