"""Pilot projects over the API: what each caller sees, the monitoring actions, progress reports
with a token, recommendations and area reviews."""

import datetime

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from learning.models import AreaReview, Recommendation
from pilots import services
from pilots.models import Indicator, LogframeNode, Measurement, Pilot
from pilots.progress import indicator_progress
from portal import clock
from portal.models import Municipality, Theme, User
from practices.services import practice_create
from reports import services as report_services
from reports.models import ProgressReport, ReportComment

pytestmark = pytest.mark.usefixtures("reference_data")

PRIVATE_PILOT_KEYS = {"budget", "coordinator", "notes_th", "notes_en", "is_public",
                      "source_document"}


@pytest.fixture
def api():
    return APIClient()



def _th(message: str) -> str:
    """The API answers in the site language (Thai)."""
    from django.utils import translation

    with translation.override("th"):
        return translation.gettext(message)


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


@pytest.fixture
def admin_api(league_admin):
    return client_for(league_admin)


def yala() -> Municipality:
    return Municipality.objects.get(name_th="เทศบาลนครยะลา")


def songkhla() -> Municipality:
    return Municipality.objects.get(name_th="เทศบาลนครสงขลา")


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def published_practice():
    return practice_create(actor=None, status="published",
                           themes=[Theme.objects.get(code="environment")],
                           data={"title_th": "ธนาคารขยะ", "summary_th": "ขยะแลกไข่",
                                 "municipality": songkhla(), "province": songkhla().province})


def waste_indicator(pilot, **extra) -> Indicator:
    return services.indicator_add(pilot=pilot, data={
        "name_th": "ปริมาณขยะต่อวัน", "unit": "ตัน", "baseline": 100, "target": 50,
        "starts_on": datetime.date(2026, 1, 1), "due_on": datetime.date(2026, 12, 31),
        "verification": "ใบชั่งน้ำหนักรถขยะ", **extra})


def monitored(pilot, coach) -> Indicator:
    """A pilot with a coach, an indicator measured once and the rest of its monitoring."""
    services.assignment_add(pilot=pilot, coach=coach, role="lead",
                            starts_on=datetime.date(2026, 1, 1))
    goal = services.logframe_node_add(pilot=pilot, level="goal", text_th="เมืองสะอาด")
    services.logframe_node_add(pilot=pilot, level="purpose", text_th="ลดขยะ", parent=goal)
    indicator = waste_indicator(pilot, node=goal)
    services.measurement_add(indicator=indicator, actor=None, value=70,
                             measured_on=datetime.date(2026, 6, 30), evidence="รายงานกองช่าง")
    services.study_visit_add(pilot=pilot, data={
        "visited_on": datetime.date(2026, 2, 10), "place": "เทศบาลนครพิษณุโลก",
        "expected": "เห็นการคัดแยก", "happened": "ได้เห็นธนาคารขยะ"})
    services.swot_set(pilot=pilot, data={"strengths": "ผู้บริหารสนับสนุน"})
    services.adaptation_add(pilot=pilot, change="ใช้ถังสีเดียว", reason="งบประมาณจำกัด")
    return indicator


# Reading pilots ------------------------------------------------------------------------------

