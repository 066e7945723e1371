"""Sending report copies: thin, idempotent tasks (a delivery is claimed before it is sent)."""

import datetime
import smtplib

from celery import shared_task
from django.conf import settings

from deliveries import services
from deliveries.models import Delivery
from portal import clock


def _permanent(error: Exception) -> bool:
    """A 5xx answer will not change on a retry; everything else (4xx, no server) may."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _msg in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return False


def backoff(attempts: int) -> int:
    base = settings.DELIVERY_RETRY_BASE_SECONDS
    return min(settings.DELIVERY_RETRY_MAX_SECONDS, base * 2 ** max(0, attempts - 1))


@shared_task(name="deliveries.deliver", bind=True, max_retries=None)
def deliver(self, delivery_id: int) -> str:
    from deliveries.message import report_message

    delivery = services.delivery_claim(delivery_id,
                                       lease_seconds=settings.DELIVERY_LEASE_SECONDS)
    if delivery is None:
        return "not claimed"  # sent, failed, or being sent by another worker
    try:
        message = report_message(delivery)
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        if _permanent(error) or delivery.attempts >= settings.DELIVERY_MAX_ATTEMPTS:
            services.delivery_failed(delivery, repr(error))
            return "failed"
        services.delivery_retry_later(delivery, repr(error))
        raise self.retry(countdown=backoff(delivery.attempts), exc=error) from error
    services.delivery_sent(delivery, delivery.stable_message_id)
    return "sent"


@shared_task(name="deliveries.sweep")
def sweep() -> int:
    """Queue again every copy left pending (its task was lost: broker down, worker killed)
    or stuck in sending past the lease; the claim makes a second queueing harmless."""

    now = clock.now()
    quiet = now - datetime.timedelta(seconds=settings.DELIVERY_SWEEP_AFTER_SECONDS)
    stale = now - datetime.timedelta(seconds=settings.DELIVERY_LEASE_SECONDS)
    ids = list(Delivery.objects.filter(status=Delivery.Status.PENDING, created_at__lt=quiet)
               .values_list("pk", flat=True))
    ids += list(Delivery.objects.filter(status=Delivery.Status.SENDING, claimed_at__lt=stale)
                .values_list("pk", flat=True))
    for pk in ids:
        deliver.delay(pk)
    return len(ids)
