"""Progress reports as the API reads and writes them."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from coaches.models import Coach
from pilots.models import Indicator, Measurement, Pilot
from pilots.serializers import absolute_url
from pilots.write_serializers import OfThePilot
from reports.models import ProgressReport, ReportAttachment, ReportComment


class PilotBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Pilot
        fields = ["code", "slug", "title_th", "title_en"]
        read_only_fields = fields


class CoachBriefSerializer(serializers.ModelSerializer):
    public_name = serializers.SerializerMethodField()

    class Meta:
        model = Coach
        fields = ["id", "public_name"]
        read_only_fields = fields

    def get_public_name(self, coach) -> str:
        return str(coach.public_name())


class ReportMeasurementSerializer(serializers.ModelSerializer):
    indicator_name_th = serializers.CharField(source="indicator.name_th", read_only=True)
    unit = serializers.CharField(source="indicator.unit", read_only=True)

    class Meta:
        model = Measurement
        fields = ["id", "indicator", "indicator_name_th", "unit", "value", "measured_on",
                  "evidence"]
        read_only_fields = fields


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = ReportAttachment
        fields = ["id", "title", "kind", "size", "url"]
        read_only_fields = fields

    def get_url(self, attachment) -> str:
        return absolute_url(self.context, attachment.file.url)


class CommentSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField(help_text="The author's name.")

    class Meta:
        model = ReportComment
        fields = ["id", "author", "body", "created_at"]
        read_only_fields = fields

    def get_author(self, comment) -> str:
        return str(comment.author) if comment.author_id else ""


class ReportSerializer(serializers.ModelSerializer):
    pilot = PilotBriefSerializer(read_only=True)
    coach = CoachBriefSerializer(read_only=True)
    correction = serializers.SerializerMethodField(
        help_text="Id of the version that corrects this one, if any.")
    measurements = ReportMeasurementSerializer(many=True, read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    comments = serializers.SerializerMethodField(
        help_text="Comments of League admins and the pilot's coordinator; shown to them and "
        "to the report's coach (null for others).")
    url = serializers.SerializerMethodField(help_text="The report's page on the portal.")

    class Meta:
        model = ProgressReport
        fields = ["id", "pilot", "coach", "period_kind", "period_start", "period_end",
                  "version", "corrects", "correction", "status", "summary", "activities",
                  "aar_expected", "aar_happened", "aar_better", "aar_suggestions", "problems",
                  "next_steps", "submitted_at", "measurements", "attachments", "comments",
                  "created_at", "updated_at", "url"]
        read_only_fields = fields

    def get_correction(self, report) -> int | None:
        correction = getattr(report, "correction", None)
        return correction.pk if correction else None

    @extend_schema_field(CommentSerializer(many=True, allow_null=True))
    def get_comments(self, report):
        user = self.context["request"].user
        if not (self.context.get("is_admin") or (user.is_authenticated and user.pk in (
                report.coach.user_id, report.pilot.coordinator_id))):
            return None
        return CommentSerializer(report.comments.all(), many=True).data

    def get_url(self, report) -> str:
        return absolute_url(self.context, reverse("reports:report", args=[report.pk]))


class ReportStartSerializer(serializers.Serializer):
    pilot = serializers.SlugRelatedField(
        slug_field="slug", queryset=Pilot.objects.none(), help_text="Address (slug) of the pilot.",
        error_messages={"does_not_exist": _("There is no pilot with the address “{value}”.")})
    period_kind = serializers.ChoiceField(choices=ProgressReport.PeriodKind.choices,
                                          default=ProgressReport.PeriodKind.MONTH)
    year = serializers.IntegerField(min_value=2000, max_value=2100,
                                    help_text="Year A.D. (a Buddhist Era year minus 543).")
    number = serializers.IntegerField(help_text="Month (1-12) or quarter (1-4).")

    def __init__(self, *args, pilots=None, **kwargs):
        super().__init__(*args, **kwargs)
        if pilots is not None:
            self.fields["pilot"].queryset = pilots


class ReportMeasurementWriteSerializer(serializers.Serializer):
    indicator = OfThePilot(
        queryset=Indicator.objects.all(), help_text="Id of one of the pilot's indicators.",
        error_messages={"does_not_exist": _("This pilot has no indicator with the id "
                                            "{pk_value}.")})
    value = serializers.DecimalField(max_digits=14, decimal_places=2)
    measured_on = serializers.DateField(
        required=False, help_text="Defaults to the end of the period (or today).")
    evidence = serializers.CharField(required=False, allow_blank=True, default="")


class ReportWriteSerializer(serializers.ModelSerializer):
    measurements = ReportMeasurementWriteSerializer(
        many=True, required=False,
        help_text="Indicator values of this report; a list that is sent replaces the "
        "report's own measurements.")

    class Meta:
        model = ProgressReport
        fields = ["summary", "activities", "aar_expected", "aar_happened", "aar_better",
                  "aar_suggestions", "problems", "next_steps", "measurements"]


class CommentWriteSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=4000)


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A PDF, JPEG, PNG or WebP file of at most 10 MB.")
