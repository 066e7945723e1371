"""Pushes and replies through the LINE Messaging API (line-bot-sdk), with the outcome sorted
the way the deliveries need it: sent, try again later (5xx, 429, the network, an answer the
SDK could not read), or never (any other 4xx).

LINE_API_URL points the client at another server (the tests' local fake LINE API).
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from linebot.v3.messaging import (
    ApiClient,
    ApiException,
    Configuration,
    MessagingApi,
    PushMessageRequest,
    ReplyMessageRequest,
    TextMessage,
)
from urllib3.exceptions import HTTPError

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 10
MAX_TEXT = 5000  # LINE's limit for one text message


class PushFailed(Exception):
    """LINE refused the push and will refuse it again (a bad user id, a blocked account...)."""


@dataclass
class PushLater(Exception):
    """LINE (or the way to it) could not take the push now; `retry_after` seconds if it said."""

    error: str
    retry_after: int | None = None

    def __str__(self) -> str:
        return self.error


def _api() -> MessagingApi:
    configuration = Configuration(access_token=settings.LINE_CHANNEL_ACCESS_TOKEN,
                                  host=settings.LINE_API_URL)
    return MessagingApi(ApiClient(configuration))


def _header(headers, name: str) -> str:
    for key, value in (headers or {}).items():
        if key.lower() == name:
            return value
    return ""


def _retry_after(headers) -> int | None:
    value = _header(headers, "retry-after")
    return int(value) if value.isdigit() else None


def push(user_id: str, texts: list[str], *, retry_key: str) -> str:
    """Push up to five text messages; returns LINE's request id. The same `retry_key` on every
    attempt: LINE accepts a push once per key (a repeat answers 409), so a copy is never
    received twice however often it is tried."""
    request = PushMessageRequest(to=user_id,
                                 messages=[TextMessage(text=t[:MAX_TEXT]) for t in texts])
    try:
        response = _api().push_message_with_http_info(
            request, x_line_retry_key=retry_key, _request_timeout=TIMEOUT_SECONDS)
    except ApiException as error:
        if error.status == 409 and _header(error.headers, "x-line-accepted-request-id"):
            return _header(error.headers, "x-line-accepted-request-id")  # sent before
        if error.status == 429 or error.status >= 500:
            raise PushLater(f"LINE answered {error.status}",
                            _retry_after(error.headers)) from None
        raise PushFailed(f"LINE answered {error.status}: {error.body!r}"[:500]) from None
    except (HTTPError, OSError) as error:
        raise PushLater(f"LINE could not be reached: {error}") from None
    except Exception as error:  # noqa: BLE001  (the SDK could not read LINE's answer...)
        # LINE may have taken the push: the retry, with the same key, will say so (409).
        log.warning("LINE push: unexpected error from the client: %r", error)
        raise PushLater(f"LINE's answer could not be read: {error!r}"[:500]) from None
    return _header(response.headers, "x-line-request-id")


def reply(reply_token: str, text: str) -> None:
    """Answer a message the person sent (best effort: a lost reply changes nothing)."""
    try:
        _api().reply_message(ReplyMessageRequest(reply_token=reply_token,
                                                 messages=[TextMessage(text=text[:MAX_TEXT])]),
                             _request_timeout=TIMEOUT_SECONDS)
    # ValueError: the SDK could not read LINE's answer into its model.
    except (ApiException, HTTPError, OSError, ValueError) as error:
        log.warning("LINE reply not sent: %s", error)
