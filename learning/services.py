"""Every write to problems and recommendations and to area-management reviews goes through
here."""

from django.db import transaction

from learning.area_form import clean_answers
from learning.models import AreaReview, Recommendation
from pilots.services import pages_changed
from portal.models import User


@transaction.atomic
def recommendation_save(*, recommendation: Recommendation | None, data: dict) -> Recommendation:
    """Save a problem and recommendation with the pilots it came from."""
    pilots = data.pop("pilots", None)
    recommendation = recommendation or Recommendation()
    for field, value in data.items():
        setattr(recommendation, field, value)
    recommendation.full_clean()
    recommendation.save()
    if pilots is not None:
        recommendation.pilots.set(pilots)
    pages_changed()
    return recommendation


def area_review_save(*, actor: User, province, municipality, area_name: str, year: int,
                     answers: dict) -> AreaReview:
    """Check the answers against the form of document 002, then save the area's review."""
    cleaned = clean_answers(answers)
    review, _created = AreaReview.objects.update_or_create(
        area_name=area_name.strip(), province=province, year=year,
        defaults={"municipality": municipality, "answers": cleaned, "created_by": actor})
    pages_changed()
    return review
