"""The signed links of a copy: to confirm it was received, and to read its PDF brief (the
executive has no account: the link is the permission, for that report version only)."""

from django.core import signing

from deliveries.models import Delivery

CONFIRM_SALT = "deliveries.confirm"
COPY_SALT = "deliveries.copy"


def confirm_token(delivery: Delivery) -> str:
    return signing.dumps(delivery.pk, salt=CONFIRM_SALT)


def copy_token(delivery: Delivery) -> str:
    return signing.dumps(delivery.pk, salt=COPY_SALT)


def delivery_of_copy(token: str) -> Delivery | None:
    try:
        pk = signing.loads(token, salt=COPY_SALT)
    except signing.BadSignature:
        return None
    return Delivery.objects.select_related("report__pilot", "report__coach").filter(pk=pk).first()
