"""Progress reports over the API (/api/reports/). A coach writes, submits and corrects their
own; League admins and the pilot's coordinator comment. Writes go through reports.services."""

import datetime
import re

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from pilots.models import Measurement
from pilots.selectors import pilots_for_user
from portal.api.writes import ERRORS, FORBIDDEN, as_drf_error, is_admin, write
from reports import selectors, services
from reports.models import ProgressReport, ReportComment
from reports.serializers import (
    AttachmentUploadSerializer,
    CommentSerializer,
    CommentWriteSerializer,
    ReportSerializer,
    ReportStartSerializer,
    ReportWriteSerializer,
)

# Progress reports ------------------------------------------------------------------------------

PERIOD = re.compile(r"^(\d{4})(?:-(?:(\d{1,2})|[Qq]([1-4])))?$")
# The years a report can be for (ReportStartSerializer's limits). Outside them the date
# arithmetic would also fail: there is no year 0, and December 9999 has no following month.
PERIOD_YEARS = range(2000, 2101)


def period_range(value: str) -> tuple[datetime.date, datetime.date]:
    """'2026' → the year; '2026-03' → March 2026; '2026-Q1' → the first quarter."""
    match = PERIOD.match(value.strip())
    if match and int(match[1]) in PERIOD_YEARS:
        year, month, quarter = match.groups()
        try:
            if quarter:
                return services.report_period(ProgressReport.PeriodKind.QUARTER, int(year),
                                              int(quarter))
            if month:
                return services.report_period(ProgressReport.PeriodKind.MONTH, int(year),
                                              int(month))
            return datetime.date(int(year), 1, 1), datetime.date(int(year), 12, 31)
        except (DjangoValidationError, ValueError, OverflowError):
            pass
    raise ValidationError({"period": [_(
        "Give a year (2026), a month (2026-03) or a quarter (2026-Q1), in years A.D. from "
        "%(first)s to %(last)s.") % {"first": PERIOD_YEARS[0], "last": PERIOD_YEARS[-1]}]})


class ReportFilter(django_filters.FilterSet):
    pilot = django_filters.CharFilter(field_name="pilot__slug",
                                      help_text="Address (slug) of the pilot.")
    # Through the relation: an id beyond the database's integers then matches nothing (SQLite
    # cannot compare one with coach_id at all).
    coach = django_filters.NumberFilter(field_name="coach__id", help_text="Coach id.")
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
        return {**super().get_serializer_context(), "is_admin": is_admin(self.request.user)}

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
        coach = selectors.own_coach(request.user)
        if coach is None:
            raise PermissionDenied(_("Only coaches can write progress reports."))
        serializer = ReportStartSerializer(
            data=request.data, pilots=pilots_for_user(request.user))
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        pilot = data["pilot"]
        if not services.is_assigned(coach, pilot):
            raise PermissionDenied(_("Only a coach assigned to this pilot can report on it."))
        drafts = set(ProgressReport.objects.filter(
            pilot=pilot, coach=coach, status=ProgressReport.Status.DRAFT).values_list(
            "pk", flat=True))
        report = write(lambda: services.report_start(
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
        report = write(lambda: services.report_update(
            report=report, actor=request.user, data=data, measurements=measurements))
        return Response(self._fresh(report))

    @extend_schema(request=None, responses={200: ReportSerializer, 400: ERRORS,
                                            403: FORBIDDEN}, filters=False)
    @action(detail=True, methods=["post"], filter_backends=[])
    def submit(self, request, pk=None, format=None):
        """The report's coach submits a draft (it needs a summary); it is then locked and sent
        to the coach's home executives."""
        report = self._own()
        return Response(self._fresh(write(lambda: services.report_submit(
            report=report, actor=request.user))))

    @extend_schema(request=None, responses={201: ReportSerializer, 400: ERRORS,
                                            403: FORBIDDEN}, filters=False)
    @action(detail=True, methods=["post"], filter_backends=[])
    def correct(self, request, pk=None, format=None):
        """The report's coach starts a correction of a submitted report: a new draft version
        with the same content, returned here."""
        report = self._own()
        correction = write(lambda: services.report_correct(report=report, actor=request.user))
        return Response(self._fresh(correction), status=status.HTTP_201_CREATED)

    @extend_schema(request=CommentWriteSerializer,
                   responses={201: CommentSerializer, 400: ERRORS, 403: FORBIDDEN},
                   filters=False)
    @action(detail=True, methods=["post"], filter_backends=[])
    def comments(self, request, pk=None, format=None):
        """League admins and the pilot's coordinator comment on a report."""
        report = self.get_object()
        if not services.can_comment(request.user, report):
            raise PermissionDenied(_("Only League admins and the pilot's coordinator can "
                                     "comment."))
        serializer = CommentWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        comment = write(lambda: services.comment_add(report=report, author=request.user,
                                                      **serializer.validated_data), "body")
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request={"multipart/form-data": AttachmentUploadSerializer},
                   responses={201: ReportSerializer, 400: ERRORS, 403: FORBIDDEN},
                   filters=False)
    @action(detail=True, methods=["post"], filter_backends=[],
            parser_classes=[MultiPartParser, FormParser])
    def attachments(self, request, pk=None, format=None):
        """The report's coach attaches a file (PDF or image) to a draft."""
        report = self._own()
        serializer = AttachmentUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                services.report_update(report=report, actor=request.user, data={},
                                       files=[serializer.validated_data["file"]])
        except DjangoValidationError as exc:
            errors = as_drf_error(exc).detail
            if "attachments" in errors:
                errors["file"] = errors.pop("attachments")
            raise ValidationError(errors) from None
        return Response(self._fresh(report), status=status.HTTP_201_CREATED)
