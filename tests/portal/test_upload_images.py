"""Every uploaded image is decoded in full, within a pixel limit, before it is kept (review L8):
a decompression bomb, a JPEG that turns into HTML and a PNG cut short are refused wherever an
image can be uploaded, with a message that says why, and nothing is stored."""

import datetime
import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image
from rest_framework.test import APIClient

from coaches.models import Certification, Coach
from portal.models import Municipality, Theme
from practices.models import Practice
from reports import services as report_services
from reports.models import ReportAttachment

pytestmark = pytest.mark.usefixtures("reference_data")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def one_bit_png(width: int, height: int) -> bytes:
    """A black 1-bit PNG, written without allocating its pixels: a few kilobytes can
    declare hundreds of megapixels."""
    rows_at_once = 1000
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte, then the row's bits
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row * min(rows_at_once, height - done))
                    for done in range(0, height, rows_at_once)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data)
            + _chunk(b"IEND", b""))


def picture(image_format: str, size=(120, 90)) -> bytes:
    image = Image.effect_noise(size, 64).convert("RGB")  # noise: nothing compresses away
    buffer = io.BytesIO()
    image.save(buffer, image_format)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    data = one_bit_png(30_000, 30_000)  # the review's: 900 megapixels in about 106 KiB
    assert len(data) < 120 * 1024
    return data


POLYGLOT = b"\xff\xd8\xff\xe0" + b"<html><body><script>alert(document.cookie)</script>" * 20
TOO_LARGE = "is too large an image: images may have at most 40 megapixels and 10,000 pixels"


def bad_images(bomb: bytes) -> dict[str, tuple[str, bytes, str]]:
    """case → (file name, content, what the English page says)."""
    png = picture("PNG")
    return {
        "bomb": ("bomb.png", bomb, "“bomb.png” " + TOO_LARGE),
        "polyglot": ("me.jpg", POLYGLOT,
                     "“me.jpg” could not be read as a JPEG image; it may be damaged"),
        "truncated": ("cut.png", png[: len(png) // 2],
                      "“cut.png” could not be read as a PNG image; it may be damaged"),
        "too wide": ("banner.png", one_bit_png(10_001, 10),
                     "“banner.png” " + TOO_LARGE),
    }


BAD = ["bomb", "polyglot", "truncated", "too wide"]
GOOD = [("me.jpg", "JPEG"), ("me.jpeg", "JPEG"), ("me.png", "PNG"), ("me.webp", "WEBP")]


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"

    def stored() -> list[str]:
        root = settings.MEDIA_ROOT
        return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())

    return stored


# Coach photo: /coaches/me/edit/ ----------------------------------------------------------------

@pytest.fixture
def coach(make_coach, coach_user, client):
    client.force_login(coach_user)
    return make_coach(user=coach_user, status="active", public=["name", "photo"])


def form_values(response, **changes) -> dict:
    """What the browser sends back when the coach submits the pre-filled edit form."""
    forms = response.context["forms"]
    data = {}
    for form in [forms.form, *forms.formsets]:
        subforms = [form]
        if hasattr(form, "management_form"):
            data.update({field.html_name: field.value() for field in form.management_form})
            subforms = form.forms
        for subform in subforms:
            for field in subform:
                value = field.value()
                if value is not None and value is not False and field.name != "photo":
                    data[field.html_name] = "on" if value is True else value
    return {**data, **changes}


def post_photo(client, content: bytes, name: str):
    return client.post("/en/coaches/me/edit/", form_values(
        client.get("/en/coaches/me/edit/"), photo=upload(name, content)))


