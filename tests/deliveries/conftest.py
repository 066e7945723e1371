import datetime

import pytest

from pilots import services
from tests.coaches.conftest import make_coach  # noqa: F401  (shared fixture)
from tests.pilots.conftest import make_pilot  # noqa: F401  (shared fixture)


@pytest.fixture
def reporting(make_pilot, make_coach, coach_user):  # noqa: F811
    """A coach with two home executives (Thai and English), assigned to a pilot with an
    indicator; submit(summary) submits a report for a past month and returns it."""
    pilot = make_pilot(code="DG-SK", municipality="เทศบาลนครสงขลา", title_th="ปรับปรุงบริการประชาชน")
    coach = make_coach(user=coach_user, name="สมศรี ขยันงาน", executives=[
        {"name": "นายกเทศมนตรีนครสงขลา", "position": "mayor", "email": "mayor@songkhla.example.org"},
        {"name": "Municipal Clerk", "position": "clerk", "email": "clerk@songkhla.example.org",
         "preferred_language": "en"},
    ])
    services.assignment_add(pilot=pilot, coach=coach, role="lead",
                            starts_on=datetime.date(2026, 1, 1))
    indicator = services.indicator_add(pilot=pilot, data={
        "name_th": "ความพึงพอใจของประชาชน", "unit": "%", "baseline": 60, "target": 90,
        "starts_on": datetime.date(2026, 1, 1), "due_on": datetime.date(2026, 12, 31)})

    def submit(summary="ลดเวลารอคิวรับบริการจาก 40 นาทีเหลือ 15 นาที", month=3):
        report = services.report_start(pilot=pilot, coach=coach, kind="month", year=2026,
                                       number=month)
        services.report_update(report=report, actor=coach_user, data={
            "summary": summary, "aar_expected": "ประชาชนรอคิวน้อยลง",
            "aar_happened": "ระบบคิวออนไลน์ใช้งานได้จริง", "next_steps": "ขยายไปงานทะเบียน"},
            measurements=[{"indicator": indicator, "value": 75}])
        return services.report_submit(report=report, actor=coach_user)

    return submit
