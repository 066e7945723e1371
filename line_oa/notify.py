"""Scheduled messages (digests, reminders, event reminders) on LINE: the e-mail's subject and
plain text, pushed to the recipient's linked account.

The retry key is derived from what the message is about (`about`), so a run repeated after a
failure, or two runs at once, make LINE accept it once.
"""

import uuid

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from coaches.models import Coach, HomeExecutive
from line_oa import client
from line_oa.linking import settings_page_url
from line_oa.models import LineLink

# A push LINE could not take now or refused: the caller's transaction rolls back, and the
# next run tries again (a refusal is logged by the caller each time).
PUSH_ERRORS = (client.PushLater, client.PushFailed)


def reachable(recipient: HomeExecutive | Coach | None) -> LineLink | None:
    """The recipient's LINE link, when LINE is on and the account can take a push."""
    if not settings.LINE_ENABLED or recipient is None:
        return None
    try:
        link = recipient.line_link
    except LineLink.DoesNotExist:
        return None
    return link if link.can_push else None


def retry_key(about: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"https://nmt.or.th/line/{about}"))


def push_templated(*, link: LineLink, recipient, template: str, context: dict, language: str,
                   about: str) -> str:
    with translation.override(language):
        context = {**context, "SITE_URL": settings.SITE_URL, "LANGUAGE_CODE": language}
        subject = " ".join(render_to_string(f"{template}-subject.txt", context).split())
        body = render_to_string(f"{template}-body.txt", context).strip()
        footer = settings_page_url(link)  # bound to this link, pushed to its account only
    return client.push(link.line_user_id, [f"{subject}\n\n{body}\n\n{footer}"],
                       retry_key=retry_key(about))
