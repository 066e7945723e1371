import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.models import Municipality, Theme
from practices.models import Practice

pytestmark = pytest.mark.usefixtures("reference_data", "commit_callbacks")


@pytest.fixture
def commit_callbacks(django_capture_on_commit_callbacks, client):
    """Run on-commit callbacks (the e-mail tasks) as the real request cycle would."""
    original = client.post

    def post(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(*args, **kwargs)

    client.post = post

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def form_data(**extra):
    return {
        "title_th": "ธนาคารขยะโรงเรียน", "summary_th": "นักเรียนคัดแยกขยะขายเป็นทุนการศึกษา",
        "municipality": Municipality.objects.get(name_th="เทศบาลนครยะลา").pk,
        "themes": [Theme.objects.get(code="environment").pk], "tags": "ขยะ, โรงเรียน",
        "year_started": "2562", **extra,
    }


def test_anonymous_visitors_must_log_in_to_nominate(client):
    response = client.get("/practices/nominate/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_nomination_goes_from_form_to_queue_to_published_with_emails(client, staff_user,
                                                                    league_admin):
    client.force_login(staff_user)
    attachment = SimpleUploadedFile("report.pdf", PDF, content_type="application/pdf")
    response = client.post("/practices/nominate/", form_data(attachments=[attachment]))
    assert response.status_code == 302
    practice = Practice.objects.get(title_th="ธนาคารขยะโรงเรียน")
    assert practice.status == "submitted" and practice.nominated_by == staff_user
    assert practice.year_started == 2019  # typed as พ.ศ. 2562
    assert practice.attachments.get().kind == "pdf"
    assert mail.outbox[-1].to == [staff_user.email]
    assert "ธนาคารขยะโรงเรียน" in mail.outbox[-1].subject
    assert client.get(practice.get_absolute_url()).status_code == 200  # nominator sees own
    client.logout()
    assert client.get(practice.get_absolute_url()).status_code == 404  # public does not

    client.force_login(league_admin)
    queue = client.get("/practices/review/").content.decode()
    assert "ธนาคารขยะโรงเรียน" in queue
    client.post(f"/practices/review/{practice.slug}/", {"action": "publish"})
    practice.refresh_from_db()
    assert practice.status == "published" and practice.published_at
    assert len(mail.outbox) == 2 and practice.get_absolute_url() in mail.outbox[-1].body
    client.logout()
    page = client.get(practice.get_absolute_url()).content.decode()
    assert "ธนาคารขยะโรงเรียน" in page and "report.pdf" in page
    statuses = [e.to_status for e in practice.events.order_by("id") if e.to_status]
    assert statuses == ["submitted", "published"]
    assert practice.events.filter(action="attachments", actor=staff_user).exists()
    client.force_login(league_admin)
    history = client.get(practice.get_absolute_url()).content.decode()
    assert "เปลี่ยนสถานะ: ส่งแล้ว → เผยแพร่แล้ว" in history
    assert "แนบไฟล์ (ไฟล์แนบ)" in history


def test_asking_for_changes_needs_a_note_and_the_nominator_can_resubmit(client, staff_user,
                                                                       league_admin):
    client.force_login(staff_user)
    client.post("/practices/nominate/", form_data())
    practice = Practice.objects.get()
    client.force_login(league_admin)
    client.post(f"/practices/review/{practice.slug}/", {"action": "changes"})
    practice.refresh_from_db()
    assert practice.status == "submitted"  # refused: no note

    client.post(f"/practices/review/{practice.slug}/",
                {"action": "changes", "note": "โปรดเพิ่มผลลัพธ์เป็นตัวเลข"})
    practice.refresh_from_db()
    assert practice.status == "draft" and practice.reviewer_note == "โปรดเพิ่มผลลัพธ์เป็นตัวเลข"
    assert "โปรดเพิ่มผลลัพธ์เป็นตัวเลข" in mail.outbox[-1].body

    client.force_login(staff_user)
    assert "โปรดเพิ่มผลลัพธ์เป็นตัวเลข" in client.get("/practices/mine/").content.decode()
    client.post(f"/practices/mine/{practice.slug}/edit/",
                form_data(results_th="ขายขยะได้ทุกเดือน", resubmit="1"))
    practice.refresh_from_db()
    assert practice.status == "submitted" and practice.results_th == "ขายขยะได้ทุกเดือน"
    assert practice.events.filter(action="edited").exists()


def test_rejection_needs_a_reason_which_the_nominator_receives(client, staff_user, league_admin):
    client.force_login(staff_user)
    client.post("/practices/nominate/", form_data())
    practice = Practice.objects.get()
    client.force_login(league_admin)
    client.post(f"/practices/review/{practice.slug}/", {"action": "reject", "note": "ซ้ำกับที่มีอยู่"})
    practice.refresh_from_db()
    assert practice.status == "rejected"
    assert "ซ้ำกับที่มีอยู่" in mail.outbox[-1].body


def test_other_users_cannot_edit_or_review_a_nomination(client, staff_user, coach_user):
    client.force_login(staff_user)
    client.post("/practices/nominate/", form_data())
    practice = Practice.objects.get()
    client.force_login(coach_user)
    assert client.get(f"/practices/mine/{practice.slug}/edit/").status_code == 404
    assert client.get("/practices/review/").status_code == 403
    response = client.post(f"/practices/review/{practice.slug}/", {"action": "publish"})
    assert response.status_code == 403
    practice.refresh_from_db()
    assert practice.status == "submitted"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ....", "is not a PDF, JPEG, PNG or WebP file"),
        ("fake.pdf", b"<html>not a pdf</html>", "does not contain what its name says"),
        ("huge.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024 + 1), "files may be at most 10"),
    ],
)
def test_bad_attachments_are_refused_with_a_clear_error_and_nothing_is_saved(
        client, staff_user, name, content, message):
    client.force_login(staff_user)
    upload = SimpleUploadedFile(name, content)
    response = client.post("/en/practices/nominate/", form_data(attachments=[upload]))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Practice.objects.exists()
    assert not mail.outbox


def test_form_errors_are_shown_and_nothing_is_saved(client, staff_user):
    client.force_login(staff_user)
    response = client.post("/en/practices/nominate/", form_data(title_th="", themes=[],
                                                                 year_started="3000"))
    html = response.content.decode()
    assert "This field is required." in html
    assert "Choose at least one theme." in html
    assert "Enter a year between 1900 and this year" in html
    assert not Practice.objects.exists()
