"""Sections other apps add to a public coach page (e.g. pilots: "projects coached").

A panel must show only what the public may see: use `coach.public_name()`, never the coach's
own name or contact details. See portal.panels.
"""

from portal.panels import Panels

PANELS = Panels()
register = PANELS.register
render_panels = PANELS.render
