"""What the API accepts when pilots and their monitoring records are written."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from coaches.models import Coach
from pilots.models import Assignment, Indicator, LogframeNode, Pilot
from pilots.serializers import MeasurementSerializer
from portal.models import Municipality, Province, Theme, User
from practices.models import Practice

# Pilots -------------------------------------------------------------------------------

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


class OfThePilot(serializers.PrimaryKeyRelatedField):
    """An id among the rows of the pilot in the serializer's context."""

    def get_queryset(self):
        return super().get_queryset().filter(pilot=self.context["pilot"])


class LogframeNodeWriteSerializer(serializers.ModelSerializer):
    parent = OfThePilot(
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
    node = OfThePilot(
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
    indicator = OfThePilot(
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
