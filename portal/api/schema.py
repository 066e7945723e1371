"""What every operation of the API can answer besides its own result, and who may call it: a
drf-spectacular postprocessing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]).

The views document their own answers (their serializers and `extend_schema`). The answers
below come from DRF itself, the authentication, the permissions, the pagination and the rate
limits, the same way for every operation, so they are documented here once, each with the body
it really has:

- 400 `ValidationErrors`, for an operation with a request body or a query parameter other
  than the page and the ordering (or one that declares a 400 itself): what was refused, by
  field;
- 401 `ErrorDetail` with `WWW-Authenticate: Token`, for every operation: a token that is wrong
  (even where none is needed), or no credentials where they are needed;
- 403 `ErrorDetail`, for an operation not open to anonymous callers: signed in but not allowed,
  or a session write without its CSRF token;
- 404 `ErrorDetail`, for a route with a path parameter (no such object, or not one this caller
  may see) and for a paginated list (a page past the last one); a path parameter the route
  cannot take at all (an id with a dot in it) matches no route and gets the site's HTML page;
- 415 `ErrorDetail`, for an operation with a request body: a body in a media type it does not
  read;
- 429 `ErrorDetail` with `Retry-After` (seconds), for a throttled operation
  (portal.api.throttles).

Security: an operation whose permissions let an anonymous caller through (the public reads)
lists the empty requirement `{}` next to token and cookie authentication, and only those do.

Lists: every optional query parameter of a list is the page, a filter, a search or an order,
which an empty value leaves out (`allowEmptyValue`; an empty page is the first); a number
filter (django-filter) reads any decimal number up to its limit, not only an integer.

Records: a serializer answers exactly the fields it declares, so its response component says
so (`additionalProperties: false`). This also tells a public record from the full one where an
operation answers either (CoachRecord, PilotRecord): the full record has more fields.
"""

import django_filters
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from rest_framework.request import Request

COMPONENTS = {
    "ErrorDetail": {
        "type": "object",
        "description": "An error that concerns the request as a whole.",
        "properties": {"detail": {"type": "string",
                                  "description": "What went wrong, in the request's language."}},
        "required": ["detail"],
    },
    "FieldErrors": {
        "description": "The errors of one field: a list of messages; for a list of objects, "
        "one entry per item (an empty object for an item without errors); for a nested object "
        "or a list of values, the errors keyed by its fields or by the items' positions.",
        "anyOf": [
            {"type": "array", "items": {"anyOf": [
                {"type": "string"}, {"$ref": "#/components/schemas/NestedFieldErrors"}]}},
            {"$ref": "#/components/schemas/NestedFieldErrors"},
        ],
    },
    "NestedFieldErrors": {
        "type": "object",
        "additionalProperties": {"$ref": "#/components/schemas/FieldErrors"},
    },
    "ValidationErrors": {
        "description": "What was refused: the errors by field (`non_field_errors` for errors "
        "that concern no single field), a list of messages, or `detail` when the request "
        "could not be read at all (for example a body that is not valid JSON).",
        "anyOf": [
            {"$ref": "#/components/schemas/ErrorDetail"},
            {"$ref": "#/components/schemas/NestedFieldErrors"},
            {"type": "array", "items": {"type": "string"}},
        ],
    },
}

ERRORS = {
    "400": ("ValidationErrors", "The request was refused; the body says why, by field."),
    "401": ("ErrorDetail", "The credentials are wrong, or this operation needs them and none "
            "were given."),
    "403": ("ErrorDetail", "You may not do this (signed in, but without the right; or a "
            "session write without its CSRF token)."),
    "404": ("ErrorDetail", "Not found: no such object, or not one you may see; for a list, a "
            "page past the last one."),
    "415": ("ErrorDetail", "The body is not in a media type this operation reads."),
    "429": ("ErrorDetail", "Too many requests from this client: wait the number of seconds "
            "in Retry-After."),
}
HEADERS = {
    "401": {"WWW-Authenticate": {
        "description": "How to authenticate: `Token` (send `Authorization: Token <key>`).",
        "required": True, "schema": {"type": "string"}}},
    "429": {"Retry-After": {
        "description": "Seconds to wait before the next request.",
        "required": True, "schema": {"type": "integer", "minimum": 1}}},
}
# Query parameters that cannot make a request invalid: a page out of range is a 404, and an
# unknown ordering is ignored.
HARMLESS_QUERY = {"page", "ordering"}


def open_to_anyone(view, method: str) -> bool:
    """Whether the view's permissions let an anonymous caller use this method."""
    django_request = HttpRequest()
    django_request.method = method
    request = Request(django_request)
    request.user = AnonymousUser()
    view.request = request
    return all(permission.has_permission(request, view) for permission in view.get_permissions())


def error_codes(view, method: str, path: str, operation: dict, anyone: bool) -> set[str]:
    parameters = operation.get("parameters", [])
    query = {p["name"] for p in parameters if p["in"] == "query"}
    has_body = "requestBody" in operation
    codes = set()
    if has_body or query - HARMLESS_QUERY:
        codes.add("400")
    if any(auth.authenticate_header(view.request) for auth in view.get_authenticators()):
        codes.add("401")
    if not anyone:
        codes.add("403")
    if "{" in path or "page" in query:
        codes.add("404")
    if has_body:
        codes.add("415")
    if view.get_throttles():
        codes.add("429")
    return codes


def error_response(code: str, declared: dict | None, path: str) -> dict:
    component, description = ERRORS[code]
    response = dict(declared or {"description": description})
    response.setdefault("content", {"application/json": {
        "schema": {"$ref": f"#/components/schemas/{component}"}}})
    if code == "404" and "{" in path:
        response["content"].setdefault("text/html", {"schema": {"type": "string"}})
    if code in HEADERS:
        response["headers"] = {**HEADERS[code], **response.get("headers", {})}
    return response


def describe_list_parameters(view, operation: dict) -> None:
    if getattr(view, "action", None) != "list":
        return
    filterset = getattr(view, "filterset_class", None)
    filters = filterset.base_filters if filterset is not None else {}
    for parameter in operation.get("parameters", []):
        if parameter["in"] != "query" or parameter.get("required"):
            continue
        parameter["allowEmptyValue"] = True
        found = filters.get(parameter["name"])
        if isinstance(found, django_filters.NumberFilter):
            parameter["schema"] = {"type": "number"}
            if limit := found.get_max_validator():
                parameter["schema"]["maximum"] = limit.limit_value


def close_records(schemas: dict) -> None:
    for name, schema in schemas.items():
        if (name not in COMPONENTS and not name.endswith("Request")
                and schema.get("type") == "object" and "properties" in schema):
            schema.setdefault("additionalProperties", False)


def add_errors_and_anonymous_access(result, generator, **kwargs):
    """The postprocessing hook."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    close_records(schemas)
    schemas.update(COMPONENTS)
    for path, _regex, method, callback in generator.endpoints:
        view = generator.create_view(callback, method)
        operation = result["paths"].get(generator.coerce_path(path, method, view), {}).get(
            method.lower())
        if operation is None:
            continue
        describe_list_parameters(view, operation)
        anyone = open_to_anyone(view, method)
        security = [item for item in operation.get("security", []) if item]
        operation["security"] = [*security, {}] if anyone else security
        if not operation["security"]:
            del operation["security"]
        responses = operation["responses"]
        declared = {code for code in responses if code in ERRORS}
        for code in error_codes(view, method, path, operation, anyone) | declared:
            responses[code] = error_response(code, responses.get(code), path)
        operation["responses"] = dict(sorted(responses.items()))
    return result
