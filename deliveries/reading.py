"""The home executive's own link to read the report version they were sent: its page, its
attachments and its PDF brief, without an account. The link names one copy (recipient and
version), is signed, and stops working after DELIVERY_LINK_MAX_AGE_DAYS (deliveries.tokens)."""

from django.core import signing

from deliveries.models import Delivery
from deliveries.tokens import delivery_of_token

READ_SALT = "deliveries.read"


def read_token(delivery: Delivery) -> str:
    return signing.dumps(delivery.pk, salt=READ_SALT)


def delivery_to_read(token: str) -> Delivery | None:
    """The copy the link names; None for a forged one; raises LinkExpired for an old one."""
    return delivery_of_token(token, salt=READ_SALT)
