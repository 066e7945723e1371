from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoachesConfig(AppConfig):
    name = "coaches"
    verbose_name = _("Coach registry")

    def ready(self):
        from coaches.file_access import register_lookups

        register_lookups()
