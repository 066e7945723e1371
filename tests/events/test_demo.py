"""Demo events: three marked, upcoming events for a development portal."""

import pytest
from django.core.management import call_command

from events.models import Event

pytestmark = pytest.mark.django_db


def test_load_demo_adds_three_marked_upcoming_events_once(settings, tmp_path, network):
    settings.DEMO_CONTENT, settings.VAR_DIR = True, tmp_path
    call_command("load_demo")
    call_command("load_demo")
    events = list(Event.objects.order_by("starts_at"))
    assert [e.slug for e in events] == ["demo-coach-training", "demo-certification-course",
                                       "demo-study-visit"]
    assert all(e.title_th.endswith("(ตัวอย่าง)") and e.title_en.endswith("(demo)")
               for e in events)
    assert [e.starts_at.date().isoformat() for e in events] == [
        "2026-12-02", "2026-12-18", "2027-01-02"]  # 14, 30 and 45 days after the clock's day
    assert events[1].organiser_partner.slug == "kpi"
    assert events[2].organiser_centre.number == 1
