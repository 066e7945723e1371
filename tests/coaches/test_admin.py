"""The Django admin of the coach registry: lists, filters, bulk status changes, read-only log."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from coaches import services
from coaches.models import Coach, CoachEvent, DeletionRequest, TransferTool

pytestmark = pytest.mark.usefixtures("reference_data")

CHANGELIST = "/en/admin/coaches/coach/"


def test_coach_changelist_loads_with_its_filters_and_search(client, league_admin, make_coach):
    make_coach(status="applied", name="สมัคร ใหม่", email="new.applicant@example.org")
    make_coach(status="active", name="ทำงาน อยู่", home="เทศบาลนครเชียงราย",
               themes=["environment"])
    client.force_login(league_admin)
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    page = response.content.decode()
    assert "สมัคร ใหม่" in page and "ทำงาน อยู่" in page
    for label in ("By status", "By expertise", "By demo record", "Southern", "Northern"):
        assert label in page, label
    assert "Approve the selected coaches" in page and "Retire the selected coaches" in page

    def names(query):
        return {c.name_th for c in client.get(CHANGELIST + query).context["cl"].result_list}

    assert names("?status__exact=applied") == {"สมัคร ใหม่"}
    environment = Coach.objects.get(name_th="ทำงาน อยู่").themes.get().pk
    assert names(f"?themes__id__exact={environment}") == {"ทำงาน อยู่"}
    north = Coach.objects.get(name_th="ทำงาน อยู่").home_municipality.province.region_id
    assert names(f"?home_municipality__province__region__id__exact={north}") == {"ทำงาน อยู่"}
    assert names("?is_demo__exact=0") == {"สมัคร ใหม่", "ทำงาน อยู่"}
    assert names("?q=new.applicant") == {"สมัคร ใหม่"}


def test_coach_change_page_shows_the_inlines_and_read_only_history(client, league_admin,
                                                                   make_coach):
    coach = make_coach(status="active", languages=[("th", "native"), ("en", "fluent")])
    client.force_login(league_admin)
    response = client.get(f"/en/admin/coaches/coach/{coach.pk}/change/")
    assert response.status_code == 200
    page = response.content.decode()
    for heading in ("Languages", "Training history", "Home executives", "Certifications",
                    "History"):
        assert heading in page, heading
    assert 'name="events-0-note"' not in page  # history cannot be edited
    assert f"/coaches/review/{coach.pk}/" in page


def test_bulk_approve_counts_done_and_skipped_and_emails_each_coach(
        client, league_admin, make_coach, django_capture_on_commit_callbacks):
    first = make_coach(status="applied")
    second = make_coach(status="applied")
    active = make_coach(status="active")
    mail.outbox.clear()
    client.force_login(league_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CHANGELIST, {
            "action": "approve", "_selected_action": [first.pk, second.pk, active.pk],
        }, follow=True)
    assert response.status_code == 200
    assert Coach.objects.filter(status="approved").count() == 2
    active.refresh_from_db()
    assert active.status == "active"
    text = " ".join(str(m) for m in response.context["messages"])
    assert "2 coaches are now “Approved”" in text and "1 skipped" in text
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.email, second.email])
    assert CoachEvent.objects.filter(action="status", to_status="approved",
                                     actor=league_admin).count() == 2


def test_bulk_pause_of_active_coaches(client, league_admin, make_coach):
    coaches = [make_coach(status="active") for _ in range(2)]
    client.force_login(league_admin)
    response = client.post(CHANGELIST, {"action": "pause",
                                        "_selected_action": [c.pk for c in coaches]},
                           follow=True)
    assert "2 coaches are now “Paused”." in " ".join(str(m) for m in response.context["messages"])
    assert set(Coach.objects.values_list("status", flat=True)) == {"paused"}


def test_admin_edit_reindexes_and_logs(client, league_admin, make_coach):
    coach = make_coach(status="active", name="ชื่อ เดิม", public=["name"])
    client.force_login(league_admin)
    page = client.get(f"/en/admin/coaches/coach/{coach.pk}/change/")
    form = page.context["adminform"].form
    data = {name: form.initial.get(name) for name in form.fields}
    data = {k: v for k, v in data.items() if v not in (None, "")}
    data.update({
        "name_th": "ชื่อ ใหม่", "themes": [t.pk for t in coach.themes.all()],
        "tools": [t.pk for t in coach.tools.all()], "public_fields": ["name"],
        "home_municipality": coach.home_municipality_id,
    })
    data.pop("service_regions", None)
    data.pop("service_provinces", None)
    data.pop("photo", None)
    for prefix, count in (("languages", coach.languages.count()),
                          ("trainings", coach.trainings.count()),
                          ("executives", coach.executives.count()),
                          ("certifications", 0), ("events", coach.events.count())):
        data.update({f"{prefix}-TOTAL_FORMS": count, f"{prefix}-INITIAL_FORMS": count,
                     f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000})
    for i, language in enumerate(coach.languages.all()):
        data.update({f"languages-{i}-id": language.pk, f"languages-{i}-coach": coach.pk,
                     f"languages-{i}-language": language.language,
                     f"languages-{i}-level": language.level})
    for i, executive in enumerate(coach.executives.all()):
        data.update({f"executives-{i}-id": executive.pk, f"executives-{i}-coach": coach.pk,
                     f"executives-{i}-name": executive.name,
                     f"executives-{i}-position": executive.position,
                     f"executives-{i}-email": executive.email,
                     f"executives-{i}-preferred_language": executive.preferred_language,
                     f"executives-{i}-digests_enabled": "on"})
    for i, event in enumerate(coach.events.all()):
        data.update({f"events-{i}-id": event.pk, f"events-{i}-coach": coach.pk})
    response = client.post(f"/en/admin/coaches/coach/{coach.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    coach.refresh_from_db()
    assert coach.name_th == "ชื่อ ใหม่" and "ใหม่" in coach.search_text
    assert coach.events.filter(action="updated", actor=league_admin,
                               note__contains="name_th").exists()


def test_transfer_tools_and_the_deletion_log_in_the_admin(client, league_admin, make_coach):
    coach = make_coach(status="active", name="ขอ ลบ")
    services.deletion_request(coach=coach, actor=league_admin, reason="ไม่ประสงค์")
    client.force_login(league_admin)
    tools = client.get("/en/admin/coaches/transfertool/").content.decode()
    assert all(t.name_en in tools for t in TransferTool.objects.all())
    log = client.get("/en/admin/coaches/deletionrequest/")
    assert log.status_code == 200 and "ขอ ลบ" in log.content.decode()
    assert "Add deletion request" not in log.content.decode()
    request = DeletionRequest.objects.get()
    detail = client.get(f"/en/admin/coaches/deletionrequest/{request.pk}/change/")
    assert detail.status_code == 200 and 'name="reason"' not in detail.content.decode()
    assert client.get("/en/admin/coaches/deletionrequest/add/").status_code == 403
    assert client.post(f"/en/admin/coaches/deletionrequest/{request.pk}/delete/",
                       {"post": "yes"}).status_code == 403
    assert DeletionRequest.objects.filter(pk=request.pk).exists()


@translation.override("en")
def test_admin_certification_upload_is_checked(client, league_admin, make_coach):
    from coaches.admin import CertificationInlineForm

    coach = make_coach(status="active")
    form = CertificationInlineForm(
        data={"coach": coach.pk, "issuer": "league", "title": "ใบรับรอง",
              "issued_on": "2024-01-01"},
        files={"file": SimpleUploadedFile("fake.pdf", b"not a pdf")})
    assert not form.is_valid() and "does not contain what its name says" in str(form.errors)


def test_municipal_staff_cannot_open_the_coach_admin(client, staff_user):
    client.force_login(staff_user)
    assert client.get(CHANGELIST).status_code == 302  # the admin sends non-staff to log in
