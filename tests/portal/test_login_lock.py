"""An address locked by failed logins (5 in 5 minutes) stays locked even for the right
password; its owner is told the way out, a password reset by e-mail, and it works at once."""

import logging
import re

from django.core import mail

from tests.conftest import PASSWORD

NEW_PASSWORD = "a new long passphrase"


def _fail_five_times(client, email):
    for _ in range(5):
        client.post("/en/accounts/login/", {"login": email, "password": "wrong"})


def _link(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def test_a_locked_out_owner_is_told_that_a_password_reset_lets_them_in_and_it_does(
        client, staff_user):
    _fail_five_times(client, staff_user.email)
    english = client.post("/en/accounts/login/",
                          {"login": staff_user.email, "password": PASSWORD}).content.decode()
    assert "Too many failed login attempts" in english
    assert "reset your password: a password reset lifts this block at once" in english
    thai = client.post("/accounts/login/",
                       {"login": staff_user.email, "password": PASSWORD}).content.decode()
    assert "ตั้งรหัสผ่านใหม่ทางอีเมล ซึ่งจะปลดการระงับนี้ทันที" in thai
    assert "_auth_user_id" not in client.session

    client.post("/en/accounts/password/reset/", {"email": staff_user.email})
    reset_page = client.get(_link(mail.outbox[-1]), follow=True)
    client.post(reset_page.redirect_chain[-1][0] if reset_page.redirect_chain
                else _link(mail.outbox[-1]),
                {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    response = client.post("/en/accounts/login/",
                           {"login": staff_user.email, "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff_user.pk)


def test_each_refused_login_is_logged_with_the_client_address_not_the_account(
        client, staff_user, caplog):
    _fail_five_times(client, staff_user.email)
    with caplog.at_level(logging.WARNING, logger="portal.accounts"):
        client.post("/en/accounts/login/", {"login": staff_user.email, "password": PASSWORD},
                    REMOTE_ADDR="203.0.113.9")
    [record] = [r for r in caplog.records if r.name == "portal.accounts"]
    assert record.getMessage() == (
        "Login refused after too many failed attempts (client 203.0.113.9)")
