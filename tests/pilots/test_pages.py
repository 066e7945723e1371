"""The public pages of pilot projects: the list with its filters and a pilot's page."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from learning.models import Recommendation
from pilots import services
from pilots.models import Pilot
from reports import services as report_services
from reports.models import ProgressReport
from tests.conftest import DEFAULT_NOW

pytestmark = pytest.mark.django_db

TODAY = DEFAULT_NOW.date()  # the day the clock fixture sets
DAYS = datetime.timedelta(days=1)


def _html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _results(html: str) -> str:
    """The results column only (the filter form lists every theme, region, province...)."""
    return html.split('id="results-heading"', 1)[1]


def _url(obj) -> str:
    """The Thai (unprefixed) address, whatever language the last request left active."""
    with translation.override("th"):
        return obj.get_absolute_url()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _monitoring(pilot: Pilot, coach, user, *, n: int = 1) -> None:
    """A logframe, indicators with measurements, a study visit, SWOT, an adaptation, a
    recommendation and a submitted report; half the indicator's time has gone."""
    goal = services.logframe_node_add(pilot=pilot, level="goal", text_th=f"ลดขยะของเมือง {n}")
    purpose = services.logframe_node_add(pilot=pilot, level="purpose", parent=goal,
                                         text_th=f"ครัวเรือนคัดแยกขยะ {n}",
                                         assumptions="ชุมชนให้ความร่วมมือ")
    output = services.logframe_node_add(pilot=pilot, level="output", parent=purpose,
                                        text_th=f"ธนาคารขยะ {n} แห่ง", risks="งบประมาณล่าช้า")
    services.logframe_node_add(pilot=pilot, level="activity", parent=output,
                               text_th=f"อบรมแกนนำชุมชน {n}")
    start, due = TODAY - 100 * DAYS, TODAY + 100 * DAYS
    waste = services.indicator_add(pilot=pilot, data={
        "name_th": f"ปริมาณขยะต่อวัน {n}", "unit": "ตัน", "baseline": 100, "target": 50,
        "starts_on": start, "due_on": due, "node": purpose,
        "verification": "บันทึกการชั่งน้ำหนักรถเก็บขยะ"})
    banks = services.indicator_add(pilot=pilot, data={
        "name_th": f"จำนวนธนาคารขยะ {n}", "unit": "แห่ง", "baseline": 0, "target": 12,
        "starts_on": start, "due_on": due, "node": output})
    services.measurement_add(indicator=waste, actor=None, value=80, measured_on=TODAY - 60 * DAYS)
    services.measurement_add(indicator=waste, actor=None, value=60, measured_on=TODAY - 5 * DAYS)
    services.measurement_add(indicator=banks, actor=None, value=1, measured_on=TODAY - 5 * DAYS)
    services.study_visit_add(pilot=pilot, data={
        "visited_on": TODAY - 30 * DAYS, "place": f"เทศบาลนครยะลา {n}",
        "expected": "ได้เห็นการคัดแยกขยะ", "happened": "ชุมชนสาธิตการทำปุ๋ยหมัก",
        "better_than_expected": "ผู้บริหารมาร่วมด้วย", "suggestions": "ควรไปซ้ำในฤดูฝน"})
    services.swot_set(pilot=pilot, data={
        "strengths": "ผู้บริหารสนับสนุน", "weaknesses": "บุคลากรน้อย",
        "opportunities": "งบจากจังหวัด", "threats": "ฝนตกหนัก"})
    services.adaptation_add(pilot=pilot, change=f"ใช้รถเก็บขยะขนาดเล็ก {n}",
                            reason="ซอยแคบ")
    recommendation = Recommendation.objects.create(
        level="municipality", problem_th=f"ขาดงบประมาณ {n}",
        recommendation_th=f"ของบจากกองทุนสิ่งแวดล้อม {n}")
    recommendation.pilots.add(pilot)
    report = report_services.report_start(pilot=pilot, coach=coach, kind="month",
                                          year=TODAY.year - 1, number=n)
    report_services.report_update(report=report, actor=user, data={"summary": f"สรุปรายงาน {n}"})
    report_services.report_submit(report=report, actor=user)


