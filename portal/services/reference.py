"""Load the reference data every page relies on: regions, provinces, districts, themes."""

from collections.abc import Callable, Iterable
from pathlib import Path

import geothai
from django.db import transaction

from portal.data.regions import REGIONS
from portal.data.themes import THEMES
from portal.models import District, Province, Region, Theme
from portal.services.municipality_import import municipalities_import

SEED_MUNICIPALITIES = Path(__file__).resolve().parent.parent / "data" / "municipalities.csv"


def _identity(items: Iterable, **_kwargs) -> Iterable:
    return items


@transaction.atomic
def reference_data_load(*, progress: Callable[..., Iterable] = _identity) -> dict[str, int]:
    """Create or refresh the reference data; safe to run any number of times.

    Regions and themes are only created when missing, because League admins may edit them.
    Province and district names follow geothai; a province keeps the region an admin gave it.
    """
    region_of_province: dict[str, Region] = {}
    for order, (code, name_th, name_en, province_codes) in enumerate(REGIONS):
        region, _ = Region.objects.get_or_create(
            code=code, defaults={"name_th": name_th, "name_en": name_en, "sort_order": order}
        )
        for province_code in province_codes.split():
            region_of_province[province_code] = region

    existing = {p.code: p for p in Province.objects.all()}
    for gp in progress(geothai.provinces(), desc="provinces", unit="province"):
        province = existing.get(gp.code)
        if province is None:
            Province.objects.create(
                code=gp.code,
                name_th=gp.name_th,
                name_en=gp.name_en,
                region=region_of_province[gp.code],
            )
        elif (province.name_th, province.name_en) != (gp.name_th, gp.name_en):
            province.name_th, province.name_en = gp.name_th, gp.name_en
            province.save(update_fields=["name_th", "name_en"])

    province_ids = dict(Province.objects.values_list("code", "id"))
    known = {d.code: d for d in District.objects.all()}
    new_districts, changed = [], []
    for gp in progress(geothai.provinces(), desc="districts", unit="province"):
        for gd in geothai.districts(gp.code):
            district = known.get(gd.code)
            if district is None:
                new_districts.append(
                    District(
                        code=gd.code,
                        name_th=gd.name_th,
                        name_en=gd.name_en,
                        province_id=province_ids[gp.code],
                    )
                )
            elif (district.name_th, district.name_en) != (gd.name_th, gd.name_en):
                district.name_th, district.name_en = gd.name_th, gd.name_en
                changed.append(district)
    District.objects.bulk_create(new_districts)
    District.objects.bulk_update(changed, ["name_th", "name_en"])

    for order, theme in enumerate(THEMES):
        Theme.objects.get_or_create(code=theme["code"], defaults={**theme, "sort_order": order})

    with SEED_MUNICIPALITIES.open(encoding="utf-8") as handle:
        municipalities_import(file=handle)

    return {
        "regions": Region.objects.count(),
        "provinces": Province.objects.count(),
        "districts": District.objects.count(),
        "themes": Theme.objects.count(),
    }
