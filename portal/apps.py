from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal and reference data")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from portal import checks  # noqa: F401  (registers system checks)
        from portal.models import Municipality, Province, Region, Theme
        from portal.reference_cache import reference_changed

        for model in (Region, Province, Municipality, Theme):
            post_save.connect(reference_changed, sender=model, dispatch_uid=f"ref-{model}")
            post_delete.connect(reference_changed, sender=model,
                                dispatch_uid=f"ref-delete-{model}")
