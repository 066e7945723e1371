from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PilotsConfig(AppConfig):
    name = "pilots"
    verbose_name = _("Pilot projects")

    def ready(self):
        from coaches.matching import LOAD_PROVIDERS
        from pilots import panels
        from pilots.selectors import active_assignment_counts

        LOAD_PROVIDERS.register(active_assignment_counts)
        panels.register()
