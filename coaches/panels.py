"""Sections other apps add to a public coach page (e.g. pilots: "projects coached").

The coaches app does not import those apps. An app appends a function to `PANELS` (or calls
`register`) in its AppConfig.ready(); the function receives the request and the coach and
returns the rendered HTML of its section, or "" to show nothing. A panel must show only what
the public may see: use `coach.public_name()`, never the coach's own name or contact details.
"""

from collections.abc import Callable

from django.utils.safestring import SafeString, mark_safe

Panel = Callable[..., str]
PANELS: list[Panel] = []


def register(panel: Panel) -> Panel:
    if panel not in PANELS:
        PANELS.append(panel)
    return panel


def render_panels(request, coach) -> SafeString:
    return mark_safe("".join(panel(request, coach) for panel in PANELS))  # noqa: S308
