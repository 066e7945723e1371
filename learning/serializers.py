"""Problems and recommendations, and area-management reviews, as the API reads and writes
them."""

from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from learning.models import AreaReview, Recommendation
from pilots.models import Pilot
from pilots.serializers import PilotMunicipalitySerializer, PilotProvinceSerializer
from portal import clock
from portal.models import Municipality, Province


def without_nul(answers):
    """Refuse a NUL character in the answers' texts, as DRF does in any text field (PostgreSQL
    cannot store one in JSON either)."""
    if isinstance(answers, str):
        ProhibitNullCharactersValidator()(answers)
    elif isinstance(answers, dict):
        for key, value in answers.items():
            without_nul(key)
            without_nul(value)
    elif isinstance(answers, list):
        for value in answers:
            without_nul(value)
    return answers


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
        return without_nul(answers)


class AreaReviewAnswersSerializer(serializers.Serializer):
    answers = serializers.JSONField(help_text="{section code: {row code: {\"met\": [criterion "
                                    "codes], extra field code: text}}}; replaces the answers.")

    def validate_answers(self, answers):
        if not isinstance(answers, dict):
            raise serializers.ValidationError(_("The answers are an object keyed by section."))
        return without_nul(answers)


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
