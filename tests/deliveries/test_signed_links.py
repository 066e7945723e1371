"""The signed links of a report copy: they expire after DELIVERY_LINK_MAX_AGE_DAYS (90) on
GET and POST alike, a forged one is a page of the portal, and nobody signed in as someone
else confirms receipt in the executive's place (security review 2026-12-07, H3 and L5). A
LINE answer the SDK cannot read does not break the coach's submission (I3)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from coaches.models import Coach, HomeExecutive
from deliveries import tasks
from deliveries.models import Delivery
from deliveries.tokens import confirm_token, copy_token
from pilots.models import Pilot
from portal.models import User
from reports import services as report_services
from tests.conftest import api_client, person
from tests.fixtures.line import link_all

MAYOR_EMAIL, CLERK_EMAIL = "mayor@songkhla.example.org", "clerk@songkhla.example.org"
SUITE_DAY = datetime.date(2026, 11, 18)  # the day the copies are sent (tests/conftest.py)


def _days_later(clock, days: int) -> None:
    clock.set(SUITE_DAY + datetime.timedelta(days=days))


@pytest.fixture
def copies(reporting, django_capture_on_commit_callbacks):
    """The copies of a submitted report, e-mailed today: mayor's (Thai), clerk's (English)."""
    with django_capture_on_commit_callbacks(execute=True):
        report = reporting()
    return {d.recipient_email: d for d in Delivery.objects.filter(report=report)}


def _url(name: str, token: str, language: str = "th") -> str:
    with translation.override(language):
        return reverse(f"deliveries:{name}", args=[token])


def _is_expired_page(response, language="th") -> bool:
    if response.status_code != 410:  # e.g. the PDF itself
        return False
    html = response.content.decode()
    words = {"th": ("ลิงก์นี้หมดอายุแล้ว", "ติดต่อวิทยากรพี่เลี้ยง"),
             "en": ("This link has expired", "contact the coach")}[language]
    return '<main id="main"' in html and all(w in html for w in words)


@pytest.mark.django_db
def test_a_copy_link_opens_the_pdf_for_ninety_days_and_then_says_it_has_expired(
        client, clock, copies):
    token = copy_token(copies[MAYOR_EMAIL])
    _days_later(clock, 89)
    pdf = client.get(_url("copy", token))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    _days_later(clock, 91)
    assert _is_expired_page(client.get(_url("copy", token)))
    assert _is_expired_page(client.get(_url("copy", token, "en")), "en")
    forged = client.get(_url("copy", token[:-2] + "xx"))
    assert forged.status_code == 404 and b'<main id="main"' in forged.content


@pytest.mark.django_db
def test_a_confirm_link_expires_on_get_and_post_alike_and_a_replay_keeps_the_first_time(
        client, clock, copies):
    clerk = copies[CLERK_EMAIL]
    url = _url("confirm", confirm_token(clerk), "en")
    _days_later(clock, 89)
    form = client.get(url)
    assert form.status_code == 200 and "I received the report" in form.content.decode()
    _days_later(clock, 91)
    assert _is_expired_page(client.get(url), "en")
    assert _is_expired_page(client.post(url), "en")
    clerk.refresh_from_db()
    assert clerk.confirmed_at is None
    _days_later(clock, 89)
    assert client.post(url).status_code == 200
    clerk.refresh_from_db()
    first = clerk.confirmed_at
    assert first is not None
    clock.set(SUITE_DAY + datetime.timedelta(days=89, hours=2))
    again = client.post(url)
    assert again.status_code == 200
    clerk.refresh_from_db()
    assert clerk.confirmed_at == first
    for method in (client.get, client.post):
        forged = method(url.replace("/confirm/", "/confirm/x"))
        assert forged.status_code == 404 and b'<main id="main"' in forged.content


@pytest.mark.django_db
def test_nobody_signed_in_as_someone_else_confirms_receipt_for_the_executive(
        client, copies, coach_user, league_admin):
    mayor = copies[MAYOR_EMAIL]
    url = _url("confirm", confirm_token(mayor))
    for user in (coach_user, league_admin):
        client.force_login(user)
        for method in (client.get, client.post):
            page = method(url)
            html = page.content.decode()
            assert page.status_code == 403 and '<main id="main"' in html
            assert "ได้รับรายงานแล้ว" not in html  # no "I received the report" button
        mayor.refresh_from_db()
        assert mayor.confirmed_at is None
    # The executive, with an account of their own address, or without signing in.
    client.force_login(person(MAYOR_EMAIL.upper(), User.Role.STAFF))
    assert client.post(url).status_code == 200
    mayor.refresh_from_db()
    assert mayor.confirmed_at is not None
    clerk = copies[CLERK_EMAIL]
    client.logout()
    assert client.post(_url("confirm", confirm_token(clerk))).status_code == 200
    clerk.refresh_from_db()
    assert clerk.confirmed_at is not None


def _draft(coach_user):
    report = report_services.report_start(pilot=Pilot.objects.get(code="DG-SK"),
                                          coach=Coach.objects.get(user=coach_user),
                                          kind="month", year=2026, number=3)
    report_services.report_update(report=report, actor=coach_user,
                                  data={"summary": "จัดเวทีประชาคม"})
    return report


@pytest.mark.django_db(transaction=True)
def test_a_line_answer_the_sdk_cannot_read_does_not_break_the_coachs_submission(
        line_on, reporting, coach_user):
    """No broker: the copies are sent inside the coach's request, as it commits."""
    link_all(HomeExecutive.objects.filter(email=MAYOR_EMAIL))
    line_on.script = [(200, {})]  # "sentMessages" missing: the SDK refuses the answer
    report = _draft(coach_user)
    response = api_client(coach_user).post(f"/api/reports/{report.pk}/submit/")
    assert response.status_code == 200
    line_copy = Delivery.objects.get(report=report, channel="line")
    assert line_copy.status == "sent" and line_copy.attempts == 2  # tried again, once
    assert len(line_on.pushes) == 1
    assert set(Delivery.objects.filter(report=report, channel="email")
               .values_list("status", flat=True)) == {"sent"}


@pytest.mark.django_db
def test_a_line_answer_the_sdk_cannot_read_is_recorded_and_the_copy_waits_for_a_retry(
        line_on, reporting, coach_user):
    link_all(HomeExecutive.objects.filter(email=MAYOR_EMAIL))
    report = reporting()  # the copies wait for the commit: sent by hand below
    copy = Delivery.objects.get(report=report, channel="line")
    line_on.script = [(200, {})]
    with pytest.raises(tasks.RetryLater):
        tasks._send_copy(copy.pk)
    copy.refresh_from_db()
    assert copy.status == "pending" and "could not be read" in copy.last_error
    assert tasks._send_copy(copy.pk) == "sent" and len(line_on.pushes) == 1


@pytest.mark.django_db
def test_the_pages_of_signed_links_are_valid_html(client, clock, copies, coach_user,
                                                   tmp_path):
    from tests.test_html_validity import _validate

    url = _url("confirm", confirm_token(copies[CLERK_EMAIL]), "en")
    responses = {"confirm": client.get(url),
                 "forged": client.get(url.replace("/confirm/", "/confirm/x"))}
    client.force_login(coach_user)
    responses["refused"] = client.get(url)
    client.logout()
    _days_later(clock, 91)
    responses["expired"] = client.get(url)
    assert {name: r.status_code for name, r in responses.items()} == {
        "confirm": 200, "forged": 404, "refused": 403, "expired": 410}
    problems = _validate({name: r.content for name, r in responses.items()}, tmp_path)
    assert not problems, "\n".join(problems)
