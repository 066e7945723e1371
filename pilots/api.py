"""Pilot projects over the API (/api/pilots/): anyone reads public pilots with their monitoring
(indicators, measurements and where each stands, logical framework, study visits, SWOT,
adaptations, reporting rate). League admins create and edit pilots and assign coaches; League
admins and a pilot's coordinator record its monitoring; municipal staff and admins adopt a
practice as a pilot.

Every write goes through pilots.services, inside a transaction: a refused write leaves nothing
behind and answers 400 with the errors by field.
"""

import datetime
from collections.abc import Callable

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from pilots import selectors, services
from pilots.filters import PilotFilter
from pilots.models import Assignment, Indicator, Pilot
from pilots.serializers import (
    AdaptationSerializer,
    CoachOnPilotSerializer,
    PilotFullSerializer,
    PilotSerializer,
    StudyVisitSerializer,
    SwotSerializer,
)
from pilots.write_serializers import (
    AdoptSerializer,
    AssignmentWriteSerializer,
    IndicatorCreatedSerializer,
    IndicatorWriteSerializer,
    LogframeNodeCreatedSerializer,
    LogframeNodeWriteSerializer,
    MeasurementCreatedSerializer,
    MeasurementWriteSerializer,
    PilotWriteSerializer,
)
from portal import clock
from portal.api.writes import ERRORS, FORBIDDEN, is_admin, write
from portal.models import User
from portal.registry import Registry
from practices.models import Practice
from practices.selectors import practices_for_user

MONITORING_ACTIONS = {"logframe", "indicators", "measurements", "study_visits", "swot",
                      "adaptations"}


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


# Apps above the pilots add figures of their own to each pilot record before it is serialized:
# a function (pilots, today) that sets attributes on the already loaded pilots, in a fixed
# number of queries for the whole page. The reports app sets `api_reporting_rate`.
RECORD_EXTRAS: Registry[Callable[[list[Pilot], datetime.date], None]] = Registry()


def with_extras(pilots: list[Pilot], today: datetime.date) -> list[Pilot]:
    for extra in RECORD_EXTRAS:
        extra(pilots, today)
    return pilots


def can_monitor(user, pilot: Pilot) -> bool:
    return is_admin(user) or (user.is_authenticated and pilot.coordinator_id == user.pk)


