import re

import pytest
from django.core import mail

from portal.models import Municipality, User
from portal.services.accounts import user_set_role
from tests.conftest import PASSWORD

pytestmark = pytest.mark.usefixtures("reference_data")


def _link(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def test_sign_up_requires_e_mail_verification_then_logs_in(client):
    yala = Municipality.objects.get(name_th="เทศบาลนครยะลา")
    response = client.post("/accounts/signup/", {
        "email": "new.staff@yala.example.org", "password1": PASSWORD, "password2": PASSWORD,
        "first_name": "มานี", "last_name": "มีนา", "municipality": yala.pk,
        "preferred_language": "th",
    })
    assert response.status_code == 302 and response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(email="new.staff@yala.example.org")
    assert (user.role, user.municipality, user.first_name) == ("staff", yala, "มานี")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new.staff@yala.example.org"]

    # Not verified yet: logging in sends the user back to verification.
    client.logout()
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session

    confirm_url = _link(mail.outbox[0])
    client.post(confirm_url)
    assert user.emailaddress_set.get().verified
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_sign_up_errors_are_clear_and_create_nothing(client):
    with_errors = client.post("/en/accounts/signup/", {
        "email": "not-an-email", "password1": "short", "password2": "other",
        "first_name": "", "last_name": "x", "preferred_language": "th",
    })
    html = with_errors.content.decode()
    assert with_errors.status_code == 200
    assert "Enter a valid email address." in html
    assert "This field is required." in html
    assert not User.objects.filter(last_name="x").exists()


def test_login_is_by_e_mail(client, staff_user):
    response = client.post("/accounts/login/", {"login": staff_user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff_user.pk)


def test_repeated_failed_logins_are_throttled(client, staff_user):
    for _ in range(5):
        client.post("/en/accounts/login/", {"login": staff_user.email, "password": "wrong"})
    blocked = client.post("/en/accounts/login/", {"login": staff_user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in blocked.content.decode()


def test_password_reset_by_e_mail(client, staff_user):
    client.post("/accounts/password/reset/", {"email": staff_user.email})
    assert len(mail.outbox) == 1
    reset_page = client.get(_link(mail.outbox[0]), follow=True)
    form_url = (reset_page.redirect_chain[-1][0] if reset_page.redirect_chain
                else _link(mail.outbox[0]))
    client.post(form_url, {"password1": "a new long passphrase",
                           "password2": "a new long passphrase"})
    staff_user.refresh_from_db()
    assert staff_user.check_password("a new long passphrase")


def test_league_admin_role_opens_the_admin_in_thai_and_english(client, staff_user):
    client.force_login(staff_user)
    assert client.get("/admin/").status_code == 302  # municipal staff: no admin

    user_set_role(user=staff_user, role=User.Role.CURATOR)
    assert staff_user.is_league_admin and staff_user.is_staff
    thai_index = client.get("/admin/").content.decode()
    assert "การจัดการไซต์" in thai_index and "พอร์ทัลและข้อมูลอ้างอิง" in thai_index
    assert "Portal and reference data" in client.get("/en/admin/").content.decode()
    english = client.get("/en/admin/portal/municipality/").content.decode()
    assert "Select municipality to change" in english
    thai = client.get("/admin/portal/municipality/").content.decode()
    assert "เทศบาลนครยะลา" in thai and "เลือก" in thai

    user_set_role(user=staff_user, role=User.Role.STAFF)
    assert client.get("/admin/").status_code == 302


def test_admin_login_goes_through_the_throttled_login(client):
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
