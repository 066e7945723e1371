"""Every write to pilots and their monitoring records goes through here."""

import datetime
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from coaches.models import Coach
from coaches.services import LISTED
from pilots.models import (
    Adaptation,
    Assignment,
    Indicator,
    LogframeNode,
    Measurement,
    Pilot,
    StudyVisit,
    Swot,
)
from portal import clock
from portal.models import User
from portal.page_cache import content_changed
from portal.registry import Registry
from portal.thai_text import thai_slugify

# Apps above the pilots that keep records per assignment register a function: assignment ->
# why it may not be removed ("" when it may).
ASSIGNMENT_IN_USE: Registry[Callable[[Assignment], str]] = Registry()

PILOT_FIELDS = [
    "code", "title_th", "title_en", "programme", "municipality", "province", "source_practice",
    "documented_in", "model_city", "objectives_th", "objectives_en", "notes_th", "notes_en",
    "starts_on", "ends_on", "year_started", "status", "coordinator", "budget", "is_public",
    "source_document",
]


def pages_changed() -> None:
    """The pilots' public pages (and the pages that show pilots) are cached under "pilots"."""
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
    pages_changed()
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
    pages_changed()
    return node


def indicator_add(*, pilot: Pilot, data: dict) -> Indicator:
    indicator = Indicator(pilot=pilot, **data)
    if indicator.node_id and indicator.node.pilot_id != pilot.pk:
        raise ValidationError({"node": _("That item belongs to another pilot.")})
    if indicator.starts_on and indicator.due_on and indicator.due_on <= indicator.starts_on:
        raise ValidationError({"due_on": _("The due date must come after the baseline date.")})
    indicator.full_clean()
    indicator.save()
    pages_changed()
    return indicator


def measurement_add(*, indicator: Indicator, actor: User | None, value, measured_on,
                    evidence: str = "", report=None) -> Measurement:
    if measured_on > clock.today():
        raise ValidationError({"measured_on": _("A measurement cannot be dated in the future.")})
    measurement = Measurement(indicator=indicator, value=value, measured_on=measured_on,
                              evidence=evidence, recorded_by=actor, report=report)
    measurement.full_clean()
    measurement.save()
    pages_changed()
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
    pages_changed()
    return assignment


def assignment_remove(*, assignment: Assignment) -> None:
    """Take a coach off a pilot, unless an app above says the assignment is in use (the reports
    app: the coach has reported on the pilot; end the assignment with a date instead)."""
    for in_use in ASSIGNMENT_IN_USE:
        if reason := in_use(assignment):
            raise ValidationError(reason)
    assignment.delete()
    pages_changed()


def study_visit_add(*, pilot: Pilot, data: dict) -> StudyVisit:
    visit = StudyVisit(pilot=pilot, **data)
    visit.full_clean()
    visit.save()
    pages_changed()
    return visit


def swot_set(*, pilot: Pilot, data: dict) -> Swot:
    swot, _created = Swot.objects.get_or_create(pilot=pilot)
    for field in ("strengths", "weaknesses", "opportunities", "threats"):
        if field in data:
            setattr(swot, field, data[field])
    swot.save()
    pages_changed()
    return swot


def adaptation_add(*, pilot: Pilot, change: str, reason: str = "") -> Adaptation:
    adaptation = Adaptation(pilot=pilot, change=change, reason=reason)
    adaptation.full_clean()
    adaptation.save()
    pages_changed()
    return adaptation