class PilotPermission(permissions.BasePermission):
    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        if view.action in MONITORING_ACTIONS or view.action == "adopt":
            return request.user.is_authenticated  # the pilot or the account decides
        return is_admin(request.user)

    def has_object_permission(self, request, view, pilot):
        if request.method in permissions.SAFE_METHODS:
            return True
        if view.action in MONITORING_ACTIONS:
            return can_monitor(request.user, pilot)
        return is_admin(request.user)


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
                "is_admin": is_admin(self.request.user)}

    def _record(self, pilot: Pilot) -> dict:
        full = can_monitor(self.request.user, pilot)
        serializer = PilotFullSerializer if full else PilotSerializer
        return serializer(pilot, context={**self.get_serializer_context(),
                                          "monitors": full}).data

    def _fresh(self, pilot: Pilot) -> dict:
        pilot = with_monitoring(Pilot.objects.select_related("municipality", "province__region")
                                ).get(pk=pilot.pk)
        return self._record(with_extras([pilot], clock.today())[0])

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = with_extras(list(self.paginate_queryset(queryset)),
                                   clock.today())
        return self.get_paginated_response([self._record(pilot) for pilot in page])

    def retrieve(self, request, *args, **kwargs):
        pilot = with_extras([self.get_object()], clock.today())[0]
        return Response(self._record(pilot))

    # Writing the pilot -----------------------------------------------------------------------

    def _save(self, serializer, pilot=None) -> Pilot:
        data = dict(serializer.validated_data)
        themes = data.pop("themes", None)
        return write(lambda: services.pilot_save(pilot=pilot, actor=self.request.user,
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
    def adopt(self, request, format=None):
        """Start a pilot from a practice (themes, model city and, when the practice has a pilot
        of its own, its logical framework come along). Municipal staff adopt for their own
        municipality and become the pilot's coordinator; League admins for any municipality."""
        user = request.user
        if not is_admin(user) and user.role != User.Role.STAFF:
            raise PermissionDenied(_("Only municipal staff and League admins can adopt a "
                                     "practice as a pilot."))
        serializer = AdoptSerializer(data=request.data, practices=practices_for_user(user))
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if not is_admin(user) and data["municipality"].pk != user.municipality_id:
            raise PermissionDenied(_("You can adopt a practice for your own municipality "
                                     "only."))
        pilot = write(lambda: services.pilot_adopt(
            practice=data["practice"], actor=user, municipality=data["municipality"],
            code=data["code"], title_th=data.get("title_th", ""),
            starts_on=data.get("starts_on")))
        return Response(self._fresh(pilot), status=status.HTTP_201_CREATED)

    # Coaches ----------------------------------------------------------------------------------

    @extend_schema(request=AssignmentWriteSerializer,
                   responses={201: CoachOnPilotSerializer, 400: ERRORS, 403: FORBIDDEN},
                   filters=False)
    @action(detail=True, methods=["post"], filter_backends=[])
    def assignments(self, request, slug=None, format=None):
        """League admins assign an approved or active coach to the pilot, with a role and a
        period."""
        pilot = self.get_object()
        serializer = AssignmentWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assignment = write(lambda: services.assignment_add(pilot=pilot,
                                                            **serializer.validated_data),
                            "coach")
        return Response(CoachOnPilotSerializer(assignment).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None, 400: ERRORS, 403: FORBIDDEN},
                   parameters=[ASSIGNMENT_ID], filters=False)
    @action(detail=True, methods=["delete"], filter_backends=[],
            url_path=r"assignments/(?P<assignment_id>[0-9]+)")
    def assignment(self, request, slug=None, assignment_id=None, format=None):
        """League admins take a coach off the pilot; refused once the coach has reported on it
        (end the assignment with a date instead)."""
        pilot = self.get_object()
        assignment = get_object_or_404(Assignment, pilot=pilot, pk=assignment_id)
        write(lambda: services.assignment_remove(assignment=assignment))
        return Response(status=status.HTTP_204_NO_CONTENT)

    # Monitoring (League admins and the pilot's coordinator) -----------------------------------

    def _monitor(self, serializer_class, fn, response_class, *, code=status.HTTP_201_CREATED):
        pilot = self.get_object()
        serializer = serializer_class(data=self.request.data, context={"pilot": pilot})
        serializer.is_valid(raise_exception=True)
        row = write(lambda: fn(pilot, dict(serializer.validated_data)))
        return Response(response_class(row).data, status=code)

    @_monitoring(LogframeNodeWriteSerializer, LogframeNodeCreatedSerializer,
                 "Add an item to the logical framework: the goal (no parent), a purpose under "
                 "the goal, an output under a purpose, an activity under an output.")
    @action(detail=True, methods=["post"], filter_backends=[])
    def logframe(self, request, slug=None, format=None):
        return self._monitor(
            LogframeNodeWriteSerializer,
            lambda pilot, data: services.logframe_node_add(pilot=pilot, **data),
            LogframeNodeCreatedSerializer)

    @_monitoring(IndicatorWriteSerializer, IndicatorCreatedSerializer,
                 "Add an indicator with its baseline, target, unit, dates and means of "
                 "verification.")
    @action(detail=True, methods=["post"], filter_backends=[])
    def indicators(self, request, slug=None, format=None):
        return self._monitor(IndicatorWriteSerializer,
                             lambda pilot, data: services.indicator_add(pilot=pilot, data=data),
                             IndicatorCreatedSerializer)

    @_monitoring(MeasurementWriteSerializer, MeasurementCreatedSerializer,
                 "Record a value of one of the pilot's indicators (not dated in the future).")
    @action(detail=True, methods=["post"], filter_backends=[])
    def measurements(self, request, slug=None, format=None):
        return self._monitor(
            MeasurementWriteSerializer,
            lambda pilot, data: services.measurement_add(actor=request.user, **data),
            MeasurementCreatedSerializer)

    @_monitoring(StudyVisitSerializer, StudyVisitSerializer,
                 "Record a study visit and its After Action Review.")
    @action(detail=True, methods=["post"], filter_backends=[], url_path="study-visits")
    def study_visits(self, request, slug=None, format=None):
        return self._monitor(
            StudyVisitSerializer,
            lambda pilot, data: services.study_visit_add(pilot=pilot, data=data),
            StudyVisitSerializer)

    @_monitoring(SwotSerializer, SwotSerializer,
                 "Set the pilot's SWOT analysis (fields left out are emptied).", code=200)
    @action(detail=True, methods=["put"], filter_backends=[])
    def swot(self, request, slug=None, format=None):
        return self._monitor(SwotSerializer,
                             lambda pilot, data: services.swot_set(pilot=pilot, data=data),
                             SwotSerializer, code=status.HTTP_200_OK)

    @_monitoring(AdaptationSerializer, AdaptationSerializer,
                 "Record a change made to the transferred practice for the local context.")
    @action(detail=True, methods=["post"], filter_backends=[])
    def adaptations(self, request, slug=None, format=None):
        return self._monitor(
            AdaptationSerializer,
            lambda pilot, data: services.adaptation_add(pilot=pilot, **data),
            AdaptationSerializer)
