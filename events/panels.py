"""The events' sections on a partner's and on a learning centre's page: the next events and,
for a centre, its calendar feed. Registered from EventsConfig.ready()."""

from django.template.loader import render_to_string

from events.selectors import upcoming_for
from network.panels import CENTRE_PANELS, PARTNER_PANELS


def partner_panel(request, partner) -> str:
    return render_to_string("events/_network_panel.html", {
        "events": upcoming_for(partner=partner), "feed_url": None}, request=request)


def centre_panel(request, centre) -> str:
    from django.urls import reverse

    return render_to_string("events/_network_panel.html", {
        "events": upcoming_for(centre=centre),
        "feed_url": reverse("events:centre-feed", args=[centre.slug])}, request=request)


def register() -> None:
    PARTNER_PANELS.register(partner_panel)
    CENTRE_PANELS.register(centre_panel)
