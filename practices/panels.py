"""Sections other apps add to a practice page (coaches, pilots) without practices importing them.

An app registers a function in its AppConfig.ready(); the function receives the request and
the practice and returns the rendered HTML of its section, or "" to show nothing.
"""

from collections.abc import Callable

from django.utils.safestring import SafeString, mark_safe

Panel = Callable[..., str]
_panels: list[Panel] = []


def register(panel: Panel) -> Panel:
    if panel not in _panels:
        _panels.append(panel)
    return panel


def render_panels(request, practice) -> SafeString:
    return mark_safe("".join(panel(request, practice) for panel in _panels))  # noqa: S308
