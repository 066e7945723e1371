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
]

# Pages behind a login, checked as a League admin (who sees every control).
LOGGED_IN_PAGES = [
    "/practices/nominate/",
    "/en/practices/nominate/",
    "/practices/mine/",
    "/practices/review/",
    "{practice}",
]


def resolve(urls: list[str]) -> list[str]:
    """Fill in the address of a real seeded practice page."""
    from django.utils import translation

    from practices.models import Practice

    with translation.override("th"):  # the unprefixed (Thai) address; "/en{practice}" adds /en
        practice = Practice.objects.get(external_id="kpa2562-chom-phu").get_absolute_url()
    return [url.replace("{practice}", practice) for url in urls]


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
