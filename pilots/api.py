"""Pilot projects over the API: everything a coach or a League admin does on the pilot pages.

- /api/pilots/: anyone reads public pilots with their monitoring (indicators, measurements and
  where each stands, logical framework, study visits, SWOT, adaptations, reporting rate).
  League admins create and edit pilots and assign coaches; League admins and a pilot's
  coordinator record its monitoring; municipal staff and admins adopt a practice as a pilot.
- /api/reports/: progress reports. A coach writes, submits and corrects their own; League admins
  and the pilot's coordinator comment.
- /api/recommendations/ and /api/area-reviews/: lessons (document 001) and area-management
  reviews (document 002).

Every write goes through pilots.services, inside a transaction: a refused write leaves nothing
behind and answers 400 with the errors by field.
"""

import datetime
import re

import django_filters
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
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
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.settings import api_settings

from coaches.models import Coach
from pilots import selectors, services
from pilots.area_form import unmet_summary
from pilots.filters import PilotFilter
from pilots.models import (
    AreaReview,
    Assignment,
    Indicator,
    Measurement,
    Pilot,
    ProgressReport,
    Recommendation,
    ReportComment,
)
from pilots.progress import reporting_rate
from pilots.serializers import (
    AdaptationSerializer,
    AdoptSerializer,
    AreaReviewAnswersSerializer,
    AreaReviewSerializer,
    AreaReviewSummarySerializer,
    AreaReviewWriteSerializer,
    AssignmentWriteSerializer,
    AttachmentUploadSerializer,
    CoachOnPilotSerializer,
    CommentSerializer,
    CommentWriteSerializer,
    IndicatorCreatedSerializer,
    IndicatorWriteSerializer,
    LogframeNodeCreatedSerializer,
    LogframeNodeWriteSerializer,
    MeasurementCreatedSerializer,
    MeasurementWriteSerializer,
    PilotFullSerializer,
    PilotSerializer,
    PilotWriteSerializer,
    RecommendationSerializer,
    ReportSerializer,
    ReportStartSerializer,
    ReportWriteSerializer,
    StudyVisitSerializer,
    SwotSerializer,
)
from portal import clock
from portal.models import User
from practices.models import Practice
from practices.selectors import practices_for_user

ERRORS = OpenApiResponse(description="Invalid input; the body maps each field to its errors.")
FORBIDDEN = OpenApiResponse(description="You may not do this (the body says why).")
MONITORING_ACTIONS = {"logframe", "indicators", "measurements", "study_visits", "swot",
                      "adaptations"}


def _is_admin(user) -> bool:
    return getattr(user, "is_league_admin", False)


def _as_drf_error(exc: DjangoValidationError, field: str | None = None) -> ValidationError:
    """Field errors by field; errors of no field under `field` or non_field_errors."""
    other = field or api_settings.NON_FIELD_ERRORS_KEY
    if hasattr(exc, "error_dict"):
        return ValidationError({other if key == NON_FIELD_ERRORS else key: messages
                                for key, messages in exc.message_dict.items()})
    return ValidationError({other: exc.messages})


def _write(fn, field: str | None = None):
    """Run a service call in a transaction; a ValidationError undoes it and answers 400."""
    try:
        with transaction.atomic():
            return fn()
    except DjangoValidationError as exc:
        raise _as_drf_error(exc, field) from None


# Pilots ----------------------------------------------------------------------------------------

def with_monitoring(queryset):
    """Everything the pilot representation shows, in a fixed number of queries."""
    practices = Practice.objects.only("slug", "title_th", "title_en", "status")
    return queryset.select_related("swot", "coordinator").prefetch_related(
        "themes",
        Prefetch("source_practice", queryset=practices),
        Prefetch("documented_in", queryset=practices),
        Prefetch("assignments", queryset=Assignment.objects.select_related("coach")),
        Prefetch("indicators", queryset=Indicator.objects.prefetch_related(
            Prefetch("measurements", queryset=selectors.visible_measurements(),
                     to_attr="visible_measurements"))),
        "logframe", "study_visits", "adaptations",
    )


