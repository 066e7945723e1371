"""Pilot projects and their monitoring as the API reads them (writing: pilots.write_serializers).

Readings take already loaded rows (see pilots.api for the prefetching) and never query per row.
A coach appears on a pilot only as a public record: id, public name (the coach's name only if
they agreed to show it), role and period. The reporting rate is filled in by the reports app
(pilots.api.RECORD_EXTRAS).
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from pilots.models import (
    Adaptation,
    Assignment,
    Indicator,
    LogframeNode,
    Measurement,
    Pilot,
    StudyVisit,
    Swot,
)
from pilots.progress import LABELS, indicator_progress, pilot_progress
from portal import clock
from portal.models import Municipality, Province
from practices.models import Practice

# Where an indicator or a pilot stands (pilots.progress); named in the OpenAPI settings.
PROGRESS_CHOICES = [(code, label) for code, label in LABELS.items()]


def absolute_url(context: dict, url: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(url) if request else url


# Small shared pieces ---------------------------------------------------------------------------

class PilotProvinceSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code", read_only=True,
                                   help_text="Region code.")

    class Meta:
        model = Province
        fields = ["code", "name_th", "name_en", "region"]
        read_only_fields = fields


class PilotMunicipalitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Municipality
        fields = ["id", "name_th", "name_en"]
        read_only_fields = fields


class PracticeLinkSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Practice
        fields = ["slug", "title_th", "title_en", "url"]
        read_only_fields = fields

    def get_url(self, practice) -> str:
        return absolute_url(self.context, practice.get_absolute_url())


class CoachOnPilotSerializer(serializers.ModelSerializer):
    """A coach assigned to a pilot: public facts only, never the coach's private fields."""

    id = serializers.IntegerField(source="coach.id", read_only=True)
    public_name = serializers.SerializerMethodField(
        help_text="The coach's name if they chose to show it, otherwise “Coach no. N”.")
    assignment = serializers.IntegerField(source="id", read_only=True,
                                          help_text="Id of the assignment.")

    class Meta:
        model = Assignment
        fields = ["id", "public_name", "role", "starts_on", "ends_on", "assignment"]
        read_only_fields = fields

    def get_public_name(self, assignment) -> str:
        return str(assignment.coach.public_name())


class MeasurementSerializer(serializers.ModelSerializer):
    report = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True,
        help_text="Id of the progress report the value was recorded in, if any.")
    evidence = serializers.CharField(
        read_only=True, allow_null=True,
        help_text="Means of verification; null for a value from a progress report unless you "
        "monitor the pilot (a report's texts are private).")

    class Meta:
        model = Measurement
        fields = ["id", "value", "measured_on", "evidence", "report"]
        read_only_fields = fields

    def to_representation(self, measurement):
        data = super().to_representation(measurement)
        if measurement.report_id and not self.context.get("monitors"):
            data["evidence"] = None
        return data


class IndicatorProgressSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=PROGRESS_CHOICES, read_only=True)
    label = serializers.CharField(read_only=True)
    actual = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True,
                                      allow_null=True, help_text="The latest measured value.")
    achieved_percent = serializers.IntegerField(
        read_only=True, allow_null=True,
        help_text="Share of the way from baseline to target covered, in percent.")
    expected_percent = serializers.IntegerField(
        read_only=True, help_text="Share of the indicator's time that has passed, in percent.")


class IndicatorSerializer(serializers.ModelSerializer):
    """An indicator with its (visible) measurements and where it stands today."""

    measurements = MeasurementSerializer(many=True, read_only=True, source="visible_measurements")
    progress = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = ["id", "node", "name_th", "name_en", "unit", "baseline", "target", "starts_on",
                  "due_on", "verification", "order", "measurements", "progress"]
        read_only_fields = fields

    @extend_schema_field(IndicatorProgressSerializer)
    def get_progress(self, indicator):
        today = self.context.get("today") or clock.today()
        progress = indicator_progress(indicator, indicator.visible_measurements, today)
        return IndicatorProgressSerializer(progress).data