@pytest.fixture
def monitored(assigned, coach_user):
    pilot, coach = assigned
    _monitoring(pilot, coach, coach_user)
    return pilot, coach


# The list -------------------------------------------------------------------------------------

def test_list_shows_each_pilot_with_area_themes_status_progress_and_coaches(
        client, monitored, make_pilot):
    pilot, _coach = monitored
    make_pilot(code="CR-1", municipality="เทศบาลนครเชียงราย", themes=["environment"],
               status="planning", title_th="ลดหมอกควันเชียงราย")
    html = _results(_html(client, "/en/pilots/"))
    assert "2 pilot projects found" in html
    row = _text(html.split(f'id="pilot-{pilot.pk}"')[1].split("</article>")[0])
    assert "T-1" in row and pilot.title_th in row
    assert "Yala City Municipality, Yala" in row and "Good governance" in row
    assert "Active" in row
    assert "Off track" in row  # the number of waste banks lags far behind
    assert re.search(r"Coaches 1\b", row)
    other = _text(html.split("CR-1")[1].split("</article>")[0])
    assert "Planning" in other and "Not measured yet" in other and re.search(r"Coaches 0\b",
                                                                               other)


def test_list_shows_only_public_pilots_to_the_public(client, make_pilot):
    make_pilot(code="PUB-1", title_th="โครงการเปิดเผย")
    make_pilot(code="HID-1", title_th="โครงการภายใน", is_public=False)
    html = _html(client, "/pilots/")
    assert "โครงการเปิดเผย" in html and "โครงการภายใน" not in html


@pytest.mark.parametrize(("query", "expected"), [
    ("programme=delgosea", {"DG-1"}),
    ("status=completed", {"ABC-1"}),
    ("theme=environment", {"DG-1"}),
    ("region=north", {"DG-1"}),
    ("province=95", {"ABC-1"}),
    ("programme=delgosea&theme=governance", set()),
])
def test_list_filters(client, make_pilot, query, expected):
    make_pilot(code="DG-1", municipality="เทศบาลนครเชียงราย", programme="delgosea",
               themes=["environment"])
    make_pilot(code="ABC-1", programme="area-based-2016", status="completed")
    response = client.get(f"/en/pilots/?{query}")
    assert {row["pilot"].code for row in response.context["rows"]} == expected
    html = response.content.decode()
    if not expected:
        assert "No pilot project matches yet" in html and "Remove the filters" in html
    else:
        assert "Clear all filters" in html


def test_invalid_filter_shows_an_error_and_no_pilot(client, make_pilot):
    make_pilot()
    html = _html(client, "/en/pilots/?status=nonsense")
    assert "Some filters are not valid" in html and "0 pilot projects found" in html


def test_list_is_paginated(client, make_pilot):
    for n in range(25):
        make_pilot(code=f"P-{n:02d}")
    first = client.get("/en/pilots/")
    assert len(first.context["rows"]) == 20 and "Page 1 of 2" in first.content.decode()
    second = client.get("/en/pilots/?page=2")
    assert [r["pilot"].code for r in second.context["rows"]] == [f"P-{n}" for n in range(20, 25)]
    assert 'href="?page=1"' in second.content.decode()


def test_empty_list_suggests_adopting_a_practice(client, reference_data):
    html = _html(client, "/en/pilots/")
    assert "No pilot project matches yet" in html
    assert "adopt one in your municipality" in html


# Anonymous list: count + page + coach counts (in the page query) + themes + indicators
# + measurements + 3 filter select lists (theme, region, province).
LIST_QUERIES = 8


def test_list_query_count_is_pinned_and_does_not_grow(client, assigned, coach_user,
                                                      make_pilot):
    pilot, coach = assigned
    _monitoring(pilot, coach, coach_user)
    before = _queries(client, "/pilots/")
    for n in range(2, 8):
        other = make_pilot(code=f"T-{n}", themes=["governance", "environment"])
        indicator = services.indicator_add(pilot=other, data={
            "name_th": "ตัวชี้วัด", "unit": "ครั้ง", "baseline": 0, "target": 5,
            "starts_on": TODAY - 10 * DAYS, "due_on": TODAY + 10 * DAYS})
        services.measurement_add(indicator=indicator, actor=None, value=3, measured_on=TODAY)
    assert _queries(client, "/pilots/") == before == LIST_QUERIES


