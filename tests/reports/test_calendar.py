"""Report periods and reporting rates on the days where calendars turn: the last and first
day of a month, of a quarter and of a year, 29 February, and the 7th and 8th day after a
period (on time, then late). The clock fixture sets "today" for the services and pages."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from pilots import services
from pilots.models import Pilot
from reports import services as report_services
from reports.models import ProgressReport
from reports.selectors import pilot_reporting_rate
from tests.fixtures.reports import submit_report

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def since(make_pilot, make_coach, coach_user):
    """since(date): a pilot with coach_user's coach as lead from `date` (the pilot too)."""

    def build(start: datetime.date, **pilot_data):
        pilot = make_pilot(starts_on=start, **pilot_data)
        coach = make_coach(user=coach_user)
        services.assignment_add(pilot=pilot, coach=coach, role="lead", starts_on=start)
        return pilot, coach

    return build


def _rate(pilot):
    """The pilot's rate as of the clock's today (the selector reads the clock itself)."""
    rate = pilot_reporting_rate(Pilot.objects.get(pk=pilot.pk))
    return rate.due, rate.on_time, rate.late, rate.missing


# Which periods may be reported -----------------------------------------------------------------

@pytest.mark.parametrize(("today", "kind", "year", "number", "allowed"), [
    ("2026-10-31", "month", 2026, 11, False),  # last day of a month: the next is refused
    ("2026-11-01", "month", 2026, 11, True),  # first day: it may be started
    ("2026-12-31", "month", 2027, 1, False),  # year end
    ("2027-01-01", "month", 2027, 1, True),
    ("2026-03-31", "quarter", 2026, 2, False),  # quarter boundary
    ("2026-04-01", "quarter", 2026, 2, True),
    ("2028-02-29", "month", 2028, 3, False),  # leap day
    ("2028-02-29", "month", 2028, 2, True),
])
def test_a_period_may_be_started_from_its_first_day(clock, since, today, kind, year, number,
                                                    allowed):
    pilot, coach = since(D(2026, 1, 1))
    clock.set(today)
    if allowed:
        report = report_services.report_start(pilot=pilot, coach=coach, kind=kind, year=year,
                                              number=number)
        assert report.period_start.year == year
    else:
        with translation.override("en"), pytest.raises(
                ValidationError, match="This period has not started yet."):
            report_services.report_start(pilot=pilot, coach=coach, kind=kind, year=year,
                                         number=number)
        assert not ProgressReport.objects.exists()


@pytest.mark.parametrize(("year", "number", "end"), [
    (2028, 2, D(2028, 2, 29)), (2027, 2, D(2027, 2, 28)), (2026, 12, D(2026, 12, 31))])
def test_a_month_ends_on_its_real_last_day(year, number, end):
    assert report_services.report_period("month", year, number) == (D(year, number, 1), end)


def test_a_quarter_runs_over_its_three_months():
    assert report_services.report_period("quarter", 2026, 4) == (D(2026, 10, 1), D(2026, 12, 31))
    assert report_services.report_period("quarter", 2028, 1) == (D(2028, 1, 1), D(2028, 3, 31))


def test_a_measurement_may_be_dated_today_but_not_tomorrow(clock, since, coach_user):
    pilot, coach = since(D(2028, 1, 1))
    indicator = services.indicator_add(pilot=pilot, data={
        "name_th": "ครัวเรือนคัดแยกขยะ", "unit": "%", "baseline": 10, "target": 60,
        "starts_on": D(2028, 1, 1), "due_on": D(2028, 12, 31)})
    clock.set("2028-02-29", at="23:50")
    services.measurement_add(indicator=indicator, actor=coach_user, value=20,
                             measured_on=D(2028, 2, 29))
    with translation.override("en"), pytest.raises(ValidationError,
                                                   match="cannot be dated in the future"):
        services.measurement_add(indicator=indicator, actor=coach_user, value=21,
                                 measured_on=D(2028, 3, 1))


# On time, late and missing -------------------------------------------------------------------

