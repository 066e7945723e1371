"""Small pieces every app's views share."""

from collections.abc import Callable

from django import forms
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


def active_filters(request, filterset, names, *,
                   text: Callable[[str, object], str | None] = lambda name, value: None
                   ) -> list[dict]:
    """The filters in use, each with a readable text ("Region: Northern") and the query
    string of the same list without it (and without the page number), for removable chips.
    `text(name, value)` may word a filter itself; None keeps the default."""
    if not filterset.is_bound or not filterset.is_valid():
        return []
    active = []
    for name in names:
        value = filterset.form.cleaned_data.get(name)
        if value in (None, ""):
            continue
        field = filterset.form.fields[name]
        label = value
        if isinstance(field, forms.ChoiceField) and not isinstance(field,
                                                                     forms.ModelChoiceField):
            label = dict(field.choices).get(value, value)
        params = request.GET.copy()
        params.pop(name, None)
        params.pop("page", None)
        active.append({"name": name, "remove_query": params.urlencode(),
                       "text": text(name, value) or f"{field.label}: {label}"})
    return active
