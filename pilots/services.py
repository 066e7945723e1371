"""Every write to pilots, their monitoring records and progress reports goes through here."""

import datetime
from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from coaches.models import Coach
from coaches.services import LISTED
from pilots.models import (
    Adaptation,
    AreaReview,
    Assignment,
    Indicator,
    LogframeNode,
    Measurement,
    Pilot,
    ProgressReport,
    Recommendation,
    ReportAttachment,
    ReportComment,
    StudyVisit,
    Swot,
)
from pilots.progress import month_end
from portal import clock
from portal.models import User
from portal.page_cache import content_changed
from portal.thai_text import thai_slugify
from portal.uploads import attachment_kind

# Called with a report version once it is submitted (issue: deliveries to home executives).
REPORT_SUBMITTED: list[Callable[[ProgressReport], None]] = []

PILOT_FIELDS = [
    "code", "title_th", "title_en", "programme", "municipality", "province", "source_practice",
    "documented_in", "model_city", "objectives_th", "objectives_en", "notes_th", "notes_en",
    "starts_on", "ends_on", "year_started", "status", "coordinator", "budget", "is_public",
    "source_document",
]
REPORT_FIELDS = [
    "summary", "activities", "aar_expected", "aar_happened", "aar_better", "aar_suggestions",
    "problems", "next_steps",
]


def _changed():
    transaction.on_commit(lambda: content_changed("pilots"))


@transaction.atomic
def pilot_save(*, pilot: Pilot | None = None, actor: User | None, data: dict,
               themes=None) -> Pilot:
    pilot = pilot or Pilot(created_by=actor)
    for field in PILOT_FIELDS:
        if field in data:
            setattr(pilot, field, data[field])
    if pilot.municipality_id:
        pilot.province = pilot.municipality.province
    if not pilot.slug:
        pilot.slug = thai_slugify(pilot.code, max_length=40) or thai_slugify(pilot.title_th)
    pilot.full_clean(exclude=["themes"])
    pilot.save()
    if themes is not None:
        themes = list(themes)
        if not themes:
            raise ValidationError({"themes": _("Choose at least one theme.")})
        pilot.themes.set(themes)
    _changed()
    return pilot


@transaction.atomic
def pilot_adopt(*, practice, actor: User, municipality, code: str, title_th: str = "",
                starts_on: datetime.date | None = None) -> Pilot:
    """Start a pilot from a practice: themes, source and model city come from the practice,
    and so does the logical framework of the practice's own pilot, if it has one.
    Municipal staff adopt for their own municipality; League admins for any."""
    if not actor.is_league_admin and actor.municipality_id != municipality.pk:
        raise ValidationError({"municipality": _(
            "You can start a pilot only for your own municipality; ask a League admin to "
            "start one elsewhere.")})
    model_city = practice.municipality.name_th if practice.municipality_id else (
        practice.province.name_th)
    pilot = pilot_save(actor=actor, themes=practice.themes.all(), data={
        "code": code, "title_th": title_th or practice.title_th, "title_en": practice.title_en,
        "municipality": municipality, "province": municipality.province,
        "source_practice": practice, "model_city": model_city,
        "objectives_th": practice.summary_th, "objectives_en": practice.summary_en,
        "starts_on": starts_on, "status": Pilot.Status.PLANNING,
        "coordinator": actor if actor.municipality_id == municipality.pk else None,
    })
    template = (Pilot.objects.filter(documented_in=practice).exclude(pk=pilot.pk)
                .order_by("-updated_at").first())
    if template:
        logframe_copy(source=template, target=pilot)
    return pilot


def logframe_copy(*, source: Pilot, target: Pilot) -> None:
    """Copy the tree (not indicators' measurements) from one pilot to another."""
    mapping: dict[int, LogframeNode] = {}
    for node in source.logframe.order_by("id"):
        mapping[node.pk] = LogframeNode.objects.create(
            pilot=target, parent=mapping.get(node.parent_id), level=node.level,
            text_th=node.text_th, text_en=node.text_en, assumptions=node.assumptions,
            risks=node.risks, order=node.order)


def logframe_node_add(*, pilot: Pilot, level: str, text_th: str, parent=None,
                      **extra) -> LogframeNode:
    expected_parent = {v: k for k, v in LogframeNode.CHILD_LEVEL.items()}.get(level)
    if parent is None and level != LogframeNode.Level.GOAL:
        raise ValidationError({"parent": _("Only the goal has no parent item.")})
    if parent is not None and (parent.pilot_id != pilot.pk or parent.level != expected_parent):
        raise ValidationError({"parent": _(
            "An item at level “%(level)s” belongs under one at level “%(parent)s”.") % {
            "level": LogframeNode.Level(level).label,
            "parent": LogframeNode.Level(expected_parent).label if expected_parent else "—"}})
    node = LogframeNode(pilot=pilot, level=level, text_th=text_th, parent=parent, **extra)
    node.full_clean()
    node.save()
    _changed()
    return node


