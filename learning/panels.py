"""The problems and recommendations that came from a pilot, on the pilot's page. Registered
from LearningConfig.ready()."""

from django.template.loader import render_to_string

from learning.models import Recommendation
from pilots import panels as pilot_panels
from pilots.models import Pilot
from portal.models import Bilingual


def pilot_recommendations(request, pilot: Pilot) -> str:
    """By level, in the order of the levels (one query)."""
    order = list(Recommendation.Level.values)
    found = sorted(Recommendation.objects.filter(pilots=pilot).order_by("id"),
                   key=lambda r: order.index(r.level))
    if not found:
        return ""
    return render_to_string("learning/_pilot_recommendations.html", {"recommendations": [
        {"recommendation": r, "problem": Bilingual.localized(r, "problem"),
         "consequence": Bilingual.localized(r, "consequence"),
         "text": Bilingual.localized(r, "recommendation")} for r in found]}, request=request)


def register() -> None:
    pilot_panels.SECTIONS.register(pilot_recommendations)