@pytest.mark.parametrize(("submitted", "on_time"), [
    ("2026-12-07 23:59", True),
    # 00:30 on the 8th in Bangkok is still the 7th in UTC; it is late all the same.
    ("2026-12-08 00:30", False),
])
def test_a_report_is_on_time_until_the_seventh_day_after_its_month(
        clock, since, coach_user, submitted, on_time):
    pilot, coach = since(D(2026, 11, 1))
    day, at = submitted.split()
    clock.set(day, at=at)
    submit_report(pilot, coach, coach_user, year=2026, number=11)
    clock.set("2026-12-20")
    assert _rate(pilot) == ((1, 1, 0, 0) if on_time else (1, 0, 1, 0))


@pytest.mark.parametrize(("today", "due"), [
    ("2026-11-30", 0),  # the month is not over
    ("2026-12-01", 0),
    ("2026-12-07", 0),  # the seventh day: still time
    ("2026-12-08", 1),  # the eighth: missing
])
def test_a_missing_report_counts_from_the_eighth_day(clock, since, today, due):
    pilot, _coach = since(D(2026, 11, 1))
    clock.set(today)
    assert _rate(pilot) == (due, 0, 0, due)


def test_december_is_due_in_the_first_week_of_the_next_year(clock, since, coach_user):
    pilot, coach = since(D(2026, 12, 1))
    clock.set("2027-01-07")
    assert _rate(pilot) == (0, 0, 0, 0)
    clock.set("2027-01-08")
    assert _rate(pilot) == (1, 0, 0, 1)
    submit_report(pilot, coach, coach_user, year=2026, number=12)
    assert _rate(pilot) == (1, 0, 1, 0)


def test_february_of_a_leap_year_is_due_on_the_seventh_of_march(clock, since, coach_user):
    pilot, coach = since(D(2028, 2, 1))
    clock.set("2028-02-29")
    submit_report(pilot, coach, coach_user, year=2028, number=2)  # on its last day: on time
    clock.set("2028-03-07")
    assert _rate(pilot) == (1, 1, 0, 0)


@pytest.mark.parametrize(("submitted", "expected"), [
    ("2026-04-07", (3, 3, 0, 0)),  # a quarterly report covers its three months
    ("2026-04-08", (3, 0, 3, 0)),
])
def test_a_quarterly_report_is_due_a_week_after_the_quarter(clock, since, coach_user,
                                                            submitted, expected):
    pilot, coach = since(D(2026, 1, 1))
    clock.set(submitted)
    submit_report(pilot, coach, coach_user, kind="quarter", year=2026, number=1)
    clock.set("2026-04-20")
    assert _rate(pilot) == expected


def test_an_open_ended_assignment_stops_counting_when_the_pilot_ends(clock, since):
    pilot, _coach = since(D(2026, 1, 1), ends_on=D(2026, 3, 15),
                          status=Pilot.Status.COMPLETED)
    clock.set("2026-11-18")
    assert _rate(pilot) == (3, 0, 0, 3)  # January to March, not the months after the end


# The start form ------------------------------------------------------------------------------

def test_on_new_years_day_the_form_offers_last_december(clock, client, since, coach_user):
    pilot, _coach = since(D(2026, 1, 1))
    clock.set("2027-01-01")
    client.force_login(coach_user)
    with translation.override("en"):
        url = reverse("reports:report-start", args=[pilot.slug])
    form = client.get(url).context["form"]
    assert form["period"].value() == "month-12"
    assert form["year"].value() == 2026
    assert [label for _value, label in form.fields["year"].choices] == [
        "2027 (B.E. 2570)", "2026 (B.E. 2569)"]


def test_a_period_that_has_not_started_is_refused_on_the_form(clock, client, since,
                                                               coach_user):
    pilot, _coach = since(D(2026, 1, 1))
    with translation.override("en"):
        url = reverse("reports:report-start", args=[pilot.slug])
    clock.set("2026-11-30")
    client.force_login(coach_user)
    response = client.post(url, {"period": "month-12", "year": "2026"})
    assert "This period has not started yet." in response.content.decode()
    clock.set("2026-12-31")
    client.force_login(coach_user)  # a session lasts two weeks
    response = client.post(url, {"period": "month-1", "year": "2027"})
    assert "Choose one of the years listed." in response.content.decode()
    assert not ProgressReport.objects.exists()
