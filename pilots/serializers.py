"""Pilot projects, their monitoring, progress reports, recommendations and area reviews as JSON.

Readings take already loaded rows (see pilots.api for the prefetching) and never query per row.
A coach appears on a pilot only as a public record: id, public name (the coach's name only if
they agreed to show it), role and period.
"""


from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from coaches.models import Coach
from pilots.models import (
    Adaptation,
    AreaReview,
    Assignment,
    Indicator,
    LogframeNode,
    Measurement,
    Pilot,
    ProgressReport,
    Recommendation,
    ReportAttachment,
    ReportComment,
    StudyVisit,
    Swot,
)
from pilots.progress import LABELS, indicator_progress, pilot_progress
from portal import clock
from portal.models import Municipality, Province, Theme, User
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

    class Meta:
        model = Measurement
        fields = ["id", "value", "measured_on", "evidence", "report"]
        read_only_fields = fields


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


# Pilots: writing -------------------------------------------------------------------------------

def _practice_field(**kwargs):
    return serializers.SlugRelatedField(
        slug_field="slug", queryset=Practice.objects.select_related("municipality", "province"),
        error_messages={"does_not_exist": _("There is no practice with the address “{value}”.")},
        **kwargs)


class PilotWriteSerializer(serializers.ModelSerializer):
    municipality = serializers.PrimaryKeyRelatedField(
        queryset=Municipality.objects.select_related("province"), allow_null=True,
        required=False, help_text="Municipality id (see /api/municipalities/); leave empty "
        "for a province-level pilot.",
        error_messages={"does_not_exist": _("There is no municipality with the id {pk_value}.")})
    province = serializers.SlugRelatedField(
        slug_field="code", queryset=Province.objects.all(), required=False,
        help_text="Province code; taken from the municipality when one is given.")
    themes = serializers.SlugRelatedField(slug_field="code", many=True,
                                          queryset=Theme.objects.all(),
                                          help_text="Theme codes; at least one.")
    source_practice = _practice_field(required=False, allow_null=True,
                                      help_text="Address (slug) of the practice transferred.")
    documented_in = _practice_field(required=False, allow_null=True,
                                    help_text="Address (slug) of the practice page about "
                                    "this pilot.")
    coordinator = serializers.SlugRelatedField(
        slug_field="email", queryset=User.objects.all(), required=False, allow_null=True,
        help_text="E-mail of the municipal coordinator's account.",
        error_messages={"does_not_exist": _("No account with the e-mail “{value}”.")})

    class Meta:
        model = Pilot
        fields = ["code", "title_th", "title_en", "programme", "municipality", "province",
                  "themes", "source_practice", "documented_in", "model_city", "objectives_th",
                  "objectives_en", "notes_th", "notes_en", "starts_on", "ends_on",
                  "year_started", "status", "coordinator", "budget", "is_public",
                  "source_document"]

    def validate_themes(self, themes):
        if not themes:
            raise serializers.ValidationError(_("Choose at least one theme."))
        return themes

    def validate(self, attrs):
        municipality = attrs.get("municipality")
        if municipality:
            attrs["province"] = municipality.province
        elif self.instance is None and not attrs.get("province"):
            raise serializers.ValidationError({"province": _(
                "Give a municipality or a province code.")})
        starts = attrs.get("starts_on", getattr(self.instance, "starts_on", None))
        ends = attrs.get("ends_on", getattr(self.instance, "ends_on", None))
        if starts and ends and ends < starts:
            raise serializers.ValidationError({"ends_on": _(
                "The end date is before the start date.")})
        return attrs


