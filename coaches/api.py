"""The national coach registry over the API.

Anyone: listed coaches (approved or active) with professional facts, and personal fields only
where the coach consented. A coach: also their own full record, which they may edit (not its
status). League admins (token or session): every coach in full; create, edit, change status and
manage home executives. Every write goes through coaches.services.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.drainage import set_override
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.settings import api_settings

from coaches import services
from coaches.coverage import coverage as registry_coverage
from coaches.coverage_serializers import CoverageSerializer, MatchQuerySerializer, MatchSerializer
from coaches.filters import CoachFilter
from coaches.matching import match_coaches
from coaches.models import Coach, HomeExecutive
from coaches.selectors import coach_search, with_profile
from coaches.serializers import (
    CoachCreateSerializer,
    CoachPublicSerializer,
    CoachSerializer,
    CoachStatusSerializer,
    CoachWriteSerializer,
    HomeExecutiveSerializer,
)
from portal.api.throttles import CoachMatchThrottle, throttles_with

# Keys of the write serializer that are relations, and the service keyword for each.
RELATIONS = {"themes": "themes", "tools": "tools", "service_regions": "regions",
             "service_provinces": "provinces", "languages": "languages",
             "trainings": "trainings", "executives": "executives"}
EXECUTIVE_FIELDS = ("name", "position", "position_other", "email", "preferred_language")
OWNER_ACTIONS = {"update", "partial_update", "executives", "executive"}


def _is_admin(user) -> bool:
    return getattr(user, "is_league_admin", False)


class CoachPermission(permissions.BasePermission):
    """Reading is open; League admins write; a coach may edit their own record."""

    def has_permission(self, request, view):
        if view.action in OWNER_ACTIONS:
            return request.user.is_authenticated  # the object decides
        if request.method in permissions.SAFE_METHODS:
            return True
        return _is_admin(request.user)

    def has_object_permission(self, request, view, coach):
        if view.action in OWNER_ACTIONS:
            return _is_admin(request.user) or coach.user_id == request.user.pk
        return request.method in permissions.SAFE_METHODS or _is_admin(request.user)


def _as_drf_error(exc: DjangoValidationError, field: str | None = None) -> ValidationError:
    if hasattr(exc, "error_dict"):
        return ValidationError(exc.message_dict)
    return ValidationError({field or api_settings.NON_FIELD_ERRORS_KEY: exc.messages})


def _split(validated: dict) -> tuple[dict, dict]:
    """(profile data, relations by service keyword) from validated write data."""
    data = dict(validated)
    relations = {keyword: data.pop(key) for key, keyword in RELATIONS.items() if key in data}
    return data, relations


COACH_RECORD = PolymorphicProxySerializer(
    component_name="CoachRecord",
    serializers=[CoachPublicSerializer, CoachSerializer],
    resource_type_field_name=None,
)
LIST_PARAMETERS = [
    OpenApiParameter("region", OpenApiTypes.STR, description="Region code: coaches who serve "
                     "the region (name it or one of its provinces) or live there."),
    OpenApiParameter("province", OpenApiTypes.STR, description="Province code: coaches who "
                     "serve the province (name it or its region) or live there."),
    OpenApiParameter("search", OpenApiTypes.STR, description="Thai or English words; every "
                     "word must match the name or bio a coach chose to show."),
    OpenApiParameter("status", OpenApiTypes.STR, enum=Coach.Status.values,
                     description="Only coaches with this status. Others than League admins "
                     "only see approved and active coaches (and their own record)."),
]
# The directory's region and province filters take codes (documentation only).
for _name in ("region", "province"):
    set_override(CoachFilter.base_filters[_name], "field", OpenApiTypes.STR)
EXECUTIVE_ID = OpenApiParameter("executive_id", OpenApiTypes.INT, OpenApiParameter.PATH)
ERRORS = OpenApiResponse(description="Invalid input; the body maps each field to its errors.")


@extend_schema_view(
    list=extend_schema(
        parameters=LIST_PARAMETERS, responses=COACH_RECORD,
        description="Listed coaches (approved or active). Each coach is a public record "
        "(CoachPublic: personal fields null unless the coach consented) or, for the coach "
        "themself and for League admins, the full record (Coach). League admins see every "
        "coach and may filter by `status`."),
    retrieve=extend_schema(
        responses=COACH_RECORD,
        description="A listed coach (public record), your own record or, for League admins, "
        "any coach (full record)."),
    create=extend_schema(request=CoachCreateSerializer,
                         responses={201: CoachSerializer, 400: ERRORS},
                         description="League admins add a coach to the registry."),
    update=extend_schema(request=CoachWriteSerializer, responses={200: CoachSerializer,
                                                                  400: ERRORS},
                         description="League admins, or the coach for their own record."),
    partial_update=extend_schema(
        request=CoachWriteSerializer, responses={200: CoachSerializer, 400: ERRORS},
        description="League admins, or the coach for their own record. Lists that are sent "
        "replace the stored ones; the status changes only through the status action."),
)
class CoachViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                   mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """The national coach registry."""

    queryset = Coach.objects.none()  # see get_queryset()
    permission_classes = [CoachPermission]
    filter_backends = [DjangoFilterBackend]  # documents the filters; list() applies them
    filterset_class = CoachFilter
    parser_classes = [JSONParser]  # nested lists: JSON only

    # Reading -------------------------------------------------------------------------------

    def _visible(self):
        """Coaches this user may read, without any loading of related rows."""
        user = self.request.user
        if _is_admin(user):
            return Coach.objects.all()
        if user.is_authenticated:
            return Coach.objects.filter(Q(status__in=services.LISTED) | Q(user=user))
        return Coach.objects.filter(status__in=services.LISTED)

    def _with_record(self, queryset):
        """What the records need, in a fixed number of queries (with_profile() is applied)."""
        user = self.request.user
        queryset = queryset.prefetch_related("trainings", "certifications")
        if _is_admin(user):
            return queryset.select_related("user").prefetch_related("executives")
        if user.is_authenticated:  # the full record of one's own coach only
            return queryset.select_related("user").prefetch_related(
                Prefetch("executives", HomeExecutive.objects.filter(coach__user=user)))
        return queryset

    def get_queryset(self):
        return self._with_record(with_profile(self._visible()))

    def filter_queryset(self, queryset):
        return queryset  # list() filters through the directory's search

    def _full(self, coach: Coach) -> bool:
        user = self.request.user
        return _is_admin(user) or (user.is_authenticated and coach.user_id == user.pk)

    def _record(self, coach: Coach) -> dict:
        serializer = CoachSerializer if self._full(coach) else CoachPublicSerializer
        return serializer(coach, context=self.get_serializer_context()).data

    def _fresh(self, coach: Coach) -> dict:
        return self._record(self.get_queryset().get(pk=coach.pk))

    def get_serializer_class(self):
        if self.action == "create":
            return CoachCreateSerializer
        if self.action in ("update", "partial_update"):
            return CoachWriteSerializer
        return CoachSerializer

    def list(self, request, *args, **kwargs):
        queryset = self._visible()
        wanted = request.query_params.get("status")
        if wanted:
            if wanted not in Coach.Status.values:
                raise ValidationError({"status": [_("Unknown status “%(status)s”.") % {
                    "status": wanted}]})
            queryset = queryset.filter(status=wanted)
        params = request.query_params.copy()
        params["q"] = request.query_params.get("search", "")
        filterset, queryset = coach_search(params, queryset=queryset)
        if filterset.errors:
            raise ValidationError(filterset.errors)
        page = self.paginate_queryset(self._with_record(queryset))
        return self.get_paginated_response([self._record(coach) for coach in page])

    def retrieve(self, request, *args, **kwargs):
        return Response(self._record(self.get_object()))

    # Writing -------------------------------------------------------------------------------

    def create(self, request, *args, **kwargs):
        serializer = CoachCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data, relations = _split(serializer.validated_data)
        account = data.pop("account", None)
        status_ = data.pop("status")
        try:
            coach = services.coach_apply(user=account, actor=request.user, data=data,
                                         status=status_, **relations)
        except DjangoValidationError as exc:
            raise _as_drf_error(exc, "account") from None
        return Response(self._fresh(coach), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        coach = self.get_object()
        serializer = CoachWriteSerializer(coach, data=request.data,
                                          partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        data, relations = _split(serializer.validated_data)
        try:
            services.coach_update(coach=coach, actor=request.user, data=data, **relations)
        except DjangoValidationError as exc:
            raise _as_drf_error(exc) from None
        return Response(self._fresh(coach))

    @extend_schema(request=CoachStatusSerializer,
                   responses={200: CoachSerializer, 400: ERRORS}, filters=False)
    @action(detail=True, methods=["post"], filter_backends=[])
    def status(self, request, pk=None, format=None):
        """League admins move a coach through the lifecycle (approve, activate, pause, retire,
        reject with a reason...). The coach is told of every decision."""
        coach = self.get_object()
        serializer = CoachStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.coach_set_status(coach=coach, actor=request.user,
                                      **serializer.validated_data)
        except DjangoValidationError as exc:
            raise _as_drf_error(exc, "status") from None
        return Response(self._fresh(coach))

    # Home executives -----------------------------------------------------------------------

    def _replace_executives(self, coach: Coach, rows) -> None:
        try:
            services.coach_update(coach=coach, actor=self.request.user, data={},
                                  executives=rows)
        except DjangoValidationError as exc:
            raise _as_drf_error(exc, "executives") from None

    @staticmethod
    def _rows(coach: Coach):
        return [{field: getattr(e, field) for field in EXECUTIVE_FIELDS}
                for e in HomeExecutive.objects.filter(coach=coach)]

    @extend_schema(methods=["GET"], responses=HomeExecutiveSerializer(many=True), filters=False,
                   description="The coach's home executives (League admins and the coach).")
    @extend_schema(methods=["POST"], request=HomeExecutiveSerializer,
                   responses={201: HomeExecutiveSerializer, 400: ERRORS}, filters=False,
                   description="Add a home executive.")
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def executives(self, request, pk=None, format=None):
        coach = self.get_object()
        if request.method == "GET":
            executives = HomeExecutive.objects.filter(coach=coach)
            return Response(HomeExecutiveSerializer(executives, many=True).data)
        serializer = HomeExecutiveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        row = dict(serializer.validated_data)
        row["email"] = row["email"].strip().lower()
        rows = self._rows(coach)
        if row["email"] in {r["email"].lower() for r in rows}:
            raise ValidationError({"email": [_(
                "This coach already has a home executive with this e-mail.")]})
        self._replace_executives(coach, [*rows, row])
        executive = HomeExecutive.objects.get(coach=coach, email=row["email"])
        return Response(HomeExecutiveSerializer(executive).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["PATCH"], request=HomeExecutiveSerializer,
                   responses={200: HomeExecutiveSerializer, 400: ERRORS},
                   parameters=[EXECUTIVE_ID], filters=False,
                   description="Change a home executive (not their e-mail: add the new "
                   "address as another executive and remove this one).")
    @extend_schema(methods=["DELETE"], responses={204: None, 400: ERRORS},
                   parameters=[EXECUTIVE_ID], filters=False,
                   description="Remove a home executive; the last one cannot be removed.")
    @action(detail=True, methods=["patch", "delete"], pagination_class=None,
            filter_backends=[], url_path=r"executives/(?P<executive_id>[0-9]+)")
    def executive(self, request, pk=None, executive_id=None, format=None):
        coach = self.get_object()
        executive = get_object_or_404(HomeExecutive, coach=coach, pk=executive_id)
        rows = self._rows(coach)
        if request.method == "DELETE":
            if len(rows) <= 1:
                raise ValidationError({"executives": [_(
                    "A coach needs at least one home executive; add another one before "
                    "removing this one.")]})
            self._replace_executives(
                coach, [r for r in rows if r["email"].lower() != executive.email.lower()])
            return Response(status=status.HTTP_204_NO_CONTENT)
        serializer = HomeExecutiveSerializer(executive, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        if changes.get("email", executive.email).strip().lower() != executive.email.lower():
            raise ValidationError({"email": [_(
                "The e-mail identifies the executive and cannot be changed; add the new "
                "address as another executive and remove this one.")]})
        changes.pop("email", None)
        self._replace_executives(coach, [
            {**r, **changes} if r["email"].lower() == executive.email.lower() else r
            for r in rows])
        executive.refresh_from_db()
        return Response(HomeExecutiveSerializer(executive).data)

    # Coverage and matching -----------------------------------------------------------------

    @extend_schema(responses=CoverageSerializer, filters=False)
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def coverage(self, request, format=None):
        """How listed coaches cover the country's municipalities, by region and theme.
        The list of uncovered municipalities is for League admins only."""
        with_uncovered = _is_admin(request.user)
        figures = registry_coverage(private=with_uncovered)
        return Response(CoverageSerializer(figures,
                                           context={"with_uncovered": with_uncovered}).data)

    @extend_schema(parameters=[MatchQuerySerializer],
                   responses={200: MatchSerializer, 400: ERRORS}, filters=False)
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[],
            throttle_classes=throttles_with(CoachMatchThrottle))
    def match(self, request, format=None):
        """Listed coaches suggested for a municipality and a theme, best first, with the
        reasons for each suggestion. A coach's home and languages count only where the coach
        shows them (League admins: the whole record)."""
        query = MatchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        suggestions = match_coaches(**query.validated_data, private=_is_admin(request.user))
        prefetch_related_objects([s.coach for s in suggestions], "trainings", "certifications")
        result = {**query.validated_data, "suggestions": suggestions,
                  "language": query.validated_data.get("language", "")}
        return Response(MatchSerializer(result, context=self.get_serializer_context()).data)
