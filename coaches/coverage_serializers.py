"""The coverage of municipalities by coaches and the coach suggestions, as the API reads them."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from coaches.models import (
    CoachLanguage,
)
from coaches.serializers import CoachPublicSerializer, MunicipalityBriefSerializer
from portal.models import Municipality, Theme

# Coverage and matching -----------------------------------------------------------------------

class CoverageRegionSerializer(serializers.Serializer):
    code = serializers.CharField(source="region.code")
    name_th = serializers.CharField(source="region.name_th")
    name_en = serializers.CharField(source="region.name_en")
    coaches = serializers.IntegerField(help_text="Listed coaches living in the region.")
    municipalities = serializers.IntegerField()
    covered = serializers.IntegerField(
        help_text="Municipalities where a listed coach lives or which one serves.")
    coverage_percent = serializers.FloatField()
    coaches_per_municipality = serializers.FloatField()


class CoverageTotalsSerializer(serializers.Serializer):
    coaches = serializers.IntegerField()
    municipalities = serializers.IntegerField()
    covered = serializers.IntegerField()
    coverage_percent = serializers.FloatField()


class ThemeBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["code", "name_th", "name_en"]
        read_only_fields = fields


class CoverageMatrixRowSerializer(serializers.Serializer):
    region = serializers.CharField(help_text="Region code.")
    themes = serializers.DictField(child=serializers.IntegerField(),
                                   help_text="Listed coaches living in the region, by theme code.")


class UncoveredMunicipalitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name_th = serializers.CharField()
    name_en = serializers.CharField()
    type = serializers.CharField(source="kind")
    province_name_th = serializers.CharField(source="province.name_th")
    province_name_en = serializers.CharField(source="province.name_en")
    region = serializers.SerializerMethodField(help_text="Region code.")

    def get_region(self, municipality) -> str:
        return self.context["region_codes"][municipality.province.region_id]


class CoverageSerializer(serializers.Serializer):
    regions = CoverageRegionSerializer(many=True)
    totals = CoverageTotalsSerializer(source="*")
    goal_percent = serializers.FloatField(
        help_text="Progress toward the goal of one coach per municipality (at most 100).")
    themes = ThemeBriefSerializer(many=True)
    matrix = serializers.SerializerMethodField()
    uncovered = serializers.SerializerMethodField(
        help_text="Municipalities no listed coach covers; League admins only (null otherwise).")

    @extend_schema_field(CoverageMatrixRowSerializer(many=True))
    def get_matrix(self, coverage):
        codes = [theme.code for theme in coverage.themes]
        return [{"region": row.region.code, "themes": dict(zip(codes, counts, strict=True))}
                for row, counts in coverage.matrix]

    @extend_schema_field(UncoveredMunicipalitySerializer(many=True, allow_null=True))
    def get_uncovered(self, coverage):
        if not self.context.get("with_uncovered"):
            return None
        context = {"region_codes": {row.region.pk: row.region.code for row in coverage.regions}}
        return UncoveredMunicipalitySerializer(coverage.uncovered, many=True,
                                               context=context).data


class MatchQuerySerializer(serializers.Serializer):
    municipality = serializers.PrimaryKeyRelatedField(
        queryset=Municipality.objects.select_related("province__region"),
        help_text="Id of the municipality that needs a coach.",
        error_messages={
            "required": _("Give the id of the municipality that needs a coach."),
            "does_not_exist": _("There is no municipality with the id {pk_value}."),
            "incorrect_type": _("The municipality is given by its id (a number)."),
        })
    theme = serializers.SlugRelatedField(
        slug_field="code", queryset=Theme.objects.all(), help_text="Theme code.",
        error_messages={
            "required": _("Give the theme code (see /api/themes/)."),
            "does_not_exist": _("There is no theme with the code “{value}” (see /api/themes/)."),
        })
    language = serializers.ChoiceField(
        choices=CoachLanguage._meta.get_field("language").choices, required=False,
        allow_blank=True, help_text="Preferred language of the coach.")
    limit = serializers.IntegerField(min_value=1, max_value=50, default=10)


class SuggestionSerializer(serializers.Serializer):
    score = serializers.FloatField()
    load = serializers.IntegerField(help_text="Active pilot assignments of the coach.")
    reasons = serializers.ListField(child=serializers.CharField())
    coach = CoachPublicSerializer()


class MatchSerializer(serializers.Serializer):
    municipality = MunicipalityBriefSerializer()
    theme = serializers.CharField(source="theme.code")
    language = serializers.CharField(allow_blank=True)
    suggestions = SuggestionSerializer(many=True, help_text="Best match first.")
