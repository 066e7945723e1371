"""Every write to the coach registry goes through these functions."""

from collections.abc import Iterable

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from coaches import tasks
from coaches.models import (
    Certification,
    Coach,
    CoachEvent,
    CoachLanguage,
    DeletionRequest,
    HomeExecutive,
    Training,
)
from portal import clock
from portal.models import User
from portal.page_cache import EVERY_PAGE, content_changed
from portal.thai_text import search_text
from portal.uploads import MAX_PHOTO_BYTES, attachment_kind

Status = Coach.Status

PROFILE_FIELDS = [
    "name_th", "name_en", "home_municipality", "position", "phone", "email", "other_tools",
    "availability_days", "bio_th", "bio_en", "public_fields",
]
CONSENT_CODES = {code for code, _label in Coach.CONSENT_FIELDS}
LISTED = (Status.APPROVED, Status.ACTIVE)


def _make_coach_account(coach: Coach) -> None:
    if coach.status in LISTED and coach.user_id:
        User.objects.filter(pk=coach.user_id, role=User.Role.STAFF).update(role=User.Role.COACH)

TRANSITIONS = {
    Status.APPLIED: {Status.APPROVED, Status.REJECTED},
    Status.APPROVED: {Status.ACTIVE, Status.PAUSED, Status.RETIRED},
    Status.ACTIVE: {Status.PAUSED, Status.RETIRED},
    Status.PAUSED: {Status.ACTIVE, Status.RETIRED},
    Status.RETIRED: {Status.ACTIVE},
    Status.REJECTED: {Status.APPLIED},
}


def coach_reindex(coach: Coach) -> None:
    """Only what the coach agreed to show is searchable, so a search cannot reveal the rest.
    A coach's name, consent and status show on pages of every part of the portal (pilots,
    events, the learning network): all cached pages are rebuilt once this commits."""
    parts = []
    if coach.shows("name"):
        parts += [coach.name_th, coach.name_en]
    if coach.shows("bio"):
        parts += [coach.bio_th, coach.bio_en]
    text = search_text(*parts)
    Coach.objects.filter(pk=coach.pk).update(search_text=text)
    coach.search_text = text
    transaction.on_commit(lambda: content_changed(EVERY_PAGE))


def _check_photo(photo) -> None:
    if photo:
        try:
            attachment_kind(photo, kinds=("image",), max_bytes=MAX_PHOTO_BYTES)
        except ValidationError as exc:
            raise ValidationError({"photo": exc.messages}) from exc


def _apply(coach: Coach, data: dict) -> list[str]:
    changed = []
    for field in PROFILE_FIELDS:
        if field not in data:
            continue
        try:
            old = getattr(coach, field)
        except ObjectDoesNotExist:  # a new coach has no home municipality yet
            old = None
        if old != data[field]:
            setattr(coach, field, data[field])
            changed.append(field)
    unknown = set(coach.public_fields) - CONSENT_CODES
    if unknown:
        raise ValidationError({"public_fields": _("Unknown fields: %(fields)s") % {
            "fields": ", ".join(sorted(unknown))}})
    return changed


def _set_relations(coach: Coach, *, themes=None, tools=None, regions=None, provinces=None,
                   languages=None, trainings=None, executives=None) -> list[str]:
    changed = []
    if themes is not None:
        if not themes:
            raise ValidationError({"themes": _("Choose at least one theme of expertise.")})
        coach.themes.set(themes)
        changed.append("themes")
    if tools is not None:
        coach.tools.set(tools)
        changed.append("tools")
    if regions is not None:
        coach.service_regions.set(regions)
        changed.append("service_regions")
    if provinces is not None:
        coach.service_provinces.set(provinces)
        changed.append("service_provinces")
    if languages is not None:
        seen = set()
        for row in languages:
            if row["language"] in seen:
                raise ValidationError({"languages": _("Each language may be listed once.")})
            seen.add(row["language"])
        coach.languages.all().delete()
        CoachLanguage.objects.bulk_create(
            [CoachLanguage(coach=coach, language=r["language"], level=r["level"])
             for r in languages])
        changed.append("languages")
    if trainings is not None:
        coach.trainings.all().delete()
        Training.objects.bulk_create([Training(coach=coach, **row) for row in trainings])
        changed.append("trainings")
    if executives is not None:
        executives_replace(coach=coach, executives=executives)
        changed.append("executives")
    return changed


