"""The League's pilot projects, written from the source documents (data/pilots.json); the apps
above add what the documents say about them (learning: the problems and recommendations they
met) through `SEEDED`.

Only what the documents say is loaded: no date, figure or indicator is made up. Run after the
seed practices (`load_seed_practices`): a pilot's "practice" is the page that documents it.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from pilots import services
from pilots.models import Pilot
from portal.models import Municipality, Province, Theme
from portal.page_cache import content_changed
from portal.registry import Registry
from practices.models import Practice

DATA = Path(__file__).resolve().parent / "data"
PILOTS_FILE = DATA / "pilots.json"
TEXT_FIELDS = ["title_th", "title_en", "model_city", "objectives_th", "objectives_en",
               "notes_th", "notes_en", "source_document"]


class SeedError(Exception):
    pass


# Called inside the seed's transaction with {code: pilot} of the seeded pilots; returns a line
# for the summary. Raise SeedError to refuse the whole seed.
SEEDED: Registry[Callable[[dict[str, Pilot]], str]] = Registry()


@dataclass
class SeedSummary:
    created: int = 0
    updated: int = 0
    municipalities_created: list[str] = field(default_factory=list)
    # What the apps registered in SEEDED report, e.g. "recommendations: 40 created, 0 updated".
    more: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = "; ".join([f"Seed pilots: {self.created} created, {self.updated} updated",
                          *self.more]) + "."
        if self.municipalities_created:
            text += " Municipalities created: " + ", ".join(self.municipalities_created) + "."
        return text


def _municipality(name: str, province: Province, summary: SeedSummary) -> Municipality:
    """The named municipality of the province; created (as the practice importer does) when
    the reference data does not have it yet."""
    found = Municipality.objects.filter(name_th=name, province=province).first()
    if found:
        return found
    elsewhere = Municipality.objects.filter(name_th=name).select_related("province").first()
    if elsewhere:
        raise SeedError(f"{name} is in the province {elsewhere.province.name_th}, "
                        f"not {province.name_th}")
    kind = Municipality.kind_from_name(name)
    if kind is None:
        raise SeedError(f"unknown municipality “{name}”: its type cannot be told from its name "
                        "(it should start with เทศบาลนคร, เทศบาลเมือง or เทศบาลตำบล)")
    summary.municipalities_created.append(name)
    return Municipality.objects.create(name_th=name, province=province, kind=kind)


def _pilot_data(item: dict, summary: SeedSummary, provinces: dict, practices: dict) -> dict:
    code = item["code"]
    name = item["province"].strip().removeprefix("จังหวัด").strip()
    province = provinces.get(name)
    if province is None:
        raise SeedError(f"{code}: unknown province “{item['province']}”")
    municipality = (_municipality(item["municipality"].strip(), province, summary)
                    if item.get("municipality") else None)
    practice = None
    if item.get("practice"):
        practice = practices.get(item["practice"])
        if practice is None:
            raise SeedError(f"{code}: no practice with the external id “{item['practice']}”; "
                            "run load_seed_practices first")
    if item.get("programme") not in Pilot.Programme.values:
        raise SeedError(f"{code}: unknown programme “{item.get('programme')}”")
    data = {name: (item.get(name) or "").strip() for name in TEXT_FIELDS}
    data.update(code=code, programme=item["programme"], municipality=municipality,
                province=province, documented_in=practice, year_started=item.get("started"))
    return data


def _themes(item: dict, themes: dict) -> list[Theme]:
    unknown = [code for code in item["themes"] if code not in themes]
    if unknown or not item["themes"]:
        raise SeedError(f"{item['code']}: unknown or missing theme(s) {unknown}")
    return [themes[code] for code in item["themes"]]


@transaction.atomic
def seed_pilots_load() -> SeedSummary:
    """Create or refresh the seed pilots (by code), then what SEEDED adds. A refresh keeps
    what the League changed since: status, dates, coordinator, budget, visibility, coaches and
    monitoring records."""
    items = json.loads(PILOTS_FILE.read_text(encoding="utf-8"))
    summary = SeedSummary()
    provinces = {p.name_th: p for p in Province.objects.all()}
    themes = {t.code: t for t in Theme.objects.all()}
    practices = Practice.objects.in_bulk(
        [i["practice"] for i in items if i.get("practice")], field_name="external_id")
    existing = Pilot.objects.in_bulk([i["code"] for i in items], field_name="code")
    pilots: dict[str, Pilot] = {}
    for item in items:
        data = _pilot_data(item, summary, provinces, practices)
        pilot = existing.get(item["code"])
        if pilot is None:
            status = item.get("status") or Pilot.Status.PLANNING
            if status not in Pilot.Status.values:
                raise SeedError(f"{item['code']}: unknown status “{status}”")
            data["status"] = status
            summary.created += 1
        else:
            summary.updated += 1
        pilots[item["code"]] = services.pilot_save(pilot=pilot, actor=None, data=data,
                                                   themes=_themes(item, themes))

    summary.more += [seeded(pilots) for seeded in SEEDED]
    transaction.on_commit(lambda: content_changed("pilots"))
    return summary
