from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveriesConfig(AppConfig):
    name = "deliveries"
    verbose_name = _("Report deliveries")

    def ready(self):
        from deliveries.file_access import register_lookups
        from deliveries.services import deliveries_create
        from reports.services import REPORT_SUBMITTED

        register_lookups()
        REPORT_SUBMITTED.register(deliveries_create)
