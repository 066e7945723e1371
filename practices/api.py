from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from portal.api.throttles import PracticeExportThrottle, throttles_with
from portal.api.writes import ERRORS
from portal.models import Municipality, Province, Theme
from practices import selectors, services
from practices.export import FORMATS, practices_csv, practices_json
from practices.filters import PracticeFilter
from practices.models import Practice


class IsLeagueAdminOrReadOnly(permissions.BasePermission):
    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or getattr(
            request.user, "is_league_admin", False
        )


class PracticeSerializer(serializers.ModelSerializer):
    municipality = serializers.CharField(source="municipality.name_th", default=None,
                                         allow_null=True,
                                         help_text="Null for a province-wide practice.")
    province = serializers.CharField(source="province.name_th")
    province_code = serializers.CharField(source="province.code")
    region = serializers.CharField(source="province.region.code")
    themes = serializers.SerializerMethodField(help_text="Theme codes.")
    year = serializers.IntegerField(source="year_started", allow_null=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Practice
        fields = ["external_id", "slug", "title_th", "title_en", "summary_th", "summary_en",
                  "municipality", "province", "province_code", "region", "themes", "year",
                  "award", "status", "published_at", "url"]
        read_only_fields = fields

    def get_themes(self, practice) -> list[str]:
        return [theme.code for theme in practice.theme_list]

    def get_url(self, practice) -> str:
        return self.context["request"].build_absolute_uri(practice.get_absolute_url())


class PracticeDetailSerializer(PracticeSerializer):
    tags = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    contact = serializers.SerializerMethodField()

    class Meta(PracticeSerializer.Meta):
        section_fields = [f"{name}_{lang}" for name, _label in Practice.SECTIONS
                          for lang in ("th", "en")]
        fields = PracticeSerializer.Meta.fields + section_fields + ["tags", "source_url",
                                                                   "contact", "updated_at"]
        read_only_fields = fields
        extra_kwargs = {"source_url": {"allow_blank": True}}  # "" when there is no source

    def get_contact(self, practice) -> dict | None:
        """Shown only when the contact person agreed to it."""
        if not practice.contact_consent or not practice.contact_name:
            return None
        return {"name": practice.contact_name, "email": practice.contact_email or None,
                "phone": practice.contact_phone or None}


class PracticeWriteSerializer(serializers.ModelSerializer):
    municipality = serializers.PrimaryKeyRelatedField(
        queryset=Municipality.objects.select_related("province"), allow_null=True, required=False
    )
    province = serializers.SlugRelatedField(
        slug_field="code", queryset=Province.objects.all(), required=False
    )
    themes = serializers.SlugRelatedField(slug_field="code", many=True,
                                          queryset=Theme.objects.all())
    tags = serializers.ListField(child=serializers.CharField(max_length=80), required=False)
    status = serializers.ChoiceField(
        choices=[Practice.Status.DRAFT, Practice.Status.PUBLISHED], required=False,
        help_text="Only when creating; use the status action afterwards.",
    )

    class Meta:
        model = Practice
        fields = ["external_id", "title_th", "title_en", "summary_th", "summary_en",
                  *[f"{name}_{lang}" for name, _label in Practice.SECTIONS
                    for lang in ("th", "en")],
                  "municipality", "province", "themes", "tags", "award", "year_started",
                  "source_url", "contact_name", "contact_email", "contact_phone",
                  "contact_consent", "status"]

    def validate(self, attrs):
        if attrs.get("municipality"):
            attrs["province"] = attrs["municipality"].province
        elif not attrs.get("province") and not self.instance:
            raise ValidationError({"province": _("Give a municipality or a province code.")})
        return attrs


# What practices.export.practice_row writes, for the schema of the JSON export.
class PracticeExportSerializer(serializers.Serializer):
    """A published practice in the export."""

    external_id = serializers.CharField(help_text="Empty when the practice has none.")
    slug = serializers.CharField()
    title_th = serializers.CharField()
    title_en = serializers.CharField()
    summary_th = serializers.CharField()
    summary_en = serializers.CharField()
    municipality = serializers.CharField(help_text="Thai name; empty for a province-wide "
                                         "practice.")
    province = serializers.CharField(help_text="Thai name.")
    themes = serializers.ListField(child=serializers.CharField(), help_text="Theme codes.")
    tags = serializers.ListField(child=serializers.CharField())
    award = serializers.CharField()
    year = serializers.IntegerField(allow_null=True, help_text="Year the practice started.")
    url = serializers.URLField(help_text="The practice's page on the portal.")
    published_at = serializers.DateTimeField(allow_null=True)


class StatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Practice.Status.choices)
    note = serializers.CharField(required=False, allow_blank=True)


