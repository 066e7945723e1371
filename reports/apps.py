from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Progress reports")

    def ready(self):
        from reports import panels
        from reports.file_access import register_lookups

        panels.register()
        register_lookups()
