"""Scheduled e-mails run by Celery beat: the monthly digest for home executives, reminders
about overdue reports and their escalation, the weekly summary for League admins, and the
signed opt-out links. The tasks run in-process (eager) with dates passed in."""

import datetime
import os
import re
import smtplib
import subprocess
import sys
from pathlib import Path

import pytest
from celery.schedules import crontab
from django.core import mail, signing

from coaches.models import Coach, HomeExecutive
from deliveries import notices, scheduled, scheduled_tasks
from deliveries.models import Delivery, Notice
from portal.models import Municipality, Theme, User
from tests.fixtures.scheduled import at as _at
from tests.fixtures.scheduled import demo_coach as _demo_coach
from tests.fixtures.scheduled import submitted as _submitted

pytestmark = pytest.mark.django_db

OPTOUT = re.compile(r"https?://\S+?(/(?:en/)?deliveries/opt-out/[^/\s\"]+/)")


def _to(address: str):
    return [m for m in mail.outbox if m.to == [address]]


def _html(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


@pytest.fixture
def admins(league_admin, staff_user):
    """The curator (English) and a superuser get admin mail; a curator whose account is
    closed, and ordinary staff, do not."""
    league_admin.preferred_language = "en"
    league_admin.save(update_fields=["preferred_language"])
    root = User.objects.create_superuser(email="root@nmt.example.org", password="x" * 12)
    User.objects.create_user(email="gone@nmt.example.org", password="x" * 12,
                             role=User.Role.CURATOR, is_active=False)
    return [league_admin, root]


# 1. The monthly digest -----------------------------------------------------------------------

def test_the_digest_tells_each_executive_address_once_about_each_of_their_coaches(
        digest_cast):
    coach, other = digest_cast
    result = scheduled_tasks.monthly_digest.delay("2026-04-01").get()

    assert result == {"sent": 2, "failed": 0}
    assert sorted(m.to[0] for m in mail.outbox) == ["clerk@songkhla.example.org",
                                                    "mayor@songkhla.example.org"]
    [english] = _to("clerk@songkhla.example.org")
    assert "March 2026" in english.subject
    body = english.body
    assert "Dear Municipal Clerk," in body
    assert coach.name_th in body and other.name_th in body  # one digest naming both coaches
    assert "วิทยากร สาธิต" not in body  # the demo coach shares DG-2 but is left out
    section_a, section_b = body.split(f"== {other.name_th} ==")
    assert "Progress reports submitted: 1" in section_a  # March's; February's is not listed
    assert "DG-SK, March 2026" in section_a and "February 2026" not in section_a
    assert "Progress reports submitted: 0" in section_b
    assert "DG-SK" in section_a and "DG-2" in section_b
    assert "ความพึงพอใจของประชาชน: 75 %, target 90 %" in section_a
    assert "On track" in section_a
    assert "Not measured yet" in section_b  # DG-2 has no indicator measured
    assert OPTOUT.search(body) and OPTOUT.search(_html(english))
    assert "ความพึงพอใจของประชาชน" in _html(english)

    [thai] = _to("mayor@songkhla.example.org")
    assert "มีนาคม 2569" in thai.subject  # Thai month, Buddhist Era year
    assert coach.name_th in thai.body and other.name_th not in thai.body
    assert set(Notice.objects.values_list("kind", "period")) == {("digest", "2026-03")}


def test_running_the_digest_again_sends_nothing_more(digest_cast):
    scheduled_tasks.monthly_digest.delay("2026-04-01").get()
    assert scheduled_tasks.monthly_digest.delay("2026-04-01").get() == {"sent": 0, "failed": 0}
    assert scheduled_tasks.monthly_digest.delay("2026-04-15").get() == {"sent": 0, "failed": 0}
    assert len(mail.outbox) == 2
    assert Notice.objects.count() == 2
    scheduled_tasks.monthly_digest.delay("2026-05-01").get()  # April's is a new digest
    assert len(mail.outbox) == 4


def test_an_executive_who_turned_digests_off_gets_none(digest_cast):
    HomeExecutive.objects.filter(email="mayor@songkhla.example.org").update(
        digests_enabled=False)
    scheduled_tasks.monthly_digest.delay("2026-04-01").get()
    assert [m.to for m in mail.outbox] == [["clerk@songkhla.example.org"]]


def test_a_digest_the_mail_server_refused_is_not_recorded_and_goes_out_next_time(
        digest_cast, monkeypatch):
    real_send = notices.send_templated

    def refusing(**kwargs):
        if kwargs["to"] == ["mayor@songkhla.example.org"]:
            raise smtplib.SMTPServerDisconnected("connection lost")
        return real_send(**kwargs)

    monkeypatch.setattr(notices, "send_templated", refusing)
    outcome = scheduled.monthly_digests(datetime.date(2026, 4, 1))
    assert (outcome.sent, outcome.failed) == (1, 1)
    assert list(Notice.objects.values_list("recipient_email", flat=True)) == [
        "clerk@songkhla.example.org"]
    monkeypatch.setattr(notices, "send_templated", real_send)
    outcome = scheduled.monthly_digests(datetime.date(2026, 4, 1))
    assert (outcome.sent, outcome.failed) == (1, 0)
    assert sorted(m.to[0] for m in mail.outbox) == ["clerk@songkhla.example.org",
                                                    "mayor@songkhla.example.org"]


# 2. Overdue reminders and escalations --------------------------------------------------------

def _remind(day: str) -> dict:
    return scheduled_tasks.overdue_reminders.delay(day).get()


def test_the_coach_is_reminded_once_and_the_admins_told_once_after_the_escalation_days(
        overdue, admins):
    league_admin, root = admins
    assert _remind("2026-04-07")["reminders"]["sent"] == 0  # the deadline day itself
    assert mail.outbox == []

    _remind("2026-04-08")
    [reminder] = mail.outbox
    assert reminder.to == [overdue.email]
    assert reminder.subject == "A progress report is overdue"
    assert "DG-SK" in reminder.body and "March 2026" in reminder.body
    assert "due 7 April 2026, 1 day late" in reminder.body
    assert "/en/pilots/" in reminder.body  # where to submit, in the coach's language
    assert "If it is still missing on 21 April 2026, the League admins will be told" in (
        reminder.body)
    assert OPTOUT.search(reminder.body) and OPTOUT.search(_html(reminder))

    for day in ("2026-04-08", "2026-04-09", "2026-04-20"):
        assert _remind(day) == {"reminders": {"sent": 0, "failed": 0},
                                "escalations": {"sent": 0, "failed": 0}}
    assert len(mail.outbox) == 1

    result = _remind("2026-04-21")  # 14 days after the deadline
    assert result["escalations"] == {"sent": 2, "failed": 0}
    escalations = mail.outbox[1:]
    assert sorted(m.to[0] for m in escalations) == [league_admin.email, root.email]
    english = _to(league_admin.email)[0]
    assert "1 progress report is still overdue" == english.subject
    assert overdue.name_th in english.body and overdue.email in english.body
    assert "DG-SK" in english.body and "March 2026" in english.body
    assert "14 days late" in english.body
    assert "วิทยากร สาธิต" not in english.body  # demo coaches are never escalated
    assert not OPTOUT.search(english.body)  # escalations cannot be turned off

    _remind("2026-04-22")
    _remind("2026-04-30")
    assert len(mail.outbox) == 3


def test_a_coach_who_turned_reminders_off_gets_none_but_the_admins_are_still_told(
        overdue, admins):
    Coach.objects.filter(pk=overdue.pk).update(reminders_enabled=False)
    _remind("2026-04-08")
    assert mail.outbox == []
    _remind("2026-04-21")
    assert sorted(m.to[0] for m in mail.outbox) == [a.email for a in admins]
    assert "the coach has turned reminders off" in _to(admins[0].email)[0].body


def test_the_escalation_waits_the_configured_days_and_a_report_sent_meanwhile_stops_it(
        overdue, admins, reporting, settings):
    settings.REMINDER_ESCALATION_DAYS = 3
    _remind("2026-04-09")
    assert [m.to for m in mail.outbox] == [[overdue.email]]  # reminder only: 2 days late
    _remind("2026-04-10")
    assert len(mail.outbox) == 1 + len(admins)
    assert "เกินกำหนด 3 วัน" in mail.outbox[-1].body  # admins read Thai: "3 days late"

    # April's report (deadline 7 May) arrives late but before its escalation: none is sent.
    mail.outbox.clear()
    reporting(month=3)
    _remind("2026-05-08")
    assert [m.to for m in mail.outbox] == [[overdue.email]]
    assert "April 2026" in mail.outbox[0].body and "March 2026" not in mail.outbox[0].body
    reporting(month=4)
    _remind("2026-05-10")
    assert len(mail.outbox) == 1


# 3. The weekly summary -----------------------------------------------------------------------

def _practice(title: str, status: str):
    from practices.services import practice_create

    place = Municipality.objects.get(name_th="เทศบาลนครยะลา")
    return practice_create(actor=None, status=status, themes=Theme.objects.filter(
        code="governance"), data={"title_th": title, "summary_th": "สรุป",
                                  "municipality": place, "province": place.province})


def test_the_weekly_summary_gives_admins_the_waiting_work_and_the_reporting_rates(
        reporting, coach, make_coach, admins):
    _submitted(reporting(month=1), _at(2026, 2, 5))  # on time (deadline 7 February)
    report = _submitted(reporting(month=2), _at(2026, 3, 20))  # late (deadline 7 March)
    # March is missing; April is not due yet on 13 April.
    _demo_coach(make_coach, report.pilot)  # missing everything, but demo records do not count
    make_coach(status="applied", name="ผู้สมัคร ใหม่")
    Coach.objects.filter(pk=make_coach(status="applied").pk).update(is_demo=True)
    _practice("ธนาคารขยะชุมชน", "submitted")
    _practice("ตลาดนัดสีเขียว", "submitted")
    in_review = _practice("เทศบาลดิจิทัล", "submitted")
    from practices.services import practice_set_status
    practice_set_status(practice=in_review, actor=admins[0], status="in_review")
    _practice("ร่างที่ยังไม่ส่ง", "draft")
    failed = Delivery.objects.filter(report=report).first()
    Delivery.objects.filter(pk=failed.pk).update(
        status="failed", last_error="(550, 'mailbox unavailable')\nmore detail")
    mail.outbox.clear()

    assert scheduled_tasks.weekly_admin_summary.delay("2026-04-13").get() == {
        "sent": 2, "failed": 0}
    [english] = _to(admins[0].email)
    assert english.subject == "Weekly summary for League admins, week of 13 April 2026"
    body = english.body
    for line in ["Coach applications waiting: 1",
                 "- ผู้สมัคร ใหม่, Yala City Municipality, applied on",
                 "Practice nominations waiting: 3", "เทศบาลดิจิทัล", "ธนาคารขยะชุมชน",
                 "Failed report copies: 1", f"{failed.recipient_email}, DG-SK 2026-02 v1: "
                 "(550, 'mailbox unavailable')",
                 "Reports due: 3", "On time: 1", "Late: 1", "Missing: 1", "33% on time"]:
        assert line in body, (line, body)
    assert "ร่างที่ยังไม่ส่ง" not in body and "more detail" not in body
    assert "Reports due</th><td style=\"padding: 2px 8px\">3</td>" in _html(english)

    scheduled_tasks.weekly_admin_summary.delay("2026-04-15").get()  # same week: nothing more
    assert len(mail.outbox) == 2
    scheduled_tasks.weekly_admin_summary.delay("2026-04-20").get()
    assert len(mail.outbox) == 4


# 4. Opt-out links ----------------------------------------------------------------------------

def test_the_digest_link_turns_the_digest_off_only_on_a_click(client, digest_cast,
                                                              django_assert_num_queries):
    scheduled_tasks.monthly_digest.delay("2026-04-01").get()
    [english] = _to("clerk@songkhla.example.org")
    url = OPTOUT.search(english.body).group(1)
    assert url.startswith("/en/")

    with django_assert_num_queries(2):  # the executive, and whether digests are still on
        page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "clerk@songkhla.example.org" in text and "Turn off the monthly digest" in text
    assert "cannot be turned off" in text  # report copies keep arriving
    assert HomeExecutive.objects.filter(email__iexact="clerk@songkhla.example.org",
                                        digests_enabled=True).count() == 2

    page = client.post(url)
    assert page.status_code == 200
    assert "will no longer be sent to clerk@songkhla.example.org" in page.content.decode()
    # Both listings of the address (coach A's and coach B's) are off: one digest, one switch.
    assert not HomeExecutive.objects.filter(email__iexact="clerk@songkhla.example.org",
                                            digests_enabled=True).exists()
    assert "already turned off" in client.get(url).content.decode()

    mail.outbox.clear()
    scheduled_tasks.monthly_digest.delay("2026-05-01").get()
    assert [m.to for m in mail.outbox] == [["mayor@songkhla.example.org"]]


def test_the_reminder_link_turns_reminders_off_and_forged_links_are_refused(
        client, overdue, admins):
    _remind("2026-04-08")
    url = OPTOUT.search(mail.outbox[0].body).group(1)
    assert client.get(url).status_code == 200
    assert Coach.objects.get(pk=overdue.pk).reminders_enabled
    page = client.post(url)
    assert "reminders about overdue progress reports will no longer be sent" in (
        page.content.decode())
    assert not Coach.objects.get(pk=overdue.pk).reminders_enabled

    token = url.rstrip("/").rsplit("/", 1)[1]
    forged = [
        token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # damaged signature
        signing.dumps(["reminders", overdue.pk]),  # signed without the opt-out salt
        signing.dumps(["reminders", overdue.pk], salt="deliveries.confirm"),  # another link's
        signing.dumps(["everything", overdue.pk], salt="deliveries.optout"),  # unknown kind
        signing.dumps(["digest", 999999], salt="deliveries.optout"),  # no such executive
    ]
    for bad in forged:
        assert client.get(f"/en/deliveries/opt-out/{bad}/").status_code == 404, bad
        assert client.post(f"/en/deliveries/opt-out/{bad}/").status_code == 404, bad


# 5. The beat schedule ------------------------------------------------------------------------

def test_beat_runs_the_three_scheduled_tasks_and_the_sweeper(settings):
    schedule = {entry["task"]: entry["schedule"]
                for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["deliveries.monthly_digest"] == crontab(minute=0, hour=8, day_of_month=1)
    assert schedule["deliveries.overdue_reminders"] == crontab(minute=30, hour=8)
    assert schedule["deliveries.weekly_admin_summary"] == crontab(minute=0, hour=8,
                                                                  day_of_week="mon")
    assert schedule["deliveries.sweep"] == 5 * 60
    assert settings.CELERY_TIMEZONE == "Asia/Bangkok"


def test_a_worker_knows_the_scheduled_tasks(tmp_path):
    """A worker imports only tasks.py by autodiscovery; CELERY_IMPORTS brings in the rest.
    (A fresh process, as a worker starts; its checks touch a throwaway SQLite database.)"""
    root = Path(__file__).resolve().parent.parent.parent
    code = ("import django; django.setup(); from config.celery import app; "
            "app.loader.import_default_modules(); print(' '.join(sorted(app.tasks)))")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test",
           "VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True,
                         env=env, check=True).stdout.split()
    assert {"deliveries.monthly_digest", "deliveries.overdue_reminders",
            "deliveries.weekly_admin_summary", "deliveries.sweep"} <= set(out)


# With a real broker, two real workers and a real SMTP server ----------------------------------

@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_workers_running_the_same_scheduled_tasks_at_once_send_each_message_once(
        settings, reporting, coach, league_admin):
    """Beat fired twice, or two beat processes by mistake: the same tasks reach two workers
    at the same moment. The Notice row, inserted in the sending transaction, makes the second
    one wait and then send nothing (PostgreSQL), with a slow SMTP server widening the race."""
    import time
    from email.header import decode_header, make_header

    from config.celery import app
    from tests.deliveries.test_with_worker import worker
    from tests.smtp_sink import SmtpServer
    from tests.workers import wait_for

    league_admin.preferred_language = "en"
    league_admin.save(update_fields=["preferred_language"])
    _submitted(reporting(month=1), _at(2026, 2, 3))
    _submitted(reporting(month=2), _at(2026, 3, 5))  # March is missing on 21 April
    smtp = SmtpServer(delay=0.5).start()
    try:
        with worker(settings, smtp), worker(settings, smtp):
            assert wait_for(lambda: len(app.control.ping(timeout=0.5)) >= 2, timeout=60)
            for _run in range(3):
                app.send_task("deliveries.overdue_reminders", args=["2026-04-21"])
                app.send_task("deliveries.weekly_admin_summary", args=["2026-04-13"])
            assert wait_for(lambda: Notice.objects.count() == 3, timeout=60)
            time.sleep(4)  # the other runs finish and must send nothing more
    finally:
        smtp.stop()
    received = sorted((m["To"], str(make_header(decode_header(m["Subject"]))))
                      for m in smtp.sink.messages)
    assert received == sorted([
        (coach.email, "A progress report is overdue"),
        (league_admin.email, "1 progress report is still overdue"),
        (league_admin.email, "Weekly summary for League admins, week of 13 April 2026"),
    ]), received
    assert sorted(Notice.objects.values_list("kind", flat=True)) == [
        "escalation", "reminder", "summary"]
