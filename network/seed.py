"""The partners the League's documents name and the structure of the five regional learning
centres (data/network.json).

Rows are only created when missing: what the League has edited since stays. The documents do
not say which municipality or partner hosts each centre, nor its region; those stay empty
until the League designates them (admin, or `import_learning_centres`).
"""

import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from network.models import LearningCentre, Partner, PartnerRole
from pilots.models import Pilot
from practices.models import Practice

DATA = Path(__file__).resolve().parent / "data" / "network.json"
PARTNER_FIELDS = ["name_th", "name_en", "short_name", "kind", "about_th", "about_en",
                  "work_th", "work_en", "website", "certification_issuer", "source_document"]


@dataclass
class SeedSummary:
    partners: int = 0
    centres: int = 0

    def __str__(self) -> str:
        return (f"Learning network: {self.partners} partner(s) and {self.centres} "
                f"learning centre(s) created.")


def _create_partner(data: dict) -> Partner:
    partner = Partner.objects.create(slug=data["slug"],
                                     **{f: data.get(f, "") for f in PARTNER_FIELDS})
    PartnerRole.objects.bulk_create(PartnerRole(partner=partner, role=role)
                                    for role in data.get("roles", []))
    if prefix := data.get("practices_with_prefix"):
        partner.practices.set(Practice.objects.filter(external_id__startswith=prefix))
    pilots = Pilot.objects.none()
    if programme := data.get("pilots_of_programme"):
        pilots = Pilot.objects.filter(programme=programme)
    if codes := data.get("pilots"):
        pilots = pilots | Pilot.objects.filter(code__in=codes)
    partner.pilots.set(pilots)
    return partner


@transaction.atomic
def network_seed_load(path: Path = DATA) -> SeedSummary:
    data = json.loads(path.read_text(encoding="utf-8"))
    summary = SeedSummary()
    existing = set(Partner.objects.values_list("slug", flat=True))
    for row in data["partners"]:
        if row["slug"] not in existing:
            _create_partner(row)
            summary.partners += 1
    centres = data["centres"]
    numbers = set(LearningCentre.objects.values_list("number", flat=True))
    for number in range(1, centres["count"] + 1):
        if number in numbers:
            continue
        LearningCentre.objects.create(
            number=number, slug=f"centre-{number}",
            name_th=centres["name_th"].format(number=number),
            name_en=centres["name_en"].format(number=number),
            source_document=centres["source_document"])
        summary.centres += 1
    return summary