def executives_replace(*, coach: Coach, executives: list[dict]) -> None:
    """Keep the executives listed (matched by e-mail), add new ones, drop the rest."""
    if not executives:
        raise ValidationError({"executives": _(
            "Name at least one home executive (for example the mayor or the municipal clerk) "
            "to receive your progress reports.")})
    emails = [e["email"].strip().lower() for e in executives]
    if len(set(emails)) != len(emails):
        raise ValidationError({"executives": _("Each executive needs a different e-mail.")})
    existing = {e.email.lower(): e for e in coach.executives.all()}
    # Whoever edits the list (the coach included), an executive taken off it hears of it at
    # the address the copies reached: a replaced address cannot go unnoticed.
    for email, removed in existing.items():
        if email not in emails:
            transaction.on_commit(lambda e=removed: tasks.notify_executive_removed.delay(
                coach.pk, e.name, e.email, e.preferred_language))
    coach.executives.exclude(email__in=emails).delete()
    for row, email in zip(executives, emails, strict=True):
        executive = existing.get(email) or HomeExecutive(coach=coach)
        for field in ("name", "position", "position_other", "preferred_language"):
            if field in row:
                setattr(executive, field, row[field])
        executive.email = email
        executive.full_clean(exclude=["coach"])
        executive.save()


@transaction.atomic
def coach_apply(*, user: User | None, actor: User | None = None, data: dict, themes,
                tools=(), regions=(), provinces=(), languages=(), trainings=(),
                executives: list[dict], photo=None, status: str = Status.APPLIED,
                notify: bool = True) -> Coach:
    """A verified account applies to join the national pool (admins may also create)."""
    if user is not None and Coach.objects.filter(user=user).exists():
        raise ValidationError(_("This account already has a coach profile."))
    _check_photo(photo)
    coach = Coach(user=user, status=status)
    _apply(coach, data)
    if photo:
        coach.photo = photo
    coach.full_clean(exclude=["themes", "tools", "service_regions", "service_provinces"])
    coach.save()
    _set_relations(coach, themes=list(themes), tools=list(tools), regions=list(regions),
                   provinces=list(provinces), languages=list(languages),
                   trainings=list(trainings), executives=list(executives))
    coach_reindex(coach)
    _make_coach_account(coach)
    CoachEvent.objects.create(coach=coach, actor=actor or user, action=CoachEvent.Action.APPLIED,
                              to_status=status)
    if status == Status.APPLIED and notify:
        _tell_coach(coach, "applied")
    return coach


@transaction.atomic
def coach_update(*, coach: Coach, actor: User | None, data: dict, photo=None,
                 remove_photo: bool = False, **relations) -> Coach:
    _check_photo(photo)
    coach = Coach.objects.select_for_update().get(pk=coach.pk)
    changed = _apply(coach, data)
    if photo:
        coach.photo = photo
        changed.append("photo")
    elif remove_photo and coach.photo:
        coach.photo.delete(save=False)
        coach.photo = ""
        changed.append("photo")
    coach.full_clean(exclude=["themes", "tools", "service_regions", "service_provinces"])
    coach.save()
    changed += _set_relations(coach, **relations)
    coach_reindex(coach)
    if changed:
        CoachEvent.objects.create(coach=coach, actor=actor, action=CoachEvent.Action.UPDATED,
                                  note=", ".join(changed))
    return coach


