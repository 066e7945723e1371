"""Small pieces every app's views share."""

from django.core.exceptions import PermissionDenied, ValidationError


def league_admin_required(request) -> None:
    if not getattr(request.user, "is_league_admin", False):
        raise PermissionDenied


def add_service_errors(form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: by field where it names one."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
