"""Sections that higher apps add to a lower app's page, without the lower app importing them.

This is how a lower app hears of higher ones (docs: the dependency rule): the page's app keeps
a `Panels` registry; an app above it registers a function in its AppConfig.ready(). Each
function receives the request and the page's object and returns the rendered HTML of its
section, or "" to show nothing. A panel on a public page must show only what the public may see.
"""

from collections.abc import Callable

from django.utils.safestring import SafeString, mark_safe

Panel = Callable[..., str]


class Panels:
    def __init__(self) -> None:
        self.panels: list[Panel] = []

    def register(self, panel: Panel) -> Panel:
        if panel not in self.panels:
            self.panels.append(panel)
        return panel

    def unregister(self, panel: Panel) -> None:
        if panel in self.panels:
            self.panels.remove(panel)

    def render(self, request, obj) -> SafeString:
        # Each panel renders through the template engine, which escapes what it shows.
        return mark_safe("".join(panel(request, obj) for panel in self.panels))  # noqa: S308
