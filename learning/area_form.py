"""The area-management review form of document 002: people, mechanisms, community data, summary.

The form itself is data (pilots/data/area_review.json): each section has rows (kinds of people,
mechanisms, data-system steps), outcome criteria an area ticks per row, and free-text fields per
row ("how?", "what will we do?"). The summary section has text fields only. A review's answers are
stored as {section code: {row code: {"met": [criterion codes], field code: text}}}.
"""

import json
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

FORM_FILE = Path(__file__).resolve().parent / "data" / "area_review.json"
MAX_TEXT = 2000
# "Other (specify)" rows count in the aggregated view only when the area filled them in.
OPTIONAL_ROWS = frozenset({"other"})


@cache
def form_definition() -> dict:
    """The whole JSON file (date, organisations, sections, strategy), read once per process."""
    return json.loads(FORM_FILE.read_text(encoding="utf-8"))


def localized(item: dict, field: str = "") -> str:
    """The Thai or English text of an item of the form ({"th", "en"} or {"title_th", ...})."""
    prefix = f"{field}_" if field else ""
    thai = item.get(f"{prefix}th", "")
    if (get_language() or "th").startswith("en"):
        return item.get(f"{prefix}en", "") or thai
    return thai or item.get(f"{prefix}en", "")


SECTIONS: list[dict] = form_definition()["sections"]
SECTION_CODES: list[str] = [section["code"] for section in SECTIONS]


def section(code: str) -> dict:
    return next(s for s in SECTIONS if s["code"] == code)


def _problem(message, **params) -> ValidationError:
    return ValidationError(message, code="area_form", params=params)


def _text(value, *, where: str, errors: list) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        errors.append(_problem(_("%(where)s: the answer must be text."), where=where))
        return ""
    value = value.strip()
    if len(value) > MAX_TEXT:
        errors.append(_problem(
            _("%(where)s: write at most %(max)s characters (it has %(length)s)."),
            where=where, max=MAX_TEXT, length=len(value)))
    return value


def clean_answers(answers: dict) -> dict:
    """Check a review's answers against the form and return them complete and tidy.

    Every unknown section, row, criterion or field is reported (all of them, in one
    ValidationError). The result has every section and row of the form, each row with its
    "met" list (no duplicates, in the form's criterion order) and every text field (stripped).
    """
    if answers is None:
        answers = {}
    if not isinstance(answers, dict):
        raise ValidationError(_("The answers must be a mapping of sections to rows."),
                              code="area_form")
    errors: list[ValidationError] = []
    sections = {s["code"]: s for s in SECTIONS}
    for code in answers:
        if code not in sections:
            errors.append(_problem(_("Unknown section “%(section)s”."), section=code))

    cleaned: dict[str, dict] = {}
    for code, spec in sections.items():
        given = answers.get(code) or {}
        if not isinstance(given, dict):
            errors.append(_problem(_("Section “%(section)s”: the answers must be a mapping "
                                     "of rows."), section=code))
            given = {}
        rows = {row["code"]: row for row in spec["rows"]}
        criteria = [c["code"] for c in spec.get("criteria", [])]
        fields = [f["code"] for f in spec.get("extra_fields", [])]
        for row_code in given:
            if row_code not in rows:
                errors.append(_problem(_("Unknown row “%(row)s” in section “%(section)s”."),
                                       row=row_code, section=code))
        cleaned[code] = {}
        for row_code in rows:
            answer = given.get(row_code) or {}
            if not isinstance(answer, dict):
                errors.append(_problem(_("Section “%(section)s”, row “%(row)s”: the answer "
                                         "must be a mapping."), section=code, row=row_code))
                answer = {}
            for key in answer:
                if key != "met" and key not in fields:
                    errors.append(_problem(
                        _("Unknown field “%(field)s” in section “%(section)s”, row “%(row)s”."),
                        field=key, section=code, row=row_code))
            met = answer.get("met") or []
            if not isinstance(met, list | tuple | set | frozenset):
                errors.append(_problem(_("Section “%(section)s”, row “%(row)s”: the criteria "
                                         "met must be a list."), section=code, row=row_code))
                met = []
            met = list(met)
            for criterion in met:
                if criterion not in criteria:
                    errors.append(_problem(
                        _("Unknown criterion “%(criterion)s” in section “%(section)s”, "
                          "row “%(row)s”."), criterion=criterion, section=code, row=row_code))
            row = {"met": [c for c in criteria if c in met]}
            for field in spec.get("extra_fields", []):
                row[field["code"]] = _text(
                    answer.get(field["code"]), errors=errors,
                    where=f"{localized(rows[row_code])} / {localized(field)}")
            cleaned[code][row_code] = row
    if errors:
        raise ValidationError(errors)
    return cleaned


def row_is_filled(answer: dict) -> bool:
    return bool(answer.get("met")) or any(
        value for key, value in answer.items() if key != "met")


def unmet_summary(reviews) -> list[dict]:
    """Which outcome criteria the given reviews most often leave unmet.

    `reviews` are AreaReview objects (or their answers dicts). For each section with criteria
    and each criterion, a row of:
      reviews: how many reviews leave it unmet in at least one of their assessed rows;
      rows / rows_assessed: in how many of all the reviews' assessed rows it is unmet;
      percent: rows as a share of rows_assessed.
    An assessed row is every row of the form except an "Other (specify)" row left empty.
    Sorted most-unmet first (reviews, then share of rows, then rows), then in the form's
    order.
    """
    answers_list = [getattr(r, "answers", r) or {} for r in reviews]
    summary = []
    order = 0
    for spec in SECTIONS:
        criteria = spec.get("criteria", [])
        if not criteria:
            continue
        per_review = []  # the assessed rows (their "met" sets) of each review
        for answers in answers_list:
            given = answers.get(spec["code"]) or {}
            assessed = []
            for row in spec["rows"]:
                answer = given.get(row["code"]) or {}
                if row["code"] in OPTIONAL_ROWS and not row_is_filled(answer):
                    continue
                assessed.append(set(answer.get("met") or []))
            per_review.append(assessed)
        rows_assessed = sum(len(rows) for rows in per_review)
        for criterion in criteria:
            unmet = [sum(1 for met in rows if criterion["code"] not in met)
                     for rows in per_review]
            rows_unmet = sum(unmet)
            summary.append({
                "section": spec,
                "criterion": criterion,
                "reviews": sum(1 for n in unmet if n),
                "rows": rows_unmet,
                "rows_assessed": rows_assessed,
                "percent": round(100 * rows_unmet / rows_assessed) if rows_assessed else 0,
                "share": rows_unmet / rows_assessed if rows_assessed else 0,
                "order": order,
            })
            order += 1
    summary.sort(key=lambda item: (-item["reviews"], -item["share"], -item["rows"],
                                   item["order"]))
    return summary


def short_title(code: str) -> str:
    """“People”, “Mechanism”, “Data”: the pillar names of the S-I-I strategy, for charts."""
    for component in form_definition().get("strategy", {}).get("components", []):
        for pillar in component.get("pillars", []):
            if pillar.get("code") == code:
                return localized(pillar)
    return localized(section(code), "title")