def test_anonymous_list_is_cached_until_a_pilot_changes(client, settings, make_pilot,
                                                        django_capture_on_commit_callbacks,
                                                        django_assert_num_queries):
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    pilot = make_pilot(title_th="โครงการแรก")
    assert "โครงการแรก" in _html(client, "/pilots/")
    with django_assert_num_queries(0):
        assert "โครงการแรก" in _html(client, "/pilots/")
    with django_capture_on_commit_callbacks(execute=True):
        services.pilot_save(pilot=pilot, actor=None, data={"title_th": "ชื่อใหม่"})
    assert "ชื่อใหม่" in _html(client, "/pilots/")


# A pilot's page -------------------------------------------------------------------------------

def test_pilot_page_shows_the_logframe_indicators_learning_and_reports(client, monitored):
    pilot, coach = monitored
    html = _html(client, f"/en{_url(pilot)}")
    assert html.count("<h1") == 1
    text = _text(html)
    # Logical framework, nested goal > purpose > output > activity, with assumptions and risks.
    logframe = html.split('id="logframe-heading"')[1].split("</section>")[0]
    assert re.search(r"ลดขยะของเมือง 1.*<ul>.*ครัวเรือนคัดแยกขยะ 1.*<ul>.*ธนาคารขยะ 1 แห่ง"
                     r".*<ul>.*อบรมแกนนำชุมชน 1", logframe, re.S)
    assert "ชุมชนให้ความร่วมมือ" in logframe and "งบประมาณล่าช้า" in logframe
    # Indicators: figures, status text, means of verification, chart and table.
    waste = html.split("ปริมาณขยะต่อวัน 1</h3>")[1].split("</section>")[0]
    assert "On track" in waste  # (100 - 60) / (100 - 50): 80 % of the way, 50 % of the time
    assert "80 % of the way to the target, with 50 % of the time gone" in waste
    assert "บันทึกการชั่งน้ำหนักรถเก็บขยะ" in waste
    assert "Latest value</dt><dd>60 ตัน" in waste
    assert "<svg" in waste and "<title" in waste and "<desc" in waste
    table = waste.split("<table")[1]
    for value in ("100", "80", "60", "50"):
        assert f"<td>{value}</td>" in table, value
    assert "Off track" in html.split("จำนวนธนาคารขยะ 1</h3>")[1].split("</section>")[0]
    # Study visit with its After Action Review, SWOT as a table, adaptation, recommendation.
    for words in ("ได้เห็นการคัดแยกขยะ", "ชุมชนสาธิตการทำปุ๋ยหมัก", "ผู้บริหารมาร่วมด้วย",
                  "ควรไปซ้ำในฤดูฝน", "ใช้รถเก็บขยะขนาดเล็ก 1", "ซอยแคบ", "ขาดงบประมาณ 1",
                  "ของบจากกองทุนสิ่งแวดล้อม 1"):
        assert words in text, words
    swot = html.split('class="swot"')[1].split("</table>")[0]
    for words in ("Strengths", "ผู้บริหารสนับสนุน", "Weaknesses", "บุคลากรน้อย",
                  "Opportunities", "งบจากจังหวัด", "Threats", "ฝนตกหนัก"):
        assert words in swot, words
    # Reports: the reporting rate for everyone; the report itself is private until the
    # League publishes it, then the timeline links to it.
    report = ProgressReport.objects.get(pilot=pilot)
    assert "Monthly reports due" in html and "Missing" in html
    assert f'href="/en/pilots/reports/{report.pk}/"' not in html
    report_services.report_publish(report=report, actor=None)
    html = _html(client, f"/en{_url(pilot)}")
    assert f'href="/en/pilots/reports/{report.pk}/"' in html


