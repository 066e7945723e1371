"""What the pilots', reports' and learning APIs share when they write through a service."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from drf_spectacular.utils import OpenApiResponse
from rest_framework import permissions
from rest_framework.exceptions import ValidationError
from rest_framework.settings import api_settings

ERRORS = OpenApiResponse(description="Invalid input; the body maps each field to its errors.")
FORBIDDEN = OpenApiResponse(description="You may not do this (the body says why).")


def is_admin(user) -> bool:
    return getattr(user, "is_league_admin", False)


def as_drf_error(exc: DjangoValidationError, field: str | None = None) -> ValidationError:
    """Field errors by field; errors of no field under `field` or non_field_errors."""
    other = field or api_settings.NON_FIELD_ERRORS_KEY
    if hasattr(exc, "error_dict"):
        return ValidationError({other if key == NON_FIELD_ERRORS else key: messages
                                for key, messages in exc.message_dict.items()})
    return ValidationError({other: exc.messages})


def write(fn, field: str | None = None):
    """Run a service call in a transaction; a ValidationError undoes it and answers 400."""
    try:
        with transaction.atomic():
            return fn()
    except DjangoValidationError as exc:
        raise as_drf_error(exc, field) from None


class IsLeagueAdminOrReadOnly(permissions.BasePermission):
    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or is_admin(request.user)
