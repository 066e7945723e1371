import datetime

import pytest
from django.core.exceptions import ValidationError

from coaches.matching import match_coaches
from pilots import services
from pilots.models import Indicator
from portal.models import Municipality, Theme
from reports import services as report_services
from reports.models import ProgressReport

pytestmark = pytest.mark.django_db


def _indicator(pilot):
    return services.indicator_add(pilot=pilot, data={
        "name_th": "ปริมาณขยะต่อวัน", "unit": "ตัน", "baseline": 100, "target": 50,
        "starts_on": datetime.date(2026, 1, 1), "due_on": datetime.date(2026, 12, 31)})


def test_a_report_goes_from_draft_to_locked_and_a_correction_is_a_new_version(
        assigned, coach_user):
    pilot, coach = assigned
    indicator = _indicator(pilot)
    report = report_services.report_start(pilot=pilot, coach=coach, kind="month", year=2026,
                                          number=3)
    assert (report.period_start, report.period_end) == (datetime.date(2026, 3, 1),
                                                        datetime.date(2026, 3, 31))
    report_services.report_update(report=report, actor=coach_user, data={"summary": "จัดเวทีชุมชน"},
                                  measurements=[{"indicator": indicator, "value": 80}])
    report_services.report_submit(report=report, actor=coach_user)
    with pytest.raises(ValidationError):
        report_services.report_update(report=report, actor=coach_user, data={"summary": "แก้"})
    with pytest.raises(ValidationError):
        report_services.report_start(pilot=pilot, coach=coach, kind="month", year=2026, number=3)

    correction = report_services.report_correct(report=report, actor=coach_user)
    assert (correction.version, correction.summary, correction.status) == (2, "จัดเวทีชุมชน",
                                                                          "draft")
    assert correction.measurements.get().value == 80  # measurements carried over
    with pytest.raises(ValidationError):
        # one correction per version
        report_services.report_correct(report=report, actor=coach_user)


def test_only_an_assigned_coach_reports_and_a_summary_is_needed(assigned, make_coach,
                                                               coach_user):
    pilot, coach = assigned
    stranger = make_coach()
    with pytest.raises(ValidationError):
        report_services.report_start(pilot=pilot, coach=stranger, kind="month", year=2026, number=3)
    report = report_services.report_start(pilot=pilot, coach=coach, kind="quarter", year=2026,
                                          number=1)
    with pytest.raises(ValidationError):
        report_services.report_submit(report=report, actor=coach_user)
    assert ProgressReport.objects.get().status == "draft"


def test_measurements_of_another_pilot_are_refused(assigned, make_pilot, coach_user):
    pilot, coach = assigned
    other = _indicator(make_pilot(code="T-2"))
    report = report_services.report_start(pilot=pilot, coach=coach, kind="month", year=2026,
                                          number=2)
    with pytest.raises(ValidationError):
        report_services.report_update(report=report, actor=coach_user, data={},
                                      measurements=[{"indicator": other, "value": 1}])
    assert not Indicator.objects.get(pk=other.pk).measurements.exists()


def test_logframe_levels_nest_in_order(make_pilot):
    pilot = make_pilot()
    goal = services.logframe_node_add(pilot=pilot, level="goal", text_th="เมืองสะอาด")
    purpose = services.logframe_node_add(pilot=pilot, level="purpose", text_th="ลดขยะ",
                                         parent=goal)
    with pytest.raises(ValidationError):
        services.logframe_node_add(pilot=pilot, level="activity", text_th="x", parent=purpose)
    with pytest.raises(ValidationError):
        services.logframe_node_add(pilot=pilot, level="output", text_th="x")


def test_assignments_weigh_on_matching(assigned, make_pilot):
    pilot, coach = assigned
    songkhla = Municipality.objects.get(name_th="เทศบาลนครสงขลา")
    [suggestion] = match_coaches(municipality=songkhla, theme=Theme.objects.get(code="governance"))
    assert suggestion.load == 1
