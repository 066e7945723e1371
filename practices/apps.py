import logging

from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


def _library_changed(**kwargs) -> None:
    """A deletion leaves no newer change time behind; the content version tells every
    process's library index (and the page cache) that the library changed."""
    from portal.page_cache import content_changed

    transaction.on_commit(lambda: content_changed("practices"))


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Best-practice library")

    def ready(self):
        from practices.file_access import register_lookups
        from practices.models import Practice

        register_lookups()
        post_delete.connect(_library_changed, sender=Practice, dispatch_uid="practice-deleted")

    def warm_up(self) -> None:
        """Build this process's library index before the first search (portal/wsgi.py)."""
        from practices.library_index import library_index

        try:
            library_index()
        except Exception:  # noqa: BLE001  (a warm-up never keeps the site from starting)
            logging.getLogger(__name__).warning(
                "library index not built at start-up; the first search builds it",
                exc_info=True)