def indicator_add(*, pilot: Pilot, data: dict) -> Indicator:
    indicator = Indicator(pilot=pilot, **data)
    if indicator.node_id and indicator.node.pilot_id != pilot.pk:
        raise ValidationError({"node": _("That item belongs to another pilot.")})
    if indicator.starts_on and indicator.due_on and indicator.due_on <= indicator.starts_on:
        raise ValidationError({"due_on": _("The due date must come after the baseline date.")})
    indicator.full_clean()
    indicator.save()
    _changed()
    return indicator


def measurement_add(*, indicator: Indicator, actor: User | None, value, measured_on,
                    evidence: str = "", report: ProgressReport | None = None) -> Measurement:
    if measured_on > clock.today():
        raise ValidationError({"measured_on": _("A measurement cannot be dated in the future.")})
    measurement = Measurement(indicator=indicator, value=value, measured_on=measured_on,
                              evidence=evidence, recorded_by=actor, report=report)
    measurement.full_clean()
    measurement.save()
    _changed()
    return measurement


def assignment_add(*, pilot: Pilot, coach: Coach, role: str, starts_on: datetime.date,
                   ends_on: datetime.date | None = None) -> Assignment:
    if coach.status not in LISTED:
        raise ValidationError({"coach": _("Only approved or active coaches can be assigned.")})
    if ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date is before the start date.")})
    assignment = Assignment(pilot=pilot, coach=coach, role=role, starts_on=starts_on,
                            ends_on=ends_on)
    assignment.full_clean()
    assignment.save()
    _changed()
    return assignment


def assignment_remove(*, assignment: Assignment) -> None:
    """Take a coach off a pilot; refused once the coach has reported on it (the reports stay
    attached to the assignment's coach, so end the assignment with a date instead)."""
    if ProgressReport.objects.filter(pilot=assignment.pilot_id,
                                     coach=assignment.coach_id).exists():
        raise ValidationError(_("This coach has reported on the pilot; set an end date "
                                "instead of removing the assignment."))
    assignment.delete()
    _changed()


def study_visit_add(*, pilot: Pilot, data: dict) -> StudyVisit:
    visit = StudyVisit(pilot=pilot, **data)
    visit.full_clean()
    visit.save()
    _changed()
    return visit


def swot_set(*, pilot: Pilot, data: dict) -> Swot:
    swot, _created = Swot.objects.get_or_create(pilot=pilot)
    for field in ("strengths", "weaknesses", "opportunities", "threats"):
        if field in data:
            setattr(swot, field, data[field])
    swot.save()
    _changed()
    return swot


def adaptation_add(*, pilot: Pilot, change: str, reason: str = "") -> Adaptation:
    adaptation = Adaptation(pilot=pilot, change=change, reason=reason)
    adaptation.full_clean()
    adaptation.save()
    _changed()
    return adaptation


@transaction.atomic
def recommendation_save(*, recommendation: Recommendation | None, data: dict) -> Recommendation:
    """Save a problem and recommendation with the pilots it came from."""
    pilots = data.pop("pilots", None)
    recommendation = recommendation or Recommendation()
    for field, value in data.items():
        setattr(recommendation, field, value)
    recommendation.full_clean()
    recommendation.save()
    if pilots is not None:
        recommendation.pilots.set(pilots)
    _changed()
    return recommendation


# Progress reports -----------------------------------------------------------------------------

def report_period(kind: str, year: int, number: int) -> tuple[datetime.date, datetime.date]:
    """(first day, last day) of month `number` (1-12) or quarter `number` (1-4) of `year`."""
    if kind == ProgressReport.PeriodKind.QUARTER:
        if not 1 <= number <= 4:
            raise ValidationError({"number": _("A quarter is 1 to 4.")})
        first = datetime.date(year, 3 * number - 2, 1)
        last = month_end(datetime.date(year, 3 * number, 1))
        return first, last
    if not 1 <= number <= 12:
        raise ValidationError({"number": _("A month is 1 to 12.")})
    first = datetime.date(year, number, 1)
    return first, month_end(first)


def is_assigned(coach: Coach, pilot: Pilot) -> bool:
    return Assignment.objects.filter(pilot=pilot, coach=coach).exists()


