"""Where an indicator and a pilot stand.

An indicator is on track when the share of the way from baseline to target it has covered is
at least the share of its time that has passed (less 10 points); at risk when it is within
30 points; off track below that. A target may lie below the baseline (less waste, fewer cases).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

ON_TRACK, AT_RISK, OFF_TRACK, NOT_MEASURED = "on_track", "at_risk", "off_track", "not_measured"
LABELS = {
    ON_TRACK: _("On track"), AT_RISK: _("At risk"), OFF_TRACK: _("Off track"),
    NOT_MEASURED: _("Not measured yet"),
}


@dataclass
class IndicatorProgress:
    status: str
    actual: Decimal | None
    achieved: float | None  # share of the way from baseline to target, 0..1+
    expected: float  # share of the time elapsed, 0..1

    @property
    def label(self):
        return LABELS[self.status]

    @property
    def achieved_percent(self) -> int | None:
        return None if self.achieved is None else round(100 * self.achieved)

    @property
    def expected_percent(self) -> int:
        return round(100 * self.expected)


def indicator_progress(indicator, measurements, today: datetime.date) -> IndicatorProgress:
    """`measurements`: the indicator's measurements (already loaded), any order."""
    span = (indicator.due_on - indicator.starts_on).days or 1
    expected = min(1.0, max(0.0, (today - indicator.starts_on).days / span))
    latest = max(measurements, key=lambda m: (m.measured_on, m.pk), default=None)
    if latest is None:
        return IndicatorProgress(NOT_MEASURED, None, None, expected)
    distance = indicator.target - indicator.baseline
    achieved = 1.0 if distance == 0 else float((latest.value - indicator.baseline) / distance)
    if achieved >= expected - 0.1 or achieved >= 1:
        status = ON_TRACK
    elif achieved >= expected - 0.3:
        status = AT_RISK
    else:
        status = OFF_TRACK
    return IndicatorProgress(status, latest.value, achieved, expected)


def pilot_progress(statuses: list[str]) -> str:
    """A pilot is as far behind as its furthest-behind measured indicator."""
    for status in (OFF_TRACK, AT_RISK, ON_TRACK):
        if status in statuses:
            return status
    return NOT_MEASURED
