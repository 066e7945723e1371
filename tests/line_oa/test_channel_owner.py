"""Only the executive changes their own channels: the settings link is bound to the current
link and only ever pushed to that LINE account; e-mail copies go off only once the owner of
the executive's address confirms it; the coach's page gives out no executive's link
(security review 2026-12-07, H3)."""

import re

import pytest
from django.core import mail
from django.test import Client

from coaches.models import HomeExecutive
from deliveries.models import Delivery
from line_oa import linking
from line_oa.models import LineLink
from tests.fixtures.line import link_all, signature, text_event, webhook_body

pytestmark = pytest.mark.django_db
MAYOR_EMAIL, CLERK_EMAIL = "mayor@songkhla.example.org", "clerk@songkhla.example.org"
SETTINGS = re.compile(r"https?://[^/\s]+(/(?:en/)?line/settings/[^/\s]+/)")


@pytest.fixture
def mayor(reporting):
    return HomeExecutive.objects.get(email=MAYOR_EMAIL)


def _submit(reporting, capture, month):
    with capture(execute=True):
        return reporting(month=month)


def _settings_path(fake, user_id: str) -> str:
    """The settings link at the end of the last message pushed to `user_id`."""
    return SETTINGS.findall(fake.pushes_to(user_id)[-1].texts[0])[-1]


def _channels(report) -> list[tuple[str, str]]:
    return sorted(Delivery.objects.filter(report=report)
                  .values_list("recipient_email", "channel"))


def test_a_settings_link_stops_working_once_its_link_is_removed_or_replaced(
        client, clock, line_on, reporting, mayor, django_capture_on_commit_callbacks):
    link_all([mayor])
    _submit(reporting, django_capture_on_commit_callbacks, 3)
    old = _settings_path(line_on, f"U{mayor.pk:032d}")
    assert client.get(old).status_code == 200
    page = client.post(old, {"action": "unlink"})
    assert not LineLink.objects.exists() and "/line/link/" not in page.content.decode()
    clock.set("2026-11-20")
    body = webhook_body(text_event("U-new-phone", linking.link_code(linking.link_token(mayor))))
    client.post("/line/webhook", body, content_type="application/json",
                HTTP_X_LINE_SIGNATURE=signature(body))
    relinked = LineLink.objects.get(executive=mayor)
    assert relinked.line_user_id == "U-new-phone"
    gone = client.get(old)
    assert gone.status_code == 404 and b'<main id="main"' in gone.content
    assert client.post(old, {"action": "save", "send_email": "on"}).status_code == 404
    assert client.post(old, {"action": "unlink"}).status_code == 404
    relinked.refresh_from_db()
    assert relinked.send_line and relinked.send_email


def test_only_the_owner_of_the_executives_address_turns_its_e_mail_copies_off(
        client, clock, line_on, reporting, mayor, django_capture_on_commit_callbacks):
    link_all([mayor])
    _submit(reporting, django_capture_on_commit_callbacks, 3)
    settings_path = _settings_path(line_on, f"U{mayor.pk:032d}")
    mail.outbox.clear()
    # Whoever holds the LINE account (and its settings link) asks for LINE alone.
    page = client.post(settings_path, {"action": "save", "send_line": "on"}, follow=True)
    assert "m•••@songkhla.example.org" in page.content.decode()
    link = LineLink.objects.get(executive=mayor)
    assert link.send_email and link.wants_email
    [confirmation] = mail.outbox
    assert confirmation.to == [MAYOR_EMAIL] and "LINE" in confirmation.subject
    confirm_path = re.search(r"https?://[^/\s]+(/line/email-off/[^/\s]+/)",
                             confirmation.body).group(1)
    client.post(settings_path, {"action": "save", "send_line": "on"})
    assert len(mail.outbox) == 1  # at most one confirmation e-mail an hour
    # Until the executive confirms, the copies still reach their e-mail address.
    report = _submit(reporting, django_capture_on_commit_callbacks, 4)
    assert (MAYOR_EMAIL, "email") in _channels(report)
    assert client.get(confirm_path).status_code == 200
    link.refresh_from_db()
    assert link.send_email  # opening the link is not enough: it takes the button
    assert client.post(confirm_path).status_code == 200
    link.refresh_from_db()
    assert not link.send_email and not link.wants_email
    report = _submit(reporting, django_capture_on_commit_callbacks, 5)
    assert _channels(report) == [(CLERK_EMAIL, "email"), (MAYOR_EMAIL, "line")]


