"""Applying to the national coach registry through the form, as a municipal officer would."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from coaches.models import Coach, CoachEvent, TransferTool
from portal.models import Municipality, Province, Region, Theme

pytestmark = pytest.mark.usefixtures("reference_data")

# A real 1×1 PNG: uploaded images are decoded (portal.uploads.image_check).
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00"
       b"\x00\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc`hh\x00\x00\x01\x84\x01\x01V\x8f #"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")


def management(prefix: str, total: int, initial: int = 0) -> dict:
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "20"}


def application(**extra) -> dict:
    """What a user types into the application form (two languages, one executive)."""
    data = {
        "name_th": "สมชาย ใจดี", "name_en": "Somchai Jaidee",
        "position": "นักวิเคราะห์นโยบายและแผน",
        "home_municipality": Municipality.objects.get(name_th="เทศบาลนครยะลา").pk,
        "phone": "081-234-5678", "email": "staff@yala.example.org",
        "themes": [Theme.objects.get(code="governance").pk],
        "tools": [TransferTool.objects.get(code="swot").pk], "other_tools": "แผนที่เดินดิน",
        "service_regions": [Region.objects.get(code="south").pk],
        "service_provinces": [Province.objects.get(code="90").pk],
        "availability_days": "4", "bio_th": "ทำงานด้านแผนพัฒนาเทศบาลมาสิบปี", "bio_en": "",
        **management("languages", 3),
        "languages-0-language": "th", "languages-0-level": "native",
        "languages-1-language": "en", "languages-1-level": "working",
        **management("trainings", 2),
        "trainings-0-name": "DELGOSEA coach cohort", "trainings-0-provider": "KAS",
        "trainings-0-year": "2555",
        **management("executives", 2),
        "executives-0-name": "นายพงษ์ศักดิ์ ยิ่งชนม์เจริญ", "executives-0-position": "mayor",
        "executives-0-email": "Mayor@Yala.example.org", "executives-0-preferred_language": "th",
        "executives-1-preferred_language": "th",
    }
    data.update(extra)
    return data


@pytest.fixture
def applicant(client, staff_user, django_capture_on_commit_callbacks):
    """A verified member of municipal staff, logged in; posts run on-commit work (e-mail)."""
    client.force_login(staff_user)
    original = client.post

    def post(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(*args, **kwargs)

    client.post = post
    return client


def test_anonymous_visitors_are_sent_to_log_in(client):
    for url in ["/coaches/apply/", "/coaches/me/", "/coaches/me/edit/", "/coaches/me/export/",
                "/coaches/me/delete/"]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    client.post("/coaches/apply/", application())
    assert not Coach.objects.exists()


def test_the_form_starts_with_the_account_e_mail_and_nothing_public(applicant, staff_user):
    page = applicant.get("/coaches/apply/").content.decode()
    assert 'value="staff@yala.example.org"' in page
    assert 'name="public_fields"' in page and "PDPA" in page
    assert "checked" not in page  # no consent ticked in advance
    assert page.count("<h1") == 1
    assert 'name="executives-TOTAL_FORMS"' in page


def test_a_verified_officer_applies_and_is_told_by_e_mail(applicant, staff_user):
    response = applicant.post("/coaches/apply/", application())
    assert response.status_code == 302 and response["Location"] == "/coaches/me/"

    coach = Coach.objects.get()
    assert coach.user == staff_user and coach.status == Coach.Status.APPLIED
    assert coach.name_th == "สมชาย ใจดี" and coach.phone == "081-234-5678"
    assert coach.public_fields == []  # nothing public unless the coach ticks it
    assert [(x.language, x.level) for x in coach.languages.order_by("id")] == [
        ("th", "native"), ("en", "working")]
    assert [(t.name, t.year) for t in coach.trainings.all()] == [("DELGOSEA coach cohort", 2012)]
    executive = coach.executives.get()
    assert (executive.name, executive.position, executive.email) == (
        "นายพงษ์ศักดิ์ ยิ่งชนม์เจริญ", "mayor", "mayor@yala.example.org")
    assert [t.code for t in coach.themes.all()] == ["governance"]
    assert [p.code for p in coach.service_provinces.all()] == ["90"]
    assert coach.events.get().action == CoachEvent.Action.APPLIED

    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["staff@yala.example.org"]
    page = applicant.get(response["Location"]).content.decode()
    assert "สมชาย ใจดี" in page and "นายพงษ์ศักดิ์ ยิ่งชนม์เจริญ" in page


def test_consent_ticked_on_the_form_is_saved(applicant):
    applicant.post("/coaches/apply/", application(public_fields=["name", "bio"]))
    assert Coach.objects.get().public_fields == ["name", "bio"]


def test_a_user_with_a_profile_cannot_apply_twice(applicant):
    applicant.post("/coaches/apply/", application())
    response = applicant.get("/coaches/apply/")
    assert response.status_code == 302 and response["Location"] == "/coaches/me/"
    applicant.post("/coaches/apply/", application(name_th="อีกคน"))
    assert Coach.objects.count() == 1


@pytest.mark.parametrize("change, field, message", [
    ({"executives-0-name": "", "executives-0-position": "", "executives-0-email": ""},
     "executives-0-name", "This field is required."),
    ({"themes": []}, "themes", "Choose at least one theme of expertise."),
    ({"phone": "โทร 081"}, "phone", "Enter a phone number of 9 to 15 digits"),
    ({"phone": "12345"}, "phone", "Enter a phone number of 9 to 15 digits"),
    ({"availability_days": "40"}, "availability_days", "less than or equal to 31"),
    ({"executives-0-position": "other"}, "executives-0-position_other",
     "Say which position this is."),
    ({"languages-1-language": "th"}, "languages-rows", "Each language may be listed once."),
    ({"executives-1-name": "ปลัด", "executives-1-position": "clerk",
      "executives-1-email": "mayor@yala.example.org"}, "executives-rows",
     "Each executive needs a different e-mail."),
])
def test_bad_answers_are_explained_next_to_the_field_and_nothing_is_saved(
        applicant, change, field, message):
    response = applicant.post("/en/coaches/apply/", application(**change))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert f'href="#{field if field.endswith("-rows") else "id_" + field}"' in page
    assert not Coach.objects.exists()
    assert not mail.outbox


def test_an_error_is_tied_to_its_field_for_screen_readers(applicant):
    page = applicant.post("/en/coaches/apply/", application(phone="abc")).content.decode()
    assert 'aria-describedby="id_phone_helptext id_phone_error"' in page
    assert 'id="id_phone_error"' in page and 'aria-invalid="true"' in page


@pytest.mark.parametrize("photo, message", [
    (SimpleUploadedFile("setup.exe", b"MZ\x90\x00" * 10, content_type="image/png"),
     "is not a JPEG, PNG or WebP image"),
    (SimpleUploadedFile("big.png", PNG + b"\x00" * (2 * 1024 * 1024),
                        content_type="image/png"), "files may be at most 2.0"),
    (SimpleUploadedFile("fake.jpg", b"GIF89a" + b"\x00" * 20, content_type="image/jpeg"),
     "does not contain what its name says"),
])
def test_a_photo_that_is_not_a_small_image_is_refused(applicant, photo, message):
    response = applicant.post("/en/coaches/apply/", application(photo=photo))
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    assert 'href="#id_photo"' in page
    assert not Coach.objects.exists()


def test_a_real_photo_is_kept(applicant):
    applicant.post("/coaches/apply/", application(
        photo=SimpleUploadedFile("me.png", PNG, content_type="image/png")))
    coach = Coach.objects.get()
    assert coach.photo.name.endswith(".png")
    assert "photo" not in coach.public_fields

