from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _pages_changed(**kwargs) -> None:
    """Event pages, and the partner and centre pages that list events, are cached for
    anonymous visitors; the admin writes events directly, so a saved event empties both."""
    from portal.page_cache import content_changed

    def bump():
        content_changed("events")
        content_changed("network")

    transaction.on_commit(bump)


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from events import panels
        from events.demo import load_demo
        from events.models import Event
        from portal.demo import LOADERS

        panels.register()
        LOADERS.register(load_demo)
        post_save.connect(_pages_changed, sender=Event, dispatch_uid="events-pages")
        post_delete.connect(_pages_changed, sender=Event, dispatch_uid="events-pages-delete")
        for through in (Event.partners.through, Event.practices.through,
                        Event.pilots.through, Event.coaches.through, Event.themes.through):
            m2m_changed.connect(_pages_changed, sender=through,
                                dispatch_uid=f"events-m2m-{through}")