def test_pilot_page_shows_area_practice_dates_coordinator_and_budget(client, make_pilot,
                                                                     staff_user):
    from practices.models import Practice
    from practices.seed import seed_practices_load

    seed_practices_load()
    practice = Practice.objects.get(external_id="delgosea-yala")
    pilot = make_pilot(source_practice=practice, documented_in=practice,
                       model_city="เทศบาลนครยะลา", budget=250000, coordinator=staff_user,
                       starts_on=datetime.date(2026, 3, 1), objectives_th="ให้บริการได้เร็วขึ้น")
    text = _text(_html(client, _url(pilot)))
    assert "1 มีนาคม 2569" in text  # Buddhist era
    assert "ให้บริการได้เร็วขึ้น" in text and "250,000.00" in text
    assert "สมชาย ใจดี" in text and staff_user.email not in text  # the name only
    html = _html(client, f"/en{_url(pilot)}")
    assert f'href="/en{_url(practice)}"' in html
    assert "Model city" in html and "1 March 2026" in html


def test_province_level_pilot_shows_its_province(client, reference_data):
    from portal.models import Province, Theme

    province = Province.objects.get(name_th="ระยอง")
    pilot = services.pilot_save(actor=None, themes=Theme.objects.filter(code="participation"),
                                data={"code": "ABC-RY", "title_th": "แก้ปัญหาไข้เลือดออก",
                                      "province": province, "year_started": 2016})
    text = _text(_html(client, f"/en{_url(pilot)}"))
    assert "province-level pilot" in text and province.name_en in text
    assert "2559" in _text(_html(client, _url(pilot)))


def test_private_coach_data_never_appears_on_the_pilot_page(client, assigned, coach_user):
    pilot, coach = assigned
    _monitoring(pilot, coach, coach_user)
    assert coach.public_fields == []
    for url in (_url(pilot), f"/en{_url(pilot)}", "/pilots/"):
        html = _html(client, url)
        for private in (coach.name_th, coach.phone, coach.email, coach.position,
                        coach_user.email):
            assert private not in html, (url, private)
    html = _html(client, f"/en{_url(pilot)}")
    assert f"Coach no. {coach.pk}" in html and "Lead coach" in html
    assert f'href="/en/coaches/{coach.pk}/"' in html


def test_coach_who_shows_the_name_is_named_and_linked(client, make_pilot, make_coach):
    pilot = make_pilot()
    coach = make_coach(public=["name"], name="สมศักดิ์ พี่เลี้ยง")
    services.assignment_add(pilot=pilot, coach=coach, role="coach",
                            starts_on=datetime.date(2026, 1, 1),
                            ends_on=datetime.date(2026, 6, 30))
    html = _html(client, f"/en{_url(pilot)}")
    assert f'<a href="/en/coaches/{coach.pk}/">สมศักดิ์ พี่เลี้ยง</a>' in html
    assert "from 1 January 2026 until 30 June 2026" in html


def test_non_public_pilot_is_found_only_by_those_involved(client, make_pilot, staff_user,
                                                          league_admin, make_coach,
                                                          coach_user, other_coach_user):
    pilot = make_pilot(is_public=False, coordinator=staff_user)
    services.assignment_add(pilot=pilot, coach=make_coach(user=coach_user), role="coach",
                            starts_on=datetime.date(2026, 1, 1))
    url = _url(pilot)
    assert client.get(url).status_code == 404
    client.force_login(other_coach_user)
    assert client.get(url).status_code == 404
    for user in (league_admin, staff_user, coach_user):
        client.force_login(user)
        assert "Not public" in _html(client, f"/en{url}"), user


def test_manage_and_report_links_for_the_people_involved(client, assigned, staff_user,
                                                         league_admin, coach_user):
    pilot, _coach = assigned
    services.pilot_save(pilot=pilot, actor=None, data={"coordinator": staff_user})
    url = f"/en{_url(pilot)}"
    manage, report = f"/en/pilots/{pilot.slug}/manage/", f"/en/pilots/{pilot.slug}/report/"
    html = _html(client, url)
    assert manage not in html and report not in html
    for user, sees_manage, sees_report in [(league_admin, True, False), (staff_user, True, False),
                                           (coach_user, False, True)]:
        client.force_login(user)
        html = _html(client, url)
        assert (manage in html, report in html) == (sees_manage, sees_report), user


def test_unknown_pilot_is_not_found(client, reference_data):
    assert client.get("/pilots/no-such-pilot/").status_code == 404


