from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoachesConfig(AppConfig):
    name = "coaches"
    verbose_name = _("Coach registry")

    def ready(self):
        from coaches.demo import load_demo
        from coaches.file_access import register_lookups
        from portal.demo import LOADERS

        register_lookups()
        LOADERS.register(load_demo)