def add_reporting_rates(pilots: list[Pilot], today: datetime.date) -> list[Pilot]:
    sent = selectors.first_submissions(pilot__in=[pilot.pk for pilot in pilots])
    for pilot in pilots:
        pilot.api_reporting_rate = reporting_rate(list(pilot.assignments.all()), sent, today)
    return pilots


def can_monitor(user, pilot: Pilot) -> bool:
    return _is_admin(user) or (user.is_authenticated and pilot.coordinator_id == user.pk)


class PilotPermission(permissions.BasePermission):
    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        if view.action in MONITORING_ACTIONS or view.action == "adopt":
            return request.user.is_authenticated  # the pilot or the account decides
        return _is_admin(request.user)

    def has_object_permission(self, request, view, pilot):
        if request.method in permissions.SAFE_METHODS:
            return True
        if view.action in MONITORING_ACTIONS:
            return can_monitor(request.user, pilot)
        return _is_admin(request.user)


PILOT_RECORD = PolymorphicProxySerializer(
    component_name="PilotRecord", serializers=[PilotSerializer, PilotFullSerializer],
    resource_type_field_name=None)
ASSIGNMENT_ID = OpenApiParameter("assignment_id", OpenApiTypes.INT, OpenApiParameter.PATH)


def _monitoring(request_serializer, response_serializer, description, *, code=201):
    return extend_schema(request=request_serializer,
                         responses={code: response_serializer, 400: ERRORS, 403: FORBIDDEN},
                         filters=False, description=description)


