"""The contact form: the coach gets the message, the sender never sees the coach's address."""

import pytest
from django.core import mail
from django.core.cache import cache

from coaches import services, views_public

pytestmark = pytest.mark.django_db

MESSAGE = {
    "sender_name": "สุดา ใจงาม",
    "sender_email": "suda@nakhon.example.org",
    "subject": "ขอคำแนะนำเรื่องการคัดแยกขยะ",
    "message": "เทศบาลของเราอยากเริ่มโครงการคัดแยกขยะในชุมชน ขอคำแนะนำ & ประสบการณ์ครับ",
}


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def coach(make_coach):
    return make_coach(name="สมศักดิ์ พี่เลี้ยง", public=["name"], email="private.coach@example.org")


def _send(client, coach, capture, data=None, **extra):
    with capture(execute=True):
        return client.post(f"/en/coaches/{coach.pk}/contact/", data or MESSAGE, **extra)


def test_form_has_labelled_fields_and_no_coach_address(client, coach):
    response = client.get(f"/en/coaches/{coach.pk}/contact/")
    html = response.content.decode()
    assert response.status_code == 200
    for name in ["sender_name", "sender_email", "subject", "message"]:
        assert f'<label for="id_{name}"' in html, name
    assert "csrfmiddlewaretoken" in html
    assert coach.email not in html
    assert f"Send a message to {coach.name_th}" in html


def test_message_reaches_the_coach_with_reply_to_the_sender(
        client, coach, django_capture_on_commit_callbacks):
    response = _send(client, coach, django_capture_on_commit_callbacks, follow=True)
    assert response.redirect_chain[-1][0] == f"/en/coaches/{coach.pk}/"
    html = response.content.decode()
    assert "Your message is on its way" in html
    assert coach.email not in html
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [coach.email]
    assert email.reply_to == ["suda@nakhon.example.org"]
    assert not email.cc and not email.bcc
    assert MESSAGE["subject"] in email.subject
    assert MESSAGE["message"] in email.body  # plain text is not HTML-escaped
    assert "สุดา ใจงาม" in email.body
    html_body = email.alternatives[0][0]
    assert "&amp; ประสบการณ์" in html_body
    # The coach's address is only in the To header, never in what the sender receives.
    assert coach.email not in email.body and coach.email not in html_body


