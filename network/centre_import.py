"""Designate the regional learning centres from a CSV file (`import_learning_centres`).

Columns (header row required, UTF-8, an Excel BOM is fine); only `number` is required:
    number               1, 2, ... the centre to create or update
    name_th, name_en     the centre's names (name_th is required for a new centre)
    region               region code, Thai or English name
    host_municipality    official code or Thai name (add host_province when the name is
                         used in several provinces)
    host_province        two-digit code, Thai or English name
    host_partner         a partner's address (slug) or short name
    study_visit_capacity visitors per study visit, a whole number
    practices            addresses (slugs) of published practices, separated by |
    focus_th, focus_en, address, email, phone
    coordinator          e-mail of the user who manages the centre's events

An empty cell leaves the current value as it is. The whole file is checked first; if any
line is bad, every problem is reported as "line N: reason" and nothing is written.
"""

import csv
from dataclasses import dataclass
from typing import TextIO

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from network.models import LearningCentre, Partner
from portal.models import Municipality, Province, Region, User
from portal.page_cache import content_changed
from practices.models import Practice

COLUMNS = ("number", "name_th", "name_en", "region", "host_municipality", "host_province",
           "host_partner", "study_visit_capacity", "practices", "focus_th", "focus_en",
           "address", "email", "phone", "coordinator")
TEXT = ("name_th", "name_en", "focus_th", "focus_en", "address", "phone")


class CentreImportError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def _find_region(value: str) -> Region | None:
    return Region.objects.filter(Q(code=value) | Q(name_th=value)
                                 | Q(name_en__iexact=value)).first()


def _find_province(value: str) -> Province | None:
    value = value.removeprefix("จังหวัด").strip()
    return Province.objects.filter(Q(code=value) | Q(name_th=value)
                                   | Q(name_en__iexact=value)).first()


def _check(number_line: int, raw: dict, seen: set) -> tuple[dict, list[str]]:
    """The changes one line asks for, and what is wrong with it."""
    value = {column: (raw.get(column) or "").strip() for column in COLUMNS}
    changes, errors = {}, []
    if not value["number"].isdigit() or not 1 <= int(value["number"]) <= 99:
        errors.append(_("number must be a whole number from 1 to 99, got “%(value)s”")
                      % {"value": value["number"]})
    else:
        changes["number"] = int(value["number"])
        if changes["number"] in seen:
            errors.append(_("centre %(number)s appears twice in the file")
                          % {"number": changes["number"]})
        seen.add(changes["number"])
    for column in TEXT:
        if value[column]:
            changes[column] = value[column]
    if value["region"]:
        region = _find_region(value["region"])
        if region is None:
            errors.append(_("unknown region “%(value)s”") % {"value": value["region"]})
        changes["region"] = region
    province = None
    if value["host_province"]:
        province = _find_province(value["host_province"])
        if province is None:
            errors.append(_("unknown province “%(value)s”") % {"value": value["host_province"]})
    if value["host_municipality"]:
        found = Municipality.objects.filter(Q(code=value["host_municipality"])
                                            | Q(name_th=value["host_municipality"]))
        if province is not None:
            found = found.filter(province=province)
        found = list(found[:2])
        if not found:
            errors.append(_("unknown municipality “%(value)s”")
                          % {"value": value["host_municipality"]})
        elif len(found) > 1:
            errors.append(_("“%(value)s” is the name of municipalities in several provinces; "
                            "add host_province") % {"value": value["host_municipality"]})
        else:
            changes["host_municipality"] = found[0]
    if value["host_partner"]:
        partner = Partner.objects.filter(Q(slug=value["host_partner"])
                                         | Q(short_name=value["host_partner"])).first()
        if partner is None:
            errors.append(_("unknown partner “%(value)s”") % {"value": value["host_partner"]})
        changes["host_partner"] = partner
    if value["study_visit_capacity"]:
        if not value["study_visit_capacity"].isdigit() or int(value["study_visit_capacity"]) < 1:
            errors.append(_("study_visit_capacity must be a whole number above 0, got "
                            "“%(value)s”") % {"value": value["study_visit_capacity"]})
        else:
            changes["study_visit_capacity"] = int(value["study_visit_capacity"])
    if value["practices"]:
        slugs = [s.strip() for s in value["practices"].split("|") if s.strip()]
        practices = list(Practice.objects.filter(slug__in=slugs,
                                                 status=Practice.Status.PUBLISHED))
        missing = sorted(set(slugs) - {p.slug for p in practices})
        if missing:
            errors.append(_("no published practice at “%(slugs)s”")
                          % {"slugs": "”, “".join(missing)})
        changes["practices"] = practices
    if value["email"]:
        try:
            validate_email(value["email"])
            changes["email"] = value["email"]
        except ValidationError:
            errors.append(_("“%(value)s” is not an e-mail address") % {"value": value["email"]})
    if value["coordinator"]:
        user = User.objects.filter(email__iexact=value["coordinator"], is_active=True).first()
        if user is None:
            errors.append(_("no active user with the e-mail “%(value)s”")
                          % {"value": value["coordinator"]})
        changes["coordinator"] = user
    return changes, errors


def centres_import(*, file: TextIO) -> ImportResult:
    reader = csv.DictReader(file)
    header = [(name or "").strip().lstrip("\ufeff") for name in (reader.fieldnames or [])]
    reader.fieldnames = header
    errors = []
    unknown = [name for name in header if name not in COLUMNS]
    if "number" not in header:
        errors.append("line 1: " + _("the header must name the column “number”"))
    if unknown:
        errors.append("line 1: " + _("unknown column(s): %(columns)s")
                      % {"columns": ", ".join(unknown)})
    if errors:
        raise CentreImportError(errors)
    rows, seen = [], set()
    existing = set(LearningCentre.objects.values_list("number", flat=True))
    for line, raw in enumerate(reader, start=2):
        changes, problems = _check(line, raw, seen)
        if not problems and changes["number"] not in existing and "name_th" not in changes:
            problems.append(_("centre %(number)s is new: name_th is required")
                            % {"number": changes["number"]})
        errors.extend(f"line {line}: {problem}" for problem in problems)
        rows.append(changes)
    if not rows and not errors:
        errors.append(_("the file has no centre"))
    if errors:
        raise CentreImportError(errors)
    return _apply(rows, existing)


@transaction.atomic
def _apply(rows: list[dict], existing: set[int]) -> ImportResult:
    created = updated = 0
    for changes in rows:
        practices = changes.pop("practices", None)
        centre = (LearningCentre.objects.filter(number=changes["number"]).first()
                  or LearningCentre(number=changes["number"]))
        for field, value in changes.items():
            setattr(centre, field, value)
        centre.full_clean(exclude=["slug"])
        centre.save()
        if practices is not None:
            centre.practices.set(practices)
        if changes["number"] in existing:
            updated += 1
        else:
            created += 1
    transaction.on_commit(lambda: content_changed("network"))
    return ImportResult(created, updated)
