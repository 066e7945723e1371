"""Recording, queueing, resending and confirming the copies of progress reports for home
executives. A worker takes and settles each copy through deliveries.claims."""


from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction

from deliveries import tasks
from deliveries.models import Delivery
from deliveries.tokens import CONFIRM_SALT, delivery_of_token
from portal import clock


def _copies_for(report, executive) -> list[Delivery]:
    """The executive's e-mail copy, and a LINE copy when their LINE account can take it. The
    e-mail copy is left out only when the executive chose LINE alone, which they confirmed
    from their e-mail address (line_oa.services.email_off_confirm)."""
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


class ConfirmRefused(Exception):
    """A signed-in account that is not the copy's recipient tried to confirm it."""


def confirm_allowed(*, delivery: Delivery, user) -> bool:
    """Who may confirm a copy's receipt with its signed link: the recipient. Executives
    normally have no account, so the link is the permission for a visitor who is not signed
    in. A signed-in user is refused unless the account is the recipient's own (its e-mail,
    or a verified address of it, is the copy's address), and the report's coach always is:
    the receipt is the executive's word, which nobody else, League admins included, gives
    in their place."""
    if user is None or not user.is_authenticated:
        return True
    if delivery.report.coach.user_id == user.pk:
        return False
    address = delivery.recipient_email.lower()
    return (user.email or "").lower() == address or EmailAddress.objects.filter(
        user=user, email__iexact=address, verified=True).exists()


def delivery_confirm(token: str, *, actor=None) -> Delivery | None:
    """Record that the executive received the report; None for a bad or forged link. Raises
    LinkExpired for a link older than DELIVERY_LINK_MAX_AGE_DAYS, and ConfirmRefused when
    `actor` (the signed-in user, if any) may not confirm. A replay keeps the first time."""
    delivery = delivery_of_token(token, salt=CONFIRM_SALT)
    if delivery is None:
        return None
    if not confirm_allowed(delivery=delivery, user=actor):
        raise ConfirmRefused
    if delivery.confirmed_at is None:
        Delivery.objects.filter(pk=delivery.pk, confirmed_at__isnull=True).update(
            confirmed_at=clock.now())
        delivery.refresh_from_db()
    return delivery