@transaction.atomic
def coach_set_status(*, coach: Coach, actor: User | None, status: str, note: str = "",
                     notify: bool = True) -> Coach:
    """League admins move a coach through the lifecycle; the coach hears of every decision."""
    coach = Coach.objects.select_for_update().get(pk=coach.pk)
    current, status = Status(coach.status), Status(status)
    if status == current:
        return coach
    if status not in TRANSITIONS[current]:
        raise ValidationError(
            _("A coach who is “%(current)s” cannot become “%(new)s”."),
            code="invalid_transition", params={"current": current.label, "new": status.label})
    note = (note or "").strip()
    if status == Status.REJECTED and not note:
        raise ValidationError({"note": _("Give the reason for rejecting the application.")},
                              code="note_required")
    coach.status, coach.status_note = status, note
    coach.save(update_fields=["status", "status_note", "updated_at"])
    _make_coach_account(coach)
    CoachEvent.objects.create(coach=coach, actor=actor, action=CoachEvent.Action.STATUS,
                              from_status=current, to_status=status, note=note)
    transaction.on_commit(lambda: content_changed(EVERY_PAGE))
    if notify:
        _tell_coach(coach, status, note)
    return coach


@transaction.atomic
def certification_add(*, coach: Coach, actor: User | None, data: dict, file=None,
                      notify: bool = True) -> Certification:
    if file:
        try:
            attachment_kind(file)
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from exc
    certification = Certification(coach=coach, **data)
    if file:
        certification.file = file
    if certification.expires_on and certification.expires_on < certification.issued_on:
        raise ValidationError({"expires_on": _("The expiry date is before the issue date.")})
    certification.full_clean()
    certification.save()
    CoachEvent.objects.create(coach=coach, actor=actor, action=CoachEvent.Action.CERTIFIED,
                              note=f"{certification.title} — {certification.issuer_label}")
    transaction.on_commit(lambda: content_changed(EVERY_PAGE))
    if notify:
        _tell_coach(coach, "certified", certification.title)
    return certification


def coach_data_export(*, coach: Coach, actor: User) -> dict:
    """Everything the registry holds about a coach (PDPA right of access)."""
    from coaches.serializers import CoachExportSerializer

    data = CoachExportSerializer(coach).data
    CoachEvent.objects.create(coach=coach, actor=actor, action=CoachEvent.Action.DATA_EXPORTED)
    return data


@transaction.atomic
def deletion_request(*, coach: Coach, actor: User, reason: str = "") -> DeletionRequest:
    pending = coach.deletion_requests.filter(outcome=DeletionRequest.Outcome.PENDING).first()
    if pending:
        return pending
    request = DeletionRequest.objects.create(coach=coach, coach_name=coach.name_th,
                                             reason=reason.strip())
    CoachEvent.objects.create(coach=coach, actor=actor,
                              action=CoachEvent.Action.DELETION_REQUESTED, note=reason.strip())
    return request


@transaction.atomic
def deletion_handle(*, request: DeletionRequest, actor: User, outcome: str,
                    note: str = "") -> DeletionRequest:
    """Delete the coach's data (the request stays as the log) or decline with a reason."""
    request = DeletionRequest.objects.select_for_update().get(pk=request.pk)
    if request.outcome != DeletionRequest.Outcome.PENDING:
        raise ValidationError(_("This request has already been handled."))
    outcome = DeletionRequest.Outcome(outcome)
    if outcome == DeletionRequest.Outcome.DECLINED and not note.strip():
        raise ValidationError({"note": _("Say why the request is declined.")})
    request.outcome, request.note = outcome, note.strip()
    request.handled_by, request.handled_at = actor, clock.now()
    coach = request.coach
    if outcome == DeletionRequest.Outcome.DELETED and coach is not None:
        for stored in [coach.photo, *[c.file for c in coach.certifications.all()]]:
            if stored:
                stored.delete(save=False)
        request.coach = None
        request.save()
        coach.delete()
        transaction.on_commit(lambda: content_changed(EVERY_PAGE))
    else:
        request.save()
        if coach is not None:
            CoachEvent.objects.create(coach=coach, actor=actor,
                                      action=CoachEvent.Action.DELETION_HANDLED,
                                      note=f"{outcome.label}: {request.note}")
    return request


def _tell_coach(coach: Coach, step: str, note: str = "") -> None:
    transaction.on_commit(lambda: tasks.notify_coach.delay(coach.pk, step, note))


def coaches_bulk_status(*, coaches: Iterable[Coach], actor: User, status: str) -> int:
    done = 0
    for coach in coaches:
        try:
            coach_set_status(coach=coach, actor=actor, status=status)
            done += 1
        except ValidationError:
            continue
    return done