class AdoptSerializer(serializers.Serializer):
    practice = serializers.SlugRelatedField(
        slug_field="slug", queryset=Practice.objects.none(),
        help_text="Address (slug) of the practice to transfer.",
        error_messages={"does_not_exist": _("There is no practice with the address “{value}”.")})
    municipality = serializers.PrimaryKeyRelatedField(
        queryset=Municipality.objects.select_related("province"),
        help_text="Id of the municipality that adopts the practice.",
        error_messages={"does_not_exist": _("There is no municipality with the id {pk_value}.")})
    code = serializers.CharField(max_length=20, help_text="Code of the new pilot.")
    title_th = serializers.CharField(max_length=300, required=False, allow_blank=True,
                                     help_text="Defaults to the practice's title.")
    starts_on = serializers.DateField(required=False, allow_null=True)

    def __init__(self, *args, practices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if practices is not None:
            self.fields["practice"].queryset = practices

    def validate_code(self, code):
        if Pilot.objects.filter(code=code).exists():
            raise serializers.ValidationError(_("A pilot with this code already exists."))
        return code


class AssignmentWriteSerializer(serializers.ModelSerializer):
    coach = serializers.PrimaryKeyRelatedField(
        queryset=Coach.objects.all(), help_text="Coach id (see /api/coaches/).",
        error_messages={"does_not_exist": _("There is no coach with the id {pk_value}.")})

    class Meta:
        model = Assignment
        fields = ["coach", "role", "starts_on", "ends_on"]
        validators = []  # the service checks one assignment per coach and pilot


class _OfThePilot(serializers.PrimaryKeyRelatedField):
    """An id among the rows of the pilot in the serializer's context."""

    def get_queryset(self):
        return super().get_queryset().filter(pilot=self.context["pilot"])


class LogframeNodeWriteSerializer(serializers.ModelSerializer):
    parent = _OfThePilot(
        queryset=LogframeNode.objects.all(), required=False, allow_null=True,
        help_text="Id of the item one level up (none for the goal).",
        error_messages={"does_not_exist": _(
            "This pilot has no logical framework item with the id {pk_value}.")})

    class Meta:
        model = LogframeNode
        fields = ["level", "text_th", "text_en", "assumptions", "risks", "order", "parent"]


class LogframeNodeCreatedSerializer(serializers.ModelSerializer):
    class Meta:
        model = LogframeNode
        fields = ["id", "level", "text_th", "text_en", "assumptions", "risks", "order", "parent"]
        read_only_fields = fields


class IndicatorWriteSerializer(serializers.ModelSerializer):
    node = _OfThePilot(
        queryset=LogframeNode.objects.all(), required=False, allow_null=True,
        help_text="Id of the logical framework item the indicator measures.",
        error_messages={"does_not_exist": _(
            "This pilot has no logical framework item with the id {pk_value}.")})

    class Meta:
        model = Indicator
        fields = ["node", "name_th", "name_en", "unit", "baseline", "target", "starts_on",
                  "due_on", "verification", "order"]


class IndicatorCreatedSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["id", *IndicatorWriteSerializer.Meta.fields]
        read_only_fields = fields


class MeasurementWriteSerializer(serializers.Serializer):
    indicator = _OfThePilot(
        queryset=Indicator.objects.all(), help_text="Id of one of the pilot's indicators.",
        error_messages={"does_not_exist": _("This pilot has no indicator with the id "
                                            "{pk_value}.")})
    value = serializers.DecimalField(max_digits=14, decimal_places=2)
    measured_on = serializers.DateField()
    evidence = serializers.CharField(required=False, allow_blank=True, default="")


class MeasurementCreatedSerializer(MeasurementSerializer):
    class Meta(MeasurementSerializer.Meta):
        fields = ["id", "indicator", *MeasurementSerializer.Meta.fields[1:]]
        read_only_fields = fields


# Progress reports ------------------------------------------------------------------------------

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
        return absolute_url(self.context, reverse("pilots:report", args=[report.pk]))


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
    indicator = _OfThePilot(
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


# Recommendations and area reviews ---------------------------------------------------------------

class RecommendationSerializer(serializers.ModelSerializer):
    pilots = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Pilot.objects.all(), required=False,
        help_text="Codes of the pilots the recommendation comes from.",
        error_messages={"does_not_exist": _("There is no pilot with the code “{value}”.")})

    class Meta:
        model = Recommendation
        fields = ["id", "level", "problem_th", "problem_en", "consequence_th", "consequence_en",
                  "recommendation_th", "recommendation_en", "pilots", "owner", "time_frame",
                  "target", "status", "source_document"]
        read_only_fields = ["id"]

    def to_representation(self, recommendation):
        data = super().to_representation(recommendation)
        visible = self.context.get("visible_pilots")
        if visible is not None:  # only the pilots the reader may see
            data["pilots"] = [code for code in data["pilots"] if code in visible]
        return data


class AreaReviewSerializer(serializers.ModelSerializer):
    province = PilotProvinceSerializer(read_only=True)
    municipality = PilotMunicipalitySerializer(read_only=True, allow_null=True)
    answers = serializers.JSONField(
        read_only=True, help_text="{section code: {row code: {\"met\": [criterion codes], "
        "extra field code: text}}}, as in the form of document 002.")

    class Meta:
        model = AreaReview
        fields = ["id", "province", "municipality", "area_name", "year", "answers",
                  "updated_at"]
        read_only_fields = fields


class AreaReviewWriteSerializer(serializers.Serializer):
    province = serializers.SlugRelatedField(
        slug_field="code", queryset=Province.objects.all(), required=False,
        help_text="Province code (League admins; taken from the municipality otherwise).")
    municipality = serializers.PrimaryKeyRelatedField(
        queryset=Municipality.objects.select_related("province"), required=False,
        allow_null=True, help_text="Municipality id (League admins; otherwise your own).",
        error_messages={"does_not_exist": _("There is no municipality with the id {pk_value}.")})
    area_name = serializers.CharField(max_length=200, required=False,
                                      help_text="Name of the area (League admins; otherwise "
                                      "the name of your municipality).")
    year = serializers.IntegerField(help_text="Year A.D. (a Buddhist Era year minus 543).")
    answers = serializers.JSONField(help_text="{section code: {row code: {\"met\": [criterion "
                                    "codes], extra field code: text}}}.")

    def validate_year(self, year):
        if not 2000 <= year <= clock.today().year + 1:
            raise serializers.ValidationError(
                _("Give the year A.D. (a Buddhist Era year minus 543), for example 2024."))
        return year

    def validate_answers(self, answers):
        if not isinstance(answers, dict):
            raise serializers.ValidationError(_("The answers are an object keyed by section."))
        return answers


class AreaReviewAnswersSerializer(serializers.Serializer):
    answers = serializers.JSONField(help_text="{section code: {row code: {\"met\": [criterion "
                                    "codes], extra field code: text}}}; replaces the answers.")

    def validate_answers(self, answers):
        if not isinstance(answers, dict):
            raise serializers.ValidationError(_("The answers are an object keyed by section."))
        return answers


class SummaryCriterionSerializer(serializers.Serializer):
    code = serializers.CharField()
    th = serializers.CharField(help_text="The criterion in Thai.")
    en = serializers.CharField(help_text="The criterion in English.")
    unmet = serializers.IntegerField(help_text="Reviews that leave the criterion unmet in at "
                                     "least one of their assessed rows.")
    rows_unmet = serializers.IntegerField(help_text="Assessed rows, of all the reviews, where "
                                          "the criterion is unmet.")
    rows_assessed = serializers.IntegerField(help_text="Rows assessed by all the reviews (every "
                                             "row but an “Other” row left empty).")
    percent = serializers.IntegerField(help_text="rows_unmet as a share of rows_assessed.")


class SummarySectionSerializer(serializers.Serializer):
    code = serializers.CharField()
    title_th = serializers.CharField()
    title_en = serializers.CharField()
    criteria = SummaryCriterionSerializer(many=True)


class AreaReviewSummarySerializer(serializers.Serializer):
    year = serializers.IntegerField(allow_null=True)
    reviews = serializers.IntegerField(help_text="Reviews counted.")
    sections = SummarySectionSerializer(many=True)