def test_the_coach_cannot_turn_off_an_executives_e_mail_but_chooses_their_own_channels(
        client, line_on, reporting, mayor, coach_user, django_capture_on_commit_callbacks):
    """The attack of the review, from the coach's own page: every link it gives is sent as a
    code from the coach's LINE account, and every settings link reached asks for LINE alone.
    Only the coach's own link and channels change."""
    link_all([mayor])
    client.force_login(coach_user)
    page = client.get("/en/line/").content.decode()
    for token in re.findall(r"/line/link/([^/\"'\s<]+)/", page):
        body = webhook_body(text_event("U-coach", linking.link_code(token)))
        client.post("/line/webhook", body, content_type="application/json",
                    HTTP_X_LINE_SIGNATURE=signature(body))
        page += client.get(f"/en/line/link/{token}/").content.decode()
    page += client.get("/en/line/").content.decode()
    mail.outbox.clear()
    for path in set(re.findall(r'href="(?:https?://[^/"]+)?(/en/line/settings/[^/"]+/)"',
                               page)):
        client.post(path, {"action": "save", "send_line": "on"})
    own = LineLink.objects.get(coach__user=coach_user)
    assert own.line_user_id == "U-coach" and not own.send_email  # a coach's own: at once
    executive_link = LineLink.objects.get(executive=mayor)
    assert executive_link.line_user_id == f"U{mayor.pk:032d}" and executive_link.send_email
    assert not mail.outbox
    report = _submit(reporting, django_capture_on_commit_callbacks, 3)
    assert _channels(report) == [(CLERK_EMAIL, "email"), (MAYOR_EMAIL, "email"),
                                 (MAYOR_EMAIL, "line")]
    assert {p.to for p in line_on.pushes} == {executive_link.line_user_id}


def test_the_coachs_page_shows_each_executives_state_and_none_of_their_links(
        client, line_on, reporting, mayor, coach_user):
    link_all([mayor])
    client.force_login(coach_user)
    html = client.get("/en/line/").content.decode()
    assert "Linked" in html and "Not linked" in html
    links = re.findall(r"/line/link/([^/\"'\s<]+)/", html)
    assert len(links) == 1 and linking.recipient_of_link(links[0]).user == coach_user
    assert "/line/settings/" not in html  # the coach has not linked their own account
    assert "LINK " not in html and "line.me/R/oaMessage" not in html
    assert html.count("Send the invitation by e-mail") == 1  # the clerk, not linked yet


def test_the_coach_has_an_executive_invited_at_their_own_address_once_an_hour(
        client, clock, line_on, reporting, coach_user, other_coach_user, make_coach):
    clerk = HomeExecutive.objects.get(email=CLERK_EMAIL)
    mayor = HomeExecutive.objects.get(email=MAYOR_EMAIL)
    client.force_login(coach_user)
    page = client.post("/en/line/invite/", {"executive": clerk.pk}, follow=True)
    assert "The invitation was e-mailed to Municipal Clerk." in page.content.decode()
    [invitation] = mail.outbox
    assert invitation.to == [CLERK_EMAIL]
    assert invitation.subject == "Receive the League's messages on LINE"  # the clerk's English
    token = re.search(r"/en/line/link/([^/\s]+)/", invitation.body).group(1)
    assert linking.recipient_of_link(token) == clerk
    page = client.post("/en/line/invite/", {"executive": clerk.pk}, follow=True)
    assert "less than an hour ago" in page.content.decode() and len(mail.outbox) == 1
    clock.set("2026-11-18", at="11:05")
    client.post("/en/line/invite/", {"executive": clerk.pk})
    client.post("/line/invite/", {"executive": mayor.pk})
    assert [m.to for m in mail.outbox[1:]] == [[CLERK_EMAIL], [MAYOR_EMAIL]]
    assert mail.outbox[2].subject == "รับข้อความจากสันนิบาตฯ ทาง LINE"  # the mayor's Thai
    # Only the coach's own executives, only by POST, only with the CSRF token.
    make_coach(user=other_coach_user)
    other = Client()
    other.force_login(other_coach_user)
    assert other.post("/line/invite/", {"executive": mayor.pk}).status_code == 404
    assert client.get("/line/invite/").status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(coach_user)
    clock.set("2026-11-19")
    assert strict.post("/line/invite/", {"executive": mayor.pk}).status_code == 403
    assert len(mail.outbox) == 3


def test_a_league_admin_cannot_switch_an_executives_channels_in_the_admin(
        client, line_on, reporting, mayor, league_admin):
    [link] = link_all([mayor])
    league_admin.is_staff = True
    league_admin.save()
    client.force_login(league_admin)
    url = f"/en/admin/line_oa/linelink/{link.pk}/change/"
    client.post(url, {"send_line": "on"})  # e-mail unticked
    link.refresh_from_db()
    assert link.send_email and 'name="send_email"' not in client.get(url).content.decode()

