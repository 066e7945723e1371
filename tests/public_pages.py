"""One address per page type; the accessibility and HTML checks visit each of them."""

PUBLIC_PAGES = [
    "/",
    "/en/",
    "/about/data/",
    "/en/about/data/",
    "/accounts/login/",
    "/accounts/signup/",
    "/en/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/confirm-email/",
    "/practices/",
    "/en/practices/",
    "/practices/?q=ขยะ",
    "/practices/?q=ฟหกฟหก",
    "/practices/?theme=environment&region=north",
    "/practices/map/",
    "{practice}",
    "/en{practice}",
    "/coaches/",
    "/en/coaches/",
    "/coaches/?q=ขยะ&theme=environment",
    "/coaches/?q=ฟหกฟหก",
    "/coaches/coverage/",
    "{coach}",
    "/en{coach}",
    "{coach}contact/",
    "/pilots/",
    "/en/pilots/",
    "/pilots/?programme=delgosea&theme=environment",
    "{pilot}",
    "/en{pilot}",
    "/pilots/recommendations/",
    "/en/pilots/recommendations/?level=policy",
    "/pilots/area-reviews/",
    "/events/",
    "/en/events/",
    "/events/?when=past",
    "/events/?kind=party",
    "{event}",
    "/en{event}",
    "/network/",
    "/en/network/",
    "/network/partners/",
    "/en/network/partners/?kind=media",
    "{partner}",
    "/en{centre}",
]

# Pages behind a login, checked as a League admin (who sees every control).
LOGGED_IN_PAGES = [
    "/practices/nominate/",
    "/en/practices/nominate/",
    "/practices/mine/",
    "/practices/review/",
    "{practice}",
    "/coaches/apply/",
    "/coaches/me/",
    "/coaches/coverage/",
    "/coaches/review/",
    "/coaches/review/?status=all",
    "{coach_review}",
    "/coaches/deletions/",
    "/coaches/match/?municipality={songkhla}&theme=environment&language=en",
    "{pilot}",
    "{pilot}manage/",
    "/pilots/reports/",
    "/pilots/reports/rates/",
    "/pilots/area-reviews/new/",
    "/dashboard/",
    "/en/dashboard/",
    "/events/mine/",
    "{event}",
    "{event}attendance/",
]


def resolve(urls: list[str]) -> list[str]:
    """Fill in the addresses of a real seeded practice and of a listed coach."""
    from django.utils import translation

    from practices.models import Practice

    with translation.override("th"):  # the unprefixed (Thai) address; "/en{practice}" adds /en
        practice = Practice.objects.get(external_id="kpa2562-chom-phu").get_absolute_url()
    coach = listed_coach()
    songkhla = coach.home_municipality.province.municipalities.get(name_th="เทศบาลนครสงขลา")
    pilot = seeded_pilot() if any("{pilot}" in url for url in urls) else ""
    event, partner, centre = network_pages() if any(
        key in url for url in urls for key in ("{event}", "{partner}", "{centre}")) else ("",) * 3
    return [url.replace("{practice}", practice).replace("{coach}", f"/coaches/{coach.pk}/")
            .replace("{coach_review}", f"/coaches/review/{coach.pk}/")
            .replace("{songkhla}", str(songkhla.pk)).replace("{pilot}", pilot)
            .replace("{event}", event).replace("{partner}", partner).replace("{centre}", centre)
            for url in urls]


