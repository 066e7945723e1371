"""Every write to the practice library goes through these functions."""

from collections.abc import Iterable

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from portal import clock
from portal.models import Theme, User
from portal.page_cache import content_changed
from portal.thai_text import thai_slugify
from practices import tasks
from practices.models import Practice, PracticeEvent, Tag
from practices.search import practice_search_fields, vocabulary_add

Status = Practice.Status

# Fields a form, the API or an import may set; status and history have their own services.
CONTENT_FIELDS = [
    "external_id", "title_th", "title_en", "summary_th", "summary_en",
    *[f"{name}_{lang}" for name, _label in Practice.SECTIONS for lang in ("th", "en")],
    "municipality", "province", "award", "year_started", "source_url",
    "contact_name", "contact_email", "contact_phone", "contact_consent",
]

# Which status may follow which, and whether the step needs a note.
TRANSITIONS = {
    Status.DRAFT: {Status.SUBMITTED, Status.PUBLISHED},
    Status.SUBMITTED: {Status.IN_REVIEW, Status.PUBLISHED, Status.DRAFT, Status.REJECTED},
    Status.IN_REVIEW: {Status.PUBLISHED, Status.DRAFT, Status.REJECTED},
    Status.PUBLISHED: {Status.ARCHIVED},
    Status.ARCHIVED: {Status.PUBLISHED},
    Status.REJECTED: {Status.DRAFT},
}
NEEDS_NOTE = {
    Status.DRAFT: _("Say what should change before the practice can be published."),
    Status.REJECTED: _("Give the reason for rejecting the nomination."),
}


