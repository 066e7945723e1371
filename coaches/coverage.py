"""How the national pool covers the country: coaches against municipalities, by region.

A municipality is covered when at least one listed coach lives there or serves it (names its
province or its region). The League's goal is at least one coach per municipality.

Figures for the public count a coach's home only where the coach shows it (their home region,
or their home municipality), so no count by place moves with a hidden home; League admins see
the figures of whole records.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count

from coaches.models import showing
from coaches.selectors import listed_coaches
from portal.models import Municipality, Region, Theme


@dataclass
class RegionRow:
    region: Region
    coaches: int = 0  # listed coaches whose (public, unless private) home is in the region
    municipalities: int = 0
    covered: int = 0

    @property
    def coverage_percent(self) -> float:
        return round(100 * self.covered / self.municipalities, 1) if self.municipalities else 0.0

    @property
    def coaches_per_municipality(self) -> float:
        return round(self.coaches / self.municipalities, 2) if self.municipalities else 0.0


@dataclass
class Coverage:
    regions: list[RegionRow]
    themes: list[Theme]
    matrix: list[tuple[RegionRow, list[int]]]  # coaches per theme, by home region
    coaches: int
    municipalities: int
    covered: int
    uncovered: list[Municipality] = field(default_factory=list)

    @property
    def coverage_percent(self) -> float:
        return round(100 * self.covered / self.municipalities, 1) if self.municipalities else 0.0

    @property
    def goal_percent(self) -> float:
        """Progress toward one coach per municipality (capped at 100)."""
        if not self.municipalities:
            return 0.0
        return min(100.0, round(100 * self.coaches / self.municipalities, 1))


def coverage(*, private: bool = False) -> Coverage:
    """Nine small queries whatever the number of coaches or municipalities. `private`: with
    hidden homes and the list of uncovered municipalities (League admins)."""
    coaches = listed_coaches()
    regions = list(Region.objects.all())
    themes = list(Theme.objects.all())
    by_region = {r.pk: RegionRow(region=r) for r in regions}
    in_region = coaches if private else showing(coaches, "home_region", "home_municipality")
    at_home = coaches if private else showing(coaches, "home_municipality")

    home_counts = dict(in_region.values_list("home_municipality__province__region")
                       .annotate(n=Count("pk", distinct=True)).order_by())
    served_regions = set(coaches.values_list("service_regions", flat=True)) - {None}
    served_provinces = set(coaches.values_list("service_provinces", flat=True)) - {None}
    home_municipalities = set(at_home.values_list("home_municipality", flat=True))

    uncovered = []
    municipalities = Municipality.objects.select_related("province").order_by(
        "province__region__sort_order", "province__name_th", "name_th")
    for municipality in municipalities.only("pk", "name_th", "name_en", "kind",
                                            "province__region_id", "province__name_th",
                                            "province__name_en"):
        row = by_region[municipality.province.region_id]
        row.municipalities += 1
        if (municipality.pk in home_municipalities
                or municipality.province_id in served_provinces
                or municipality.province.region_id in served_regions):
            row.covered += 1
        elif private:
            uncovered.append(municipality)
    for region_id, n in home_counts.items():
        if region_id in by_region:
            by_region[region_id].coaches = n

    theme_region = Counter(
        (row["themes"], row["home_municipality__province__region"])
        for row in in_region.values("pk", "themes", "home_municipality__province__region")
    )
    rows = [by_region[r.pk] for r in regions]
    matrix = [(row, [theme_region[(t.pk, row.region.pk)] for t in themes]) for row in rows]
    return Coverage(
        regions=rows, themes=themes, matrix=matrix,
        coaches=coaches.count(),
        municipalities=sum(r.municipalities for r in rows),
        covered=sum(r.covered for r in rows),
        uncovered=uncovered,
    )
