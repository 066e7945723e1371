"""A report copy to a linked executive goes out on LINE with the guarantees of an e-mail copy:
one row per report version, recipient and channel, retries on 5xx and 429 (after LINE's
Retry-After), failure on any other 4xx, and never received twice (X-Line-Retry-Key)."""

import re

import pytest
from django.core import mail

from coaches.models import HomeExecutive
from deliveries import tasks
from deliveries.models import Delivery
from tests.fixtures.line import link_all

pytestmark = pytest.mark.django_db


def _submit(reporting, capture, **kwargs):
    with capture(execute=True):
        return reporting(**kwargs)


@pytest.fixture
def executives(reporting):
    return list(HomeExecutive.objects.order_by("pk"))


def test_a_linked_executive_gets_the_copy_on_line_and_by_e_mail_with_a_signed_pdf_link(
        client, line_on, reporting, executives, django_capture_on_commit_callbacks):
    mayor, clerk = executives
    link_all([mayor])
    report = _submit(reporting, django_capture_on_commit_callbacks)
    copies = Delivery.objects.filter(report=report)
    assert sorted(copies.values_list("recipient_email", "channel")) == [
        ("clerk@songkhla.example.org", "email"), ("mayor@songkhla.example.org", "email"),
        ("mayor@songkhla.example.org", "line")]
    assert {c.status for c in copies} == {"sent"} and len(mail.outbox) == 2
    [push] = line_on.pushes
    assert push.to == f"U{mayor.pk:032d}"
    [text] = push.texts
    assert "DG-SK" in text and "ลดเวลารอคิวรับบริการจาก 40 นาทีเหลือ 15 นาที" in text
    assert "ความพึงพอใจของประชาชน: 75 %" in text  # a key indicator, in the mayor's Thai
    line_copy = copies.get(channel="line")
    assert line_copy.message_id == push.request_id
    # The signed link opens the PDF brief without an account; a forged one does not.
    copy_url = re.search(r"http://\S+/deliveries/copy/\S+/", text).group(0)
    pdf = client.get(copy_url.split("8000", 1)[1])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert client.get("/deliveries/copy/forged/").status_code == 404
    assert "/line/settings/" in text


def test_an_executive_who_chose_line_alone_gets_no_e_mail(
        line_on, reporting, executives, django_capture_on_commit_callbacks):
    link_all(executives, send_email=False)
    report = _submit(reporting, django_capture_on_commit_callbacks)
    assert set(Delivery.objects.filter(report=report).values_list("channel", flat=True)) == {
        "line"}
    assert not mail.outbox and len(line_on.pushes) == 2
    english = next(p for p in line_on.pushes if p.to == f"U{executives[1].pk:032d}")
    assert english.texts[0].startswith("Progress report: DG-SK")


def test_a_server_error_is_retried_and_the_copy_arrives_once(
        line_on, reporting, executives, django_capture_on_commit_callbacks):
    link_all(executives[:1], send_email=False)
    line_on.script = [(500, {})]
    report = _submit(reporting, django_capture_on_commit_callbacks)
    copy = Delivery.objects.get(report=report, channel="line")
    assert copy.status == "sent" and copy.attempts == 2
    assert line_on.attempts == 2 and len(line_on.pushes) == 1
    assert len({p.retry_key for p in line_on.pushes}) == 1


def test_too_many_requests_waits_as_long_as_line_asks(settings, line_on, reporting,
                                                      executives):
    settings.DELIVERY_RETRY_BASE_SECONDS = 10
    link_all(executives[:1], send_email=False)
    report = reporting()  # the copies wait for the commit: sent by hand below
    copy = Delivery.objects.get(report=report, channel="line")
    line_on.script = [(429, {"Retry-After": "120"}), (429, {})]
    with pytest.raises(tasks.RetryLater) as later:
        tasks._send_copy(copy.pk)
    assert later.value.countdown == 120
    copy.refresh_from_db()
    assert copy.status == "pending" and "429" in copy.last_error
    with pytest.raises(tasks.RetryLater) as later:
        tasks._send_copy(copy.pk)
    assert later.value.countdown == 20  # no Retry-After: the backoff (second attempt)
    assert tasks._send_copy(copy.pk) == "sent" and len(line_on.pushes) == 1


def test_a_refusal_that_will_not_change_fails_the_copy_at_once(
        line_on, reporting, executives, django_capture_on_commit_callbacks):
    link_all(executives[:1], send_email=False)
    line_on.script = [(400, {})]
    report = _submit(reporting, django_capture_on_commit_callbacks)
    copy = Delivery.objects.get(report=report, channel="line")
    assert copy.status == "failed" and copy.attempts == 1 and "400" in copy.last_error
    assert line_on.attempts == 1 and not line_on.pushes


def test_a_push_whose_answer_was_lost_is_not_received_twice(
        line_on, reporting, executives, django_capture_on_commit_callbacks):
    link_all(executives[:1], send_email=False)
    report = _submit(reporting, django_capture_on_commit_callbacks)
    copy = Delivery.objects.get(report=report, channel="line")
    first_id = copy.message_id
    # As if the worker died after LINE took the push and before the row said so.
    Delivery.objects.filter(pk=copy.pk).update(status="pending")
    assert tasks._send_copy(copy.pk) == "sent"
    copy.refresh_from_db()
    assert line_on.attempts == 2 and len(line_on.pushes) == 1
    assert copy.message_id == first_id  # LINE's 409 names the push it accepted


def test_an_unlinked_or_blocking_account_or_line_off_gets_e_mail_only(
        settings, line_on, reporting, executives, django_capture_on_commit_callbacks):
    [mayor_link] = link_all(executives[:1], send_email=False)
    mayor_link.following = False  # blocked the League's account
    mayor_link.save()
    report = _submit(reporting, django_capture_on_commit_callbacks, month=3)
    assert set(Delivery.objects.filter(report=report).values_list("channel", flat=True)) == {
        "email"}
    mayor_link.following = True
    mayor_link.save()
    settings.LINE_ENABLED = False
    report = _submit(reporting, django_capture_on_commit_callbacks, month=4)
    assert set(Delivery.objects.filter(report=report).values_list("channel", flat=True)) == {
        "email"}
    assert not line_on.pushes and len(mail.outbox) == 4
