"""The signed links of a copy: to confirm it was received, and to read its PDF brief (the
executive has no account: the link is the permission, for that report version only).

Every link of a copy stops working DELIVERY_LINK_MAX_AGE_DAYS after it was signed, so a
forwarded message is not a permanent door to the report. Each page reads its token through
`delivery_of_token`, the same way on GET and on POST.
"""

import datetime

from django.conf import settings
from django.core import signing

from deliveries.models import Delivery

CONFIRM_SALT = "deliveries.confirm"
COPY_SALT = "deliveries.copy"


class LinkExpired(Exception):
    """A link the portal signed, older than DELIVERY_LINK_MAX_AGE_DAYS."""


def confirm_token(delivery: Delivery) -> str:
    return signing.dumps(delivery.pk, salt=CONFIRM_SALT)


def copy_token(delivery: Delivery) -> str:
    return signing.dumps(delivery.pk, salt=COPY_SALT)


def delivery_of_token(token: str, *, salt: str) -> Delivery | None:
    """The copy a signed link names. None for a forged, garbled or unknown one; LinkExpired
    when it is genuine but too old."""
    try:
        pk = signing.loads(token, salt=salt, max_age=datetime.timedelta(
            days=settings.DELIVERY_LINK_MAX_AGE_DAYS))
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except (signing.BadSignature, ValueError):
        return None
    if not isinstance(pk, int) or isinstance(pk, bool):
        return None
    return Delivery.objects.select_related("report__pilot", "report__coach").filter(pk=pk).first()


def delivery_of_copy(token: str) -> Delivery | None:
    return delivery_of_token(token, salt=COPY_SALT)
