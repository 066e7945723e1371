"""A recipient links their LINE account once, from a signed, expiring link; the webhook reads
only what LINE signed with the channel secret."""

import datetime
import logging

import pytest
from django.urls import reverse

from coaches.models import HomeExecutive
from line_oa import linking
from line_oa.models import LineLink
from tests.fixtures.line import follow_event, signature, text_event, webhook_body

WEBHOOK = "/line/webhook"


def _post(client, body: bytes, sig: str | None = None):
    headers = {} if sig is None else {"HTTP_X_LINE_SIGNATURE": sig}
    return client.post(WEBHOOK, body, content_type="application/json", **headers)


@pytest.fixture
def executive(make_coach, coach_user):
    coach = make_coach(user=coach_user, executives=[
        {"name": "นายกเทศมนตรีนครสงขลา", "position": "mayor",
         "email": "mayor@songkhla.example.org"},
        {"name": "Municipal Clerk", "position": "clerk", "email": "clerk@songkhla.example.org",
         "preferred_language": "en"}])
    return coach.executives.get(position="mayor")


def test_the_link_page_shows_a_qr_code_and_a_button_that_open_a_chat_with_the_code(
        client, line_on, executive):
    token = linking.link_token(executive)
    page = client.get(reverse("line_oa:link", args=[token]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and "คิวอาร์โค้ด" in html  # the QR code, titled for screen readers
    assert "https://line.me/R/oaMessage/%40nmt-test/?LINK%20" in html
    assert f"LINK {token}" in html
    # The code works for LINE_LINK_MAX_AGE_DAYS (14) from today, 18 November 2569.
    assert "2 ธันวาคม 2569" in html


def test_sending_the_code_links_the_account_and_linE_answers_in_the_persons_language(
        client, line_on, executive):
    clerk = HomeExecutive.objects.get(position="clerk")
    body = webhook_body(text_event("U-mayor", linking.link_code(linking.link_token(executive))),
                        text_event("U-clerk", linking.link_code(linking.link_token(clerk))))
    response = _post(client, body, signature(body))
    assert response.status_code == 200
    assert LineLink.objects.get(executive=executive).line_user_id == "U-mayor"
    assert LineLink.objects.get(executive=clerk).line_user_id == "U-clerk"
    replies = {r["replyToken"]: r["messages"][0]["text"] for r in line_on.replies}
    assert replies["reply-U-mayor"].startswith("เชื่อมต่อแล้ว")
    assert replies["reply-U-clerk"].startswith("Linked")


@pytest.mark.parametrize("sig", [None, "", "bm90IGEgc2lnbmF0dXJl",
                                 signature(b"another body")])
def test_a_request_not_signed_by_line_is_refused_logged_and_changes_nothing(
        client, line_on, executive, caplog, sig):
    body = webhook_body(text_event("U-intruder", linking.link_code(
        linking.link_token(executive))))
    with caplog.at_level(logging.WARNING, logger="line_oa.webhook"):
        response = _post(client, body, sig)
    assert response.status_code == 400
    assert "bad signature" in caplog.text
    assert not LineLink.objects.exists() and not line_on.replies


def test_a_signed_request_that_is_not_a_line_payload_is_refused(client, line_on, caplog):
    body = b'{"not": "events"}'
    with caplog.at_level(logging.WARNING, logger="line_oa.webhook"):
        assert _post(client, body, signature(body)).status_code == 400
    assert "not a LINE payload" in caplog.text


def test_an_expired_or_forged_code_links_nothing_and_says_so(client, clock, line_on,
                                                             executive):
    token = linking.link_token(executive)
    clock.set("2026-12-02", at="10:01")  # 14 days and a minute later
    forged = linking.link_code(token[:-3] + "abc")
    body = webhook_body(text_event("U-1", linking.link_code(token)), text_event("U-2", forged))
    assert _post(client, body, signature(body)).status_code == 200
    assert not LineLink.objects.exists()
    assert all("หมดอายุ" in r["messages"][0]["text"] for r in line_on.replies)
    assert client.get(reverse("line_oa:link", args=[token])).status_code == 410


def test_unfollowing_stops_the_pushes_and_following_again_restores_them(client, line_on,
                                                                         executive):
    link = LineLink.objects.create(executive=executive, line_user_id="U-mayor",
                                   linked_at=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC))
    body = webhook_body(follow_event("U-mayor", "unfollow"))
    _post(client, body, signature(body))
    link.refresh_from_db()
    assert not link.following and not link.can_push and link.wants_email
    body = webhook_body(follow_event("U-mayor"))
    _post(client, body, signature(body))
    link.refresh_from_db()
    assert link.following and link.can_push


def test_the_person_chooses_channels_but_keeps_at_least_one_and_can_unlink(client, line_on,
                                                                            executive):
    link = LineLink.objects.create(executive=executive, line_user_id="U-mayor",
                                   linked_at=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC))
    url = reverse("line_oa:settings", args=[linking.settings_token(link)])
    assert "A LINE account has been linked" in client.get("/en" + url).content.decode()
    client.post(url, {"action": "save", "send_email": "on"})
    link.refresh_from_db()
    assert not link.send_line and link.send_email and link.wants_email
    # An executive's e-mail goes off only once confirmed from their address (see
    # test_channel_owner.py): asking for LINE alone keeps it on for now.
    client.post(url, {"action": "save", "send_line": "on"})
    link.refresh_from_db()
    assert link.send_line and link.send_email
    page = client.post(url, {"action": "save"}, follow=True).content.decode()
    assert "อย่างน้อยหนึ่งช่องทาง" in page  # "keep at least one channel"
    link.refresh_from_db()
    assert link.send_line and link.send_email
    client.post(url, {"action": "unlink"})
    assert not LineLink.objects.exists()
    assert client.get(url).status_code == 404  # the link it managed is gone
    assert client.get(reverse("line_oa:settings", args=["forged"])).status_code == 404


def test_a_coach_sees_who_is_linked_and_can_have_each_executive_invited(client, line_on,
                                                                       executive, coach_user):
    LineLink.objects.create(executive=executive, line_user_id="U-mayor",
                            linked_at=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC))
    client.force_login(coach_user)
    html = client.get("/en/line/").content.decode()
    assert "Linked" in html and "Not linked" in html
    assert html.count("/line/link/") == 1  # the coach's own only: never an executive's
    assert html.count("Send the invitation by e-mail") == 1  # the clerk, not linked yet


def test_without_credentials_the_channel_is_off_and_nothing_breaks(client, settings,
                                                                   executive, coach_user):
    assert not settings.LINE_ENABLED
    body = webhook_body(text_event("U-1", linking.link_code(linking.link_token(executive))))
    assert _post(client, body, signature(body)).status_code == 404
    assert client.get(reverse("line_oa:link", args=[linking.link_token(executive)])
                      ).status_code == 404
    client.force_login(coach_user)
    assert "does not send messages on LINE" in client.get("/en/line/").content.decode()
    assert not LineLink.objects.exists()


def test_league_admins_see_the_links_in_the_admin_and_cannot_invent_one(client, line_on,
                                                                        executive,
                                                                        league_admin):
    LineLink.objects.create(executive=executive, line_user_id="U-mayor",
                            linked_at=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC))
    league_admin.is_staff = True
    league_admin.save()
    client.force_login(league_admin)
    page = client.get("/en/admin/line_oa/linelink/")
    assert page.status_code == 200 and "นายกเทศมนตรีนครสงขลา" in page.content.decode()
    assert client.get("/en/admin/line_oa/linelink/add/").status_code == 403
