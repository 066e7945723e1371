"""Signed webhook payloads that used to give 500 or be acted on twice: a code sent in a group
or a room, JSON nested 50,000 levels deep, a replayed or redelivered event (security review
2026-12-07, L4)."""

import json
import logging

import pytest

from coaches.models import HomeExecutive
from line_oa import linking
from line_oa import services as line_services
from line_oa.models import LineLink
from tests.fixtures.line import follow_event, link_all, signature, text_event, webhook_body

pytestmark = pytest.mark.django_db


def _post(client, body: bytes):
    return client.post("/line/webhook", body, content_type="application/json",
                       HTTP_X_LINE_SIGNATURE=signature(body))


@pytest.fixture
def mayor(make_coach):
    make_coach(executives=[{"name": "นายกเทศมนตรี", "position": "mayor",
                            "email": "mayor@example.org"}])
    return HomeExecutive.objects.get()


def test_a_code_sent_in_a_group_or_a_room_is_ignored(client, line_on, mayor, caplog):
    code = linking.link_code(linking.link_token(mayor))
    body = webhook_body(
        text_event(None, code, source={"type": "group", "groupId": "G1"}),
        text_event(None, code, source={"type": "room", "roomId": "R1"}),
        # Even a member LINE names: a code shown to a whole group links nobody.
        text_event("U-member", code, source={"type": "group", "groupId": "G1",
                                             "userId": "U-member"}))
    with caplog.at_level(logging.INFO, logger="line_oa.webhook"):
        response = _post(client, body)
    assert response.status_code == 200
    assert not LineLink.objects.exists() and not line_on.replies
    assert "not from a one-to-one chat" in caplog.text
    # The code is still good for the person, in their own chat.
    assert _post(client, webhook_body(text_event("U-mayor", code))).status_code == 200
    assert LineLink.objects.get().line_user_id == "U-mayor"


def test_a_signed_body_nested_fifty_thousand_levels_deep_is_refused(client, line_on, caplog):
    body = b'{"events":[],"x":' + b"[" * 50_000 + b"]" * 50_000 + b"}"
    with caplog.at_level(logging.WARNING, logger="line_oa.webhook"):
        assert _post(client, body).status_code == 400
    assert "not a LINE payload" in caplog.text


def test_a_replayed_or_redelivered_event_is_processed_once(client, clock, line_on, mayor):
    [link] = link_all([mayor])
    unfollow = webhook_body(follow_event(link.line_user_id, "unfollow"))
    assert _post(client, unfollow).status_code == 200
    _post(client, webhook_body(follow_event(link.line_user_id)))
    link.refresh_from_db()
    assert link.following
    assert _post(client, unfollow).status_code == 200  # the same request again
    redelivered = json.loads(unfollow)
    redelivered["events"][0]["deliveryContext"]["isRedelivery"] = True
    assert _post(client, json.dumps(redelivered).encode()).status_code == 200
    link.refresh_from_db()
    assert link.following  # neither replay unfollowed again

    line_services.unlink(link=link)
    clock.set("2026-11-19")
    linking_message = webhook_body(text_event("U-mayor", linking.link_code(
        linking.link_token(mayor))))
    _post(client, linking_message)
    assert len(line_on.replies) == 1
    LineLink.objects.all().delete()
    _post(client, linking_message)
    assert not LineLink.objects.exists() and len(line_on.replies) == 1  # not even a reply


def test_processed_events_are_forgotten_after_a_week(client, clock, line_on, mayor):
    from line_oa.models import WebhookEvent

    _post(client, webhook_body(follow_event("U-someone")))
    assert WebhookEvent.objects.count() == 1
    clock.set("2026-11-26")
    _post(client, webhook_body(follow_event("U-someone-else")))
    assert WebhookEvent.objects.count() == 1  # the week-old one pruned as the new one came
