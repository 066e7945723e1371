"""A coach's own area: status and history, editing, downloading and deleting their data."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from coaches import services
from coaches.models import Coach, CoachEvent, DeletionRequest
from tests.conftest import DEFAULT_NOW

pytestmark = pytest.mark.usefixtures("reference_data")

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def form_values(response, **changes) -> dict:
    """What the browser sends back when the user submits the pre-filled form unchanged."""
    forms = response.context["forms"]
    data = {}
    for form in [forms.form, *forms.formsets]:
        if hasattr(form, "management_form"):
            for field in form.management_form:
                data[field.html_name] = field.value()
            subforms = form.forms
        else:
            subforms = [form]
        for subform in subforms:
            for field in subform:
                value = field.value()
                if value is None or value is False or field.name in ("photo",):
                    continue
                data[field.html_name] = "on" if value is True else value
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def own_coach(make_coach, coach_user):
    return make_coach(
        user=coach_user, status="applied", name="สมหญิง รักเมือง", email="coach@example.org",
        languages=[("th", "native"), ("en", "fluent")], public=["name"],
        executives=[{"name": "นายกเทศมนตรียะลา", "position": "mayor",
                     "email": "mayor@yala.example.org"},
                    {"name": "ปลัดเทศบาล", "position": "clerk", "email": "clerk@yala.example.org",
                     "preferred_language": "en"}],
    )


@pytest.fixture
def someone_else(make_coach, other_coach_user):
    return make_coach(
        user=other_coach_user, name="บุคคลอื่น ไม่ใช่เรา", email="other.coach@example.org",
        executives=[{"name": "ผู้บริหารของคนอื่น", "position": "mayor",
                     "email": "secret.mayor@example.org"}],
    )


def test_a_user_without_a_profile_is_invited_to_apply(client, staff_user):
    client.force_login(staff_user)
    page = client.get("/en/coaches/me/").content.decode()
    assert "You are not in the national coach registry yet." in page
    assert 'href="/en/coaches/apply/"' in page
    assert '<a href="/en/coaches/me/" aria-current="page">My coach profile</a>' in page  # nav
    assert client.get("/coaches/me/edit/")["Location"] == "/coaches/apply/"
    assert client.post("/coaches/me/export/")["Location"] == "/coaches/me/"
    assert client.post("/coaches/me/delete/")["Location"] == "/coaches/me/"
    assert not DeletionRequest.objects.exists()


def test_the_coach_sees_status_reason_certificates_executives_and_history(
        client, coach_user, own_coach, league_admin):
    services.certification_add(
        coach=own_coach, actor=league_admin,
        data={"issuer": "league", "title": "วิทยากรพี่เลี้ยงระดับต้น",
              "issued_on": datetime.date(2025, 3, 1)},
        file=SimpleUploadedFile("certificate.pdf", PDF, content_type="application/pdf"))
    services.coach_set_status(coach=own_coach, actor=league_admin, status="rejected",
                              note="ยังไม่มีประสบการณ์ถ่ายทอดแนวปฏิบัติ")
    client.force_login(coach_user)
    page = client.get("/coaches/me/").content.decode()
    assert "ยังไม่มีประสบการณ์ถ่ายทอดแนวปฏิบัติ" in page  # the League's reason
    assert "วิทยากรพี่เลี้ยงระดับต้น" in page and "1 มีนาคม 2568" in page  # Buddhist era
    certification = own_coach.certifications.get()
    assert f'href="{certification.file.url}"' in page
    assert "นายกเทศมนตรียะลา" in page and "clerk@yala.example.org" in page
    assert page.count("<tr>") == 1 + own_coach.events.count()  # header + every history row
    assert f"{DEFAULT_NOW.year + 543}" in page
    assert f'href="/coaches/{own_coach.pk}/"' not in page  # not listed: no public preview
    assert 'href="/coaches/me/edit/"' in page and 'action="/coaches/me/export/"' in page
    assert 'href="/coaches/me/delete/"' in page


def test_a_listed_coach_gets_a_link_to_the_public_profile(client, coach_user, own_coach,
                                                          league_admin):
    services.coach_set_status(coach=own_coach, actor=league_admin, status="approved")
    client.force_login(coach_user)
    assert f'href="/coaches/{own_coach.pk}/"' in client.get("/coaches/me/").content.decode()


def test_the_edit_form_is_filled_in_with_the_profile(client, coach_user, own_coach):
    client.force_login(coach_user)
    response = client.get("/coaches/me/edit/")
    page = response.content.decode()
    assert response.status_code == 200 and page.count("<h1") == 1
    assert 'value="สมหญิง รักเมือง"' in page
    assert 'value="mayor@yala.example.org"' in page and 'value="clerk@yala.example.org"' in page
    assert 'name="executives-INITIAL_FORMS" value="2"' in page
    assert 'name="languages-INITIAL_FORMS" value="2"' in page
    assert 'value="name" id="id_public_fields_0" checked' in page


def test_editing_saves_fields_consent_and_rows_and_is_recorded(client, coach_user, own_coach):
    client.force_login(coach_user)
    values = form_values(
        client.get("/coaches/me/edit/"),
        position="ผู้อำนวยการกองวิชาการและแผนงาน", phone="+66 81 234 5678",
        public_fields=["name", "phone", "training"],
        **{"languages-1-DELETE": "on",  # drop English
           "executives-1-DELETE": "on",  # drop the clerk
           "trainings-0-name": "DELGOSEA coach cohort", "trainings-0-year": "2556"},
    )
    response = client.post("/coaches/me/edit/", values)
    assert response.status_code == 302 and response["Location"] == "/coaches/me/"

    coach = Coach.objects.get(pk=own_coach.pk)
    assert coach.position == "ผู้อำนวยการกองวิชาการและแผนงาน"
    assert coach.phone == "+66 81 234 5678"
    assert coach.public_fields == ["name", "phone", "training"]
    assert [x.language for x in coach.languages.all()] == ["th"]
    assert [e.email for e in coach.executives.all()] == ["mayor@yala.example.org"]
    assert [(t.name, t.year) for t in coach.trainings.all()] == [("DELGOSEA coach cohort", 2013)]
    event = coach.events.filter(action=CoachEvent.Action.UPDATED).get()
    assert event.actor == coach_user and "public_fields" in event.note
    assert coach.status == Coach.Status.APPLIED  # editing does not change the status


def test_a_rejected_edit_changes_nothing(client, coach_user, own_coach):
    client.force_login(coach_user)
    values = form_values(client.get("/coaches/me/edit/"), position="ใหม่", phone="abc",
                         **{"executives-0-DELETE": "on", "executives-1-DELETE": "on"})
    response = client.post("/en/coaches/me/edit/", values)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a phone number of 9 to 15 digits" in page
    assert "Name at least one home executive" in page
    coach = Coach.objects.get(pk=own_coach.pk)
    assert coach.position == "นักวิเคราะห์นโยบายและแผน" and coach.executives.count() == 2
    assert not coach.events.filter(action=CoachEvent.Action.UPDATED).exists()


def test_a_photo_can_be_added_and_removed(client, coach_user, own_coach):
    client.force_login(coach_user)
    client.post("/coaches/me/edit/", form_values(
        client.get("/coaches/me/edit/"),
        photo=SimpleUploadedFile(  # a real 1×1 WebP: uploaded images are decoded
            "me.webp", b"RIFF\x1c\x00\x00\x00WEBPVP8L\x10\x00\x00\x00/\x00\x00\x00\x00\x07P\xc0("
            b"`\xff\x03\x11\xd1\xff\x00", content_type="image/webp")))
    own_coach.refresh_from_db()
    assert own_coach.photo.name.endswith(".webp")
    page = client.get("/coaches/me/edit/").content.decode()
    assert 'name="remove_photo"' in page and own_coach.photo.url in page

    client.post("/coaches/me/edit/", form_values(client.get("/coaches/me/edit/"),
                                                 remove_photo="on"))
    own_coach.refresh_from_db()
    assert not own_coach.photo


def test_the_export_is_a_json_download_of_everything_and_is_recorded(client, coach_user,
                                                                    own_coach, someone_else):
    client.force_login(coach_user)
    assert client.get("/coaches/me/export/").status_code == 405  # a download is logged: POST
    assert not own_coach.events.filter(action=CoachEvent.Action.DATA_EXPORTED).exists()
    response = client.post("/coaches/me/export/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    body = response.content.decode("utf-8")
    assert "สมหญิง รักเมือง" in body  # UTF-8, not \\u escapes
    data = json.loads(body)
    assert {e["email"] for e in data["executives"]} == {"mayor@yala.example.org",
                                                          "clerk@yala.example.org"}
    assert [e["action"] for e in data["history"]][:1] == ["applied"]
    assert "secret.mayor@example.org" not in body and "บุคคลอื่น" not in body
    assert own_coach.events.filter(action=CoachEvent.Action.DATA_EXPORTED,
                                   actor=coach_user).count() == 1


def test_a_deletion_request_is_confirmed_then_recorded_once(client, coach_user, own_coach):
    client.force_login(coach_user)
    page = client.get("/coaches/me/delete/").content.decode()
    assert 'name="reason"' in page and page.count("<h1") == 1
    assert not DeletionRequest.objects.exists()  # the page alone asks nothing

    response = client.post("/coaches/me/delete/", {"reason": "ย้ายไปทำงานภาคเอกชน"})
    assert response["Location"] == "/coaches/me/"
    client.post("/coaches/me/delete/", {"reason": "อีกครั้ง"})
    request = DeletionRequest.objects.get()
    assert request.coach == own_coach and request.reason == "ย้ายไปทำงานภาคเอกชน"
    assert request.outcome == DeletionRequest.Outcome.PENDING
    assert own_coach.events.filter(action=CoachEvent.Action.DELETION_REQUESTED).count() == 1

    me = client.get("/en/coaches/me/").content.decode()
    assert "you asked for your data to be deleted" in me
    assert 'href="/en/coaches/me/delete/"' not in me
    assert 'name="reason"' not in client.get("/coaches/me/delete/").content.decode()


def test_another_coach_s_data_is_never_shown(client, coach_user, own_coach, someone_else):
    client.force_login(coach_user)
    for url in ["/coaches/me/", "/coaches/me/edit/", "/coaches/me/delete/"]:
        page = client.get(url).content.decode()
        assert "บุคคลอื่น ไม่ใช่เรา" not in page and "secret.mayor@example.org" not in page, url
    client.post("/coaches/me/delete/", {"reason": ""})
    assert DeletionRequest.objects.get().coach == own_coach
    assert not someone_else.deletion_requests.exists()
    assert not someone_else.events.filter(actor=coach_user).exists()
