"""Sections that higher apps add to a lower app's page, without the lower app importing them.

The page's app keeps a `Panels` registry (portal.registry); an app above it registers a
function in its AppConfig.ready(). Each function receives the request and the page's object and
returns the rendered HTML of its section, or "" to show nothing. A panel on a public page must
show only what the public may see.
"""

from collections.abc import Callable

from django.utils.safestring import SafeString, mark_safe

from portal.registry import Registry

Panel = Callable[..., str]


class Panels(Registry[Panel]):
    def render(self, request, obj) -> SafeString:
        # Each panel renders through the template engine, which escapes what it shows.
        return mark_safe("".join(panel(request, obj) for panel in self))  # noqa: S308