@extend_schema_view(
    list=extend_schema(
        responses=PILOT_RECORD,
        description="Pilot projects you may see (anyone: the public ones), each with its "
        "monitoring. League admins and a pilot's coordinator also get the pilot's internal "
        "fields (PilotFull)."),
    retrieve=extend_schema(responses=PILOT_RECORD),
    create=extend_schema(request=PilotWriteSerializer,
                         responses={201: PilotFullSerializer, 400: ERRORS},
                         description="League admins add a pilot project."),
    update=extend_schema(request=PilotWriteSerializer,
                         responses={200: PilotFullSerializer, 400: ERRORS},
                         description="League admins edit a pilot project."),
    partial_update=extend_schema(request=PilotWriteSerializer,
                                 responses={200: PilotFullSerializer, 400: ERRORS},
                                 description="League admins edit a pilot project."),
)
class PilotViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                   mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Pilot projects: a practice transferred to a pilot area, and its monitoring."""

    queryset = Pilot.objects.none()  # see get_queryset()
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"
    permission_classes = [PilotPermission]
    filter_backends = [DjangoFilterBackend]
    filterset_class = PilotFilter
    parser_classes = [JSONParser]

    def get_queryset(self):
        if self.request.method in permissions.SAFE_METHODS:
            return with_monitoring(selectors.pilots_for_user(self.request.user))
        return selectors.pilots_for_user(self.request.user)

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return PilotWriteSerializer
        return PilotSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": clock.today(),
                "is_admin": _is_admin(self.request.user)}

    def _record(self, pilot: Pilot) -> dict:
        full = can_monitor(self.request.user, pilot)
        serializer = PilotFullSerializer if full else PilotSerializer
        return serializer(pilot, context=self.get_serializer_context()).data

    def _fresh(self, pilot: Pilot) -> dict:
        pilot = with_monitoring(Pilot.objects.select_related("municipality", "province__region")
                                ).get(pk=pilot.pk)
        return self._record(add_reporting_rates([pilot], clock.today())[0])

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = add_reporting_rates(list(self.paginate_queryset(queryset)),
                                   clock.today())
        return self.get_paginated_response([self._record(pilot) for pilot in page])

    def retrieve(self, request, *args, **kwargs):
        pilot = add_reporting_rates([self.get_object()], clock.today())[0]
        return Response(self._record(pilot))

    # Writing the pilot -----------------------------------------------------------------------

    def _save(self, serializer, pilot=None) -> Pilot:
        data = dict(serializer.validated_data)
        themes = data.pop("themes", None)
        return _write(lambda: services.pilot_save(pilot=pilot, actor=self.request.user,
                                                  data=data, themes=themes))

    def create(self, request, *args, **kwargs):
        serializer = PilotWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(self._fresh(self._save(serializer)), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        pilot = self.get_object()
        serializer = PilotWriteSerializer(pilot, data=request.data,
                                          partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        return Response(self._fresh(self._save(serializer, pilot)))

    @extend_schema(request=AdoptSerializer,
                   responses={201: PilotFullSerializer, 400: ERRORS, 403: FORBIDDEN},
                   filters=False)
    @action(detail=False, methods=["post"], filter_backends=[])
    def adopt(self, request):
        """Start a pilot from a practice (themes, model city and, when the practice has a pilot
        of its own, its logical framework come along). Municipal staff adopt for their own
        municipality and become the pilot's coordinator; League admins for any municipality."""
        user = request.user
        if not _is_admin(user) and user.role != User.Role.STAFF:
            raise PermissionDenied(_("Only municipal staff and League admins can adopt a "
                                     "practice as a pilot."))
        serializer = AdoptSerializer(data=request.data, practices=practices_for_user(user))
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if not _is_admin(user) and data["municipality"].pk != user.municipality_id:
            raise PermissionDenied(_("You can adopt a practice for your own municipality "
                                     "only."))
        pilot = _write(lambda: services.pilot_adopt(
            practice=data["practice"], actor=user, municipality=data["municipality"],
            code=data["code"], title_th=data.get("title_th", ""),
            starts_on=data.get("starts_on")))
        return Response(self._fresh(pilot), status=status.HTTP_201_CREATED)

    # Coaches ----------------------------------------------------------------------------------

    @extend_schema(request=AssignmentWriteSerializer,
                   responses={201: CoachOnPilotSerializer, 400: ERRORS, 403: FORBIDDEN},
                   filters=False)
    @action(detail=True, methods=["post"], filter_backends=[])
    def assignments(self, request, slug=None):
        """League admins assign an approved or active coach to the pilot, with a role and a
        period."""
        pilot = self.get_object()
        serializer = AssignmentWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assignment = _write(lambda: services.assignment_add(pilot=pilot,
                                                            **serializer.validated_data),
                            "coach")
        return Response(CoachOnPilotSerializer(assignment).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None, 400: ERRORS, 403: FORBIDDEN},
                   parameters=[ASSIGNMENT_ID], filters=False)
    @action(detail=True, methods=["delete"], filter_backends=[],
            url_path=r"assignments/(?P<assignment_id>[0-9]+)")
    def assignment(self, request, slug=None, assignment_id=None):
        """League admins take a coach off the pilot; refused once the coach has reported on it
        (end the assignment with a date instead)."""
        pilot = self.get_object()
        assignment = get_object_or_404(Assignment, pilot=pilot, pk=assignment_id)
        _write(lambda: services.assignment_remove(assignment=assignment))
        return Response(status=status.HTTP_204_NO_CONTENT)

    # Monitoring (League admins and the pilot's coordinator) -----------------------------------

    def _monitor(self, serializer_class, fn, response_class, *, code=status.HTTP_201_CREATED):
        pilot = self.get_object()
        serializer = serializer_class(data=self.request.data, context={"pilot": pilot})
        serializer.is_valid(raise_exception=True)
        row = _write(lambda: fn(pilot, dict(serializer.validated_data)))
        return Response(response_class(row).data, status=code)

    @_monitoring(LogframeNodeWriteSerializer, LogframeNodeCreatedSerializer,
                 "Add an item to the logical framework: the goal (no parent), a purpose under "
                 "the goal, an output under a purpose, an activity under an output.")
    @action(detail=True, methods=["post"], filter_backends=[])
    def logframe(self, request, slug=None):
        return self._monitor(
            LogframeNodeWriteSerializer,
            lambda pilot, data: services.logframe_node_add(pilot=pilot, **data),
            LogframeNodeCreatedSerializer)

    @_monitoring(IndicatorWriteSerializer, IndicatorCreatedSerializer,
                 "Add an indicator with its baseline, target, unit, dates and means of "
                 "verification.")
    @action(detail=True, methods=["post"], filter_backends=[])
    def indicators(self, request, slug=None):
        return self._monitor(IndicatorWriteSerializer,
                             lambda pilot, data: services.indicator_add(pilot=pilot, data=data),
                             IndicatorCreatedSerializer)

    @_monitoring(MeasurementWriteSerializer, MeasurementCreatedSerializer,
                 "Record a value of one of the pilot's indicators (not dated in the future).")
    @action(detail=True, methods=["post"], filter_backends=[])
    def measurements(self, request, slug=None):
        return self._monitor(
            MeasurementWriteSerializer,
            lambda pilot, data: services.measurement_add(actor=request.user, **data),
            MeasurementCreatedSerializer)

    @_monitoring(StudyVisitSerializer, StudyVisitSerializer,
                 "Record a study visit and its After Action Review.")
    @action(detail=True, methods=["post"], filter_backends=[], url_path="study-visits")
    def study_visits(self, request, slug=None):
        return self._monitor(
            StudyVisitSerializer,
            lambda pilot, data: services.study_visit_add(pilot=pilot, data=data),
            StudyVisitSerializer)

    @_monitoring(SwotSerializer, SwotSerializer,
                 "Set the pilot's SWOT analysis (fields left out are emptied).", code=200)
    @action(detail=True, methods=["put"], filter_backends=[])
    def swot(self, request, slug=None):
        return self._monitor(SwotSerializer,
                             lambda pilot, data: services.swot_set(pilot=pilot, data=data),
                             SwotSerializer, code=status.HTTP_200_OK)

    @_monitoring(AdaptationSerializer, AdaptationSerializer,
                 "Record a change made to the transferred practice for the local context.")
    @action(detail=True, methods=["post"], filter_backends=[])
    def adaptations(self, request, slug=None):
        return self._monitor(
            AdaptationSerializer,
            lambda pilot, data: services.adaptation_add(pilot=pilot, **data),
            AdaptationSerializer)


