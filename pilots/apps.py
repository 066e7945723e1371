from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PilotsConfig(AppConfig):
    name = "pilots"
    verbose_name = _("Pilot projects")

    def ready(self):
        from coaches.matching import LOAD_PROVIDERS
        from pilots import panels
        from pilots.file_access import register_lookups
        from pilots.selectors import active_assignment_counts

        if active_assignment_counts not in LOAD_PROVIDERS:
            LOAD_PROVIDERS.append(active_assignment_counts)
        panels.register()
        register_lookups()
