"""Import the League's official list of municipalities from CSV.

Columns (header row required, UTF-8, an Excel BOM is fine):
    code      official local-government code, digits (optional; the upsert key when given)
    name_th   Thai name, e.g. เทศบาลนครยะลา (required)
    name_en   English name (optional)
    type      nakhon, mueang or tambon, or the Thai prefix (optional if name_th starts with it)
    province  two-digit code, Thai name or English name (required)
    district  four-digit code or Thai/English name within the province (optional)

The whole file is checked before anything is written; any bad line stops the import.
"""

import csv
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TextIO

from django.db import transaction
from django.utils.translation import gettext as _

from portal.models import District, Municipality, Province

COLUMNS = ("code", "name_th", "name_en", "type", "province", "district")
REQUIRED_COLUMNS = ("name_th", "province")
_KIND_WORDS = {
    **{kind.value: kind.value for kind in Municipality.Kind},
    **{prefix: kind.value for prefix, kind in Municipality.PREFIXES.items()},
}
_CODE = re.compile(r"^\d{5,10}$")


class MunicipalityImportError(Exception):
    """The file has problems; `errors` lists every one as 'line N: reason'."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class _Row:
    line: int
    code: str | None
    name_th: str
    name_en: str
    kind: str
    province: Province
    district: District | None


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def _identity(items: Iterable, **_kwargs) -> Iterable:
    return items


class _Lookups:
    """Provinces and districts, loaded once, findable by code or by name."""

    def __init__(self):
        self.provinces: dict[str, Province] = {}
        for province in Province.objects.all():
            for key in (province.code, province.name_th, province.name_en.casefold()):
                self.provinces[key] = province
        self.districts: dict[tuple[int, str], District] = {}
        self.district_by_code: dict[str, District] = {}
        for district in District.objects.all():
            self.district_by_code[district.code] = district
            for key in (district.name_th, district.name_en.casefold()):
                self.districts[(district.province_id, key)] = district

    def province(self, value: str) -> Province | None:
        value = value.removeprefix("จังหวัด").strip()
        return self.provinces.get(value) or self.provinces.get(value.casefold())

    def district(self, province: Province, value: str) -> District | None:
        value = value.removeprefix("อำเภอ").strip()
        district = self.district_by_code.get(value)
        if district is None:
            district = self.districts.get((province.id, value)) or self.districts.get(
                (province.id, value.casefold())
            )
        return district


def _check_row(number: int, raw: dict[str, str], lookups: _Lookups) -> tuple[_Row | None, list]:
    errors = []
    value = {col: (raw.get(col) or "").strip() for col in COLUMNS}
    code = value["code"] or None
    if code and not _CODE.match(code):
        errors.append(_("code must be 5 to 10 digits, got “%(code)s”") % {"code": code})
    name_th = value["name_th"]
    if not name_th:
        errors.append(_("name_th is required"))
    kind_from_name = Municipality.kind_from_name(name_th)
    kind = None
    if value["type"]:
        kind = _KIND_WORDS.get(value["type"].casefold())
        if kind is None:
            errors.append(
                _("type must be nakhon, mueang or tambon, got “%(type)s”") % {"type": value["type"]}
            )
        elif kind_from_name and kind != kind_from_name:
            errors.append(
                _("type “%(type)s” contradicts the name “%(name)s”")
                % {"type": value["type"], "name": name_th}
            )
    elif name_th:
        kind = kind_from_name
        if kind is None:
            errors.append(
                _("type is missing and the name does not start with "
                  "เทศบาลนคร, เทศบาลเมือง or เทศบาลตำบล")
            )
    province = district = None
    if not value["province"]:
        errors.append(_("province is required"))
    else:
        province = lookups.province(value["province"])
        if province is None:
            errors.append(_("unknown province “%(value)s”") % {"value": value["province"]})
    if province and value["district"]:
        district = lookups.district(province, value["district"])
        if district is None or district.province_id != province.id:
            errors.append(
                _("district “%(district)s” is not in the province %(province)s")
                % {"district": value["district"], "province": province.name_th}
            )
    if errors:
        return None, [f"line {number}: {message}" for message in errors]
    row = _Row(number, code, name_th, value["name_en"], kind, province, district)
    return row, []


def municipalities_check(*, file: TextIO, progress: Callable = _identity) -> list[_Row]:
    """Read and validate the whole file; raise MunicipalityImportError listing every bad line."""
    try:
        text = file.read()
    except UnicodeDecodeError:
        raise MunicipalityImportError([_("line 1: the file is not UTF-8 text")]) from None
    reader = csv.DictReader(text.lstrip("\ufeff").splitlines())
    header = [h.strip() for h in (reader.fieldnames or [])]
    unknown = [h for h in header if h not in COLUMNS]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if unknown or missing:
        problems = []
        if missing:
            problems.append(_("missing column(s): %(cols)s") % {"cols": ", ".join(missing)})
        if unknown:
            problems.append(_("unknown column(s): %(cols)s") % {"cols": ", ".join(unknown)})
        raise MunicipalityImportError([f"line 1: {'; '.join(problems)}"])
    reader.fieldnames = header

    lookups = _Lookups()
    rows: list[_Row] = []
    errors: list[str] = []
    seen_codes: dict[str, int] = {}
    seen_names: dict[tuple[int, str], int] = {}
    records = []
    for raw in reader:
        records.append((reader.line_num, raw))
    for number, raw in progress(records, desc="checking", unit="line"):
        if None in raw:
            errors.append(f"line {number}: " + _("more fields than columns"))
            continue
        row, row_errors = _check_row(number, raw, lookups)
        errors.extend(row_errors)
        if row is None:
            continue
        if row.code and row.code in seen_codes:
            errors.append(
                f"line {number}: "
                + _("code %(code)s already appears on line %(line)d")
                % {"code": row.code, "line": seen_codes[row.code]}
            )
            continue
        key = (row.province.id, row.name_th)
        if key in seen_names:
            errors.append(
                f"line {number}: "
                + _("%(name)s already appears on line %(line)d")
                % {"name": row.name_th, "line": seen_names[key]}
            )
            continue
        if row.code:
            seen_codes[row.code] = number
        seen_names[key] = number
        rows.append(row)
    errors.extend(_conflicts_with_database(rows))
    if errors:
        raise MunicipalityImportError(errors)
    return rows


def _conflicts_with_database(rows: list[_Row]) -> list[str]:
    """A name already held by a municipality with another official code cannot be taken."""
    by_name = {
        (m.province_id, m.name_th): m
        for m in Municipality.objects.filter(name_th__in=[r.name_th for r in rows])
    }
    errors = []
    for row in rows:
        holder = by_name.get((row.province.id, row.name_th))
        if row.code and holder and holder.code and holder.code != row.code:
            errors.append(
                f"line {row.line}: "
                + _("%(name)s already exists with code %(code)s")
                % {"name": row.name_th, "code": holder.code}
            )
    return errors


@transaction.atomic
def municipalities_import(*, file: TextIO, progress: Callable = _identity) -> ImportResult:
    """Validate the whole file, then upsert every row (by code, else by province and name)."""
    rows = municipalities_check(file=file, progress=progress)
    codes = [r.code for r in rows if r.code]
    by_code = {m.code: m for m in Municipality.objects.filter(code__in=codes)}
    by_name = {
        (m.province_id, m.name_th): m
        for m in Municipality.objects.filter(name_th__in=[r.name_th for r in rows])
    }
    created = updated = 0
    for row in progress(rows, desc="saving", unit="municipality"):
        municipality = (row.code and by_code.get(row.code)) or by_name.get(
            (row.province.id, row.name_th)
        )
        fields = {
            "name_th": row.name_th,
            "name_en": row.name_en,
            "kind": row.kind,
            "province": row.province,
            "district": row.district,
        }
        if municipality is None:
            municipality = Municipality(code=row.code, **fields)
            created += 1
        else:
            for name, value in fields.items():
                setattr(municipality, name, value)
            if row.code:
                municipality.code = row.code
            updated += 1
        municipality.full_clean(validate_unique=False)
        municipality.save()
    return ImportResult(created=created, updated=updated)
