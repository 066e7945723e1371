"""Every write to progress reports, their attachments and comments goes through here."""

import datetime
from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from coaches.models import Coach
from pilots.models import Assignment, Measurement, Pilot
from pilots.services import measurement_add, pages_changed
from portal import clock
from portal.models import User
from portal.page_cache import EVERY_PAGE, content_changed
from portal.registry import Registry
from portal.uploads import attachment_kind
from reports import tasks
from reports.models import ProgressReport, ReportAttachment, ReportComment
from reports.rates import month_end

# Called with a report version once it is submitted, inside its transaction (deliveries to
# home executives register here).
REPORT_SUBMITTED: Registry[Callable[[ProgressReport], None]] = Registry()

REPORT_FIELDS = [
    "summary", "activities", "aar_expected", "aar_happened", "aar_better", "aar_suggestions",
    "problems", "next_steps",
]


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
    pages_changed()
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


@transaction.atomic
def report_publish(*, report: ProgressReport, actor: User, publish: bool = True
                   ) -> ProgressReport:
    """A League admin publishes a submitted report version on the portal, or withdraws it.
    The coach is told either way; every cached page and file of it follows at once."""
    report = ProgressReport.objects.select_for_update().select_related("pilot").get(pk=report.pk)
    if report.status != ProgressReport.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be published."))
    if publish and not report.pilot.is_public:
        raise ValidationError(_("The pilot is not public: its reports cannot be published."))
    if publish == (report.published_at is not None):
        return report
    report.published_at = clock.now() if publish else None
    report.published_by = actor if publish else None
    report.save(update_fields=["published_at", "published_by", "updated_at"])
    transaction.on_commit(lambda: content_changed(EVERY_PAGE))
    transaction.on_commit(lambda: tasks.notify_publication.delay(report.pk, publish))
    return report


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
