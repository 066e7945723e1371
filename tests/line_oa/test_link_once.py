"""A linking code works once and never replaces another account's link: a stranger or the
coach who got hold of an executive's code links nothing, and the executive keeps receiving
every copy (security review 2026-12-07, H3)."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from coaches.models import HomeExecutive
from deliveries.models import Delivery
from line_oa import linking
from line_oa import services as line_services
from line_oa.models import LineLink
from tests.fixtures.line import signature, text_event, webhook_body

pytestmark = pytest.mark.django_db
MAYOR_EMAIL, CLERK_EMAIL = "mayor@songkhla.example.org", "clerk@songkhla.example.org"


def _send(client, *events):
    body = webhook_body(*events)
    response = client.post("/line/webhook", body, content_type="application/json",
                           HTTP_X_LINE_SIGNATURE=signature(body))
    assert response.status_code == 200
    return response


def _replies(fake) -> dict[str, str]:
    return {r["replyToken"]: r["messages"][0]["text"] for r in fake.replies}


@pytest.fixture
def mayor(reporting):
    return HomeExecutive.objects.get(email=MAYOR_EMAIL)


def _later(clock, days: int):
    """A moment `days` after the suite's day: a token signed then is a different token."""
    clock.set(datetime.date(2026, 11, 18) + datetime.timedelta(days=days))


def test_the_executives_code_sent_again_by_a_stranger_and_by_the_coach_links_nothing(
        client, line_on, reporting, mayor, django_capture_on_commit_callbacks):
    code = linking.link_code(linking.link_token(mayor))
    _send(client, text_event("U-mayor", code))
    _send(client, text_event("U-stranger", code))
    _send(client, text_event("U-coach", code))
    [link] = LineLink.objects.all()
    assert (link.executive, link.line_user_id) == (mayor, "U-mayor")
    replies = _replies(line_on)
    assert replies["reply-U-mayor"].startswith("เชื่อมต่อแล้ว")
    for intruder in ("reply-U-stranger", "reply-U-coach"):
        assert "ถูกใช้ไปแล้ว" in replies[intruder]  # "already used", Thai then English
        assert "already been used" in replies[intruder]
    # The coach submits: both executives get their e-mail copy, the mayor also on LINE, and
    # nothing goes to the stranger's or the coach's LINE account.
    with django_capture_on_commit_callbacks(execute=True):
        report = reporting()
    rows = Delivery.objects.filter(report=report)
    assert sorted(rows.values_list("recipient_email", "channel", "line_user_id")) == [
        (CLERK_EMAIL, "email", ""), (MAYOR_EMAIL, "email", ""),
        (MAYOR_EMAIL, "line", "U-mayor")]
    assert {row.status for row in rows} == {"sent"}
    assert sorted(m.to[0] for m in mail.outbox) == [CLERK_EMAIL, MAYOR_EMAIL]
    assert [p.to for p in line_on.pushes] == ["U-mayor"]


def test_a_fresh_code_never_replaces_the_link_of_another_account(client, clock, line_on,
                                                                 mayor):
    _send(client, text_event("U-mayor", linking.link_code(linking.link_token(mayor))))
    linked_at = LineLink.objects.get().linked_at
    _later(clock, 2)
    fresh = linking.link_code(linking.link_token(mayor))
    _send(client, text_event("U-intruder", fresh))
    _send(client, text_event("U-mayor", fresh))
    link = LineLink.objects.get()
    assert (link.line_user_id, link.linked_at) == ("U-mayor", linked_at)
    replies = _replies(line_on)
    assert "unlink" in replies["reply-U-intruder"]  # ask the person to unlink it first
    assert "ยกเลิกการเชื่อมต่อ" in replies["reply-U-intruder"]
    # The same account sending another code: already linked, nothing changes.
    assert "เชื่อมต่ออยู่แล้ว" in replies["reply-U-mayor"]
    assert not replies["reply-U-mayor"].startswith("เชื่อมต่อแล้ว:")


def test_a_code_works_once_even_after_the_account_it_linked_is_unlinked(client, line_on,
                                                                         mayor):
    token = linking.link_token(mayor)
    _send(client, text_event("U-mayor", linking.link_code(token)))
    line_services.unlink(link=LineLink.objects.get())
    _send(client, text_event("U-other", linking.link_code(token)))
    assert not LineLink.objects.exists()
    assert "already been used" in _replies(line_on)["reply-U-other"]
    page = client.get(reverse("line_oa:link", args=[token]))
    assert page.status_code == 410
    assert "ลิงก์นี้ถูกใช้ไปแล้ว" in page.content.decode() and b'<main id="main"' in page.content


def test_the_link_page_of_a_linked_person_gives_no_settings_link_and_no_code_to_send(
        client, clock, line_on, mayor):
    _send(client, text_event("U-mayor", linking.link_code(linking.link_token(mayor))))
    _later(clock, 1)
    token = linking.link_token(mayor)  # a new link, opened by whoever has it
    page = client.get("/en" + reverse("line_oa:link", args=[token]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "/line/settings/" not in html and "Change what you receive" not in html
    assert "cannot replace it" in html
    assert f"LINK {token}" not in html and "line.me/R/oaMessage" not in html


def test_of_two_webhooks_racing_with_one_code_the_database_lets_one_win(mayor):
    from django.db import IntegrityError, transaction

    from line_oa.models import UsedLinkCode
    from portal import clock

    digest = linking.code_digest(linking.link_token(mayor))
    UsedLinkCode.objects.create(digest=digest, used_at=clock.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        UsedLinkCode.objects.create(digest=digest, used_at=clock.now())
