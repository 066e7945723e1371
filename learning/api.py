"""Problems and recommendations (/api/recommendations/, document 001) and area-management
reviews (/api/area-reviews/, document 002) over the API. Writes go through learning.services."""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from learning import services
from learning.area_form import unmet_summary
from learning.models import AreaReview, Recommendation
from learning.serializers import (
    AreaReviewAnswersSerializer,
    AreaReviewSerializer,
    AreaReviewSummarySerializer,
    AreaReviewWriteSerializer,
    RecommendationSerializer,
)
from pilots.models import Pilot
from pilots.selectors import pilots_for_user
from portal.api.writes import ERRORS, FORBIDDEN, IsLeagueAdminOrReadOnly, is_admin, write

# Recommendations -------------------------------------------------------------------------------

class RecommendationFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=Recommendation.Level.choices)
    status = django_filters.ChoiceFilter(choices=Recommendation.Status.choices)
    pilot = django_filters.CharFilter(method="filter_pilot", help_text="Code of a pilot.")

    class Meta:
        model = Recommendation
        fields = ["level", "status", "pilot"]

    def filter_pilot(self, queryset, name, value):
        visible = pilots_for_user(self.request.user).values("pk")
        return queryset.filter(pilots__code=value, pilots__in=visible).distinct()


@extend_schema_view(
    list=extend_schema(description="Problems met by pilots and the recommendations that "
                       "answer them, by level (document 001)."),
    create=extend_schema(responses={201: RecommendationSerializer, 400: ERRORS},
                         description="League admins add a recommendation."),
    update=extend_schema(responses={200: RecommendationSerializer, 400: ERRORS},
                         description="League admins edit a recommendation."),
    partial_update=extend_schema(responses={200: RecommendationSerializer, 400: ERRORS},
                                 description="League admins edit a recommendation."),
)
class RecommendationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                            mixins.CreateModelMixin, mixins.UpdateModelMixin,
                            viewsets.GenericViewSet):
    """Problems and recommendations from the pilots, at the project, municipality, League,
    partner and policy levels."""

    serializer_class = RecommendationSerializer
    permission_classes = [IsLeagueAdminOrReadOnly]
    filter_backends = [DjangoFilterBackend]
    filterset_class = RecommendationFilter
    parser_classes = [JSONParser]

    def get_queryset(self):
        visible = pilots_for_user(self.request.user).values("pk")
        return Recommendation.objects.prefetch_related(
            Prefetch("pilots", queryset=Pilot.objects.filter(pk__in=visible).only("code")))

    def perform_create(self, serializer):
        serializer.instance = write(lambda: services.recommendation_save(
            recommendation=None, data=dict(serializer.validated_data)))

    def perform_update(self, serializer):
        serializer.instance = write(lambda: services.recommendation_save(
            recommendation=serializer.instance, data=dict(serializer.validated_data)))
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)


# Area-management reviews -----------------------------------------------------------------------

class AreaReviewFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(help_text="Year A.D.")
    province = django_filters.CharFilter(field_name="province__code", help_text="Province code.")
    region = django_filters.CharFilter(field_name="province__region__code",
                                       help_text="Region code.")
    # Through the relation: an id beyond the database's integers then matches nothing (SQLite
    # cannot compare one with municipality_id at all).
    municipality = django_filters.NumberFilter(field_name="municipality__id",
                                               help_text="Municipality id.")

    class Meta:
        model = AreaReview
        fields = ["year", "province", "region", "municipality"]


class AreaReviewPermission(permissions.BasePermission):
    message = gettext_lazy("Only League admins and municipal accounts can review an area.")

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        user = request.user
        return is_admin(user) or (user.is_authenticated and user.municipality_id is not None)

    def has_object_permission(self, request, view, review):
        if request.method in permissions.SAFE_METHODS:
            return True
        user = request.user
        return is_admin(user) or (review.municipality_id is not None
                                   and review.municipality_id == user.municipality_id)


def _answers_error(exc: DjangoValidationError) -> ValidationError:
    if hasattr(exc, "error_dict"):
        return ValidationError({"answers": exc.message_dict})
    return ValidationError({"answers": exc.messages})


def _save_review(**kwargs) -> AreaReview:
    try:
        with transaction.atomic():
            return services.area_review_save(**kwargs)
    except DjangoValidationError as exc:
        raise _answers_error(exc) from None