# Progress reports ------------------------------------------------------------------------------

PERIOD = re.compile(r"^(\d{4})(?:-(?:(\d{1,2})|[Qq]([1-4])))?$")


def period_range(value: str) -> tuple[datetime.date, datetime.date]:
    """'2026' → the year; '2026-03' → March 2026; '2026-Q1' → the first quarter."""
    match = PERIOD.match(value.strip())
    if match:
        year, month, quarter = match.groups()
        try:
            if quarter:
                return services.report_period(ProgressReport.PeriodKind.QUARTER, int(year),
                                              int(quarter))
            if month:
                return services.report_period(ProgressReport.PeriodKind.MONTH, int(year),
                                              int(month))
            return datetime.date(int(year), 1, 1), datetime.date(int(year), 12, 31)
        except (DjangoValidationError, ValueError):
            pass
    raise ValidationError({"period": [_(
        "Give a year (2026), a month (2026-03) or a quarter (2026-Q1), in years A.D.")]})


class ReportFilter(django_filters.FilterSet):
    pilot = django_filters.CharFilter(field_name="pilot__slug",
                                      help_text="Address (slug) of the pilot.")
    coach = django_filters.NumberFilter(field_name="coach_id", help_text="Coach id.")
    status = django_filters.ChoiceFilter(choices=ProgressReport.Status.choices)
    period_kind = django_filters.ChoiceFilter(choices=ProgressReport.PeriodKind.choices)
    period = django_filters.CharFilter(
        method="filter_period",
        help_text="Reports covering any part of a year (2026), a month (2026-03) or a quarter "
        "(2026-Q1).")

    class Meta:
        model = ProgressReport
        fields = ["pilot", "coach", "status", "period_kind", "period"]

    def filter_period(self, queryset, name, value):
        first, last = period_range(value)
        return queryset.filter(period_start__lte=last, period_end__gte=first)


