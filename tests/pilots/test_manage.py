"""League admins and a pilot's coordinator manage its coaches and monitoring records."""

import datetime
import html

import pytest

from pilots import services
from pilots.models import (
    Adaptation,
    Assignment,
    Indicator,
    LogframeNode,
    Measurement,
    Pilot,
    StudyVisit,
    Swot,
)
from portal import clock
from portal.models import User
from reports import services as report_services
from tests.conftest import person
from tests.test_html_validity import _validate

pytestmark = pytest.mark.usefixtures("reference_data")

@pytest.fixture
def coordinator(db) -> User:
    return person("coordinator@yala.example.org", User.Role.STAFF, first_name="วันดี",
                   last_name="ประสานงาน")


@pytest.fixture
def pilot(make_pilot, coordinator) -> Pilot:
    return make_pilot(code="YALA-1", coordinator=coordinator)


@pytest.fixture(params=["league_admin", "coordinator"])
def manager(request, client, pilot):
    """Each behaviour is checked as a League admin and as the pilot's coordinator."""
    user = request.getfixturevalue(request.param)
    client.force_login(user)
    return user


def url(pilot, lang="/en"):
    return f"{lang}/pilots/{pilot.slug}/manage/"


def page_text(client, pilot, lang="/en") -> str:
    response = client.get(url(pilot, lang))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def post(client, pilot, action, **data):
    """Send one of the page's forms; its fields carry the form's prefix (the action's name)."""
    fields = {f"{action}-{name}": value for name, value in data.items()}
    return client.post(url(pilot), {"action": action, **fields})


def goal(pilot, text="ลดปริมาณขยะของเมือง"):
    return services.logframe_node_add(pilot=pilot, level="goal", text_th=text)


def indicator(pilot, node=None, name="ปริมาณขยะต่อวัน"):
    return services.indicator_add(pilot=pilot, data={
        "name_th": name, "unit": "ตัน", "baseline": 100, "target": 50, "node": node,
        "starts_on": datetime.date(2026, 1, 1), "due_on": datetime.date(2026, 12, 31)})


def assert_saved(response, pilot, anchor):
    assert response.status_code == 302
    assert response["Location"] == f"/en/pilots/{pilot.slug}/manage/#{anchor}"


# Who may use the page -------------------------------------------------------------------------

