import datetime

import pytest

from pilots import services
from pilots.models import Pilot
from portal.models import Municipality, Theme
from tests.coaches.conftest import make_coach  # noqa: F401  (shared fixture)


@pytest.fixture
def make_pilot(reference_data):
    """make_pilot(code="T-1", municipality="เทศบาลนครยะลา", themes=["governance"], ...)"""

    def build(*, code="T-1", municipality="เทศบาลนครยะลา", themes=("governance",),
              status=Pilot.Status.ACTIVE, is_public=True, coordinator=None, **data) -> Pilot:
        place = Municipality.objects.get(name_th=municipality)
        return services.pilot_save(actor=None, themes=Theme.objects.filter(code__in=themes), data={
            "code": code, "title_th": data.pop("title_th", f"โครงการนำร่อง {code}"),
            "municipality": place, "province": place.province, "status": status,
            "is_public": is_public, "coordinator": coordinator,
            "starts_on": data.pop("starts_on", datetime.date(2026, 1, 1)), **data})

    return build


@pytest.fixture
def assigned(make_pilot, make_coach, coach_user):
    """An active pilot with coach_user's coach assigned as lead since January 2026."""
    pilot = make_pilot()
    coach = make_coach(user=coach_user)
    services.assignment_add(pilot=pilot, coach=coach, role="lead",
                            starts_on=datetime.date(2026, 1, 1))
    return pilot, coach