@transaction.atomic
def report_start(*, pilot: Pilot, coach: Coach, kind: str, year: int,
                 number: int) -> ProgressReport:
    """A coach assigned to the pilot starts (or reopens) the draft for a period."""
    if not is_assigned(coach, pilot):
        raise ValidationError(_("Only a coach assigned to this pilot can report on it."))
    first, last = report_period(kind, year, number)
    if first > clock.today():
        raise ValidationError({"number": _("This period has not started yet.")})
    existing = (ProgressReport.objects.filter(pilot=pilot, coach=coach, period_start=first)
                .order_by("-version").first())
    if existing and existing.status == ProgressReport.Status.DRAFT:
        return existing
    if existing:
        raise ValidationError(_(
            "A report for this period is already submitted; submit a correction instead."))
    return ProgressReport.objects.create(pilot=pilot, coach=coach, period_kind=kind,
                                         period_start=first, period_end=last)


def _editable(report: ProgressReport) -> ProgressReport:
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ProgressReport.Status.DRAFT:
        raise ValidationError(_("A submitted report is locked; submit a correction instead."))
    return report


@transaction.atomic
def report_update(*, report: ProgressReport, actor: User, data: dict,
                  measurements: Iterable[dict] | None = None,
                  files: Iterable = ()) -> ProgressReport:
    """Save a draft: text fields, indicator measurements (replacing the draft's own) and files."""
    report = _editable(report)
    for field in REPORT_FIELDS:
        if field in data:
            setattr(report, field, data[field])
    report.full_clean()
    report.save()
    if measurements is not None:
        report.measurements.all().delete()
        for row in measurements:
            indicator = row["indicator"]
            if indicator.pilot_id != report.pilot_id:
                raise ValidationError({"measurements": _(
                    "Indicator “%(name)s” belongs to another pilot.") % {"name": indicator}})
            measurement_add(indicator=indicator, actor=actor, value=row["value"],
                            measured_on=row.get("measured_on")
                            or min(report.period_end, clock.today()),
                            evidence=row.get("evidence", ""), report=report)
    files = list(files)
    errors, kinds = [], []
    for upload in files:
        try:
            kinds.append(attachment_kind(upload))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({"attachments": errors})
    for upload, kind in zip(files, kinds, strict=True):
        ReportAttachment.objects.create(report=report, file=upload, title=upload.name[:200],
                                        kind=kind, size=upload.size)
    return report


@transaction.atomic
def report_submit(*, report: ProgressReport, actor: User) -> ProgressReport:
    report = _editable(report)
    if not report.summary.strip():
        raise ValidationError({"summary": _("Write a summary before submitting.")})
    report.status = ProgressReport.Status.SUBMITTED
    report.submitted_at = clock.now()
    report.save(update_fields=["status", "submitted_at", "updated_at"])
    _changed()
    for hook in REPORT_SUBMITTED:
        hook(report)
    return report


@transaction.atomic
def report_correct(*, report: ProgressReport, actor: User) -> ProgressReport:
    """A correction is a new draft version of a submitted report, starting from its content."""
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ProgressReport.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be corrected."))
    if ProgressReport.objects.filter(corrects=report).exists():
        raise ValidationError(_("This version already has a correction."))
    correction = ProgressReport.objects.create(
        pilot=report.pilot, coach=report.coach, period_kind=report.period_kind,
        period_start=report.period_start, period_end=report.period_end,
        version=report.version + 1, corrects=report,
        **{field: getattr(report, field) for field in REPORT_FIELDS})
    for m in report.measurements.all():
        Measurement.objects.create(indicator=m.indicator, value=m.value,
                                   measured_on=m.measured_on, evidence=m.evidence,
                                   recorded_by=actor, report=correction)
    return correction


def can_comment(user: User, report: ProgressReport) -> bool:
    return user.is_authenticated and (
        user.is_league_admin or report.pilot.coordinator_id == user.pk)


def comment_add(*, report: ProgressReport, author: User, body: str) -> ReportComment:
    if not can_comment(author, report):
        raise ValidationError(_("Only League admins and the pilot's coordinator can comment."))
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write a comment.")})
    return ReportComment.objects.create(report=report, author=author, body=body)


# Area-management reviews (document 002) -------------------------------------------------------

def area_review_save(*, actor: User, province, municipality, area_name: str, year: int,
                     answers: dict) -> AreaReview:
    """Check the answers against the form of document 002, then save the area's review."""
    from pilots.area_form import clean_answers

    cleaned = clean_answers(answers)
    review, _created = AreaReview.objects.update_or_create(
        area_name=area_name.strip(), province=province, year=year,
        defaults={"municipality": municipality, "answers": cleaned, "created_by": actor})
    _changed()
    return review
