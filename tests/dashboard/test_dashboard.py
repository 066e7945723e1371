"""The League's dashboard: for League admins only, every figure right and linked to the list
behind it, and the same number of queries however much the network holds."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from deliveries.models import Delivery
from events import services as event_services
from pilots import services as pilot_services
from tests.conftest import person

pytestmark = pytest.mark.django_db

URL = "/en/dashboard/"


def _html(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def _row(html: str, caption: str, label: str) -> list[str]:
    """The cells of the row headed `label` in the table captioned `caption`."""
    table = html.split(f"<caption>{caption}</caption>", 1)[1].split("</table>", 1)[0]
    row = re.search(r"<tr>\s*<th scope=\"row\">(?:<a href=\"[^\"]*\">)?" + re.escape(label)
                    + r"(?:</a>)?</th>(.*?)</tr>", table, re.S)
    assert row, (caption, label)
    return re.findall(r"<td>([^<]*)</td>", row.group(1))


def _link(html: str, label: str) -> str:
    return re.search(r'<a href="([^"]+)">' + re.escape(label) + "</a>", html).group(1)


@pytest.fixture
def network_state(make_coach, make_pilot, make_event, coach_user, reporting):
    """Coaches in several states, a pilot with an indicator off track, a report copy sent and
    confirmed and one failed, an upcoming event with two registrations."""
    make_coach(status="applied")
    make_coach(status="applied", home="เทศบาลนครเชียงราย")
    make_coach(status="paused")
    first = reporting(month=10)  # October: the clock's quarter (October to December)
    Delivery.objects.filter(report=first).update(status="sent")
    Delivery.objects.filter(report=first, language="en").update(
        status="failed", last_error="550")
    Delivery.objects.filter(report=first, status="sent").update(
        confirmed_at=datetime.datetime(2026, 11, 10, tzinfo=datetime.UTC))
    event = make_event(title="อบรมวิทยากรพี่เลี้ยงรุ่นใหม่", starts="2026-12-01 09:00", capacity=1)
    for n in range(2):
        event_services.registration_register(event=event,
                                             user=person(f"r{n}@example.org", "staff"))
    return first


def test_only_league_admins_see_the_dashboard(client, staff_user, coach_user):
    assert "/accounts/login/" in client.get(URL)["Location"]
    for user in (staff_user, coach_user):
        client.force_login(user)
        assert client.get(URL).status_code == 403


def test_the_figures_and_the_lists_behind_them(client, league_admin, network_state):
    client.force_login(league_admin)
    html = _html(client)
    assert _row(html, "Coaches by status", "Applied") == ["2"]
    assert _link(html, "Applied") == "/en/coaches/review/?status=applied"
    assert _row(html, "Coaches by status", "Active") == ["1"]  # the reporting coach
    south = _row(html, "Coaches and municipalities by region", "Southern")
    assert south[1] == "1"  # one listed coach lives in the south (Songkhla's reporter)
    assert 'href="/en/coaches/review/?status=all&amp;region=south"' in html
    assert _row(html, "Pilots by status, with where their indicators stand today",
                "Active")[0] == "1"
    assert _link(html, "Active").startswith("/en/")
    reporting = html.split("<caption>Reports due this quarter</caption>", 1)[1]
    cells = re.findall(r"<td>([^<]*)</td>", reporting.split("</table>", 1)[0])
    # October's report came on 18 November (the clock), after 7 November: late. November is
    # not due yet.
    assert cells == ["1", "0", "1", "0", "0 %"]
    assert _row(html, "Report copies by status", "Sent") == ["1"]
    assert _row(html, "Report copies by status", "Failed") == ["1"]
    assert _row(html, "Report copies by status", "Receipt confirmed") == ["1"]
    assert _link(html, "Failed") == "/en/admin/deliveries/delivery/?status__exact=failed"
    confirmed = client.get(_link(html, "Receipt confirmed").replace("&amp;", "&"))
    assert [d.confirmed_at is not None for d in confirmed.context["cl"].result_list] == [True]
    assert "อบรมวิทยากรพี่เลี้ยงรุ่นใหม่" in html and "1 of 1 taken, 1 waiting" in html
    assert html.count('role="img"') == 3  # charts, each with its table


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL).status_code == 200
    return len(ctx.captured_queries)


def test_the_query_count_does_not_grow_with_the_network(client, league_admin, network_state,
                                                        make_pilot, make_coach, make_event):
    client.force_login(league_admin)
    before = _queries(client)
    for n in range(4):
        pilot = make_pilot(code=f"X-{n}", municipality="เทศบาลนครเชียงราย")
        coach = make_coach(home="เทศบาลนครเชียงราย")
        pilot_services.assignment_add(pilot=pilot, coach=coach, role="lead",
                                      starts_on=datetime.date(2026, 10, 1))
        pilot_services.indicator_add(pilot=pilot, data={
            "name_th": f"ตัวชี้วัด {n}", "unit": "%", "baseline": 0, "target": 100,
            "starts_on": datetime.date(2026, 1, 1), "due_on": datetime.date(2026, 12, 31)})
        make_event(title=f"งาน {n}", starts=f"2026-12-1{n} 09:00")
    assert _queries(client) == before
    assert before == 22  # coverage counts the listed coaches apart from their homes