def _unique_slug(practice: Practice) -> str:
    base = thai_slugify(practice.title_th) or thai_slugify(practice.title_en) or "practice"
    slug, n = base, 1
    while Practice.objects.filter(slug=slug).exclude(pk=practice.pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def tags_from_names(names: Iterable[str]) -> list[Tag]:
    clean = list(dict.fromkeys(n.strip()[:80] for n in names if n and n.strip()))
    existing = {t.name: t for t in Tag.objects.filter(name__in=clean)}
    missing = [Tag(name=n) for n in clean if n not in existing]
    Tag.objects.bulk_create(missing, ignore_conflicts=True)
    if missing:
        existing = {t.name: t for t in Tag.objects.filter(name__in=clean)}
    return [existing[n] for n in clean]


def practice_reindex(*, practice: Practice) -> None:
    """Refresh the segmented search text after any change to text, tags or place."""
    places = [practice.province.name_th, practice.province.name_en]
    if practice.municipality:
        places += [practice.municipality.name_th, practice.municipality.name_en]
    fields = practice_search_fields(
        practice, tags=[t.name for t in practice.tags.all()], places=places
    )
    Practice.objects.filter(pk=practice.pk).update(**fields)
    transaction.on_commit(lambda: content_changed("practices"))
    for name, value in fields.items():
        setattr(practice, name, value)
    vocabulary_add(*fields.values())


def _apply(practice: Practice, data: dict) -> dict:
    changes = {}
    for field in CONTENT_FIELDS:
        if field not in data:
            continue
        try:
            old = getattr(practice, field)
        except ObjectDoesNotExist:  # a new practice has no province yet
            old = None
        new = data[field]
        if old != new:
            changes[field] = [str(old) if old is not None else None,
                              str(new) if new is not None else None]
            setattr(practice, field, new)
    if practice.municipality_id and practice.municipality:
        practice.province = practice.municipality.province
    return changes


def _save(practice: Practice, *, themes, tags) -> None:
    if not practice.slug:
        practice.slug = _unique_slug(practice)
    practice.full_clean(exclude=["themes", "tags"])
    practice.save()
    if themes is not None:
        if not themes:
            raise ValidationError({"themes": _("Choose at least one theme.")})
        practice.themes.set(themes)
    if tags is not None:
        practice.tags.set(tags_from_names(tags))
    practice_reindex(practice=practice)


@transaction.atomic
def practice_create(
    *,
    actor: User | None,
    data: dict,
    themes: list[Theme],
    tags: list[str] = (),
    status: str = Status.DRAFT,
    nominated_by: User | None = None,
) -> Practice:
    practice = Practice(status=status, nominated_by=nominated_by)
    _apply(practice, data)
    if status == Status.PUBLISHED:
        practice.published_at = clock.now()
    _save(practice, themes=themes, tags=list(tags))
    PracticeEvent.objects.create(
        practice=practice, actor=actor, action=PracticeEvent.Action.CREATED, to_status=status
    )
    if status == Status.SUBMITTED:
        _notify_nominator(practice, "submitted")
    return practice


@transaction.atomic
def practice_update(
    *,
    practice: Practice,
    actor: User | None,
    data: dict,
    themes: list[Theme] | None = None,
    tags: list[str] | None = None,
) -> Practice:
    changes = _apply(practice, data)
    if themes is not None:
        old = sorted(practice.themes.values_list("code", flat=True)) if practice.pk else []
        new = sorted(t.code for t in themes)
        if old != new:
            changes["themes"] = [", ".join(old), ", ".join(new)]
    if tags is not None:
        old = sorted(practice.tags.values_list("name", flat=True))
        new = sorted({t.strip() for t in tags if t.strip()})
        if old != new:
            changes["tags"] = [", ".join(old), ", ".join(new)]
    _save(practice, themes=themes, tags=tags)
    if changes:
        PracticeEvent.objects.create(
            practice=practice, actor=actor, action=PracticeEvent.Action.EDITED, changes=changes
        )
    return practice


@transaction.atomic
def practice_set_status(
    *, practice: Practice, actor: User | None, status: str, note: str = ""
) -> Practice:
    """Move a practice through the workflow; the nominator hears of every step by e-mail."""
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    current = Status(practice.status)
    status = Status(status)
    if status == current:
        return practice
    if status not in TRANSITIONS[current]:
        raise ValidationError(
            _("A practice that is “%(current)s” cannot become “%(new)s”."),
            code="invalid_transition",
            params={"current": current.label, "new": status.label},
        )
    note = (note or "").strip()
    if status in NEEDS_NOTE and not note:
        raise ValidationError({"note": NEEDS_NOTE[status]}, code="note_required")
    practice.status = status
    if status in (Status.DRAFT, Status.REJECTED, Status.IN_REVIEW):
        practice.reviewer_note = note
    if status == Status.PUBLISHED and practice.published_at is None:
        practice.published_at = clock.now()
    practice.save(update_fields=["status", "reviewer_note", "published_at", "updated_at"])
    PracticeEvent.objects.create(
        practice=practice, actor=actor, action=PracticeEvent.Action.STATUS, from_status=current,
        to_status=status, note=note,
    )
    transaction.on_commit(lambda: content_changed("practices"))
    _notify_nominator(practice, status)
    return practice


def _notify_nominator(practice: Practice, step: str) -> None:
    if practice.nominated_by_id and step in tasks.NOMINATION_STEPS:
        transaction.on_commit(
            lambda: tasks.notify_nominator.delay(practice.pk, step, practice.reviewer_note)
        )


def attachments_add(*, practice: Practice, files: Iterable, actor: User | None) -> list:
    """Check every file first; store none of them if any is refused."""
    from portal.uploads import attachment_kind
    from practices.models import Attachment

    files = list(files)
    errors, kinds = [], []
    for upload in files:
        try:
            kinds.append(attachment_kind(upload))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({"attachments": errors})
    stored = []
    with transaction.atomic():
        for upload, kind in zip(files, kinds, strict=True):
            stored.append(Attachment.objects.create(
                practice=practice, file=upload, title=upload.name[:200], kind=kind,
                size=upload.size,
            ))
        if stored:
            PracticeEvent.objects.create(
                practice=practice, actor=actor, action=PracticeEvent.Action.ATTACHMENTS,
                changes={"attachments": [None, ", ".join(a.title for a in stored)]},
            )
    return stored


@transaction.atomic
def practice_nominate(*, user: User, data: dict, themes: list[Theme], tags: list[str],
                      files: Iterable) -> Practice:
    """A signed-in person proposes a practice; it goes straight to the review queue."""
    practice = practice_create(actor=user, data=data, themes=themes, tags=tags,
                               status=Status.SUBMITTED, nominated_by=user)
    attachments_add(practice=practice, files=files, actor=user)
    return practice


@transaction.atomic
def nomination_revise(*, practice: Practice, user: User, data: dict, themes: list[Theme],
                      tags: list[str], files: Iterable, resubmit: bool) -> Practice:
    """Save a nominator's (or a curator's) edits; a nominator's edits always go back to review."""
    practice = Practice.objects.get(pk=practice.pk)  # compare against the stored row
    practice_update(practice=practice, actor=user, data=data, themes=themes, tags=tags)
    attachments_add(practice=practice, files=files, actor=user)
    if resubmit or not user.is_league_admin:
        practice = practice_set_status(practice=practice, actor=user, status=Status.SUBMITTED)
    return practice
