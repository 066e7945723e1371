"""Import practices from JSON Lines: one object per line, checked in full before any write."""

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TextIO

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from portal import clock
from portal.models import Municipality, Province, Theme
from practices import services
from practices.models import Practice

REQUIRED = ("external_id", "title_th", "summary_th", "municipality", "province", "themes", "year")
OPTIONAL = ("title_en", "summary_en", "body_th", "body_en", "tags", "award", "source_url")


class PracticeImportError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    municipalities_created: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Row:
    line: int
    data: dict
    province: Province
    municipality: Municipality | None  # None: create it from `municipality_name`
    municipality_name: str
    themes: list[Theme]


def _identity(items: Iterable, **_kwargs) -> Iterable:
    return items


def _is_text(value, *, required: bool) -> bool:
    return isinstance(value, str) and (bool(value.strip()) or not required)


def _check(number: int, raw: str, ctx: dict) -> tuple[_Row | None, list[str]]:
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as exc:
        return None, [_("not valid JSON (%(error)s)") % {"error": exc.msg}]
    if not isinstance(obj, dict):
        return None, [_("each line must be a JSON object")]
    errors = []
    missing = [k for k in REQUIRED if k not in obj]
    unknown = sorted(k for k in obj if k not in REQUIRED + OPTIONAL)
    if missing:
        errors.append(_("missing key(s): %(keys)s") % {"keys": ", ".join(missing)})
    if unknown:
        errors.append(_("unknown key(s): %(keys)s") % {"keys": ", ".join(unknown)})
    for key in ("external_id", "title_th", "summary_th", "municipality", "province"):
        if key in obj and not _is_text(obj[key], required=True):
            errors.append(_("%(key)s must be a non-empty string") % {"key": key})
    for key in ("title_en", "summary_en", "body_th", "body_en", "award", "source_url"):
        if key in obj and not _is_text(obj[key], required=False):
            errors.append(_("%(key)s must be a string") % {"key": key})
    if isinstance(obj.get("external_id"), str) and len(obj["external_id"]) > 100:
        errors.append(_("external_id is longer than 100 characters"))
    if isinstance(obj.get("title_th"), str) and len(obj["title_th"]) > 250:
        errors.append(_("title_th is longer than 250 characters"))

    year = obj.get("year")
    if "year" in obj:
        if not isinstance(year, int) or isinstance(year, bool):
            errors.append(_("year must be a whole number (Christian era), e.g. 2019"))
        elif year > 2400:
            errors.append(_("year %(year)d looks like a Buddhist-era year; "
                            "use the Christian era (%(ce)d)")
                          % {"year": year, "ce": year - 543})
        elif not 1900 <= year <= ctx["this_year"]:
            errors.append(_("year %(year)d is out of range") % {"year": year})

    themes = []
    codes = obj.get("themes")
    if "themes" in obj:
        if not isinstance(codes, list) or not codes or not all(isinstance(c, str) for c in codes):
            errors.append(_("themes must be a non-empty list of theme codes"))
        else:
            for code in codes:
                if code in ctx["themes"]:
                    themes.append(ctx["themes"][code])
                else:
                    errors.append(_("unknown theme “%(code)s” (use %(known)s)")
                                  % {"code": code, "known": ", ".join(ctx["themes"])})
    tags = obj.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        errors.append(_("tags must be a list of strings"))
    if obj.get("source_url"):
        try:
            URLValidator()(obj["source_url"])
        except ValidationError:
            errors.append(_("source_url is not a valid web address"))

    province = municipality = None
    if _is_text(obj.get("province"), required=True):
        name = obj["province"].strip().removeprefix("จังหวัด").strip()
        province = ctx["provinces"].get(name)
        if province is None:
            errors.append(_("unknown province “%(name)s”") % {"name": obj["province"]})
    municipality_name = obj.get("municipality", "").strip() if _is_text(
        obj.get("municipality"), required=True) else ""
    if province and municipality_name:
        municipality = ctx["municipalities"].get((province.pk, municipality_name))
        if municipality is None:
            elsewhere = ctx["municipality_names"].get(municipality_name)
            if elsewhere and elsewhere != province.pk:
                errors.append(_("%(name)s is not in the province %(province)s")
                              % {"name": municipality_name, "province": province.name_th})
            elif Municipality.kind_from_name(municipality_name) is None:
                errors.append(_("unknown municipality “%(name)s”: its type cannot be told from "
                                "its name (it should start with เทศบาลนคร, เทศบาลเมือง or "
                                "เทศบาลตำบล)") % {"name": municipality_name})
    if errors:
        return None, errors
    return _Row(number, obj, province, municipality, municipality_name, themes), []


