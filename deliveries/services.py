"""Recording, queueing, resending and confirming the copies of progress reports for home
executives. A worker takes and settles each copy through deliveries.claims."""


from django.conf import settings
from django.core import signing
from django.db import transaction

from deliveries import tasks
from deliveries.models import Delivery
from deliveries.tokens import CONFIRM_SALT
from portal import clock


def _copies_for(report, executive) -> list[Delivery]:
    """The executive's e-mail copy, and a LINE copy when their LINE account can take it."""
    line = getattr(executive, "line_link", None) if settings.LINE_ENABLED else None
    common = {"report": report, "executive": executive, "recipient_name": executive.name,
              "recipient_email": executive.email.lower(),
              "language": executive.preferred_language or "th"}
    rows = []
    if line is None or line.wants_email:
        rows.append(Delivery(**common))
    if line is not None and line.can_push:
        rows.append(Delivery(**common, channel=Delivery.Channel.LINE,
                             line_user_id=line.line_user_id))
    return rows


def deliveries_create(report) -> list[Delivery]:
    """One delivery per home executive of the reporting coach and channel, for this report
    version.

    Runs inside the submitting transaction; the sending is queued once it commits.
    """
    executives = report.coach.executives.all()
    if settings.LINE_ENABLED:
        executives = executives.select_related("line_link")
    rows = [row for executive in executives for row in _copies_for(report, executive)]
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    created = list(Delivery.objects.filter(report=report, status=Delivery.Status.PENDING))
    if created:
        transaction.on_commit(lambda: tasks.deliver_report.delay(report.pk))
    return created


def deliveries_resend(deliveries) -> int:
    """Admins send failed copies again (sent ones are left alone: no duplicates)."""
    ids = list(Delivery.objects.filter(pk__in=[d.pk for d in deliveries])
               .exclude(status__in=[Delivery.Status.SENT, Delivery.Status.SENDING])
               .values_list("pk", flat=True))
    Delivery.objects.filter(pk__in=ids).update(status=Delivery.Status.PENDING, attempts=0,
                                               last_error="")
    transaction.on_commit(lambda: [tasks.deliver.delay(pk) for pk in ids])
    return len(ids)


def delivery_confirm(token: str) -> Delivery | None:
    """Record that the executive received the report; None for a bad or forged link."""
    try:
        pk = signing.loads(token, salt=CONFIRM_SALT, max_age=60 * 60 * 24 * 365)
    except signing.BadSignature:
        return None
    delivery = Delivery.objects.select_related("report__pilot").filter(pk=pk).first()
    if delivery and delivery.confirmed_at is None:
        Delivery.objects.filter(pk=pk, confirmed_at__isnull=True).update(
            confirmed_at=clock.now())
        delivery.refresh_from_db()
    return delivery