# Anonymous pilot page: pilot (with area, practices, coordinator, SWOT) + themes + assignments
# with coaches + logframe + indicators + measurements + study visits + adaptations
# + recommendations + reports + first submissions (reporting rate).
DETAIL_QUERIES = 11


def test_pilot_page_query_count_is_pinned_and_does_not_grow(client, assigned, coach_user,
                                                            make_coach):
    pilot, coach = assigned
    _monitoring(pilot, coach, coach_user)
    url = _url(pilot)
    before = _queries(client, url)
    for n in range(2, 5):
        _monitoring(pilot, coach, coach_user, n=n)
        services.assignment_add(pilot=pilot, coach=make_coach(public=["name"]), role="coach",
                                starts_on=datetime.date(2026, 1, 1))
    assert _queries(client, url) == before == DETAIL_QUERIES


# Admin ----------------------------------------------------------------------------------------

def test_admin_lists_pilots_with_filters_and_search_and_shows_the_inlines(
        client, league_admin, monitored, make_pilot):
    league_admin.is_staff = True
    league_admin.save()
    pilot, _coach = monitored
    make_pilot(code="CR-9", municipality="เทศบาลนครเชียงราย", programme="delgosea")
    client.force_login(league_admin)
    page = _html(client, "/en/admin/pilots/pilot/")
    for label in ("By programme", "By status", "By themes", "T-1", "CR-9"):
        assert label in page, label

    def codes(query):
        return {p.code for p in client.get("/en/admin/pilots/pilot/" + query)
                .context["cl"].result_list}

    assert codes("?programme__exact=delgosea") == {"CR-9"}
    assert codes("?q=CR-9") == {"CR-9"}
    change = _html(client, f"/en/admin/pilots/pilot/{pilot.pk}/change/")
    for heading in ("Coach assignments", "Logical framework", "Indicators",
                    "Study visits and AARs", "Adaptations"):
        assert heading in change, heading
    for url in ("/en/admin/pilots/indicator/", "/en/admin/learning/recommendation/",
                "/en/admin/learning/areareview/", "/en/admin/reports/progressreport/",
                "/en/admin/reports/reportcomment/"):
        assert client.get(url).status_code == 200, url
    indicator = pilot.indicators.first()
    assert "Measurements" in _html(client, f"/en/admin/pilots/indicator/{indicator.pk}/change/")
    report = ProgressReport.objects.get(pilot=pilot)
    locked = _html(client, f"/en/admin/reports/progressreport/{report.pk}/change/")
    assert 'name="summary"' not in locked and "สรุปรายงาน 1" in locked


# Valid HTML ------------------------------------------------------------------------------------

def test_pilot_pages_with_every_section_are_valid_html(client, monitored, league_admin,
                                                       coach_user, staff_user, tmp_path):
    """The shared check visits a bare seeded pilot; this one fills every section."""
    from practices.models import Practice
    from practices.seed import seed_practices_load
    from tests.test_html_validity import _validate

    pilot, coach = monitored
    seed_practices_load()
    practice = Practice.objects.get(external_id="delgosea-yala")
    services.pilot_save(pilot=pilot, actor=None, data={
        "source_practice": practice, "documented_in": practice, "model_city": "เทศบาลนครยะลา",
        "budget": 120000, "coordinator": staff_user, "objectives_th": "ลดขยะ",
        "notes_th": "หมายเหตุ"})
    pages = {}
    for url in (_url(pilot), f"/en{_url(pilot)}", "/pilots/", "/en/pilots/?status=nonsense",
                "/pilots/?programme=delgosea", _url(practice), f"/coaches/{coach.pk}/"):
        pages[url] = _html(client, url)
    for user in (league_admin, coach_user, staff_user):
        client.force_login(user)
        pages[f"{_url(pilot)} ({user.role})"] = _html(client, _url(pilot))
    pages["practice (staff)"] = _html(client, _url(practice))
    with translation.override("th"):
        from django.urls import reverse

        adopt = reverse("pilots:adopt", args=[practice.slug])
    pages["adopt"] = _html(client, adopt)
    pages["adopt with errors"] = client.post(adopt, {"code": "T-1"}).content.decode()
    problems = _validate({url: html.encode() for url, html in pages.items()}, tmp_path)
    assert not problems, "\n".join(problems)

