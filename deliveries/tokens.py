"""The signed link an executive follows to confirm they received a copy."""

from django.core import signing

from deliveries.models import Delivery

CONFIRM_SALT = "deliveries.confirm"


def confirm_token(delivery: Delivery) -> str:
    return signing.dumps(delivery.pk, salt=CONFIRM_SALT)
