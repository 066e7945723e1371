from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _pages_changed(**kwargs) -> None:
    """The network's pages are cached for anonymous visitors; the admin and the import write
    partners and centres directly, so any saved row empties that cache."""
    from portal.page_cache import content_changed

    transaction.on_commit(lambda: content_changed("network"))


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Learning network")

    def ready(self):
        from network.models import LearningCentre, Partner, PartnerRole

        for model in (Partner, PartnerRole, LearningCentre):
            post_save.connect(_pages_changed, sender=model, dispatch_uid=f"network-{model}")
            post_delete.connect(_pages_changed, sender=model,
                                dispatch_uid=f"network-delete-{model}")
        for through in (Partner.practices.through, Partner.pilots.through,
                        LearningCentre.practices.through):
            m2m_changed.connect(_pages_changed, sender=through,
                                dispatch_uid=f"network-m2m-{through}")
