"""Digests, overdue reminders and event reminders reach a linked LINE account too, once per
period on each channel; a push LINE could not take is not recorded and goes out next run."""

import datetime

import pytest
from django.core import mail

from coaches.models import HomeExecutive
from deliveries import scheduled
from deliveries.models import Notice
from events import services as event_services
from events.reminders import event_reminders
from line_oa import services as line_services
from tests.fixtures.line import link_all

pytestmark = pytest.mark.django_db
APRIL = datetime.date(2026, 4, 1)


def test_the_digest_goes_on_line_alone_for_an_executive_who_chose_it(line_on, digest_cast):
    [mayor_link] = link_all(HomeExecutive.objects.filter(email="mayor@songkhla.example.org"),
                            send_email=False)
    outcome = scheduled.monthly_digests(APRIL)
    assert (outcome.sent, outcome.failed) == (2, 0)
    assert [m.to for m in mail.outbox] == [["clerk@songkhla.example.org"]]
    [push] = line_on.pushes
    assert push.to == mayor_link.line_user_id
    assert "มีนาคม 2569" in push.texts[0] and "DG-SK" in push.texts[0]
    assert "/line/settings/" in push.texts[0]
    scheduled.monthly_digests(APRIL)  # beat fired twice: nothing more on either channel
    assert len(line_on.pushes) == 1 and len(mail.outbox) == 1
    assert set(Notice.objects.values_list("recipient_email", "channel")) == {
        ("mayor@songkhla.example.org", "line"), ("clerk@songkhla.example.org", "email")}


def test_a_digest_line_could_not_take_is_not_recorded_and_goes_out_next_time(line_on,
                                                                             digest_cast):
    link_all(HomeExecutive.objects.filter(email="mayor@songkhla.example.org"),
             send_email=False)
    line_on.script = [(500, {})]
    outcome = scheduled.monthly_digests(APRIL)
    assert (outcome.sent, outcome.failed) == (1, 1)
    assert not Notice.objects.filter(channel="line").exists() and not line_on.pushes
    outcome = scheduled.monthly_digests(APRIL)
    assert (outcome.sent, outcome.failed) == (1, 0) and len(line_on.pushes) == 1
    assert len({p.retry_key for p in line_on.pushes}) == 1


def test_an_overdue_reminder_goes_to_the_coach_on_line_and_by_e_mail(line_on, overdue):
    line_services.link_account(recipient=overdue, line_user_id="U-coach")
    scheduled.overdue_reminders(datetime.date(2026, 4, 8))
    assert [m.to for m in mail.outbox] == [[overdue.email]]
    [push] = line_on.pushes
    assert push.to == "U-coach" and "March 2026" in push.texts[0]  # the coach reads English
    scheduled.overdue_reminders(datetime.date(2026, 4, 9))
    assert len(line_on.pushes) == 1 and len(mail.outbox) == 1


def test_a_coach_registered_for_an_event_is_reminded_on_line(line_on, clock, make_event,
                                                             make_coach, coach_user):
    coach_record = make_coach(user=coach_user)
    line_services.choose_channels(
        link=line_services.link_account(recipient=coach_record, line_user_id="U-coach"),
        send_line=True, send_email=False)
    event = make_event(title="อบรมวิทยากรพี่เลี้ยง", starts="2026-12-01 09:00", capacity=5)
    event_services.registration_register(event=event, user=coach_user)
    mail.outbox.clear()
    clock.set("2026-11-30", at="09:00")
    assert event_reminders(datetime.date(2026, 11, 30)).as_dict() == {"sent": 1, "failed": 0}
    assert event_reminders(datetime.date(2026, 11, 30)).as_dict() == {"sent": 0, "failed": 0}
    [push] = line_on.pushes
    assert push.to == "U-coach" and "อบรมวิทยากรพี่เลี้ยง" in push.texts[0]
    assert mail.outbox == []
