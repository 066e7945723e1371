"""A report period typed by anyone (the API's `period` filter, the report start form) is
refused with a message, never a server error (review L3)."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from pilots import services
from reports.models import ProgressReport
from tests.fixtures.reports import submit_report

pytestmark = pytest.mark.django_db


def refusal(period: str) -> dict:
    response = APIClient().get("/api/reports/", {"period": period})
    assert response.status_code == 400, (period, response.status_code)
    return response.json()


@pytest.mark.parametrize("period", [
    "9999-12", "9999-Q4", "9999-q4",  # the review's: the month after has no date
    "0000", "0000-01", "0000-Q1",  # there is no year 0
    "9999", "9998-12", "2101", "2101-01", "1999-12", "1900-Q1",  # no report can be for these
    "2026-13", "2026-Q5", "2026-1-1", "99999", "๒๕๖๙",
])
def test_a_period_outside_the_reporting_years_is_refused_like_a_month_00(period):
    expected = refusal("2026-00")
    assert refusal(period) == expected
    [message] = expected["period"]
    assert "2000" in message and "2100" in message  # the message says which years


@pytest.mark.parametrize(("period", "expected"), [
    ("2026-03", {3}), ("2026-Q1", {3}), ("2026", {3, 4}), ("2026-q2", {4}),
    ("2000-01", set()), ("2100-Q4", set()), (" 2026-04 ", {4}),
])
def test_the_reporting_years_still_filter(assigned, coach_user, period, expected):
    pilot, coach = assigned
    for month in (3, 4):
        submit_report(pilot, coach, coach_user, year=2026, number=month)
    api = APIClient()
    api.force_login(coach_user)  # the coach sees their own reports
    response = api.get("/api/reports/", {"period": period})
    assert response.status_code == 200, response.content
    assert {r["period_start"][5:7] for r in response.json()["results"]} == {
        f"{m:02d}" for m in expected}


def test_a_report_for_december_9999_is_refused_by_the_start_form(make_pilot, make_coach,
                                                                 coach_user, client):
    # A coordinator may date a pilot and its assignment far ahead; the form then lists those
    # years and a coach may choose the last month of the calendar.
    pilot = make_pilot(starts_on=datetime.date(9999, 1, 1))
    coach = make_coach(user=coach_user)
    services.assignment_add(pilot=pilot, coach=coach, role="lead",
                            starts_on=datetime.date(9999, 1, 1))
    client.force_login(coach_user)
    url = reverse("reports:report-start", args=[pilot.slug])
    for period in ("month-12", "quarter-4"):
        response = client.post(url, {"period": period, "year": "9999"})
        assert response.status_code == 200
        assert response.context["form"].errors
    assert not ProgressReport.objects.exists()