@pytest.mark.parametrize("case", BAD)
def test_coach_photo_refuses_a_bad_image_and_keeps_nothing(client, coach, media, bomb, case):
    name, content, message = bad_images(bomb)[case]
    response = post_photo(client, content, name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Coach.objects.get(pk=coach.pk).photo
    assert media() == []


@pytest.mark.parametrize(("name", "image_format"), GOOD)
def test_coach_photo_accepts_a_real_small_image(client, coach, media, name, image_format):
    response = post_photo(client, picture(image_format), name)
    assert response.status_code == 302
    photo = Coach.objects.get(pk=coach.pk).photo
    assert photo.name.endswith(name[name.rfind("."):])
    with Image.open(photo.path) as kept:
        assert kept.format == image_format and kept.size == (120, 90)


def test_an_image_of_exactly_40_megapixels_is_accepted(client, coach, media):
    response = post_photo(client, one_bit_png(10_000, 4_000), "scan.png")
    assert response.status_code == 302
    assert Coach.objects.get(pk=coach.pk).photo


def test_the_thai_page_names_the_limit(client, coach, media, bomb):
    translation.activate("th")
    response = client.post("/coaches/me/edit/", form_values(
        client.get("/coaches/me/edit/"), photo=upload("bomb.png", bomb)))
    assert ("“bomb.png” เป็นภาพที่ใหญ่เกินไป ภาพต้องมีไม่เกิน 40 ล้านพิกเซล "
            "และแต่ละด้านยาวไม่เกิน 10,000 พิกเซล") in response.content.decode()
    assert media() == []


# Report attachments: the web form and the API -------------------------------------------------

@pytest.fixture
def draft(assigned, coach_user, client):
    pilot, coach = assigned
    client.force_login(coach_user)
    return report_services.report_start(pilot=pilot, coach=coach, kind="month", year=2026,
                                        number=3)


def post_attachment(client, draft, content: bytes, name: str):
    with translation.override("en"):
        url = reverse("reports:report-edit", args=[draft.pk])
    return client.post(url, {
        "report-summary": "จัดเวทีชุมชน", "measurements-TOTAL_FORMS": "0",
        "measurements-INITIAL_FORMS": "0", "measurements-MIN_NUM_FORMS": "0",
        "measurements-MAX_NUM_FORMS": "1000", "save": "1",
        "report-attachments": [upload(name, content)]})


@pytest.mark.parametrize("case", BAD)
def test_report_form_refuses_a_bad_image_and_keeps_nothing(client, draft, media, bomb, case):
    name, content, message = bad_images(bomb)[case]
    response = post_attachment(client, draft, content, name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ReportAttachment.objects.exists()
    draft.refresh_from_db()
    assert draft.summary == ""  # nothing of that save was kept
    assert media() == []


@pytest.mark.parametrize(("name", "image_format"), GOOD)
def test_report_form_accepts_a_real_image(client, draft, media, name, image_format):
    response = post_attachment(client, draft, picture(image_format), name)
    assert response.status_code == 302
    attachment = ReportAttachment.objects.get()
    assert (attachment.title, attachment.kind) == (name, "image")


@pytest.fixture
def api(coach_user):
    client = APIClient()
    client.force_login(coach_user)
    return client


# What the API says (in Thai, the portal's language).
THAI = {"bomb": "“bomb.png” เป็นภาพที่ใหญ่เกินไป",
        "polyglot": "ไม่สามารถอ่าน “me.jpg” เป็นภาพ JPEG ได้ ไฟล์อาจเสียหายหรือไม่สมบูรณ์",
        "truncated": "ไม่สามารถอ่าน “cut.png” เป็นภาพ PNG ได้ ไฟล์อาจเสียหายหรือไม่สมบูรณ์",
        "too wide": "“banner.png” เป็นภาพที่ใหญ่เกินไป"}


@pytest.mark.parametrize("case", BAD)
def test_report_api_refuses_a_bad_image_and_keeps_nothing(api, draft, media, bomb, case):
    name, content, _message = bad_images(bomb)[case]
    response = api.post(f"/api/reports/{draft.pk}/attachments/",
                        {"file": upload(name, content)}, format="multipart")
    assert response.status_code == 400
    [error] = response.json()["file"]
    assert error.startswith(THAI[case])
    assert not ReportAttachment.objects.exists()
    assert media() == []


def test_report_api_accepts_a_real_webp(api, draft, media):
    response = api.post(f"/api/reports/{draft.pk}/attachments/",
                        {"file": upload("site.webp", picture("WEBP"))}, format="multipart")
    assert response.status_code == 201, response.content
    [attachment] = response.json()["attachments"]
    assert (attachment["title"], attachment["kind"]) == ("site.webp", "image")
    assert len(media()) == 1


def test_a_cut_png_is_refused_even_once_a_pdf_brief_was_drawn(api, draft, media):
    # WeasyPrint, which draws the PDF briefs in the same processes, makes Pillow accept
    # truncated images from the moment it is loaded.
    import weasyprint  # noqa: F401

    png = picture("PNG")
    response = api.post(f"/api/reports/{draft.pk}/attachments/",
                        {"file": upload("cut.png", png[:-40])}, format="multipart")
    assert response.status_code == 400
    assert response.json()["file"][0].startswith(THAI["truncated"])
    assert not ReportAttachment.objects.exists()


# Practice nominations and certificates -------------------------------------------------------

@pytest.mark.parametrize("case", BAD)
def test_nomination_refuses_a_bad_image_and_keeps_nothing(client, staff_user, media, bomb,
                                                          case):
    name, content, message = bad_images(bomb)[case]
    client.force_login(staff_user)
    response = client.post("/en/practices/nominate/", {
        "title_th": "ธนาคารขยะโรงเรียน", "summary_th": "นักเรียนคัดแยกขยะ",
        "municipality": Municipality.objects.get(name_th="เทศบาลนครยะลา").pk,
        "themes": [Theme.objects.get(code="environment").pk],
        "attachments": [upload(name, content)]})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Practice.objects.exists()
    assert media() == []


def test_a_certificate_image_is_decoded_too(client, league_admin, make_coach, coach_user, media,
                                            bomb):
    coach = make_coach(user=coach_user, status="active")
    client.force_login(league_admin)
    response = client.post(f"/en/coaches/review/{coach.pk}/", {
        "form": "certification", "issuer": "kpi", "title": "วิทยากรพี่เลี้ยง",
        "issued_on": datetime.date(2025, 1, 10).isoformat(),
        "file": upload("certificate.png", bomb)})
    assert response.status_code == 200
    assert "“certificate.png” " + TOO_LARGE in response.content.decode()
    assert not Certification.objects.exists()
    assert media() == []
