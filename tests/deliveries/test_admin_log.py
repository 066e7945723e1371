"""The delivery log in the admin: League admins see where every copy is, filter it, resend
failed copies and preview a message without sending it."""

import datetime
import html
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from deliveries.message import report_message
from deliveries.models import Delivery
from pilots import services as pilot_services
from portal import clock
from portal.models import Municipality
from reports import services as report_services

pytestmark = pytest.mark.django_db

CHANGELIST = "/en/admin/deliveries/delivery/"
THAI_CHANGELIST = "/admin/deliveries/delivery/"
MAYOR, CLERK = "mayor@songkhla.example.org", "clerk@songkhla.example.org"


def _submit(pilot, coach, month, summary="รายงาน"):
    report = report_services.report_start(pilot=pilot, coach=coach, kind="month", year=2026,
                                          number=month)
    report_services.report_update(report=report, actor=None, data={"summary": summary})
    return report_services.report_submit(report=report, actor=None)


@pytest.fixture
def log(reporting, make_pilot, make_coach):
    """Coach สมศรี (home: Yala), pilot DG-SK, two executives: March — mayor sent, clerk
    failed; April — mayor sent and confirmed, clerk pending. Coach บุญมี (home: Songkhla),
    pilot DG-B, one executive: March — failed. (Nothing is mailed: the test transaction never
    commits, so the sending queued on commit never runs.)"""
    march, april = reporting(month=3), reporting(month=4)
    pilot = make_pilot(code="DG-B", municipality="เทศบาลนครสงขลา")
    boonmee = make_coach(name="บุญมี ใจดี", home="เทศบาลนครสงขลา", executives=[
        {"name": "ปลัดเทศบาล", "position": "clerk", "email": "clerk@b.example.org"}])
    pilot_services.assignment_add(pilot=pilot, coach=boonmee, role="lead",
                                  starts_on=datetime.date(2026, 1, 1))
    other = _submit(pilot, boonmee, 3)
    sent_at = clock.now() - datetime.timedelta(days=1)
    Delivery.objects.filter(recipient_email=MAYOR).update(status="sent", sent_at=sent_at,
                                                          attempts=1)
    Delivery.objects.filter(report=march, recipient_email=CLERK).update(
        status="failed", attempts=5, last_error="SMTPRecipientsRefused(550 mailbox unavailable "
        "for this address, the server at songkhla.example.org said, after a long wait)")
    Delivery.objects.filter(report=other).update(status="failed", attempts=1,
                                                  last_error="550 no such user")
    Delivery.objects.filter(report=april, recipient_email=MAYOR).update(
        confirmed_at=clock.now())
    assert Delivery.objects.count() == 5
    return {"march": march, "april": april, "other": other, "boonmee": boonmee,
            "somsri": march.coach}


def _rows(response) -> list[tuple[str, str]]:
    assert response.status_code == 200
    return sorted((d.report.pilot.code + f"-{d.report.period_start:%m}", d.recipient_email)
                  for d in response.context["cl"].result_list)


def _counts(response) -> dict[str, int]:
    table = response.content.decode().split('id="delivery-status-counts"', 1)[1]
    table = table.split("</table>", 1)[0]
    return {status: int(count) for status, count in
            re.findall(r'data-status="(\w+)"><a href="[^"]*">(\d+)</a>', table)}


def test_league_admins_see_every_copy_with_its_report_coach_and_counts(
        client, log, league_admin):
    client.force_login(league_admin)
    response = client.get(CHANGELIST)
    assert len(_rows(response)) == 5
    page = response.content.decode()
    assert "DG-SK · March 2026 · version 1" in page and "DG-B · March 2026 · version 1" in page
    assert "สมศรี ขยันงาน" in page and "บุญมี ใจดี" in page
    assert "Yala City Municipality" in page and "Songkhla City Municipality" in page
    assert "SMTPRecipientsRefused(550 mailbox unavailable" in page  # short, full in the title
    assert _counts(response) == {"pending": 1, "sending": 0, "sent": 2, "failed": 2}
    assert f"/admin/deliveries/delivery/{Delivery.objects.first().pk}/preview/" in page