def network_pages() -> tuple[str, str, str]:
    """Unprefixed addresses of an event (with a place, an organising centre, practices and a
    coach), a partner and a learning centre; the network is loaded once per test."""
    import datetime

    from django.utils import timezone, translation

    from events.models import Event
    from network.models import LearningCentre, Partner
    from network.seed import network_seed_load
    from portal import clock
    from portal.models import Municipality, Region
    from practices.models import Practice

    if not Partner.objects.exists():
        network_seed_load()
    centre = LearningCentre.objects.get(number=1)
    event = Event.objects.filter(slug="page-check-study-visit").first()
    if event is None:
        centre.region = Region.objects.get(code="south")
        centre.save()
        starts = timezone.localtime(clock.now()).replace(hour=9, minute=0, second=0,
                                                         microsecond=0)
        starts += datetime.timedelta(days=10)
        event = Event.objects.create(
            slug="page-check-study-visit", kind=Event.Kind.STUDY_VISIT,
            title_th="ศึกษาดูงานการจัดการขยะ", title_en="Study visit: solid waste",
            summary_th="เยี่ยมชมธนาคารขยะชุมชน", starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=7), capacity=20,
            municipality=Municipality.objects.get(name_th="เทศบาลนครสงขลา"),
            venue="ศูนย์เรียนรู้ชุมชน", organiser=Event.Organiser.CENTRE,
            organiser_centre=centre)
        event.practices.set(Practice.objects.filter(status="published")[:2])
        event.coaches.set([listed_coach()])
    with translation.override("th"):
        return (event.get_absolute_url(), Partner.objects.get(slug="kpi").get_absolute_url(),
                centre.get_absolute_url())


def seeded_pilot() -> str:
    """The unprefixed address of a seeded pilot (the seed practices must be loaded)."""
    from django.utils import translation

    from pilots.models import Pilot
    from pilots.seed import seed_pilots_load

    if not Pilot.objects.filter(code="DG-YL").exists():
        seed_pilots_load()
    with translation.override("th"):
        return Pilot.objects.get(code="DG-YL").get_absolute_url()


def listed_coach():
    """An active coach who shows most of the profile, created once per test."""
    from coaches.models import Coach, TransferTool
    from coaches.services import coach_apply, coach_set_status
    from portal.models import Municipality, Province, Region, Theme

    coach = Coach.objects.filter(email="somsri.demo@example.org").first()
    if coach:
        return coach
    songkhla = Municipality.objects.get(name_th="เทศบาลนครสงขลา")
    coach = coach_apply(
        user=None, notify=False,
        data={"name_th": "สมศรี ขยันงาน", "name_en": "Somsri Khayan-ngan",
              "home_municipality": songkhla, "position": "ผู้อำนวยการกองสาธารณสุขและสิ่งแวดล้อม",
              "phone": "074 311 015", "email": "somsri.demo@example.org", "availability_days": 6,
              "bio_th": "วิทยากรพี่เลี้ยงด้านการจัดการขยะมูลฝอยและน้ำเสีย",
              "bio_en": "Coach for solid-waste and wastewater management.",
              "public_fields": ["name", "position", "home_municipality", "bio", "training"]},
        themes=Theme.objects.filter(code__in=["environment", "participation"]),
        tools=TransferTool.objects.filter(code__in=["swot", "study-visit-aar"]),
        regions=Region.objects.filter(code="south"), provinces=Province.objects.filter(code="95"),
        languages=[{"language": "th", "level": "native"}, {"language": "en", "level": "working"}],
        trainings=[{"name": "DELGOSEA coach training", "provider": "สทท.", "year": 2012}],
        executives=[{"name": "นายกเทศมนตรีนครสงขลา", "position": "mayor",
                     "email": "mayor@songkhla.example.org"}],
    )
    for status in ("approved", "active"):
        coach = coach_set_status(coach=coach, actor=None, status=status, notify=False)
    return coach


def waiting_for_review(user):
    """A nomination in the review queue, so the queue page shows its decision form."""
    from portal.models import Municipality, Theme
    from practices.services import practice_create

    yala = Municipality.objects.get(name_th="เทศบาลนครยะลา")
    return practice_create(
        actor=user, nominated_by=user, status="submitted",
        themes=[Theme.objects.get(code="governance")],
        data={"title_th": "ศูนย์รับเรื่องร้องเรียน", "summary_th": "รับเรื่องร้องเรียนจุดเดียว",
              "municipality": yala, "province": yala.province},
    )
