import itertools

import pytest

from coaches import services
from coaches.models import Coach, TransferTool
from portal.models import Municipality, Province, Region, Theme

_numbers = itertools.count(1)


@pytest.fixture
def make_coach(reference_data):
    """Build a coach through the services, as the application form would.

    make_coach(status="active", home="เทศบาลนครยะลา", themes=["governance"], provinces=["90"],
               regions=["south"], languages=[("en", "fluent")], public=["name", "bio"], ...)
    """

    def build(*, status=Coach.Status.ACTIVE, user=None, home="เทศบาลนครยะลา",
              themes=("governance",), tools=("swot",), regions=(), provinces=(),
              languages=(("th", "native"),), public=(), availability=4, name=None,
              name_en="", bio="", email=None, executives=None, actor=None) -> Coach:
        n = next(_numbers)
        coach = services.coach_apply(
            user=user,
            data={
                "name_th": name or f"วิทยากร ทดสอบ{n}", "name_en": name_en,
                "home_municipality": Municipality.objects.get(name_th=home),
                "position": "นักวิเคราะห์นโยบายและแผน",
                "phone": f"08{n:08d}", "email": email or f"coach{n}@example.org",
                "availability_days": availability, "bio_th": bio,
                "public_fields": list(public),
            },
            themes=Theme.objects.filter(code__in=themes),
            tools=TransferTool.objects.filter(code__in=tools),
            regions=Region.objects.filter(code__in=regions),
            provinces=Province.objects.filter(code__in=provinces),
            languages=[{"language": code, "level": level} for code, level in languages],
            executives=executives if executives is not None else [{
                "name": f"นายกเทศมนตรี {n}", "position": "mayor",
                "email": f"mayor{n}@example.org"}],
        )
        path = {
            Coach.Status.APPLIED: [],
            Coach.Status.APPROVED: ["approved"],
            Coach.Status.ACTIVE: ["approved", "active"],
            Coach.Status.PAUSED: ["approved", "paused"],
            Coach.Status.RETIRED: ["approved", "retired"],
            Coach.Status.REJECTED: ["rejected"],
        }[Coach.Status(status)]
        for step in path:
            coach = services.coach_set_status(coach=coach, actor=actor, status=step,
                                              note="ไม่ผ่านเกณฑ์" if step == "rejected" else "")
        return Coach.objects.get(pk=coach.pk)

    return build