def with_report_content(queryset):
    return queryset.select_related("correction").prefetch_related(
        Prefetch("measurements", queryset=Measurement.objects.select_related("indicator")
                 .order_by("indicator__order", "indicator__id", "measured_on", "id")),
        "attachments",
        Prefetch("comments", queryset=ReportComment.objects.select_related("author")),
    )


def own_coach(user) -> Coach | None:
    return Coach.objects.filter(user=user).first() if user.is_authenticated else None


@extend_schema_view(
    list=extend_schema(description="Progress reports you may see: anyone sees the submitted "
                       "reports of public pilots; a coach also their own drafts; a pilot's "
                       "coordinator every submitted report of the pilot; League admins all."),
    create=extend_schema(
        request=ReportStartSerializer,
        responses={201: ReportSerializer, 200: ReportSerializer, 400: ERRORS, 403: FORBIDDEN},
        description="A coach assigned to the pilot starts the draft report for a month or a "
        "quarter (200 with the existing draft if there is one)."),
    partial_update=extend_schema(
        request=ReportWriteSerializer, responses={200: ReportSerializer, 400: ERRORS,
                                                  403: FORBIDDEN},
        description="The report's coach edits a draft. A measurements list that is sent "
        "replaces the report's own. A submitted report is locked: correct it instead."),
)
class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Coaches' monthly or quarterly progress reports on pilots; locked once submitted."""

    queryset = ProgressReport.objects.none()  # see get_queryset()
    serializer_class = ReportSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ReportFilter
    parser_classes = [JSONParser]

    def get_queryset(self):
        return with_report_content(selectors.reports_for_user(self.request.user))

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "is_admin": _is_admin(self.request.user)}

    def _fresh(self, report: ProgressReport) -> dict:
        report = with_report_content(ProgressReport.objects.select_related(
            "pilot", "coach")).get(pk=report.pk)
        return ReportSerializer(report, context=self.get_serializer_context()).data

    def _own(self) -> ProgressReport:
        report = self.get_object()
        if report.coach.user_id != self.request.user.pk:
            raise PermissionDenied(_("Only the report's coach can change it."))
        return report

    def create(self, request, *args, **kwargs):
        coach = own_coach(request.user)
        if coach is None:
            raise PermissionDenied(_("Only coaches can write progress reports."))
        serializer = ReportStartSerializer(
            data=request.data, pilots=selectors.pilots_for_user(request.user))
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        pilot = data["pilot"]
        if not services.is_assigned(coach, pilot):
            raise PermissionDenied(_("Only a coach assigned to this pilot can report on it."))
        drafts = set(ProgressReport.objects.filter(
            pilot=pilot, coach=coach, status=ProgressReport.Status.DRAFT).values_list(
            "pk", flat=True))
        report = _write(lambda: services.report_start(
            pilot=pilot, coach=coach, kind=data["period_kind"], year=data["year"],
            number=data["number"]))
        code = status.HTTP_200_OK if report.pk in drafts else status.HTTP_201_CREATED
        return Response(self._fresh(report), status=code)

    def partial_update(self, request, *args, **kwargs):
        report = self._own()
        serializer = ReportWriteSerializer(data=request.data,
                                           context={"pilot": report.pilot})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        measurements = data.pop("measurements", None)
        report = _write(lambda: services.report_update(
            report=report, actor=request.user, data=data, measurements=measurements))
        return Response(self._fresh(report))

    @extend_schema(request=None, responses={200: ReportSerializer, 400: ERRORS,
                                            403: FORBIDDEN}, filters=False)
    @action(detail=True, methods=["post"], filter_backends=[])
    def submit(self, request, pk=None):
        """The report's coach submits a draft (it needs a summary); it is then locked and sent
        to the coach's home executives."""
        report = self._own()
        return Response(self._fresh(_write(lambda: services.report_submit(
            report=report, actor=request.user))))

    @extend_schema(request=None, responses={201: ReportSerializer, 400: ERRORS,
                                            403: FORBIDDEN}, filters=False)
    @action(detail=True, methods=["post"], filter_backends=[])
    def correct(self, request, pk=None):
        """The report's coach starts a correction of a submitted report: a new draft version
        with the same content, returned here."""
        report = self._own()
        correction = _write(lambda: services.report_correct(report=report, actor=request.user))
        return Response(self._fresh(correction), status=status.HTTP_201_CREATED)

    @extend_schema(request=CommentWriteSerializer,
                   responses={201: CommentSerializer, 400: ERRORS, 403: FORBIDDEN},
                   filters=False)
    @action(detail=True, methods=["post"], filter_backends=[])
    def comments(self, request, pk=None):
        """League admins and the pilot's coordinator comment on a report."""
        report = self.get_object()
        if not services.can_comment(request.user, report):
            raise PermissionDenied(_("Only League admins and the pilot's coordinator can "
                                     "comment."))
        serializer = CommentWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        comment = _write(lambda: services.comment_add(report=report, author=request.user,
                                                      **serializer.validated_data), "body")
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request={"multipart/form-data": AttachmentUploadSerializer},
                   responses={201: ReportSerializer, 400: ERRORS, 403: FORBIDDEN},
                   filters=False)
    @action(detail=True, methods=["post"], filter_backends=[],
            parser_classes=[MultiPartParser, FormParser])
    def attachments(self, request, pk=None):
        """The report's coach attaches a file (PDF or image) to a draft."""
        report = self._own()
        serializer = AttachmentUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                services.report_update(report=report, actor=request.user, data={},
                                       files=[serializer.validated_data["file"]])
        except DjangoValidationError as exc:
            errors = _as_drf_error(exc).detail
            if "attachments" in errors:
                errors["file"] = errors.pop("attachments")
            raise ValidationError(errors) from None
        return Response(self._fresh(report), status=status.HTTP_201_CREATED)


