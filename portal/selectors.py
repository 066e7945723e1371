from django.db.models import Count, QuerySet

from portal.models import District, Municipality, Province, Region, Theme


def home_summary() -> dict:
    return {
        "themes": list(Theme.objects.all()),
        "province_count": Province.objects.count(),
        "municipality_count": Municipality.objects.count(),
        "region_count": Region.objects.count(),
        # Counted through the reverse relation so portal needs no import of the practices app.
        "practice_count": Province.objects.filter(practices__status="published").count(),
    }


def regions_with_counts() -> QuerySet[Region]:
    return Region.objects.annotate(
        province_count=Count("provinces", distinct=True),
        municipality_count=Count("provinces__municipalities", distinct=True),
    )


def provinces() -> QuerySet[Province]:
    return Province.objects.select_related("region")


def districts() -> QuerySet[District]:
    return District.objects.select_related("province")


def municipalities() -> QuerySet[Municipality]:
    return Municipality.objects.select_related("province__region", "district")


def themes() -> QuerySet[Theme]:
    return Theme.objects.all()
