"""The webhook LINE calls with what happens on the League's official account.

Only requests signed with the channel secret (X-Line-Signature: base64 HMAC-SHA256 of the
body) are read; anything else is answered 400 and logged. A person links their account by
sending the code of their linking link; follow and unfollow keep the link's state.
"""

import json
import logging

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from linebot.v3 import WebhookParser
from linebot.v3.exceptions import InvalidSignatureError
from linebot.v3.webhooks import FollowEvent, MessageEvent, TextMessageContent, UnfollowEvent

from line_oa import client, services
from line_oa.linking import recipient_of_link, token_in

log = logging.getLogger(__name__)


def _language(recipient) -> str:
    language = getattr(recipient, "preferred_language", "th")
    return language if language in ("th", "en") else "th"


def _on_message(event: MessageEvent) -> None:
    token = token_in(event.message.text)
    if token is None:
        return
    recipient = recipient_of_link(token)
    user_id = event.source.user_id
    if recipient is None:
        log.warning("LINE linking code refused (forged or expired)")
        # Whose code it was is unknown: the Thai text carries the English too.
        client.reply(event.reply_token, _(
            "This linking code is not valid or has expired. Ask for a new link on the "
            "portal."))
        return
    services.link_account(recipient=recipient, line_user_id=user_id)
    with translation.override(_language(recipient)):
        client.reply(event.reply_token, _(
            "Linked: the League will send you here what it e-mails you (progress reports, "
            "digests and reminders). You can change this with the link in each message."))


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
    except (UnicodeDecodeError, ValueError, KeyError, TypeError):
        log.warning("LINE webhook refused: not a LINE payload")
        return HttpResponseBadRequest("bad payload")
    for event in events:
        user_id = getattr(getattr(event, "source", None), "user_id", None)
        if isinstance(event, MessageEvent) and isinstance(event.message, TextMessageContent):
            _on_message(event)
        elif isinstance(event, FollowEvent) and user_id:
            services.followed(user_id, following=True)
        elif isinstance(event, UnfollowEvent) and user_id:
            services.followed(user_id, following=False)
    return HttpResponse(json.dumps({}), content_type="application/json")