def test_anonymous_users_see_public_pilots_with_their_monitoring_and_no_private_coach_fields(
        api, make_pilot, make_coach):
    pilot = make_pilot(code="T-1", budget=250000, notes_th="บันทึกภายใน")
    coach = make_coach(name="นางสาวลับ เฉพาะ", email="secret.coach@example.org")
    indicator = monitored(pilot, coach)
    hidden = make_pilot(code="T-2", is_public=False)

    response = api.get("/api/pilots/")
    [item] = results(response)
    body = response.content.decode()
    for private in ("นางสาวลับ เฉพาะ", "secret.coach@example.org", coach.phone, "mayor",
                    "บันทึกภายใน", "250000", hidden.code):
        assert private not in body
    assert not PRIVATE_PILOT_KEYS & set(item)

    assert (item["code"], item["slug"], item["status"]) == ("T-1", pilot.slug, "active")
    assert item["municipality"]["name_th"] == "เทศบาลนครยะลา"
    assert (item["province"]["code"], item["province"]["region"]) == ("95", "south")
    assert item["themes"] == ["governance"]
    assert item["url"].endswith(pilot.get_absolute_url())
    assert item["coaches"] == [{
        "id": coach.pk, "public_name": str(coach.public_name()), "role": "lead",
        "starts_on": "2026-01-01", "ends_on": None, "assignment": pilot.assignments.get().pk}]
    assert str(coach.pk) in item["coaches"][0]["public_name"]

    [shown] = item["indicators"]
    assert (shown["baseline"], shown["target"], shown["unit"], shown["due_on"],
            shown["verification"]) == ("100.00", "50.00", "ตัน", "2026-12-31",
                                       "ใบชั่งน้ำหนักรถขยะ")
    assert [(m["value"], m["measured_on"], m["evidence"]) for m in shown["measurements"]] == [
        ("70.00", "2026-06-30", "รายงานกองช่าง")]
    expected = indicator_progress(indicator, list(indicator.measurements.all()),
                                  clock.today())
    assert shown["progress"]["status"] == expected.status
    assert shown["progress"]["actual"] == "70.00"
    assert shown["progress"]["achieved_percent"] == 60
    assert item["progress"] == expected.status

    [goal] = item["logframe"]
    assert (goal["level"], goal["text_th"]) == ("goal", "เมืองสะอาด")
    assert [(c["level"], c["text_th"]) for c in goal["children"]] == [("purpose", "ลดขยะ")]
    assert item["study_visits"][0]["happened"] == "ได้เห็นธนาคารขยะ"
    assert item["swot"]["strengths"] == "ผู้บริหารสนับสนุน"
    assert item["adaptations"][0]["change"] == "ใช้ถังสีเดียว"
    assert item["reporting_rate"]["due"] >= 1 and item["reporting_rate"]["on_time"] == 0

    detail = api.get(f"/api/pilots/{pilot.slug}/")
    assert detail.status_code == 200 and detail.json() == item
    assert api.get(f"/api/pilots/{hidden.slug}/").status_code == 404


def test_admins_and_the_coordinator_see_private_pilots_in_full(make_pilot, admin_api,
                                                               staff_user):
    pilot = make_pilot(code="T-2", is_public=False, budget=99000, coordinator=staff_user)
    [item] = results(admin_api.get("/api/pilots/"))
    assert item["budget"] == "99000.00" and item["coordinator"] == staff_user.email
    [item] = results(client_for(staff_user).get("/api/pilots/"))
    assert item["code"] == pilot.code and item["is_public"] is False


@pytest.mark.parametrize(("query", "expected"), [
    ("", {"T-1", "T-2", "T-3"}),
    ("status=completed", {"T-3"}),
    ("programme=delgosea", {"T-2"}),
    ("theme=environment", {"T-2", "T-3"}),
    ("province=95", {"T-1"}),
    ("region=south", {"T-1", "T-2"}),
    ("region=north", set()),
])
def test_pilot_filters(api, make_pilot, query, expected):
    make_pilot(code="T-1")
    make_pilot(code="T-2", municipality="เทศบาลนครสงขลา", themes=["environment"],
               programme="delgosea")
    make_pilot(code="T-3", municipality="เทศบาลนครอุดรธานี", themes=["environment", "budget"],
               status="completed")
    assert {p["code"] for p in results(api.get(f"/api/pilots/?{query}"))} == expected


def test_an_unknown_filter_value_is_a_400(api):
    assert api.get("/api/pilots/?status=bogus").status_code == 400
    assert api.get("/api/pilots/?theme=bogus").status_code == 400


def test_pilot_list_query_count_does_not_grow(api, make_pilot, make_coach,
                                              django_assert_num_queries):
    practice = published_practice()
    monitored(make_pilot(code="T-1", source_practice=practice), make_coach())
    # count, page, themes, practices, coaches, indicators, measurements, logframe, study
    # visits, adaptations, first submissions (for the reporting rates)
    with django_assert_num_queries(11):
        api.get("/api/pilots/")
    for n in range(2, 5):
        monitored(make_pilot(code=f"T-{n}", themes=["governance", "budget"],
                             source_practice=practice), make_coach())
    with django_assert_num_queries(11):
        assert len(results(api.get("/api/pilots/"))) == 4


# Admins create pilots and monitor them --------------------------------------------------------

