"""A worker's hold on one copy: claim it atomically, then settle it as sent, to retry later or
failed. Each step only moves a copy on from the state the step expects, so two workers (or a
worker and the sweeper) never both send it."""

import datetime

from django.db.models import F, Q

from deliveries.models import Delivery
from portal import clock


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
