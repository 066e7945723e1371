from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Best-practice library")

    def ready(self):
        from practices.file_access import register_lookups

        register_lookups()
