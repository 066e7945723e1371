"""On a report's page, the coach, the pilot's coordinator and League admins see where the copies
to the coach's home executives are; the public never does."""

import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from deliveries import services
from deliveries.models import Delivery
from deliveries.tokens import confirm_token
from pilots import services as pilot_services
from portal import clock
from portal.thai_dates import format_date
from reports import services as report_services
from reports.models import ProgressReport

pytestmark = pytest.mark.django_db

HEADING = "Copies to home executives"
MAYOR, CLERK = "mayor@songkhla.example.org", "clerk@songkhla.example.org"


def _url(report, language="en") -> str:
    with translation.override(language):
        return reverse("reports:report", args=[report.pk])


def _copies(page: str) -> str:
    """The copies section of a page ('' when there is none)."""
    if 'id="copies-heading"' not in page:
        return ""
    return page.split('id="copies-heading"', 1)[1].split("</section>", 1)[0]


@pytest.fixture
def mailed(reporting, django_capture_on_commit_callbacks):
    """A submitted report mailed to both executives; the clerk confirmed receipt."""
    with django_capture_on_commit_callbacks(execute=True):
        report = reporting()
    clerk = Delivery.objects.get(report=report, recipient_email=CLERK)
    assert services.delivery_confirm(confirm_token(clerk)) is not None
    return report


def _row(section: str, name: str) -> str:
    return section.split(f'<th scope="row">{name}</th>', 1)[1].split("</tr>", 1)[0]


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


def test_the_coach_sees_when_each_copy_was_sent_and_confirmed(client, mailed, coach_user):
    mayor = Delivery.objects.get(recipient_email=MAYOR)
    clerk = Delivery.objects.get(recipient_email=CLERK)
    client.force_login(coach_user)
    section = _copies(client.get(_url(mailed)).content.decode())
    assert HEADING in section
    with translation.override("en"):
        mayor_sent = format_date(mayor.sent_at, with_time=True)
        clerk_sent = format_date(clerk.sent_at, with_time=True)
        clerk_confirmed = format_date(clerk.confirmed_at, with_time=True)
    assert ["E-mail", "Sent", mayor_sent, "—"] == _cells(_row(section, "นายกเทศมนตรีนครสงขลา"))
    assert ["E-mail", "Sent", clerk_sent, clerk_confirmed] == _cells(
        _row(section, "Municipal Clerk"))
    assert "Sent" in _row(section, "Municipal Clerk")

    # Thai readers count years in the Buddhist Era
    thai = _copies(client.get(_url(mailed, "th")).content.decode())
    with translation.override("th"):
        confirmed = format_date(clerk.confirmed_at, with_time=True)
    assert str(timezone.localtime(clerk.confirmed_at).year + 543) in confirmed
    assert confirmed in thai and "น." in confirmed


def test_league_admins_and_the_coordinator_see_the_copies_too(
        client, mailed, league_admin, staff_user):
    pilot_services.pilot_save(pilot=mailed.pilot, actor=None, data={"coordinator": staff_user})
    for user in (league_admin, staff_user):
        client.force_login(user)
        section = _copies(client.get(_url(mailed)).content.decode())
        assert HEADING in section and "Municipal Clerk" in section, user


def test_the_public_and_other_coaches_do_not_see_the_copies(
        client, mailed, make_coach, other_coach_user, staff_user):
    make_coach(user=other_coach_user)
    for user in (None, other_coach_user, staff_user):  # staff: not this pilot's coordinator
        if user:
            client.force_login(user)
        else:
            client.logout()
        for language in ("en", "th"):
            assert client.get(_url(mailed, language)).status_code == 404  # a private report
    report_services.report_publish(report=mailed, actor=None)
    for user in (None, other_coach_user, staff_user):
        if user:
            client.force_login(user)
        else:
            client.logout()
        for language in ("en", "th"):
            response = client.get(_url(mailed, language))
            assert response.status_code == 200  # published: the report is public
            page = response.content.decode()
            assert "ลดเวลารอคิวรับบริการ" in page
            assert not _copies(page) and HEADING not in page
            assert "Municipal Clerk" not in page and "นายกเทศมนตรีนครสงขลา" not in page


def test_a_report_without_copies_says_so_and_a_draft_shows_nothing(
        client, reporting, coach_user):
    report = reporting()  # nothing mailed yet: the copies wait for the commit
    Delivery.objects.filter(report=report).delete()
    client.force_login(coach_user)
    section = _copies(client.get(_url(report)).content.decode())
    assert "No copy of this report version was sent" in section
    draft = report_services.report_start(pilot=report.pilot, coach=report.coach, kind="month",
                                         year=2026, number=4)
    assert not _copies(client.get(_url(draft)).content.decode())


def _render(report, user) -> tuple[str, int]:
    request = RequestFactory().get("/")
    request.user = user
    with CaptureQueriesContext(connection) as ctx, translation.override("en"):
        html = render_to_string("deliveries/_report_deliveries.html",
                                {"report": report, "request": request})
    return html, len(ctx.captured_queries)


def test_the_copies_table_costs_one_query_for_those_allowed_and_none_for_others(
        mailed, coach_user, other_coach_user):
    report = ProgressReport.objects.select_related("pilot", "coach").get(pk=mailed.pk)
    html, queries = _render(report, coach_user)
    assert HEADING in html and queries == 1
    for n in range(3):
        Delivery.objects.create(report=report, recipient_name=f"ผู้บริหาร {n}",
                                recipient_email=f"exec{n}@example.org", status="sent",
                                sent_at=clock.now() - datetime.timedelta(hours=n))
    html, queries = _render(report, coach_user)
    assert html.count('<th scope="row">') == 5 and queries == 1
    for user in (AnonymousUser(), other_coach_user):
        html, queries = _render(report, user)
        assert (html.strip(), queries) == ("", 0)


def test_the_report_page_with_copies_is_valid_html(client, mailed, coach_user, tmp_path):
    from tests.test_html_validity import _validate

    client.force_login(coach_user)
    pages = {url: client.get(url).content for url in (_url(mailed), _url(mailed, "th"))}
    assert all(b'id="copies-heading"' in body for body in pages.values())
    problems = _validate(pages, tmp_path)
    assert not problems, "\n".join(problems)
