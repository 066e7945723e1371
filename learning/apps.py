from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = _("Problems, recommendations and area reviews")

    def ready(self):
        from learning import panels
        from learning.seed import seed_recommendations
        from pilots.seed import SEEDED

        panels.register()
        SEEDED.register(seed_recommendations)