def test_admin_creates_a_pilot_and_records_its_monitoring(admin_api, make_coach, staff_user):
    response = admin_api.post("/api/pilots/", {
        "code": "DG-9", "title_th": "ธนาคารขยะชุมชน", "municipality": yala().pk,
        "themes": ["environment"], "programme": "delgosea", "status": "planning",
        "budget": "120000", "coordinator": staff_user.email}, format="json")
    assert response.status_code == 201, response.content
    pilot = Pilot.objects.get(code="DG-9")
    assert response.json()["slug"] == pilot.slug and pilot.province.code == "95"
    assert response.json()["coordinator"] == staff_user.email
    base = f"/api/pilots/{pilot.slug}"

    coach = make_coach()
    response = admin_api.post(f"{base}/assignments/", {
        "coach": coach.pk, "role": "lead", "starts_on": "2026-02-01"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["public_name"] == str(coach.public_name())

    goal = admin_api.post(f"{base}/logframe/", {"level": "goal", "text_th": "ขยะลดลง"},
                          format="json")
    assert goal.status_code == 201, goal.content
    purpose = admin_api.post(f"{base}/logframe/", {
        "level": "purpose", "text_th": "ครัวเรือนคัดแยก", "parent": goal.json()["id"]},
        format="json")
    assert purpose.status_code == 201
    misplaced = admin_api.post(f"{base}/logframe/", {
        "level": "activity", "text_th": "อบรม", "parent": goal.json()["id"]}, format="json")
    assert misplaced.status_code == 400 and "parent" in misplaced.json()
    assert LogframeNode.objects.filter(pilot=pilot).count() == 2

    indicator = admin_api.post(f"{base}/indicators/", {
        "node": purpose.json()["id"], "name_th": "ครัวเรือนที่คัดแยก", "unit": "ครัวเรือน",
        "baseline": "10", "target": "200", "starts_on": "2026-01-01", "due_on": "2026-12-31",
        "verification": "แบบสำรวจ"}, format="json")
    assert indicator.status_code == 201, indicator.content
    backwards = admin_api.post(f"{base}/indicators/", {
        "name_th": "x", "unit": "y", "baseline": "1", "target": "2",
        "starts_on": "2026-06-01", "due_on": "2026-01-01"}, format="json")
    assert backwards.status_code == 400 and "due_on" in backwards.json()

    measured = admin_api.post(f"{base}/measurements/", {
        "indicator": indicator.json()["id"], "value": "105", "measured_on": "2026-07-01",
        "evidence": "สำรวจเดือนกรกฎาคม"}, format="json")
    assert measured.status_code == 201, measured.content
    future = admin_api.post(f"{base}/measurements/", {
        "indicator": indicator.json()["id"], "value": "1",
        "measured_on": str(clock.today() + datetime.timedelta(days=3))}, format="json")
    assert future.status_code == 400 and "measured_on" in future.json()

    assert admin_api.post(f"{base}/study-visits/", {
        "visited_on": "2026-03-05", "place": "เทศบาลเมืองแม่ฮ่องสอน", "expected": "ดูงาน",
        "happened": "ได้แนวคิดธนาคารขยะ"}, format="json").status_code == 201
    swot = admin_api.put(f"{base}/swot/", {"strengths": "ชุมชนเข้มแข็ง",
                                           "threats": "งบประมาณ"}, format="json")
    assert swot.status_code == 200 and swot.json()["threats"] == "งบประมาณ"
    assert admin_api.post(f"{base}/adaptations/", {"change": "เก็บขยะสัปดาห์ละครั้ง"},
                          format="json").status_code == 201
    assert admin_api.patch(f"{base}/", {"status": "active"},
                           format="json").json()["status"] == "active"

    item = admin_api.get(f"{base}/").json()
    assert [c["id"] for c in item["coaches"]] == [coach.pk]
    assert item["logframe"][0]["children"][0]["text_th"] == "ครัวเรือนคัดแยก"
    [shown] = item["indicators"]
    assert shown["measurements"][0]["value"] == "105.00"
    assert shown["progress"]["actual"] == "105.00"
    assert item["study_visits"] and item["adaptations"] and item["swot"]["strengths"]


def test_invalid_pilots_are_refused_and_nothing_is_written(admin_api, make_pilot):
    make_pilot(code="T-1")
    no_theme = admin_api.post("/api/pilots/", {"code": "T-5", "title_th": "x",
                                               "municipality": yala().pk, "themes": []},
                              format="json")
    assert no_theme.status_code == 400 and "themes" in no_theme.json()
    taken = admin_api.post("/api/pilots/", {"code": "T-1", "title_th": "x",
                                            "municipality": yala().pk,
                                            "themes": ["governance"]}, format="json")
    assert taken.status_code == 400 and "code" in taken.json()
    no_place = admin_api.post("/api/pilots/", {"code": "T-6", "title_th": "x",
                                               "themes": ["governance"]}, format="json")
    assert no_place.status_code == 400 and "province" in no_place.json()
    assert list(Pilot.objects.values_list("code", flat=True)) == ["T-1"]


def test_the_coordinator_may_monitor_the_pilot_and_others_may_not(
        api, make_pilot, staff_user, coach_user, make_coach, django_user_model):
    pilot = make_pilot(coordinator=staff_user)
    base = f"/api/pilots/{pilot.slug}"
    goal = {"level": "goal", "text_th": "เมืองน่าอยู่"}
    coordinator = client_for(staff_user)
    assert coordinator.post(f"{base}/logframe/", goal, format="json").status_code == 201
    assert coordinator.put(f"{base}/swot/", {"strengths": "ทีมงาน"},
                           format="json").status_code == 200
    # ...but only League admins assign coaches and edit the pilot itself.
    assert coordinator.post(f"{base}/assignments/", {
        "coach": make_coach().pk, "role": "coach", "starts_on": "2026-01-01"},
        format="json").status_code == 403
    assert coordinator.patch(f"{base}/", {"status": "completed"},
                             format="json").status_code == 403

    stranger = django_user_model.objects.create_user(email="other@songkhla.example.org",
                                                     municipality=songkhla())
    for client in (client_for(stranger), client_for(coach_user)):
        assert client.post(f"{base}/logframe/", goal, format="json").status_code == 403
        assert client.post(f"{base}/adaptations/", {"change": "x"},
                           format="json").status_code == 403
    assert api.post(f"{base}/logframe/", goal, format="json").status_code == 401
    assert pilot.logframe.count() == 1
    assert Pilot.objects.get(pk=pilot.pk).status == "active"


def test_staff_adopt_a_practice_for_their_own_municipality(staff_user, coach_user):
    practice = published_practice()
    staff_user.municipality = yala()
    staff_user.save()
    payload = {"practice": practice.slug, "municipality": yala().pk, "code": "AD-1"}
    assert client_for(coach_user).post("/api/pilots/adopt/", payload,
                                       format="json").status_code == 403
    response = client_for(staff_user).post("/api/pilots/adopt/", payload, format="json")
    assert response.status_code == 201, response.content
    item = response.json()
    assert (item["code"], item["title_th"], item["model_city"]) == (
        "AD-1", "ธนาคารขยะ", "เทศบาลนครสงขลา")
    assert item["source_practice"]["slug"] == practice.slug
    assert item["themes"] == ["environment"] and item["coordinator"] == staff_user.email

    elsewhere = client_for(staff_user).post("/api/pilots/adopt/", {
        **payload, "code": "AD-2", "municipality": songkhla().pk}, format="json")
    assert elsewhere.status_code == 403
    again = client_for(staff_user).post("/api/pilots/adopt/", payload, format="json")
    assert again.status_code == 400 and "code" in again.json()
    assert Pilot.objects.count() == 1


# Progress reports ----------------------------------------------------------------------------

def test_a_coach_writes_submits_and_corrects_a_report_with_a_token(api, assigned, coach_user):
    pilot, coach = assigned
    indicator = waste_indicator(pilot)
    coach_api = client_for(coach_user)

    started = coach_api.post("/api/reports/", {"pilot": pilot.slug, "period_kind": "month",
                                               "year": 2026, "number": 3}, format="json")
    assert started.status_code == 201, started.content
    report = started.json()
    assert (report["status"], report["period_start"], report["period_end"], report["version"]
            ) == ("draft", "2026-03-01", "2026-03-31", 1)
    assert report["coach"]["id"] == coach.pk and report["pilot"]["slug"] == pilot.slug
    again = coach_api.post("/api/reports/", {"pilot": pilot.slug, "year": 2026, "number": 3},
                           format="json")
    assert again.status_code == 200 and again.json()["id"] == report["id"]
    url = f"/api/reports/{report['id']}/"

    edited = coach_api.patch(url, {
        "summary": "จัดเวทีประชาคม", "activities": "อบรมแกนนำ",
        "measurements": [{"indicator": indicator.pk, "value": "80",
                          "evidence": "ใบชั่งน้ำหนัก"}]}, format="json")
    assert edited.status_code == 200, edited.content
    assert edited.json()["summary"] == "จัดเวทีประชาคม"
    assert [(m["indicator"], m["value"], m["measured_on"]) for m in edited.json()[
        "measurements"]] == [(indicator.pk, "80.00", "2026-03-31")]
    # A draft is the coach's own: nobody else sees it, nor its values on the pilot.
    assert api.get(url).status_code == 404
    assert api.get(f"/api/pilots/{pilot.slug}/").json()["indicators"][0]["measurements"] == []

    submitted = coach_api.post(f"{url}submit/")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    [shown] = api.get(f"/api/pilots/{pilot.slug}/").json()["indicators"]
    # The indicator's progress is public; the report's texts (its evidence too) are not.
    assert [(m["value"], m["evidence"], m["report"]) for m in shown["measurements"]] == [
        ("80.00", None, report["id"])]
    assert shown["progress"]["actual"] == "80.00"
    assert api.get(url).status_code == 404
    assert report["id"] not in {r["id"] for r in api.get("/api/reports/").json()["results"]}
    assert coach_api.get(url).json()["summary"] == "จัดเวทีประชาคม"

    locked = coach_api.patch(url, {"summary": "แก้ไขภายหลัง"}, format="json")
    assert locked.status_code == 400
    assert _th("A submitted report is locked; submit a correction instead.") in str(locked.json())
    assert ProgressReport.objects.get(pk=report["id"]).summary == "จัดเวทีประชาคม"

    corrected = coach_api.post(f"{url}correct/")
    assert corrected.status_code == 201, corrected.content
    correction = corrected.json()
    assert (correction["version"], correction["status"], correction["corrects"],
            correction["summary"]) == (2, "draft", report["id"], "จัดเวทีประชาคม")
    assert coach_api.get(url).json()["correction"] == correction["id"]
    assert coach_api.post(f"{url}correct/").status_code == 400  # one correction per version
    fixed = coach_api.patch(f"/api/reports/{correction['id']}/", {
        "measurements": [{"indicator": indicator.pk, "value": "75"}]}, format="json")
    assert fixed.status_code == 200
    coach_api.post(f"/api/reports/{correction['id']}/submit/")
    # The submitted correction replaces the first version's values.
    [shown] = api.get(f"/api/pilots/{pilot.slug}/").json()["indicators"]
    assert [m["value"] for m in shown["measurements"]] == ["75.00"]


def test_only_an_assigned_coach_starts_a_report(assigned, make_coach, other_coach_user,
                                                staff_user):
    pilot, _coach = assigned
    make_coach(user=other_coach_user)
    payload = {"pilot": pilot.slug, "period_kind": "month", "year": 2026, "number": 4}
    refused = client_for(other_coach_user).post("/api/reports/", payload, format="json")
    assert refused.status_code == 403
    assert refused.json()["detail"] == _th(
        "Only a coach assigned to this pilot can report on it.")
    assert client_for(staff_user).post("/api/reports/", payload,
                                       format="json").status_code == 403
    assert not ProgressReport.objects.exists()


def test_report_input_errors_are_400_and_write_nothing(assigned, coach_user, make_pilot):
    pilot, _coach = assigned
    coach_api = client_for(coach_user)
    assert coach_api.post("/api/reports/", {"pilot": pilot.slug, "year": 2026, "number": 13},
                          format="json").json().keys() == {"number"}
    future = coach_api.post("/api/reports/", {"pilot": pilot.slug, "year": 2099,
                                              "number": 1}, format="json")
    assert future.status_code == 400
    assert coach_api.post("/api/reports/", {"pilot": "nowhere", "year": 2026, "number": 1},
                          format="json").json().keys() == {"pilot"}
    report = coach_api.post("/api/reports/", {"pilot": pilot.slug, "year": 2026,
                                              "number": 2}, format="json").json()
    foreign = waste_indicator(make_pilot(code="T-9"))
    response = coach_api.patch(f"/api/reports/{report['id']}/", {
        "summary": "ไม่ควรบันทึก",
        "measurements": [{"indicator": foreign.pk, "value": "1"}]}, format="json")
    assert response.status_code == 400 and "measurements" in response.json()
    assert ProgressReport.objects.get(pk=report["id"]).summary == ""
    assert not Measurement.objects.exists()


def test_only_the_reports_coach_changes_it(assigned, coach_user, make_coach, other_coach_user,
                                           admin_api):
    pilot, coach = assigned
    report = report_services.report_start(pilot=pilot, coach=coach, kind="month", year=2026,
                                          number=5)
    other = client_for(other_coach_user)
    make_coach(user=other_coach_user)
    assert other.patch(f"/api/reports/{report.pk}/", {"summary": "x"},
                       format="json").status_code == 404  # someone else's draft
    assert admin_api.patch(f"/api/reports/{report.pk}/", {"summary": "x"},
                           format="json").status_code == 403
    assert admin_api.post(f"/api/reports/{report.pk}/submit/").status_code == 403
    report_services.report_update(report=report, actor=coach_user, data={"summary": "ส่งแล้ว"})
    report_services.report_submit(report=report, actor=coach_user)
    # Another coach cannot even see the report (reports are private).
    assert other.post(f"/api/reports/{report.pk}/correct/").status_code == 404
    assert ProgressReport.objects.count() == 1


def test_admins_and_the_coordinator_comment_and_the_coach_reads_it(
        api, assigned, coach_user, admin_api, staff_user, other_coach_user):
    pilot, coach = assigned
    Pilot.objects.filter(pk=pilot.pk).update(coordinator=staff_user)
    report = report_services.report_start(pilot=pilot, coach=coach, kind="month", year=2026,
                                          number=6)
    report_services.report_update(report=report, actor=coach_user, data={"summary": "สรุป"})
    report_services.report_submit(report=report, actor=coach_user)
    url = f"/api/reports/{report.pk}/comments/"

    assert admin_api.post(url, {"body": "ดีมาก"}, format="json").status_code == 201
    assert client_for(staff_user).post(url, {"body": "ขอบคุณ"},
                                       format="json").status_code == 201
    assert client_for(other_coach_user).post(url, {"body": "x"},
                                             format="json").status_code == 404
    assert client_for(coach_user).post(url, {"body": "x"}, format="json").status_code == 403
    assert api.post(url, {"body": "x"}, format="json").status_code == 401
    assert admin_api.post(url, {"body": "  "}, format="json").status_code == 400
    assert ReportComment.objects.count() == 2

    comments = client_for(coach_user).get(f"/api/reports/{report.pk}/").json()["comments"]
    assert [c["body"] for c in comments] == ["ดีมาก", "ขอบคุณ"]
    assert api.get(f"/api/reports/{report.pk}/").status_code == 404
    report_services.report_publish(report=report, actor=None)
    assert api.get(f"/api/reports/{report.pk}/").json()["comments"] is None


def test_a_coach_attaches_a_file_to_a_draft(assigned, coach_user, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    pilot, coach = assigned
    report = report_services.report_start(pilot=pilot, coach=coach, kind="month", year=2026,
                                          number=7)
    coach_api = client_for(coach_user)
    url = f"/api/reports/{report.pk}/attachments/"
    pdf = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes", "application/pdf")
    response = coach_api.post(url, {"file": pdf}, format="multipart")
    assert response.status_code == 201, response.content
    [attachment] = response.json()["attachments"]
    assert attachment["title"] == "minutes.pdf" and attachment["kind"] == "pdf"
    assert attachment["url"].startswith(
        f"http://testserver/files/report-attachment/{attachment['id']}/")
    fake = SimpleUploadedFile("photo.png", b"not an image", "image/png")
    refused = coach_api.post(url, {"file": fake}, format="multipart")
    assert refused.status_code == 400 and "file" in refused.json()
    assert report.attachments.count() == 1


@pytest.mark.parametrize(("query", "expected"), [
    ("", {"T-1 3", "T-1 4", "T-2 4"}),
    ("pilot=t-2", {"T-2 4"}),
    ("period=2026-04", {"T-1 4", "T-2 4"}),
    ("period=2026-Q1", {"T-1 3"}),
    ("period=2026", {"T-1 3", "T-1 4", "T-2 4"}),
    ("status=draft", set()),
])
def test_report_filters(api, assigned, coach_user, make_pilot, query, expected):
    pilot, coach = assigned
    second = make_pilot(code="T-2")
    services.assignment_add(pilot=second, coach=coach, role="coach",
                            starts_on=datetime.date(2026, 1, 1))
    for target, month in ((pilot, 3), (pilot, 4), (second, 4)):
        report = report_services.report_start(pilot=target, coach=coach, kind="month", year=2026,
                                              number=month)
        report_services.report_update(report=report, actor=coach_user, data={"summary": "สรุป"})
        report_services.report_submit(report=report, actor=coach_user)
        report_services.report_publish(report=report, actor=None)  # the public reads them
    # draft
    report_services.report_start(pilot=pilot, coach=coach, kind="month", year=2026, number=5)
    found = results(api.get(f"/api/reports/?{query}"))
    assert {f"{r['pilot']['code']} {int(r['period_start'][5:7])}" for r in found} == expected


def test_report_filter_errors_and_coach_filter(api, assigned, coach_user):
    _pilot, coach = assigned
    assert api.get("/api/reports/?period=March").status_code == 400
    assert api.get("/api/reports/?period=2026-13").status_code == 400
    assert results(client_for(coach_user).get(f"/api/reports/?coach={coach.pk}")) == []


def test_report_list_query_count_does_not_grow(api, assigned, coach_user,
                                               django_assert_num_queries):
    pilot, coach = assigned
    indicator = waste_indicator(pilot)

    def submit(month):
        report = report_services.report_start(pilot=pilot, coach=coach, kind="month", year=2026,
                                              number=month)
        report_services.report_update(report=report, actor=coach_user, data={"summary": "สรุป"},
                                      measurements=[{"indicator": indicator, "value": 90 - month}])
        report_services.report_submit(report=report, actor=coach_user)
        report_services.report_publish(report=report, actor=None)
        ReportComment.objects.create(report=report, author=coach_user, body="บันทึก")

    submit(1)
    with django_assert_num_queries(5):
        api.get("/api/reports/")
    for month in (2, 3, 4):
        submit(month)
    with django_assert_num_queries(5):
        assert len(results(api.get("/api/reports/"))) == 4


# Recommendations -----------------------------------------------------------------------------

def test_recommendations_are_public_and_filtered(api, make_pilot):
    first = make_pilot(code="T-1")
    hidden = make_pilot(code="T-2", is_public=False)
    project = Recommendation.objects.create(level="project", recommendation_th="ทำแผนร่วม")
    project.pilots.set([first, hidden])
    Recommendation.objects.create(level="policy", recommendation_th="แก้ระเบียบ",
                                  status="done").pilots.set([hidden])
    Recommendation.objects.create(level="league", recommendation_th="จัดอบรม",
                                  status="in_progress")

    def texts(query):
        return {r["recommendation_th"] for r in results(api.get(
            f"/api/recommendations/?{query}"))}

    assert texts("") == {"ทำแผนร่วม", "แก้ระเบียบ", "จัดอบรม"}
    assert texts("level=policy") == {"แก้ระเบียบ"}
    assert texts("status=in_progress") == {"จัดอบรม"}
    assert texts("pilot=T-1") == {"ทำแผนร่วม"}
    assert texts("pilot=T-2") == set()  # a private pilot is not revealed
    item = api.get(f"/api/recommendations/{project.pk}/").json()
    assert item["pilots"] == ["T-1"]
    assert api.get("/api/recommendations/?level=galaxy").status_code == 400


def test_admins_write_recommendations(api, admin_api, staff_user, make_pilot):
    make_pilot(code="T-1")
    payload = {"level": "municipality", "problem_th": "ขาดงบ",
               "recommendation_th": "หาแหล่งทุนร่วม", "pilots": ["T-1"]}
    assert api.post("/api/recommendations/", payload, format="json").status_code == 401
    assert client_for(staff_user).post("/api/recommendations/", payload,
                                       format="json").status_code == 403
    created = admin_api.post("/api/recommendations/", payload, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["pilots"] == ["T-1"]
    changed = admin_api.patch(f"/api/recommendations/{created.json()['id']}/",
                              {"status": "done", "pilots": []}, format="json")
    assert changed.status_code == 200 and changed.json()["pilots"] == []
    assert admin_api.post("/api/recommendations/", {"level": "project"},
                          format="json").status_code == 400
    assert Recommendation.objects.get().status == "done"


def test_recommendation_list_query_count_is_fixed(api, make_pilot, django_assert_num_queries):
    pilot = make_pilot()
    for n in range(5):
        Recommendation.objects.create(level="project", recommendation_th=f"ข้อ {n}"
                                      ).pilots.set([pilot])
    with django_assert_num_queries(3):  # count, page, pilots
        assert len(results(api.get("/api/recommendations/"))) == 5


# Area-management reviews ---------------------------------------------------------------------

def answers(*, people_met=("four_org_participation",), data_met=()) -> dict:
    return {
        "people": {"role_models": {"met": list(people_met), "how": "คัดเลือกจากเวทีประชาคม"}},
        "data": {"team": {"met": list(data_met)}},
    }


@pytest.fixture
def yala_staff(staff_user) -> User:
    staff_user.municipality = yala()
    staff_user.save()
    return staff_user


def test_area_review_with_an_unknown_criterion_is_refused(yala_staff):
    response = client_for(yala_staff).post("/api/area-reviews/", {
        "year": 2026, "answers": answers(people_met=["no_such_criterion"])}, format="json")
    assert response.status_code == 400 and "answers" in response.json()
    assert not AreaReview.objects.exists()


def test_municipal_accounts_review_their_own_area(api, yala_staff, admin_api,
                                                  django_user_model):
    client = client_for(yala_staff)
    assert api.post("/api/area-reviews/", {"year": 2026, "answers": answers()},
                    format="json").status_code == 401
    created = client.post("/api/area-reviews/", {"year": 2026, "answers": answers()},
                          format="json")
    assert created.status_code == 201, created.content
    review = created.json()
    assert (review["area_name"], review["province"]["code"], review["municipality"]["id"]
            ) == ("เทศบาลนครยะลา", "95", yala().pk)
    assert review["answers"]["people"]["role_models"]["met"] == ["four_org_participation"]
    assert client.post("/api/area-reviews/", {"year": 2026, "answers": answers(),
                                              "municipality": songkhla().pk},
                       format="json").status_code == 400

    changed = client.patch(f"/api/area-reviews/{review['id']}/",
                           {"answers": answers(people_met=[])}, format="json")
    assert changed.status_code == 200
    assert changed.json()["answers"]["people"]["role_models"]["met"] == []
    outsider = django_user_model.objects.create_user(email="x@songkhla.example.org",
                                                     municipality=songkhla())
    assert client_for(outsider).patch(f"/api/area-reviews/{review['id']}/", {
        "answers": answers()}, format="json").status_code == 403
    no_town = django_user_model.objects.create_user(email="y@example.org")
    assert client_for(no_town).post("/api/area-reviews/", {
        "year": 2026, "answers": answers()}, format="json").status_code == 403

    by_admin = admin_api.post("/api/area-reviews/", {
        "year": 2026, "province": "90", "area_name": "ตำบลคลองแห", "answers": answers()},
        format="json")
    assert by_admin.status_code == 201, by_admin.content
    assert by_admin.json()["municipality"] is None
    assert {r["area_name"] for r in results(api.get("/api/area-reviews/?year=2026"))} == {
        "เทศบาลนครยะลา", "ตำบลคลองแห"}
    assert results(api.get("/api/area-reviews/?province=95"))[0]["id"] == review["id"]


PEOPLE_ROWS = ["role_models", "change_leaders", "new_generation_leaders", "youth_leaders",
               "volunteers"]  # and "other", which counts only when filled in


def test_area_review_summary_counts_unmet_criteria(api, admin_api):
    everywhere = {row: {"met": ["four_org_participation"]} for row in PEOPLE_ROWS}
    all_but_one = {**everywhere, "volunteers": {"met": []}}
    for name, people, year in (("ก", everywhere, 2026), ("ข", all_but_one, 2026),
                               ("ค", {}, 2026), ("ง", everywhere, 2025)):
        response = admin_api.post("/api/area-reviews/", {
            "year": year, "province": "95", "area_name": name,
            "answers": {"people": people}}, format="json")
        assert response.status_code == 201, response.content

    summary = api.get("/api/area-reviews/summary/?year=2026").json()
    assert summary["reviews"] == 3 and summary["year"] == 2026
    assert [s["code"] for s in summary["sections"]] == ["people", "mechanism", "data"]
    people = {c["code"]: c for c in summary["sections"][0]["criteria"]}
    assert (people["four_org_participation"]["unmet"], people["four_org_participation"][
        "rows_unmet"], people["four_org_participation"]["rows_assessed"]) == (2, 6, 15)
    assert people["four_org_participation"]["percent"] == 40
    assert people["data_for_leaders"]["unmet"] == 3
    assert api.get("/api/area-reviews/summary/").json()["reviews"] == 4
    assert api.get("/api/area-reviews/summary/?year=soon").status_code == 400


def test_area_review_list_query_count_is_fixed(api, admin_api, django_assert_num_queries):
    for name in ("ก", "ข", "ค"):
        admin_api.post("/api/area-reviews/", {"year": 2026, "municipality": None,
                                              "province": "95", "area_name": name,
                                              "answers": answers()}, format="json")
    with django_assert_num_queries(2):  # count, page with province, region and municipality
        assert len(results(api.get("/api/area-reviews/"))) == 3


# The schema documents it all -----------------------------------------------------------------

def test_every_pilot_action_is_in_the_openapi_schema(api):
    paths = api.get("/api/schema/?format=json").json()["paths"]
    for path, method in (
            ("/api/pilots/", "post"), ("/api/pilots/{slug}/", "patch"),
            ("/api/pilots/adopt/", "post"), ("/api/pilots/{slug}/assignments/", "post"),
            ("/api/pilots/{slug}/assignments/{assignment_id}/", "delete"),
            ("/api/pilots/{slug}/logframe/", "post"), ("/api/pilots/{slug}/indicators/", "post"),
            ("/api/pilots/{slug}/measurements/", "post"),
            ("/api/pilots/{slug}/study-visits/", "post"), ("/api/pilots/{slug}/swot/", "put"),
            ("/api/pilots/{slug}/adaptations/", "post"), ("/api/reports/", "post"),
            ("/api/reports/{id}/", "patch"), ("/api/reports/{id}/submit/", "post"),
            ("/api/reports/{id}/correct/", "post"), ("/api/reports/{id}/comments/", "post"),
            ("/api/reports/{id}/attachments/", "post"), ("/api/recommendations/", "post"),
            ("/api/area-reviews/", "post"), ("/api/area-reviews/summary/", "get")):
        assert method in paths.get(path, {}), (path, method)
    parameters = {p["name"] for p in paths["/api/pilots/"]["get"]["parameters"]}
    assert {"programme", "status", "theme", "province", "region"} <= parameters