def test_message_is_sent_only_after_the_transaction_commits(
        client, coach, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(f"/en/coaches/{coach.pk}/contact/", MESSAGE)
    assert len(callbacks) == 1 and mail.outbox == []
    callbacks[0]()
    assert len(mail.outbox) == 1


def test_response_to_the_post_never_contains_the_coach_address(
        client, coach, django_capture_on_commit_callbacks):
    response = _send(client, coach, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert coach.email not in response.content.decode()
    assert coach.email not in str(response.headers)


def test_coach_who_shows_the_email_publicly_still_is_not_shown_on_the_form(client, make_coach):
    coach = make_coach(public=["name", "email"], email="open.coach@example.org")
    assert "open.coach@example.org" not in client.get(
        f"/coaches/{coach.pk}/contact/").content.decode()


@pytest.mark.parametrize(("field", "value", "error"), [
    ("sender_name", "", "Enter your name."),
    ("sender_email", "", "Enter your e-mail address."),
    ("sender_email", "not-an-address", "Enter an e-mail address like name@example.org."),
    ("subject", "", "Enter a subject."),
    ("subject", "x" * 151, "Use at most 150 characters for the subject."),
    ("message", "", "Write your message."),
    ("message", "สั้นไป", "Write a little more: at least 20 characters."),
])
def test_each_field_is_validated_with_a_clear_error(
        client, coach, django_capture_on_commit_callbacks, field, value, error):
    response = _send(client, coach, django_capture_on_commit_callbacks,
                     data={**MESSAGE, field: value})
    html = response.content.decode()
    assert response.status_code == 200
    assert error in html
    assert 'role="alert"' in html and 'aria-invalid="true"' in html
    assert mail.outbox == []


def test_subject_cannot_inject_headers(client, coach, django_capture_on_commit_callbacks):
    _send(client, coach, django_capture_on_commit_callbacks,
          data={**MESSAGE, "subject": "สวัสดี\r\nBcc: victim@example.org"})
    assert len(mail.outbox) == 1
    assert "\n" not in mail.outbox[0].subject and not mail.outbox[0].bcc


def test_signed_in_sender_gets_name_and_address_filled_in(client, staff_user, coach):
    client.force_login(staff_user)
    html = client.get(f"/en/coaches/{coach.pk}/contact/").content.decode()
    assert 'value="staff@yala.example.org"' in html and 'value="สมชาย ใจดี"' in html


def test_form_needs_a_csrf_token(coach):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(f"/coaches/{coach.pk}/contact/", MESSAGE)
    assert response.status_code == 403
    assert mail.outbox == []


def test_coach_not_listed_cannot_be_contacted(client, make_coach):
    paused = make_coach(status="paused", public=["name"])
    assert client.post(f"/coaches/{paused.pk}/contact/", MESSAGE).status_code == 404
    assert mail.outbox == []


def test_coach_paused_before_the_task_runs_gets_nothing(
        client, coach, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(f"/coaches/{coach.pk}/contact/", MESSAGE)
    services.coach_set_status(coach=coach, actor=None, status="paused")
    mail.outbox.clear()
    callbacks[-1]()
    assert not [m for m in mail.outbox if m.reply_to]


def test_message_is_written_in_the_coaches_language(
        client, make_coach, coach_user, django_capture_on_commit_callbacks):
    coach_user.preferred_language = "en"
    coach_user.save()
    coach = make_coach(user=coach_user, public=["name"])
    mail.outbox.clear()
    _send(client, coach, django_capture_on_commit_callbacks)
    assert mail.outbox[-1].subject.startswith("Coach directory:")


# Rate limits -----------------------------------------------------------------------------------

def test_at_most_five_messages_per_hour_from_one_address(
        client, make_coach, django_capture_on_commit_callbacks):
    coaches = [make_coach(public=["name"]) for _ in range(6)]
    for coach in coaches[:5]:
        assert _send(client, coach, django_capture_on_commit_callbacks).status_code == 302
    response = _send(client, coaches[5], django_capture_on_commit_callbacks)
    html = response.content.decode()
    assert response.status_code == 429
    assert int(response["Retry-After"]) == 3600
    assert "Too many messages" in html and "Nothing was sent" in html
    assert coaches[5].email not in html
    assert len(mail.outbox) == 5
    # Another connection may still write.
    other = _send(client, coaches[5], django_capture_on_commit_callbacks,
                  REMOTE_ADDR="192.0.2.77")
    assert other.status_code == 302 and len(mail.outbox) == 6


def test_at_most_twenty_messages_a_day_to_one_coach(
        client, coach, django_capture_on_commit_callbacks):
    for n in range(20):
        response = _send(client, coach, django_capture_on_commit_callbacks,
                         REMOTE_ADDR=f"198.51.100.{n + 1}")
        assert response.status_code == 302
    response = _send(client, coach, django_capture_on_commit_callbacks,
                     REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429
    assert int(response["Retry-After"]) == 24 * 60 * 60
    assert len(mail.outbox) == 20


def test_limit_reached_wins_over_form_errors_and_keeps_what_was_typed(
        client, coach, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setitem(views_public.CONTACT_LIMITS, "ip", (1, 3600))
    assert _send(client, coach, django_capture_on_commit_callbacks).status_code == 302
    response = _send(client, coach, django_capture_on_commit_callbacks,
                     data={**MESSAGE, "message": "สั้น"})
    assert response.status_code == 429
    assert MESSAGE["subject"] in response.content.decode()
    assert len(mail.outbox) == 1


def test_invalid_submissions_do_not_use_up_the_limit(
        client, coach, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setitem(views_public.CONTACT_LIMITS, "ip", (1, 3600))
    for _ in range(3):
        _send(client, coach, django_capture_on_commit_callbacks, data={**MESSAGE, "message": ""})
    assert _send(client, coach, django_capture_on_commit_callbacks).status_code == 302
    assert len(mail.outbox) == 1
