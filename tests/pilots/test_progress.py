import datetime
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from pilots.progress import (
    AT_RISK,
    NOT_MEASURED,
    OFF_TRACK,
    ON_TRACK,
    indicator_progress,
    pilot_progress,
)
from reports.rates import reporting_rate, submissions_by_month

D = datetime.date
INDICATOR = SimpleNamespace(baseline=Decimal(100), target=Decimal(50),  # waste down to 50 t
                            starts_on=D(2026, 1, 1), due_on=D(2026, 12, 31))


def _m(value, on):
    return SimpleNamespace(value=Decimal(value), measured_on=on, pk=1)


@pytest.mark.parametrize(("value", "status"), [(75, ON_TRACK), (85, AT_RISK), (100, OFF_TRACK),
                                               (40, ON_TRACK)])
def test_indicator_status_compares_progress_with_time_elapsed(value, status):
    halfway = D(2026, 7, 2)
    progress = indicator_progress(INDICATOR, [_m(value, D(2026, 6, 30))], halfway)
    assert progress.status == status
    assert progress.expected_percent == 50


def test_latest_measurement_counts_and_none_means_not_measured():
    today = D(2026, 7, 2)
    assert indicator_progress(INDICATOR, [], today).status == NOT_MEASURED
    older_good, newer_bad = _m(60, D(2026, 3, 1)), _m(100, D(2026, 6, 1))
    assert indicator_progress(INDICATOR, [newer_bad, older_good], today).status == OFF_TRACK


def test_pilot_is_as_far_behind_as_its_worst_indicator():
    assert pilot_progress([ON_TRACK, AT_RISK, NOT_MEASURED]) == AT_RISK
    assert pilot_progress([NOT_MEASURED]) == NOT_MEASURED


def _bangkok(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=ZoneInfo("Asia/Bangkok"))


def _assignment(starts_on, ends_on=None, pilot_ends_on=None):
    return SimpleNamespace(pilot_id=1, coach_id=2, starts_on=starts_on, ends_on=ends_on,
                           pilot=SimpleNamespace(ends_on=pilot_ends_on))


def _month(start, at):
    """A submitted monthly report: (pilot, coach, period start, period end, first submitted)."""
    end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    return (1, 2, start, end, at)


def test_reporting_rate_counts_on_time_late_and_missing_months():
    submitted = submissions_by_month([
        _month(D(2026, 1, 1), _bangkok(2026, 2, 3, 9)),  # within 7 days: on time
        _month(D(2026, 2, 1), _bangkok(2026, 3, 20, 9)),  # late
    ])
    rate = reporting_rate([_assignment(D(2026, 1, 15))], submitted, D(2026, 4, 20))
    # January, February, March are due (April is not over); March is missing.
    assert (rate.due, rate.on_time, rate.late, rate.missing) == (3, 1, 1, 1)
    assert rate.percent_on_time == 33
