"""Recording, sending and confirming the copies of progress reports for home executives."""

import datetime

from django.core import signing
from django.db import transaction
from django.db.models import F, Q

from deliveries.models import Delivery
from portal import clock

CONFIRM_SALT = "deliveries.confirm"


def deliveries_create(report) -> list[Delivery]:
    """One delivery per home executive of the reporting coach, for this report version.

    Runs inside the submitting transaction; the sending is queued once it commits.
    """
    from deliveries import tasks

    rows = [Delivery(report=report, executive=executive, recipient_name=executive.name,
                     recipient_email=executive.email.lower(),
                     language=executive.preferred_language or "th")
            for executive in report.coach.executives.all()]
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    created = list(Delivery.objects.filter(report=report, status=Delivery.Status.PENDING))
    if created:
        transaction.on_commit(lambda: tasks.deliver_report.delay(report.pk))
    return created


def delivery_claim(delivery_id: int, *, lease_seconds: int, report=None) -> Delivery | None:
    """Take a delivery for sending, atomically: only one worker gets it. A copy left in
    'sending' longer than the lease (its worker died) can be taken again. `report`: the
    copy's report, already loaded with its pilot and coach (one report's copies in a row)."""
    now = clock.now()
    stale = now - datetime.timedelta(seconds=lease_seconds)
    taken = Delivery.objects.filter(
        Q(status=Delivery.Status.PENDING)
        | Q(status=Delivery.Status.SENDING, claimed_at__lt=stale),
        pk=delivery_id,
    ).update(status=Delivery.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not taken:
        return None
    if report is not None:
        delivery = Delivery.objects.get(pk=delivery_id, report=report)
        delivery.report = report
        return delivery
    return Delivery.objects.select_related(
        "report__pilot__municipality", "report__pilot__province", "report__coach").get(
        pk=delivery_id)


def delivery_sent(delivery: Delivery, message_id: str) -> None:
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING).update(
        status=Delivery.Status.SENT, sent_at=clock.now(), message_id=message_id,
        last_error="")


def delivery_retry_later(delivery: Delivery, error: str) -> None:
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING).update(
        status=Delivery.Status.PENDING, last_error=error[:2000])


def delivery_failed(delivery: Delivery, error: str) -> None:
    Delivery.objects.filter(pk=delivery.pk).exclude(status=Delivery.Status.SENT).update(
        status=Delivery.Status.FAILED, last_error=error[:2000])


def deliveries_resend(deliveries) -> int:
    """Admins send failed copies again (sent ones are left alone: no duplicates)."""
    from deliveries import tasks

    ids = list(Delivery.objects.filter(pk__in=[d.pk for d in deliveries])
               .exclude(status__in=[Delivery.Status.SENT, Delivery.Status.SENDING])
               .values_list("pk", flat=True))
    Delivery.objects.filter(pk__in=ids).update(status=Delivery.Status.PENDING, attempts=0,
                                               last_error="")
    transaction.on_commit(lambda: [tasks.deliver.delay(pk) for pk in ids])
    return len(ids)


def confirm_token(delivery: Delivery) -> str:
    return signing.dumps(delivery.pk, salt=CONFIRM_SALT)


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