def test_anonymous_visitors_are_sent_to_log_in(client, pilot):
    response = client.get(url(pilot))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.post(url(pilot), {"action": "adaptation", "adaptation-change": "x"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Adaptation.objects.exists()


@pytest.mark.parametrize("persona", ["staff_user", "coach_user"])
def test_someone_who_is_not_the_coordinator_is_forbidden(client, request, pilot, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url(pilot)).status_code == 403
    response = post(client, pilot, "adaptation", change="ใช้รถเก็บขยะขนาดเล็ก")
    assert response.status_code == 403
    assert not Adaptation.objects.exists()


def test_a_private_pilot_is_not_found_for_outsiders(client, make_pilot, staff_user):
    hidden = make_pilot(code="HIDDEN-1", is_public=False)
    client.force_login(staff_user)
    assert client.get(url(hidden)).status_code == 404


def test_the_coordinator_cannot_change_details_or_take_coaches_off(
        client, pilot, coordinator, make_coach):
    assignment = services.assignment_add(pilot=pilot, coach=make_coach(), role="coach",
                                         starts_on=datetime.date(2026, 2, 1))
    client.force_login(coordinator)
    page = page_text(client, pilot)
    assert "Change the pilot's details" not in page and "Take off the pilot" not in page
    assert post(client, pilot, "details", status="completed").status_code == 403
    assert client.post(url(pilot), {"action": "remove",
                                    "assignment": assignment.pk}).status_code == 403
    pilot.refresh_from_db()
    assert pilot.status == "active" and Assignment.objects.filter(pk=assignment.pk).exists()


def test_an_unknown_form_saves_nothing(client, pilot, league_admin):
    client.force_login(league_admin)
    response = client.post(url(pilot), {"action": "mystery"}, follow=True)
    assert "the form sent was not recognised" in response.content.decode()


# Pilot details (League admins) -----------------------------------------------------------------

def test_a_league_admin_changes_the_details_and_the_coordinator_by_email(
        client, pilot, league_admin, staff_user):
    client.force_login(league_admin)
    response = post(client, pilot, "details", status="completed", starts_on="2026-01-15",
                    ends_on="2026-10-31", coordinator="STAFF@yala.example.org",
                    budget="250000.50", is_public="", objectives_th="ลดขยะลงครึ่งหนึ่ง",
                    objectives_en="Halve the waste")
    assert_saved(response, pilot, "details")
    pilot.refresh_from_db()
    assert (pilot.status, pilot.coordinator, pilot.is_public, str(pilot.budget)) == (
        "completed", staff_user, False, "250000.50")
    assert pilot.ends_on == datetime.date(2026, 10, 31)
    page = page_text(client, pilot)
    assert "The pilot's details were saved." in page
    assert "250,000.50 baht" in page and "staff@yala.example.org" in page
    # Buddhist era on the Thai page.
    assert "31 ตุลาคม 2569" in page_text(client, pilot, lang="")


def test_an_unknown_coordinator_or_reversed_dates_are_refused(client, pilot, league_admin,
                                                             coordinator):
    client.force_login(league_admin)
    response = post(client, pilot, "details", status="active", coordinator="nobody@example.org",
                    starts_on="2026-05-01", ends_on="2026-04-01")
    page = html.unescape(response.content.decode())
    assert response.status_code == 200 and "Nothing was saved." in page
    assert "No active portal account uses this e-mail address" in page
    assert "The end date is before the start date." in page
    pilot.refresh_from_db()
    assert pilot.coordinator == coordinator and pilot.ends_on is None


# Coaches ----------------------------------------------------------------------------------------

def test_assigning_a_coach_shows_them_with_their_home_municipality(client, pilot, manager,
                                                                  make_coach):
    coach = make_coach(name="สมศักดิ์ พี่เลี้ยง", public=["name"], home="เทศบาลนครเชียงราย")
    form = page_text(client, pilot)
    assert "สมศักดิ์ พี่เลี้ยง — Chiang Rai City Municipality (Chiang Rai)" in form
    response = post(client, pilot, "coach", coach=coach.pk, role="lead", starts_on="2026-02-01")
    assert_saved(response, pilot, "coaches")
    assignment = Assignment.objects.get(pilot=pilot)
    assert (assignment.coach, assignment.role) == (coach, "lead")
    page = page_text(client, pilot)
    assert "The coach was assigned to the pilot." in page
    assert "Lead coach" in page and "1 February 2026" in page


def test_a_paused_coach_cannot_be_assigned(client, pilot, manager, make_coach):
    paused = make_coach(status="paused", name="วิทยากร พักงาน", public=["name"])
    assert "วิทยากร พักงาน" not in page_text(client, pilot)
    response = post(client, pilot, "coach", coach=paused.pk, role="coach", starts_on="2026-02-01")
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Only an approved or active coach who is not yet on this pilot" in page
    assert not Assignment.objects.exists()


def test_an_assignment_ending_before_it_starts_is_refused(client, pilot, manager, make_coach):
    coach = make_coach()
    response = post(client, pilot, "coach", coach=coach.pk, role="coach",
                    starts_on="2026-03-01", ends_on="2026-02-01")
    assert "The end date is before the start date." in response.content.decode()
    assert not Assignment.objects.exists()


def test_a_league_admin_takes_a_coach_off_unless_they_have_reported(
        client, pilot, league_admin, make_coach):
    coach = make_coach()
    assignment = services.assignment_add(pilot=pilot, coach=coach, role="coach",
                                         starts_on=datetime.date(2026, 1, 1))
    client.force_login(league_admin)
    reporter = make_coach()
    kept = services.assignment_add(pilot=pilot, coach=reporter, role="lead",
                                   starts_on=datetime.date(2026, 1, 1))
    report_services.report_start(pilot=pilot, coach=reporter, kind="month", year=2026, number=2)

    response = client.post(url(pilot), {"action": "remove", "assignment": assignment.pk})
    assert_saved(response, pilot, "coaches")
    assert not Assignment.objects.filter(pk=assignment.pk).exists()

    response = client.post(url(pilot), {"action": "remove", "assignment": kept.pk}, follow=True)
    assert "set an end date instead" in response.content.decode()
    assert Assignment.objects.filter(pk=kept.pk).exists()


# Logical framework ------------------------------------------------------------------------------

def test_the_logical_framework_is_built_level_by_level(client, pilot, manager):
    response = post(client, pilot, "logframe", level="goal", text_th="เมืองสะอาด ขยะลดลง")
    assert_saved(response, pilot, "logframe")
    top = LogframeNode.objects.get(pilot=pilot)
    response = post(client, pilot, "logframe", level="purpose", parent=top.pk,
                    text_th="ครัวเรือนคัดแยกขยะ", assumptions="ชุมชนให้ความร่วมมือ",
                    risks="งบประมาณล่าช้า")
    assert_saved(response, pilot, "logframe")
    purpose = LogframeNode.objects.get(level="purpose")
    assert purpose.parent == top
    page = page_text(client, pilot)
    assert "The item was added to the logical framework." in page
    assert "เมืองสะอาด ขยะลดลง" in page and "ชุมชนให้ความร่วมมือ" in page
    assert "งบประมาณล่าช้า" in page
    # The purpose is listed inside its goal.
    assert page.index("เมืองสะอาด ขยะลดลง") < page.index("ครัวเรือนคัดแยกขยะ")


def test_an_item_under_the_wrong_level_is_refused(client, pilot, manager):
    top = goal(pilot)
    response = post(client, pilot, "logframe", level="output", parent=top.pk,
                    text_th="จุดรับขยะรีไซเคิล")
    page = html.unescape(response.content.decode())
    assert response.status_code == 200 and "Nothing was saved." in page
    assert "belongs under one at level “Purpose”" in page
    response = post(client, pilot, "logframe", level="activity", text_th="อบรมอาสาสมัคร")
    assert "Only the goal has no parent item." in response.content.decode()
    assert LogframeNode.objects.count() == 1


def test_an_item_of_another_pilot_cannot_be_chosen(client, pilot, manager, make_pilot):
    elsewhere = goal(make_pilot(code="OTHER-1"))
    response = post(client, pilot, "logframe", level="purpose", parent=elsewhere.pk,
                    text_th="ครัวเรือนคัดแยกขยะ")
    assert response.status_code == 200
    assert LogframeNode.objects.filter(pilot=pilot).count() == 0


# Indicators and measurements -------------------------------------------------------------------

def test_an_indicator_and_its_measurement_are_added_and_shown(client, pilot, manager):
    node = goal(pilot)
    response = post(client, pilot, "indicator", name_th="ปริมาณขยะต่อวัน",
                    name_en="Waste a day", unit="ตัน", baseline="120", target="60",
                    starts_on="2026-01-01", due_on="2026-12-31", node=node.pk,
                    verification="บันทึกเครื่องชั่ง")
    assert_saved(response, pilot, "indicators")
    added = Indicator.objects.get(pilot=pilot)
    assert (added.node, added.target) == (node, 60)

    measured_on = clock.today() - datetime.timedelta(days=3)
    response = post(client, pilot, "measurement", indicator=added.pk, value="90",
                    measured_on=measured_on.isoformat(), evidence="ใบชั่งน้ำหนักเดือนนี้")
    assert_saved(response, pilot, "indicators")
    measurement = Measurement.objects.get()
    assert (measurement.value, measurement.recorded_by) == (90, manager)

    page = page_text(client, pilot)
    assert "The measurement was recorded." in page
    assert "Waste a day" in page and "120 ตัน" in page and "60 ตัน" in page
    assert "90 ตัน" in page and "ใบชั่งน้ำหนักเดือนนี้" in page
    assert "31 December 2026" in page
    assert "31 ธันวาคม 2569" in page_text(client, pilot, lang="")


def test_an_indicator_due_before_its_baseline_date_is_refused(client, pilot, manager):
    response = post(client, pilot, "indicator", name_th="ปริมาณขยะต่อวัน", unit="ตัน",
                    baseline="120", target="60", starts_on="2026-06-01", due_on="2026-01-01")
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "The due date must come after the baseline date." in page
    assert not Indicator.objects.exists()


def test_a_measurement_in_the_future_is_refused(client, pilot, manager):
    item = indicator(pilot)
    tomorrow = clock.today() + datetime.timedelta(days=1)
    response = post(client, pilot, "measurement", indicator=item.pk, value="80",
                    measured_on=tomorrow.isoformat())
    assert "A measurement cannot be dated in the future." in response.content.decode()
    assert not Measurement.objects.exists()


# Learning: study visits, SWOT, adaptations -----------------------------------------------------

def test_a_study_visit_with_its_review_is_recorded(client, pilot, manager):
    response = post(client, pilot, "visit", visited_on="2026-03-15", place="เทศบาลนครภูเก็ต",
                    expected="เห็นระบบคัดแยกขยะ", happened="ได้ดูโรงคัดแยกจริง",
                    better_than_expected="ผู้บริหารมาต้อนรับเอง",
                    suggestions="ส่งเจ้าหน้าที่ไปฝึกงาน")
    assert_saved(response, pilot, "visits")
    assert StudyVisit.objects.get(pilot=pilot).place == "เทศบาลนครภูเก็ต"
    page = page_text(client, pilot)
    assert "The study visit and its review were saved." in page
    for text in ("เทศบาลนครภูเก็ต", "เห็นระบบคัดแยกขยะ", "ได้ดูโรงคัดแยกจริง",
                 "ผู้บริหารมาต้อนรับเอง", "ส่งเจ้าหน้าที่ไปฝึกงาน", "15 March 2026"):
        assert text in page
    assert "15 มีนาคม 2569" in page_text(client, pilot, lang="")


def test_a_study_visit_without_what_happened_is_refused(client, pilot, manager):
    response = post(client, pilot, "visit", visited_on="2026-03-15", place="เทศบาลนครภูเก็ต",
                    expected="เห็นระบบคัดแยกขยะ", happened="")
    assert response.status_code == 200 and "Nothing was saved." in response.content.decode()
    assert not StudyVisit.objects.exists()


def test_the_swot_is_written_then_edited_from_its_current_text(client, pilot, manager):
    response = post(client, pilot, "swot", strengths="ผู้บริหารสนับสนุน",
                    weaknesses="คนน้อย", opportunities="งบจังหวัด", threats="ฝนตกหนัก")
    assert_saved(response, pilot, "swot")
    page = page_text(client, pilot)
    assert "The SWOT was saved." in page
    # Shown, and pre-filled in the form for the next edit.
    assert page.count("ผู้บริหารสนับสนุน") == 2 and page.count("ฝนตกหนัก") == 2
    post(client, pilot, "swot", strengths="ผู้บริหารสนับสนุน", weaknesses="",
         opportunities="งบจังหวัด", threats="ฝนตกหนัก")
    swot = Swot.objects.get(pilot=pilot)
    assert (swot.strengths, swot.weaknesses) == ("ผู้บริหารสนับสนุน", "")


def test_an_adaptation_is_recorded(client, pilot, manager):
    response = post(client, pilot, "adaptation", change="ใช้รถเก็บขยะขนาดเล็ก",
                    reason="ซอยแคบ")
    assert_saved(response, pilot, "adaptations")
    page = page_text(client, pilot)
    assert "The adaptation was recorded." in page
    assert "ใช้รถเก็บขยะขนาดเล็ก" in page and "ซอยแคบ" in page
    response = post(client, pilot, "adaptation", change="", reason="ไม่มีอะไร")
    assert "Nothing was saved." in response.content.decode()
    assert Adaptation.objects.count() == 1


# Performance -------------------------------------------------------------------------------------

def fill(pilot, make_coach, n: int):
    """n records of every kind on the pilot."""
    measured_on = clock.today() - datetime.timedelta(days=1)
    for i in range(n):
        services.assignment_add(pilot=pilot, coach=make_coach(), role="coach",
                                starts_on=datetime.date(2026, 1, 1))
        top = goal(pilot, text=f"เป้าหมาย {pilot.code} {i}")
        purpose = services.logframe_node_add(pilot=pilot, level="purpose", parent=top,
                                             text_th=f"วัตถุประสงค์ {i}")
        item = indicator(pilot, node=purpose, name=f"ตัวชี้วัด {i}")
        services.measurement_add(indicator=item, actor=None, value=80 + i,
                                 measured_on=measured_on)
        services.study_visit_add(pilot=pilot, data={
            "visited_on": datetime.date(2026, 3, 1), "place": f"เมือง {i}",
            "expected": "ก", "happened": "ข"})
        services.adaptation_add(pilot=pilot, change=f"ปรับ {i}")
    services.swot_set(pilot=pilot, data={"strengths": "ดี"})


def test_the_page_takes_the_same_number_of_queries_however_many_records(
        client, make_pilot, league_admin, make_coach, django_assert_num_queries):
    small, large = make_pilot(code="SMALL-1"), make_pilot(code="LARGE-1")
    fill(small, make_coach, 1)
    fill(large, make_coach, 6)
    client.force_login(league_admin)
    client.get(url(small))  # warm the session and caches
    # Session, user, pilot, assignments with their coaches,
    # logical framework, indicators, their measurements, study visits, SWOT, adaptations,
    # coaches who can be assigned.
    for pilot in (small, large):
        with django_assert_num_queries(11):
            assert client.get(url(pilot)).status_code == 200
    page = page_text(client, large)
    assert "ตัวชี้วัด 5" in page and "เมือง 5" in page and "ปรับ 5" in page


def test_the_page_is_valid_html_with_records_and_with_errors(client, pilot, league_admin,
                                                            make_coach, tmp_path):
    fill(pilot, make_coach, 2)
    client.force_login(league_admin)
    pages = {"filled": client.get(url(pilot)).content}
    pages["errors"] = post(client, pilot, "indicator", name_th="x", unit="",
                           starts_on="2026-06-01", due_on="2026-01-01").content
    pages["thai"] = client.get(url(pilot, lang="")).content
    problems = _validate(pages, tmp_path)
    assert not problems, "\n".join(problems)