def _as_drf_error(exc: DjangoValidationError) -> ValidationError:
    return ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)


SEARCH_PARAMETERS = [
    OpenApiParameter("search", OpenApiTypes.STR, description="Thai or English words; results "
                     "are ordered by relevance unless `sort` says otherwise."),
    OpenApiParameter("sort", OpenApiTypes.STR, enum=list(selectors.SORTS)),
]


@extend_schema_view(
    list=extend_schema(parameters=SEARCH_PARAMETERS),
    create=extend_schema(request=PracticeWriteSerializer, responses=PracticeDetailSerializer),
    partial_update=extend_schema(request=PracticeWriteSerializer,
                                 responses=PracticeDetailSerializer),
    update=extend_schema(request=PracticeWriteSerializer, responses=PracticeDetailSerializer),
)
class PracticeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                      mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Best practices. Anonymous users see published practices; League admins see and edit all."""

    lookup_field = "slug"
    lookup_value_regex = "[^/]+"
    permission_classes = [IsLeagueAdminOrReadOnly]
    filter_backends = [DjangoFilterBackend]  # documents the filters; list() applies them
    filterset_class = PracticeFilter

    def get_queryset(self):
        return selectors.practices_for_user(self.request.user).prefetch_related("themes", "tags")

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return PracticeWriteSerializer
        return PracticeDetailSerializer if self.action == "retrieve" else PracticeSerializer

    def list(self, request, *args, **kwargs):
        sort = request.query_params.get("sort")
        # The list page quietly orders by date instead; the API refuses what its schema lists
        # no order for.
        if sort and sort not in selectors.SORTS:
            raise ValidationError({"sort": [
                _("“%(value)s” is not a sort order; choose one of: %(sorts)s.")
                % {"value": sort[:40], "sorts": ", ".join(selectors.SORTS)}]})
        is_admin = getattr(request.user, "is_league_admin", False)
        search = selectors.practice_search(user=request.user, params=request.query_params,
                                           public_only=not is_admin)
        if search.errors:
            raise ValidationError(search.errors)
        page = selectors.practices_in_order(self.paginate_queryset(search.ids),
                                            index=search.matched.index)
        return self.get_paginated_response(PracticeSerializer(
            page, many=True, context=self.get_serializer_context()).data)

    def _write(self, serializer, practice=None):
        data = dict(serializer.validated_data)
        themes = data.pop("themes", None)
        tags = data.pop("tags", None)
        status_ = data.pop("status", Practice.Status.DRAFT)
        try:
            if practice is None:
                return services.practice_create(actor=self.request.user, data=data,
                                                themes=themes, tags=tags or [], status=status_)
            return services.practice_update(practice=practice, actor=self.request.user,
                                            data=data, themes=themes, tags=tags)
        except DjangoValidationError as exc:
            raise _as_drf_error(exc) from None

    def create(self, request, *args, **kwargs):
        serializer = PracticeWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        practice = self._write(serializer)
        return Response(self._detail(practice), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        practice = self.get_object()
        serializer = PracticeWriteSerializer(practice, data=request.data,
                                             partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        return Response(self._detail(self._write(serializer, practice)))

    def _detail(self, practice):
        practice = selectors.practice_detail(practice)
        return PracticeDetailSerializer(practice, context=self.get_serializer_context()).data

    @extend_schema(request=StatusSerializer, responses=PracticeDetailSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request, slug=None, format=None):
        """Move the practice through the workflow (publish, archive, ask for changes...)."""
        practice = self.get_object()
        serializer = StatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            practice = services.practice_set_status(
                practice=practice, actor=request.user, **serializer.validated_data
            )
        except DjangoValidationError as exc:
            raise _as_drf_error(exc) from None
        return Response(self._detail(practice))

    @extend_schema(
        parameters=[OpenApiParameter("file_format", OpenApiTypes.STR, enum=[*FORMATS],
                                     default="json")],
        operation_id="practices_export_retrieve",
        responses={(200, "application/json"): PracticeExportSerializer(many=True),
                   (200, "text/csv"): OpenApiTypes.STR, 400: ERRORS},
        filters=False,
    )
    @action(detail=False, methods=["get"], pagination_class=None,
            throttle_classes=throttles_with(PracticeExportThrottle))
    def export(self, request, format=None):
        """All published practices as CSV (for spreadsheets) or JSON."""
        file_format = request.query_params.get("file_format", "json")
        if file_format not in FORMATS:
            raise ValidationError({"file_format": [
                _("“%(value)s” is not an export format; choose one of: %(formats)s.")
                % {"value": file_format[:40], "formats": ", ".join(FORMATS)}]})
        if file_format == "csv":
            response = HttpResponse(practices_csv(), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="practices.csv"'
            return response
        return Response(practices_json())
