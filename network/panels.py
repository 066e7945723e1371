"""Sections other apps add to a partner's or a learning centre's page (events: "Events");
see portal.panels."""

from portal.panels import Panels

PARTNER_PANELS = Panels()
CENTRE_PANELS = Panels()