def test_filters_by_status_period_coach_and_municipality(client, log, league_admin):
    client.force_login(league_admin)
    failed = client.get(CHANGELIST, {"status__exact": "failed"})
    assert _rows(failed) == [("DG-B-03", "clerk@b.example.org"), ("DG-SK-03", CLERK)]
    assert _counts(failed) == {"pending": 0, "sending": 0, "sent": 0, "failed": 2}

    page = client.get(THAI_CHANGELIST).content.decode()
    # Only months that have copies, newest first, in the Buddhist Era for Thai readers
    filters = page.split('id="changelist-filter"', 1)[1]
    assert filters.index("?period=2026-04") < filters.index("?period=2026-03")
    assert "?period=2026-02" not in filters
    assert re.search(r'\?period=2026-04"[^>]*>\s*เมษายน 2569', filters)
    assert re.search(r'\?period=2026-03"[^>]*>\s*มีนาคม 2569', filters)
    assert ">March 2026<" in client.get(CHANGELIST).content.decode()
    april = client.get(CHANGELIST, {"period": "2026-04"})
    assert _rows(april) == [("DG-SK-04", CLERK), ("DG-SK-04", MAYOR)]
    assert _counts(april) == {"pending": 1, "sending": 0, "sent": 1, "failed": 0}

    coach = client.get(CHANGELIST, {"report__coach__id__exact": log["boonmee"].pk})
    assert _rows(coach) == [("DG-B-03", "clerk@b.example.org")]
    songkhla = Municipality.objects.get(name_th="เทศบาลนครสงขลา")
    yala = Municipality.objects.get(name_th="เทศบาลนครยะลา")
    home = "report__coach__home_municipality__id__exact"
    assert _rows(client.get(CHANGELIST, {home: songkhla.pk})) == [
        ("DG-B-03", "clerk@b.example.org")]
    assert len(_rows(client.get(CHANGELIST, {home: yala.pk}))) == 4
    both = client.get(CHANGELIST, {home: yala.pk, "period": "2026-03",
                                   "status__exact": "sent"})
    assert _rows(both) == [("DG-SK-03", MAYOR)]

    # The municipality filter offers only coaches' home municipalities, not all of them
    assert "เทศบาลนครสงขลา" in filters and "เทศบาลตำบล" not in filters


def test_the_log_is_for_league_admins_only(client, log, coach_user, staff_user):
    delivery = Delivery.objects.first()
    for url in (CHANGELIST, f"{CHANGELIST}{delivery.pk}/preview/",
                f"{CHANGELIST}{delivery.pk}/preview/message.html",
                f"{CHANGELIST}{delivery.pk}/brief.pdf"):
        assert client.get(url)["Location"].startswith("/en/admin/login/")
        for user in (coach_user, staff_user):
            client.force_login(user)
            assert client.get(url)["Location"].startswith("/en/admin/login/")
        client.logout()
    assert not mail.outbox


def test_the_log_is_read_only(client, log, league_admin):
    client.force_login(league_admin)
    delivery = Delivery.objects.get(report=log["march"], recipient_email=CLERK)
    page = client.get(f"{CHANGELIST}{delivery.pk}/change/").content.decode()
    assert "550 mailbox unavailable" in page and 'name="_save"' not in page
    assert client.get(f"{CHANGELIST}add/").status_code == 403
    assert client.get(f"{CHANGELIST}{delivery.pk}/delete/").status_code == 403


def test_resend_queues_the_failed_copies_only(
        client, log, league_admin, django_capture_on_commit_callbacks):
    client.force_login(league_admin)
    sent_before = dict(Delivery.objects.filter(status="sent").values_list("pk", "sent_at"))
    everything = list(Delivery.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CHANGELIST, {"action": "resend", "_selected_action": everything,
                                            "index": "0"}, follow=True)
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    assert shown == ["2 failed copies were queued to be sent again. Copies already sent are "
                     "never sent again."]
    assert sorted(m.to[0] for m in mail.outbox) == ["clerk@b.example.org", CLERK]
    assert Delivery.objects.filter(status="failed").count() == 0
    assert Delivery.objects.get(report=log["april"], recipient_email=CLERK).status == "pending"
    assert dict(Delivery.objects.filter(pk__in=sent_before).values_list(
        "pk", "sent_at")) == sent_before  # the sent copies were left alone

    # Again: nothing failed any more, so nothing is queued and nothing is sent twice
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CHANGELIST, {"action": "resend", "_selected_action": everything,
                                            "index": "0"}, follow=True)
    assert len(mail.outbox) == 2
    assert any(m.startswith("0 ") for m in map(str, response.context["messages"]))