def area_review_summary(reviews) -> dict:
    """pilots.area_form.unmet_summary (the figures of the review pages), by section and in the
    form's order."""
    reviews = list(reviews)
    sections: dict[str, dict] = {}
    for item in sorted(unmet_summary(reviews), key=lambda item: item["order"]):
        spec, criterion = item["section"], item["criterion"]
        section = sections.setdefault(spec["code"], {
            "code": spec["code"], "title_th": spec["title_th"], "title_en": spec["title_en"],
            "criteria": []})
        section["criteria"].append({
            "code": criterion["code"], "th": criterion["th"], "en": criterion["en"],
            "unmet": item["reviews"], "rows_unmet": item["rows"],
            "rows_assessed": item["rows_assessed"], "percent": item["percent"]})
    return {"reviews": len(reviews), "sections": list(sections.values())}


# The summary's `year`: digits, or empty (or left out) for all years.
YEAR_OR_EMPTY = {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string", "maxLength": 0}]}


@extend_schema_view(
    list=extend_schema(description="Area-management reviews (document 002): people, "
                       "mechanisms and data of an area, one review per area and year."),
    create=extend_schema(
        request=AreaReviewWriteSerializer,
        responses={201: AreaReviewSerializer, 200: AreaReviewSerializer, 400: ERRORS,
                   403: FORBIDDEN},
        description="Review an area for a year (200 when the area's review for that year is "
        "replaced). Municipal accounts review their own municipality (the area and province "
        "come from it); League admins any area."),
    update=extend_schema(request=AreaReviewAnswersSerializer,
                         responses={200: AreaReviewSerializer, 400: ERRORS, 403: FORBIDDEN},
                         description="Replace the answers of a review (League admins and the "
                         "reviewed municipality's accounts)."),
    partial_update=extend_schema(request=AreaReviewAnswersSerializer,
                                 responses={200: AreaReviewSerializer, 400: ERRORS,
                                            403: FORBIDDEN},
                                 description="Replace the answers of a review."),
)
class AreaReviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                        mixins.CreateModelMixin, mixins.UpdateModelMixin,
                        viewsets.GenericViewSet):
    """Reviews of how areas manage their people, mechanisms and data."""

    queryset = AreaReview.objects.select_related("province__region", "municipality")
    serializer_class = AreaReviewSerializer
    permission_classes = [AreaReviewPermission]
    filter_backends = [DjangoFilterBackend]
    filterset_class = AreaReviewFilter
    parser_classes = [JSONParser]

    def _fresh(self, review: AreaReview) -> dict:
        return AreaReviewSerializer(self.queryset.get(pk=review.pk)).data

    def create(self, request, *args, **kwargs):
        serializer = AreaReviewWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = request.user
        municipality = data.get("municipality")
        if is_admin(user):
            province = municipality.province if municipality else data.get("province")
            area_name = data.get("area_name") or (municipality.name_th if municipality else "")
            errors = {}
            if province is None:
                errors["province"] = [_("Give a municipality or a province code.")]
            if not area_name.strip():
                errors["area_name"] = [_("Name the area reviewed.")]
            if errors:
                raise ValidationError(errors)
        else:
            if municipality is not None and municipality.pk != user.municipality_id:
                raise ValidationError({"municipality": [_(
                    "You can review your own municipality only.")]})
            municipality = user.municipality
            province, area_name = municipality.province, municipality.name_th
        existed = AreaReview.objects.filter(area_name=area_name.strip(), province=province,
                                            year=data["year"]).exists()
        review = _save_review(actor=user, province=province, municipality=municipality,
                              area_name=area_name, year=data["year"], answers=data["answers"])
        return Response(self._fresh(review),
                        status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        review = self.get_object()
        serializer = AreaReviewAnswersSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        review = _save_review(actor=request.user, province=review.province,
                              municipality=review.municipality, area_name=review.area_name,
                              year=review.year, answers=serializer.validated_data["answers"])
        return Response(self._fresh(review))

    @extend_schema(
        parameters=[OpenApiParameter("year", YEAR_OR_EMPTY,
                                     description="Year A.D.; all years when left out or empty.")],
        responses={200: AreaReviewSummarySerializer, 400: ERRORS}, filters=False)
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def summary(self, request, format=None):
        """For each section of the review form and each of its criteria, how many reviews left
        the criterion unmet in at least one of their assessed rows (every row but an empty
        “Other”), and in how many of all assessed rows it is unmet."""
        year = request.query_params.get("year") or None
        reviews = AreaReview.objects.only("answers")
        if year is not None:
            if not year.isdigit():
                raise ValidationError({"year": [_("Give the year A.D., for example 2024.")]})
            year = int(year)
            reviews = reviews.filter(year=year)
        return Response(AreaReviewSummarySerializer({"year": year,
                                                     **area_review_summary(reviews)}).data)