# Recommendations -------------------------------------------------------------------------------

class RecommendationFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=Recommendation.Level.choices)
    status = django_filters.ChoiceFilter(choices=Recommendation.Status.choices)
    pilot = django_filters.CharFilter(method="filter_pilot", help_text="Code of a pilot.")

    class Meta:
        model = Recommendation
        fields = ["level", "status", "pilot"]

    def filter_pilot(self, queryset, name, value):
        visible = selectors.pilots_for_user(self.request.user).values("pk")
        return queryset.filter(pilots__code=value, pilots__in=visible).distinct()


class IsLeagueAdminOrReadOnly(permissions.BasePermission):
    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or _is_admin(request.user)


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
        visible = selectors.pilots_for_user(self.request.user).values("pk")
        return Recommendation.objects.prefetch_related(
            Prefetch("pilots", queryset=Pilot.objects.filter(pk__in=visible).only("code")))

    def perform_create(self, serializer):
        serializer.instance = _write(lambda: services.recommendation_save(
            recommendation=None, data=dict(serializer.validated_data)))

    def perform_update(self, serializer):
        serializer.instance = _write(lambda: services.recommendation_save(
            recommendation=serializer.instance, data=dict(serializer.validated_data)))
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)


# Area-management reviews -----------------------------------------------------------------------

class AreaReviewFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(help_text="Year A.D.")
    province = django_filters.CharFilter(field_name="province__code", help_text="Province code.")
    region = django_filters.CharFilter(field_name="province__region__code",
                                       help_text="Region code.")
    municipality = django_filters.NumberFilter(field_name="municipality_id",
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
        return _is_admin(user) or (user.is_authenticated and user.municipality_id is not None)

    def has_object_permission(self, request, view, review):
        if request.method in permissions.SAFE_METHODS:
            return True
        user = request.user
        return _is_admin(user) or (review.municipality_id is not None
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
        if _is_admin(user):
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
        parameters=[OpenApiParameter("year", OpenApiTypes.INT,
                                     description="Year A.D.; all years when left out.")],
        responses={200: AreaReviewSummarySerializer, 400: ERRORS}, filters=False)
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def summary(self, request):
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