class LogframeNodeSerializer(serializers.ModelSerializer):
    children = serializers.SerializerMethodField(help_text="Items one level below.")

    class Meta:
        model = LogframeNode
        fields = ["id", "level", "text_th", "text_en", "assumptions", "risks", "order",
                  "children"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_children(self, node):
        return [LogframeNodeSerializer(child, context=self.context).data
                for child in getattr(node, "tree_children", [])]


class StudyVisitSerializer(serializers.ModelSerializer):
    class Meta:
        model = StudyVisit
        fields = ["id", "visited_on", "place", "expected", "happened", "better_than_expected",
                  "suggestions"]


class SwotSerializer(serializers.ModelSerializer):
    strengths = serializers.CharField(required=False, allow_blank=True, default="")
    weaknesses = serializers.CharField(required=False, allow_blank=True, default="")
    opportunities = serializers.CharField(required=False, allow_blank=True, default="")
    threats = serializers.CharField(required=False, allow_blank=True, default="")

    class Meta:
        model = Swot
        fields = ["strengths", "weaknesses", "opportunities", "threats", "updated_at"]
        read_only_fields = ["updated_at"]


class AdaptationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Adaptation
        fields = ["id", "change", "reason"]


class ReportingRateSerializer(serializers.Serializer):
    due = serializers.IntegerField(help_text="Monthly reports due so far.")
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    missing = serializers.IntegerField()
    submitted = serializers.IntegerField()
    percent_on_time = serializers.IntegerField()


# Pilots: reading -------------------------------------------------------------------------------

class PilotSerializer(serializers.ModelSerializer):
    """A pilot as anyone who may see it reads it."""

    municipality = PilotMunicipalitySerializer(read_only=True, allow_null=True)
    province = PilotProvinceSerializer(read_only=True)
    area_name = serializers.CharField(read_only=True)
    themes = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    source_practice = serializers.SerializerMethodField(
        help_text="The practice transferred to this pilot (null if none or not published).")
    documented_in = serializers.SerializerMethodField(
        help_text="The practice page about this pilot (null if none or not published).")
    coaches = CoachOnPilotSerializer(many=True, read_only=True, source="assignments")
    progress = serializers.SerializerMethodField(
        help_text="As far behind as the pilot's furthest-behind measured indicator.")
    indicators = IndicatorSerializer(many=True, read_only=True)
    logframe = serializers.SerializerMethodField(help_text="The goal(s), each with its tree.")
    study_visits = StudyVisitSerializer(many=True, read_only=True)
    swot = serializers.SerializerMethodField()
    adaptations = AdaptationSerializer(many=True, read_only=True)
    reporting_rate = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField(help_text="The pilot's page on the portal.")

    class Meta:
        model = Pilot
        fields = ["code", "slug", "title_th", "title_en", "programme", "municipality",
                  "province", "area_name", "themes", "source_practice", "model_city",
                  "documented_in", "objectives_th", "objectives_en", "starts_on", "ends_on",
                  "year_started", "status", "coaches", "progress", "indicators", "logframe",
                  "study_visits", "swot", "adaptations", "reporting_rate", "url"]
        read_only_fields = fields

    def _practice(self, practice):
        if practice is None:
            return None
        if practice.status != Practice.Status.PUBLISHED and not self.context.get("is_admin"):
            return None
        return PracticeLinkSerializer(practice, context=self.context).data

    @extend_schema_field(PracticeLinkSerializer(allow_null=True))
    def get_source_practice(self, pilot):
        return self._practice(pilot.source_practice)

    @extend_schema_field(PracticeLinkSerializer(allow_null=True))
    def get_documented_in(self, pilot):
        return self._practice(pilot.documented_in)

    @extend_schema_field(serializers.ChoiceField(choices=PROGRESS_CHOICES))
    def get_progress(self, pilot) -> str:
        today = self.context.get("today") or clock.today()
        return pilot_progress([indicator_progress(i, i.visible_measurements, today).status
                               for i in pilot.indicators.all()])

    @extend_schema_field(LogframeNodeSerializer(many=True))
    def get_logframe(self, pilot):
        nodes = list(pilot.logframe.all())
        by_id = {node.pk: node for node in nodes}
        for node in nodes:
            node.tree_children = []
        roots = []
        for node in nodes:
            parent = by_id.get(node.parent_id)
            (parent.tree_children if parent else roots).append(node)
        return LogframeNodeSerializer(roots, many=True, context=self.context).data

    @extend_schema_field(SwotSerializer(allow_null=True))
    def get_swot(self, pilot):
        swot = getattr(pilot, "swot", None)
        return None if swot is None else SwotSerializer(swot).data

    @extend_schema_field(ReportingRateSerializer)
    def get_reporting_rate(self, pilot):
        return ReportingRateSerializer(pilot.api_reporting_rate).data

    def get_url(self, pilot) -> str:
        return absolute_url(self.context, pilot.get_absolute_url())


class PilotFullSerializer(PilotSerializer):
    """What League admins and the pilot's coordinator also see."""

    coordinator = serializers.EmailField(source="coordinator.email", read_only=True,
                                         allow_null=True, default=None,
                                         help_text="E-mail of the municipal coordinator.")

    class Meta(PilotSerializer.Meta):
        fields = [*PilotSerializer.Meta.fields, "notes_th", "notes_en", "budget", "coordinator",
                  "is_public", "source_document", "created_at", "updated_at"]
        read_only_fields = fields