def test_preview_shows_the_message_and_sends_nothing(client, reporting, league_admin):
    report = reporting(summary="ลดเวลารอคิวรับบริการจาก 40 นาทีเหลือ 15 นาที")
    delivery = Delivery.objects.get(report=report, recipient_email=CLERK)  # English
    before = Delivery.objects.values().get(pk=delivery.pk)
    client.force_login(league_admin)
    response = client.get(f"{CHANGELIST}{delivery.pk}/preview/")
    assert response.status_code == 200
    page = response.content.decode()
    subject = report_message(delivery).subject
    assert "Progress report" in subject
    assert f'<strong id="preview-subject">{html.escape(subject, quote=False)}</strong>' in page
    text = page.split('<pre id="preview-text">', 1)[1].split("</pre>", 1)[0]
    assert "ลดเวลารอคิวรับบริการจาก 40 นาทีเหลือ 15 นาที" in text
    assert "/deliveries/confirm/preview/" in text  # the working link is never shown
    iframe = re.search(r"<iframe[^>]*>", page).group(0)
    frame_url = f"{CHANGELIST}{delivery.pk}/preview/message.html"
    assert 'sandbox=""' in iframe and f'src="{frame_url}"' in iframe

    # The HTML version has a policy of its own: its inline styles apply, nothing else runs.
    frame = client.get(frame_url)
    body = frame.content.decode()
    assert "ลดเวลารอคิวรับบริการ" in body and 'style="' in body
    assert "/deliveries/confirm/preview/" in body  # the working link is never shown
    policy = frame["Content-Security-Policy"]
    assert "style-src 'unsafe-inline'" in policy and "default-src 'none'" in policy
    assert "frame-ancestors 'self'" in policy and "sandbox" in policy
    assert "script-src" not in policy
    assert frame["X-Frame-Options"] == "SAMEORIGIN"

    brief = client.get(f"{CHANGELIST}{delivery.pk}/brief.pdf")
    assert brief["Content-Type"] == "application/pdf"
    assert brief.content.startswith(b"%PDF")
    assert 'filename="DG-SK-2026-03-v1.pdf"' in brief["Content-Disposition"]
    assert f"{CHANGELIST}{delivery.pk}/brief.pdf" in page

    assert not mail.outbox
    assert Delivery.objects.values().get(pk=delivery.pk) == before


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_changelist_query_count_is_pinned_and_does_not_grow(
        client, log, league_admin, make_pilot, make_coach):
    client.force_login(league_admin)
    params = {"status__exact": "failed"}
    before = _queries(client, CHANGELIST), _queries(client, CHANGELIST, params)
    for n in range(3):  # more coaches, municipalities, pilots, months and copies
        pilot = make_pilot(code=f"X-{n}", municipality="เทศบาลนครสงขลา")
        coach = make_coach(home="เทศบาลนครเชียงราย" if n else "เทศบาลนครยะลา")
        pilot_services.assignment_add(pilot=pilot, coach=coach, role="lead",
                                      starts_on=datetime.date(2026, 1, 1))
        report = _submit(pilot, coach, n + 1)
        Delivery.objects.filter(report=report).update(status="failed")
    assert Delivery.objects.count() == 8
    after = _queries(client, CHANGELIST), _queries(client, CHANGELIST, params)
    # session, user, period months, coach choices, municipality choices, row count, total
    # count, the user's and their groups' permissions (sidebar), rows (one join), counts
    assert after == before == (11, 11)


def test_the_scheduled_messages_log_lists_what_was_sent_and_is_read_only(
        client, league_admin, staff_user):
    from deliveries import scheduled_tasks
    from deliveries.models import Notice

    scheduled_tasks.weekly_admin_summary.delay("2026-11-16").get()
    notice = Notice.objects.get()
    url = "/en/admin/deliveries/notice/"
    client.force_login(staff_user)
    assert client.get(url)["Location"].startswith("/en/admin/login/")
    client.force_login(league_admin)
    page = client.get(url).content.decode()
    assert "Weekly admin summary" in page and league_admin.email in page
    assert "2026-W47" in page and "18 November 2026" in page  # sent on the clock's day
    change = client.get(f"{url}{notice.pk}/change/").content.decode()
    assert league_admin.email in change and 'name="_save"' not in change
    assert client.get(f"{url}add/").status_code == 403
    assert client.get(f"{url}{notice.pk}/delete/").status_code == 403
    assert Notice.objects.count() == 1
