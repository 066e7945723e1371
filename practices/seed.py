"""The League's own practice pages, written from the source documents (data/seed_practices.json)."""

import json
from pathlib import Path

from django.db import transaction

from portal.models import Municipality, Province, Theme
from practices import services
from practices.models import Practice

SEED_FILE = Path(__file__).resolve().parent / "data" / "seed_practices.json"
TEXT_FIELDS = [f"{name}_{lang}" for name in ("title", "summary", "problem", "approach", "results",
                                              "resources", "partners", "lessons",
                                              "transfer_conditions") for lang in ("th", "en")]


@transaction.atomic
def seed_practices_load() -> tuple[int, int]:
    """Create or refresh the seed practices (published); returns (created, updated)."""
    items = json.loads(SEED_FILE.read_text(encoding="utf-8"))
    themes = {t.code: t for t in Theme.objects.all()}
    created = updated = 0
    for item in items:
        province = Province.objects.get(name_th=item["province"])
        municipality = (
            Municipality.objects.get(name_th=item["municipality"], province=province)
            if item.get("municipality") else None
        )
        data = {name: item.get(name, "") for name in TEXT_FIELDS}
        data.update(external_id=item["external_id"], municipality=municipality,
                    province=province, award=item.get("award", ""),
                    year_started=item.get("year"))
        chosen = [themes[code] for code in item["themes"]]
        practice = Practice.objects.filter(external_id=item["external_id"]).first()
        if practice is None:
            services.practice_create(actor=None, data=data, themes=chosen, tags=item["tags"],
                                     status=Practice.Status.PUBLISHED)
            created += 1
        else:
            services.practice_update(practice=practice, actor=None, data=data, themes=chosen,
                                     tags=item["tags"])
            updated += 1
    return created, updated
