"""Three demo events, so a development portal has a calendar to show: a training, a coach
certification course online and a study visit, dated from today so that they stay upcoming.
Titles end in " (ตัวอย่าง)" and addresses start with "demo-"; only loaded where DEMO_CONTENT
is on (`load_demo`), and never twice."""

import datetime

from django.db import transaction
from django.utils import timezone

from events.models import Event
from network.models import LearningCentre, Partner
from portal import clock
from portal.models import Municipality, Theme

DEMO = [
    {"slug": "demo-coach-training", "kind": Event.Kind.TRAINING, "days": 14, "hour": 9,
     "hours": 7, "title_th": "อบรมวิทยากรพี่เลี้ยงด้านการจัดการขยะ (ตัวอย่าง)",
     "title_en": "Coach training on solid-waste management (demo)",
     "municipality": "เทศบาลนครยะลา", "venue": "ห้องประชุมเทศบาลนครยะลา", "capacity": 30,
     "themes": ["environment"]},
    {"slug": "demo-certification-course", "kind": Event.Kind.CERTIFICATION, "days": 30,
     "hour": 13, "hours": 3, "title_th": "หลักสูตรรับรองวิทยากรพี่เลี้ยง ออนไลน์ (ตัวอย่าง)",
     "title_en": "Coach certification course, online (demo)", "partner": "kpi",
     "online_url": "https://meet.example.org/demo-course", "capacity": 60,
     "themes": ["governance", "participation"]},
    {"slug": "demo-study-visit", "kind": Event.Kind.STUDY_VISIT, "days": 45, "hour": 8,
     "hours": 9, "title_th": "ศึกษาดูงานการอนุรักษ์ตลาดเก่า (ตัวอย่าง)",
     "title_en": "Study visit: conserving an old market (demo)",
     "municipality": "เทศบาลนครปากเกร็ด", "venue": "ตลาดเก่าปากเกร็ด", "capacity": 2,
     "centre": 1, "themes": ["budget", "participation"]},
]


@transaction.atomic
def demo_events_load() -> int:
    """Create the demo events that are missing; returns how many were created."""
    created = 0
    today = clock.today()
    existing = set(Event.objects.filter(slug__startswith="demo-").values_list("slug",
                                                                            flat=True))
    for row in DEMO:
        if row["slug"] in existing:
            continue
        day = today + datetime.timedelta(days=row["days"])
        starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(row["hour"])))
        event = Event(slug=row["slug"], kind=row["kind"], title_th=row["title_th"],
                      title_en=row["title_en"], starts_at=starts,
                      ends_at=starts + datetime.timedelta(hours=row["hours"]),
                      venue=row.get("venue", ""), online_url=row.get("online_url", ""),
                      capacity=row["capacity"])
        if "municipality" in row:
            event.municipality = Municipality.objects.get(name_th=row["municipality"])
        if partner := Partner.objects.filter(slug=row.get("partner", "")).first():
            event.organiser, event.organiser_partner = Event.Organiser.PARTNER, partner
        if centre := LearningCentre.objects.filter(number=row.get("centre", 0)).first():
            event.organiser, event.organiser_centre = Event.Organiser.CENTRE, centre
        event.full_clean()
        event.save()
        event.themes.set(Theme.objects.filter(code__in=row["themes"]))
        created += 1
    return created


def load_demo() -> str:
    """For portal.demo.LOADERS."""
    return f"Demo events: {demo_events_load()} created"
