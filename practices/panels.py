"""Sections other apps add to a practice page (coaches, pilots); see portal.panels."""

from portal.panels import Panels

PANELS = Panels()
register = PANELS.register
render_panels = PANELS.render
