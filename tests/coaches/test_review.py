"""League admins review coaches, decide, add certifications, handle deletions and match."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from coaches import services
from coaches.models import Certification, Coach, CoachEvent, DeletionRequest
from portal.models import Municipality

pytestmark = pytest.mark.usefixtures("reference_data", "commit_callbacks")

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PAGES = ["/coaches/review/", "/coaches/review/{pk}/", "/coaches/deletions/", "/coaches/match/"]


@pytest.fixture
def commit_callbacks(django_capture_on_commit_callbacks, client):
    """Run on-commit callbacks (the e-mail tasks, eager Celery) as a real request would."""
    original = client.post

    def post(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(*args, **kwargs)

    client.post = post


@pytest.fixture
def applicant(make_coach):
    coach = make_coach(status="applied", name="สมพร ผู้สมัคร", email="applicant@example.org",
                       public=["name"])
    mail.outbox.clear()
    return coach


def decide(client, coach, status, note=""):
    return client.post(f"/en/coaches/review/{coach.pk}/",
                       {"form": "decision", "status": status, "note": note})


def certificate(client, coach, **extra):
    data = {"form": "certification", "issuer": "league", "issuer_name": "",
            "title": "วิทยากรพี่เลี้ยงระดับชาติ", "issued_on": "2024-05-01", "expires_on": "",
            **extra}
    return client.post(f"/en/coaches/review/{coach.pk}/", data)


# Permissions -------------------------------------------------------------------------------

@pytest.mark.parametrize("persona", ["staff_user", "coach_user"])
def test_every_admin_page_is_forbidden_to_non_admins(client, request, persona, applicant):
    client.force_login(request.getfixturevalue(persona))
    for page in PAGES:
        url = page.format(pk=applicant.pk)
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"form": "decision", "status": "approved"}).status_code in (
            403, 405), url
    applicant.refresh_from_db()
    assert applicant.status == "applied" and not mail.outbox


def test_anonymous_visitors_are_sent_to_log_in(client, applicant):
    for page in PAGES:
        response = client.get(page.format(pk=applicant.pk))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# Review queue --------------------------------------------------------------------------------

def test_queue_shows_applications_by_default_with_counts_filters_and_links(
        client, league_admin, applicant, make_coach):
    active = make_coach(status="active", name="ประยุทธ ทำงาน", home="เทศบาลนครเชียงราย")
    client.force_login(league_admin)
    page = client.get("/en/coaches/review/").content.decode()
    assert "สมพร ผู้สมัคร" in page and "ประยุทธ ทำงาน" not in page
    assert f'href="/en/coaches/review/{applicant.pk}/"' in page
    assert "Applied (1)" in page and "Active (1)" in page and "All statuses (2)" in page

    everyone = client.get("/en/coaches/review/?status=all").content.decode()
    assert "สมพร ผู้สมัคร" in everyone and "ประยุทธ ทำงาน" in everyone
    north = client.get("/en/coaches/review/?status=all&region=north").content.decode()
    assert "ประยุทธ ทำงาน" in north and "สมพร ผู้สมัคร" not in north
    assert "Active (1)" in north and "Applied (0)" in north
    found = client.get("/en/coaches/review/?status=all&q=applicant@").content.decode()
    assert "สมพร ผู้สมัคร" in found and "ประยุทธ ทำงาน" not in found
    assert list(client.get("/en/coaches/review/?status=active").context["page"]) == [active]
    # A status that does not exist falls back to the applications.
    assert list(client.get("/en/coaches/review/?status=bogus").context["page"]) == [applicant]


def test_queue_is_paginated(client, league_admin, make_coach):
    for _ in range(27):
        make_coach(status="applied")
    client.force_login(league_admin)
    first = client.get("/en/coaches/review/")
    assert len(first.context["page"].object_list) == 25 and 'rel="next"' in first.content.decode()
    assert len(client.get("/en/coaches/review/?page=2").context["page"].object_list) == 2


# Review page and decisions -------------------------------------------------------------------

def test_review_page_shows_the_whole_record_including_private_fields(client, league_admin,
                                                                     make_coach):
    coach = make_coach(status="applied", name="สมหมาย ส่วนตัว", public=[],
                       languages=[("th", "native"), ("ms", "working")],
                       executives=[{"name": "ปลัด ทดสอบ", "position": "clerk",
                                    "email": "clerk.private@example.org"}])
    services.certification_add(coach=coach, actor=None, file=SimpleUploadedFile("c.pdf", PDF),
                               data={"issuer": "kpi", "issuer_name": "", "title": "หลักสูตร ก",
                                     "issued_on": "2020-01-01", "expires_on": None})
    client.force_login(league_admin)
    page = client.get(f"/en/coaches/review/{coach.pk}/").content.decode()
    assert "สมหมาย ส่วนตัว" in page and coach.phone in page and coach.email in page
    assert "clerk.private@example.org" in page and "Malay (Working)" in page
    assert "หลักสูตร ก" in page and f"/files/certificate/{coach.certifications.get().pk}/" in page
    assert "Approved" in page and "Rejected" in page  # the decisions possible from "applied"
    assert 'value="active"' not in page
    assert "Applied" in page  # history


def test_approving_changes_the_status_logs_it_and_emails_the_coach(client, league_admin,
                                                                   applicant):
    client.force_login(league_admin)
    response = decide(client, applicant, "approved", "ยินดีต้อนรับ")
    assert response.status_code == 302 and response["Location"].endswith(
        f"/coaches/review/{applicant.pk}/")
    applicant.refresh_from_db()
    assert applicant.status == "approved"
    event = applicant.events.get(action=CoachEvent.Action.STATUS)
    assert (event.actor, event.from_status, event.to_status) == (league_admin, "applied",
                                                                 "approved")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["applicant@example.org"]
    assert "ยินดีต้อนรับ" in mail.outbox[0].body
    followed = client.get(response["Location"]).content.decode()
    assert "Decision saved" in followed


def test_rejecting_without_a_reason_shows_the_error_and_changes_nothing(client, league_admin,
                                                                       applicant):
    client.force_login(league_admin)
    response = decide(client, applicant, "rejected", "   ")
    assert response.status_code == 200
    assert "Give the reason for rejecting the application." in response.content.decode()
    assert response.context["decision"].errors["note"]
    applicant.refresh_from_db()
    assert applicant.status == "applied" and not mail.outbox
    assert not applicant.events.filter(action=CoachEvent.Action.STATUS).exists()

    decide(client, applicant, "rejected", "ยังไม่ผ่านการอบรม")
    applicant.refresh_from_db()
    assert applicant.status == "rejected" and applicant.status_note == "ยังไม่ผ่านการอบรม"
    assert "ยังไม่ผ่านการอบรม" in mail.outbox[-1].body


def test_a_transition_the_lifecycle_does_not_allow_is_refused(client, league_admin, applicant,
                                                             make_coach):
    client.force_login(league_admin)
    response = decide(client, applicant, "active")
    assert response.status_code == 200
    assert "That decision is not possible" in response.content.decode()
    retired = make_coach(status="retired")
    mail.outbox.clear()
    assert decide(client, retired, "paused").status_code == 200
    applicant.refresh_from_db()
    retired.refresh_from_db()
    assert (applicant.status, retired.status) == ("applied", "retired") and not mail.outbox
    assert "Choose a decision." in decide(client, applicant, "").content.decode()


# Certifications ------------------------------------------------------------------------------

def test_certification_with_a_pdf_is_added_logged_and_emailed(client, league_admin, applicant):
    client.force_login(league_admin)
    response = certificate(client, applicant, expires_on="2027-05-01",
                           file=SimpleUploadedFile("cert.pdf", PDF, "application/pdf"))
    assert response.status_code == 302
    item = Certification.objects.get(coach=applicant)
    assert item.title == "วิทยากรพี่เลี้ยงระดับชาติ" and item.file.name.endswith(".pdf")
    assert applicant.events.filter(action=CoachEvent.Action.CERTIFIED).exists()
    assert mail.outbox[-1].to == [applicant.email]
    assert "วิทยากรพี่เลี้ยงระดับชาติ" in mail.outbox[-1].body
    page = client.get(f"/en/coaches/review/{applicant.pk}/").content.decode()
    assert item.file.url in page


@pytest.mark.parametrize(("name", "content", "message"), [
    ("virus.exe", b"MZ\x90\x00", "is not a PDF, JPEG, PNG or WebP file"),
    ("fake.pdf", b"<html>not a pdf</html>", "does not contain what its name says"),
    ("huge.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "files may be at most"),
])
def test_certification_files_are_checked(client, league_admin, applicant, name, content,
                                         message):
    client.force_login(league_admin)
    response = certificate(client, applicant, file=SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["certification"].errors["file"]
    assert not Certification.objects.exists() and not mail.outbox


def test_certification_dates_and_issuer_name_are_checked(client, league_admin, applicant):
    client.force_login(league_admin)
    response = certificate(client, applicant, issued_on="2024-05-01", expires_on="2023-01-01")
    assert "The expiry date is before the issue date." in response.content.decode()
    response = certificate(client, applicant, issuer="university")
    assert "Name the university or the issuing body." in response.content.decode()
    response = certificate(client, applicant, issued_on="")
    assert response.context["certification"].errors["issued_on"]
    assert not Certification.objects.exists()


# Deletion requests ---------------------------------------------------------------------------

def test_deleting_on_request_removes_the_coach_but_keeps_the_log(client, league_admin,
                                                                make_coach):
    coach = make_coach(status="active", name="ลบ ข้อมูล")
    services.certification_add(coach=coach, actor=None, file=SimpleUploadedFile("c.pdf", PDF),
                               data={"issuer": "league", "issuer_name": "", "title": "ใบรับรอง",
                                     "issued_on": "2020-01-01", "expires_on": None})
    stored = Certification.objects.get().file
    storage, stored_name = stored.storage, stored.name
    request = services.deletion_request(coach=coach, actor=coach.user or league_admin,
                                        reason="ย้ายงานแล้ว")
    client.force_login(league_admin)
    page = client.get("/en/coaches/deletions/").content.decode()
    assert "ลบ ข้อมูล" in page and "ย้ายงานแล้ว" in page

    response = client.post("/en/coaches/deletions/", {
        "request": request.pk, f"r{request.pk}-outcome": "deleted", f"r{request.pk}-note": ""})
    assert response.status_code == 302
    assert not Coach.objects.filter(pk=coach.pk).exists()
    assert not storage.exists(stored_name)
    log = DeletionRequest.objects.get(pk=request.pk)
    assert (log.outcome, log.coach, log.coach_name, log.handled_by) == (
        "deleted", None, "ลบ ข้อมูล", league_admin)
    page = client.get("/en/coaches/deletions/").content.decode()
    assert "No deletion request is waiting." in page and "ลบ ข้อมูล" in page
    assert "Data deleted" in page


def test_declining_needs_a_reason_and_keeps_the_coach(client, league_admin, make_coach):
    coach = make_coach(status="active")
    request = services.deletion_request(coach=coach, actor=league_admin)
    client.force_login(league_admin)
    prefix = f"r{request.pk}"
    response = client.post("/en/coaches/deletions/", {"request": request.pk,
                                                      f"{prefix}-outcome": "declined"})
    assert response.status_code == 200
    assert "Say why the request is declined." in response.content.decode()
    assert DeletionRequest.objects.get().outcome == "pending"

    client.post("/en/coaches/deletions/", {"request": request.pk,
                                           f"{prefix}-outcome": "declined",
                                           f"{prefix}-note": "ยังมีโครงการนำร่องค้างอยู่"})
    request.refresh_from_db()
    assert request.outcome == "declined" and request.coach == coach
    assert coach.events.filter(action=CoachEvent.Action.DELETION_HANDLED).exists()
    # Handling it twice is refused.
    response = client.post("/en/coaches/deletions/", {"request": request.pk,
                                                      f"{prefix}-outcome": "deleted"})
    assert response.status_code == 302 and Coach.objects.filter(pk=coach.pk).exists()


# Matching ------------------------------------------------------------------------------------

def test_match_ranks_a_coach_serving_the_province_above_one_who_does_not(client, league_admin,
                                                                        make_coach):
    near = make_coach(status="active", name="ใกล้ บ้าน", home="เทศบาลนครยะลา",
                      themes=["environment"], provinces=["90"], availability=4)
    far = make_coach(status="active", name="ไกล บ้าน", home="เทศบาลนครเชียงราย",
                     themes=["environment"], availability=4)
    make_coach(status="active", name="ต่าง ประเด็น", home="เทศบาลนครยะลา",
               themes=["budget"], provinces=["90"])
    make_coach(status="applied", name="ยัง ไม่อนุมัติ", themes=["environment"],
               provinces=["90"])
    songkhla = Municipality.objects.get(name_th="เทศบาลนครสงขลา")
    client.force_login(league_admin)
    response = client.get("/en/coaches/match/", {"municipality": songkhla.pk,
                                                 "theme": "environment", "language": ""})
    assert response.status_code == 200
    ranked = [s.coach for s in response.context["suggestions"]]
    assert ranked == [near, far]
    page = response.content.decode()
    assert page.index("ใกล้ บ้าน") < page.index("ไกล บ้าน")
    assert "ต่าง ประเด็น" not in page and "ยัง ไม่อนุมัติ" not in page
    assert "Serves Songkhla" in page and "Expertise in Environmental public services" in page
    assert f'href="/en/coaches/review/{near.pk}/"' in page
    scores = [s.score for s in response.context["suggestions"]]
    assert scores[0] > scores[1]


def test_match_explains_missing_choices(client, league_admin):
    client.force_login(league_admin)
    empty = client.get("/en/coaches/match/")
    assert empty.status_code == 200 and empty.context["suggestions"] is None
    assert "errorlist" not in empty.content.decode()
    page = client.get("/en/coaches/match/", {"municipality": "", "theme": ""}).content.decode()
    assert "Choose the municipality that needs a coach." in page
    assert "Choose the theme the municipality needs help with." in page
    page = client.get("/en/coaches/match/", {"municipality": "999999",
                                             "theme": "nope"}).content.decode()
    assert "Choose a municipality from the list." in page
    assert "Choose a theme from the list." in page


# Markup ----------------------------------------------------------------------------------------

def test_admin_pages_are_valid_html(client, league_admin, applicant, make_coach, tmp_path):
    from tests.test_html_validity import _validate

    make_coach(status="active", themes=["environment"], provinces=["90"])
    services.deletion_request(coach=make_coach(status="active"), actor=league_admin)
    client.force_login(league_admin)
    songkhla = Municipality.objects.get(name_th="เทศบาลนครสงขลา")
    urls = ["/coaches/review/", "/en/coaches/review/?status=all",
            f"/coaches/review/{applicant.pk}/", "/coaches/deletions/", "/coaches/match/",
            f"/en/coaches/match/?municipality={songkhla.pk}&theme=environment",
            "/en/coaches/match/?municipality=&theme="]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert body.count("<h1") == 1 and " style=" not in body, url
        assert "<script>" not in body, url
        pages[url] = response.content
    pages["invalid decision"] = decide(client, applicant, "rejected").content
    problems = _validate(pages, tmp_path)
    assert not problems, "\n".join(problems)
