"""The Django admin of problems and recommendations and of area-management reviews."""

from django.contrib import admin

from learning.models import AreaReview, Recommendation
from pilots.admin import ChangesPublicPages


@admin.register(Recommendation)
class RecommendationAdmin(ChangesPublicPages):
    list_display = ["__str__", "level", "status", "owner", "source_document"]
    list_filter = ["level", "status", "source_document"]
    search_fields = ["problem_th", "problem_en", "recommendation_th", "recommendation_en",
                     "owner", "pilots__code"]
    filter_horizontal = ["pilots"]


@admin.register(AreaReview)
class AreaReviewAdmin(ChangesPublicPages):
    list_display = ["area_name", "province", "year", "updated_at"]
    list_filter = ["year", ("province__region", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["area_name", "province__name_th", "municipality__name_th"]
    list_select_related = ["province"]
    autocomplete_fields = ["province", "municipality"]
    readonly_fields = ["created_by", "updated_at"]