def practices_check(*, file: TextIO, progress: Callable = _identity) -> list[_Row]:
    try:
        lines = file.read().splitlines()
    except UnicodeDecodeError:
        raise PracticeImportError(["line 1: " + _("the file is not UTF-8 text")]) from None
    ctx = {
        "this_year": clock.today().year,
        "themes": {t.code: t for t in Theme.objects.all()},
        "provinces": {p.name_th: p for p in Province.objects.all()},
        "municipalities": {(m.province_id, m.name_th): m for m in Municipality.objects.all()},
    }
    ctx["municipality_names"] = {name: pid for (pid, name) in ctx["municipalities"]}
    rows, errors, seen = [], [], {}
    for number, raw in progress(list(enumerate(lines, start=1)), desc="checking", unit="line"):
        if not raw.strip():
            continue
        row, row_errors = _check(number, raw.lstrip("\ufeff"), ctx)
        errors.extend(f"line {number}: {message}" for message in row_errors)
        if row is None:
            continue
        external_id = row.data["external_id"]
        if external_id in seen:
            errors.append(f"line {number}: " + _("external_id “%(id)s” already appears on line "
                                                  "%(line)d") % {"id": external_id,
                                                                 "line": seen[external_id]})
            continue
        seen[external_id] = number
        rows.append(row)
    if not rows and not errors:
        errors.append("line 1: " + _("the file holds no practice"))
    if errors:
        raise PracticeImportError(errors)
    return rows


@transaction.atomic
def practices_import(*, file: TextIO, publish: bool = False, actor=None,
                     progress: Callable = _identity) -> ImportSummary:
    rows = practices_check(file=file, progress=progress)
    summary = ImportSummary()
    existing = {p.external_id: p for p in Practice.objects.filter(
        external_id__in=[r.data["external_id"] for r in rows])}
    new_municipalities: dict[tuple[int, str], Municipality] = {}
    for row in progress(rows, desc="saving", unit="practice"):
        municipality = row.municipality
        if municipality is None:
            key = (row.province.pk, row.municipality_name)
            if key not in new_municipalities:
                new_municipalities[key] = Municipality.objects.create(
                    name_th=row.municipality_name, province=row.province,
                    kind=Municipality.kind_from_name(row.municipality_name),
                )
                summary.municipalities_created.append(row.municipality_name)
            municipality = new_municipalities[key]
        d = row.data
        content = {
            "external_id": d["external_id"], "title_th": d["title_th"].strip(),
            "title_en": d.get("title_en", ""), "summary_th": d["summary_th"].strip(),
            "summary_en": d.get("summary_en", ""), "body_th": d.get("body_th", ""),
            "body_en": d.get("body_en", ""), "award": d.get("award", ""),
            "source_url": d.get("source_url", ""), "year_started": d["year"],
            "municipality": municipality, "province": row.province,
        }
        practice = existing.get(d["external_id"])
        if practice is None:
            services.practice_create(
                actor=actor, data=content, themes=row.themes, tags=d.get("tags", []),
                status=Practice.Status.PUBLISHED if publish else Practice.Status.DRAFT,
            )
            summary.created += 1
        else:
            services.practice_update(practice=practice, actor=actor, data=content,
                                     themes=row.themes, tags=d.get("tags", []))
            if publish and Practice.Status.PUBLISHED in services.TRANSITIONS[practice.status]:
                services.practice_set_status(
                    practice=practice, actor=actor, status=Practice.Status.PUBLISHED
                )
            summary.updated += 1
    return summary
