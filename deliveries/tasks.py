"""Sending report copies: thin, idempotent tasks (a delivery is claimed before it is sent)."""

import datetime
import smtplib

from celery import shared_task
from django.conf import settings

from deliveries import claims, sending
from deliveries.brief import brief_bytes
from deliveries.line_message import report_line_texts
from deliveries.message import copy_language, report_message
from deliveries.models import Delivery
from line_oa import client as line_client
from line_oa.linking import settings_page_url
from line_oa.models import LineLink
from portal import clock
from reports.models import ProgressReport


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


class RetryLater(Exception):
    """A copy the mail server (or LINE) did not take this time: try it again after `countdown` s."""

    def __init__(self, countdown: int, error: Exception):
        super().__init__(repr(error))
        self.countdown, self.error = countdown, error


def _send_email(delivery, briefs: dict | None) -> str:
    brief = None
    if briefs is not None:
        language = copy_language(delivery)
        if language not in briefs:
            briefs[language] = brief_bytes(delivery.report, language)
        brief = briefs[language]
    try:
        sending.send(report_message(delivery, brief=brief))
    except (smtplib.SMTPException, OSError) as error:
        if _permanent(error) or delivery.attempts >= settings.DELIVERY_MAX_ATTEMPTS:
            claims.delivery_failed(delivery, repr(error))
            return "failed"
        claims.delivery_retry_later(delivery, repr(error))
        raise RetryLater(backoff(delivery.attempts), error) from error
    claims.delivery_sent(delivery, delivery.stable_message_id)
    return "sent"


def _current_link(delivery):
    """The executive's LINE link, if it is still the account the copy was made for: a copy is
    never pushed to an account unlinked (or replaced) since, and the settings link it carries
    is that link's."""
    if not delivery.executive_id:
        return None
    return LineLink.objects.filter(executive_id=delivery.executive_id,
                                   line_user_id=delivery.line_user_id).first()


def _line_later(delivery, error: Exception) -> str:
    """LINE, or the way to it, did not take the copy this time: try again, up to the limit."""
    if delivery.attempts >= settings.DELIVERY_MAX_ATTEMPTS:
        claims.delivery_failed(delivery, str(error))
        return "failed"
    claims.delivery_retry_later(delivery, str(error))
    retry_after = getattr(error, "retry_after", None) or 0
    raise RetryLater(max(retry_after, backoff(delivery.attempts)), error) from error


def _send_line(delivery) -> str:
    """LINE takes a push once per retry key, so a retry after a lost answer (or a worker
    killed after sending) is not received twice. 5xx, 429, an unreachable API and anything
    unexpected from the LINE client are tried again, after LINE's Retry-After when it gives
    one; any other 4xx fails the copy."""
    if not settings.LINE_ENABLED:
        claims.delivery_failed(delivery, "LINE is not configured")
        return "failed"
    link = _current_link(delivery)
    if link is None:
        claims.delivery_failed(delivery, "the LINE account is no longer linked")
        return "failed"
    try:
        request_id = line_client.push(
            delivery.line_user_id,
            report_line_texts(delivery, settings_url=settings_page_url(link)),
            retry_key=delivery.line_retry_key)
    except line_client.PushFailed as error:
        claims.delivery_failed(delivery, str(error))
        return "failed"
    except line_client.PushLater as error:
        return _line_later(delivery, error)
    except Exception as error:  # noqa: BLE001  (never an error page for the submitting coach)
        return _line_later(delivery, line_client.PushLater(f"LINE client error: {error!r}"))
    claims.delivery_sent(delivery, request_id or delivery.line_retry_key)
    return "sent"


def _send_copy(delivery_id: int, *, report=None, briefs: dict | None = None) -> str:
    """Claim one copy, send it on its channel and record the outcome ("sent", "failed",
    "not claimed"); raise RetryLater when it may go through later. `report` and `briefs`
    (PDF bytes by language, filled as they are read) are shared by the copies of one report."""
    delivery = claims.delivery_claim(delivery_id, report=report,
                                     lease_seconds=settings.DELIVERY_LEASE_SECONDS)
    if delivery is None:
        return "not claimed"  # sent, failed, or being sent by another worker
    if delivery.channel == Delivery.Channel.LINE:
        return _send_line(delivery)
    return _send_email(delivery, briefs)


@shared_task(name="deliveries.deliver", bind=True, max_retries=None)
def deliver(self, delivery_id: int) -> str:
    """One copy: its retries, the sweeper's re-queueing and the admin's resends."""
    try:
        return _send_copy(delivery_id)
    except RetryLater as later:
        raise self.retry(countdown=later.countdown, exc=later.error) from later.error


@shared_task(name="deliveries.deliver_report")
def deliver_report(report_id: int) -> dict:
    """Every pending copy of one report version, one after the other, as the report is
    submitted: its PDF brief is rendered once for all of them (deliveries.brief), and
    different reports go to different worker processes. A copy the mail server does not take
    goes on as its own `deliver` task, later; the others are not held back by it."""
    outcomes: dict[str, int] = {}
    pending = list(Delivery.objects.filter(report_id=report_id, status=Delivery.Status.PENDING)
                   .order_by("language", "pk").values_list("pk", flat=True))
    if not pending:
        return outcomes
    report = ProgressReport.objects.select_related(
        "pilot__municipality", "pilot__province", "coach").get(pk=report_id)
    briefs: dict[str, bytes] = {}
    for pk in pending:
        try:
            outcome = _send_copy(pk, report=report, briefs=briefs)
        except RetryLater as later:
            deliver.apply_async(args=[pk], countdown=later.countdown)
            outcome = "retry"
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


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
