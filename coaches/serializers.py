"""The coach registry as JSON: the API's public and full records, writes, and the PDPA export.

Two readings of a coach:

- public (`CoachPublicSerializer`): what anyone may see of a listed coach. Professional facts
  always; personal fields only where the coach consented (`Coach.public_fields`), otherwise
  null. Private values are never even computed for a field the coach did not open.
- full (`CoachSerializer`): the coach's own record and what League admins see.
"""


from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.relations import PKOnlyObject

from coaches.models import (
    Certification,
    Coach,
    CoachEvent,
    CoachLanguage,
    DeletionRequest,
    HomeExecutive,
    Training,
    TransferTool,
)
from portal import clock
from portal.models import Bilingual, Municipality, Province, Region, Theme, User

CONSENT_CODES = [code for code, _label in Coach.CONSENT_FIELDS]


def _codes(model=None, **kwargs):
    """A list of reference codes (themes, tools, regions, provinces)."""
    if model is None:
        return serializers.SlugRelatedField(slug_field="code", many=True, read_only=True,
                                            **kwargs)
    return serializers.SlugRelatedField(slug_field="code", many=True,
                                        queryset=model.objects.all(), **kwargs)


def _real_name(coach: Coach) -> str:
    if (get_language() or "th").startswith("en") and coach.name_en:
        return coach.name_en
    return coach.name_th


# Nested rows ---------------------------------------------------------------------------------

class MunicipalityBriefSerializer(serializers.ModelSerializer):
    province = serializers.CharField(source="province.code", read_only=True,
                                     help_text="Province code.")
    region = serializers.CharField(source="province.region.code", read_only=True,
                                   help_text="Region code.")

    class Meta:
        model = Municipality
        fields = ["id", "name_th", "name_en", "province", "region"]
        read_only_fields = fields


class CoachLanguageSerializer(serializers.ModelSerializer):
    class Meta:
        model = CoachLanguage
        fields = ["language", "level"]


class TrainingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Training
        fields = ["name", "provider", "year"]

    def validate_year(self, year):
        if year is not None and not 1950 <= year <= clock.today().year + 1:
            raise serializers.ValidationError(
                _("Give the year A.D. (a Buddhist Era year minus 543), for example 2024."))
        return year


class HomeExecutiveSerializer(serializers.ModelSerializer):
    class Meta:
        model = HomeExecutive
        fields = ["id", "name", "position", "position_other", "email", "preferred_language",
                  "digests_enabled"]
        read_only_fields = ["id", "digests_enabled"]
        extra_kwargs = {"email": {"help_text": "Identifies the executive within the coach's "
                                                "record; it cannot be changed afterwards."}}


class RegionBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name_th", "name_en"]
        read_only_fields = fields


class PublicCertificationSerializer(serializers.ModelSerializer):
    """A certification as the public sees it (when the coach shows them): never the file."""

    issuer_label = serializers.CharField(read_only=True)

    class Meta:
        model = Certification
        fields = ["issuer", "issuer_label", "title", "issued_on", "expires_on"]
        read_only_fields = fields


class CertificationSerializer(serializers.ModelSerializer):
    issuer_label = serializers.CharField(read_only=True)

    class Meta:
        model = Certification
        fields = ["id", "issuer", "issuer_name", "issuer_label", "title", "issued_on",
                  "expires_on", "file"]
        read_only_fields = fields


# Reading a coach -----------------------------------------------------------------------------

class CoachPublicSerializer(serializers.ModelSerializer):
    """A listed coach as anyone may see them. Personal fields are null unless the coach
    chose to show them."""

    # field name -> the consent (Coach.CONSENT_FIELDS code) that opens it
    CONSENT = {
        "photo": "photo", "position": "position", "home_municipality": "home_municipality",
        "phone": "phone", "email": "email", "bio": "bio", "trainings": "training",
        "languages": "languages", "certifications": "certifications",
    }

    name = serializers.SerializerMethodField(
        help_text="The coach's name if they chose to show it, otherwise “Coach no. N”.")
    url = serializers.SerializerMethodField(help_text="The coach's page on the portal.")
    photo = serializers.ImageField(read_only=True, allow_null=True)
    position = serializers.CharField(read_only=True, allow_null=True)
    home_municipality = MunicipalityBriefSerializer(read_only=True, allow_null=True)
    home_region = RegionBriefSerializer(
        source="home_municipality.province.region", read_only=True, allow_null=True,
        help_text="Shown when the coach shows their home region or home municipality.")
    phone = serializers.CharField(read_only=True, allow_null=True)
    email = serializers.EmailField(read_only=True, allow_null=True)
    bio = serializers.SerializerMethodField()
    trainings = TrainingSerializer(many=True, read_only=True, allow_null=True)
    themes = _codes(help_text="Theme codes of expertise.")
    tools = _codes(help_text="Codes of the transfer tools mastered.")
    languages = CoachLanguageSerializer(many=True, read_only=True, allow_null=True)
    certifications = PublicCertificationSerializer(many=True, read_only=True, allow_null=True)
    service_regions = _codes(help_text="Codes of the regions served.")
    service_provinces = _codes(help_text="Codes of the provinces served.")

    class Meta:
        model = Coach
        fields = ["id", "name", "url", "photo", "position", "home_municipality", "home_region",
                  "phone", "email", "bio", "trainings", "themes", "tools", "languages",
                  "certifications", "service_regions", "service_provinces",
                  "availability_days", "status"]
        read_only_fields = fields

    def hidden_fields(self, coach: Coach) -> set[str]:
        hidden = {field for field, consent in self.CONSENT.items() if not coach.shows(consent)}
        if not coach.shows_home_region():
            hidden.add("home_region")
        return hidden

    def to_representation(self, coach):
        hidden = self.hidden_fields(coach)
        data = {}
        for field in self._readable_fields:
            if field.field_name in hidden:
                data[field.field_name] = None
                continue
            attribute = field.get_attribute(coach)
            value = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
            data[field.field_name] = None if value is None else field.to_representation(attribute)
        return data

    def get_name(self, coach) -> str:
        return coach.public_name()

    def get_url(self, coach) -> str:
        url = reverse("coaches:detail", kwargs={"pk": coach.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_bio(self, coach):
        return coach.public_bio() or None


class CoachSerializer(CoachPublicSerializer):
    """A coach's full record: for the coach themself and for League admins."""

    name = serializers.SerializerMethodField(help_text="The coach's name.")
    public_fields = serializers.ListField(
        child=serializers.ChoiceField(choices=Coach.CONSENT_FIELDS), read_only=True,
        help_text="The personal fields the coach agreed to show publicly.")
    account = serializers.EmailField(source="user.email", read_only=True, allow_null=True,
                                     default=None, help_text="E-mail of the coach's account.")
    executives = HomeExecutiveSerializer(many=True, read_only=True)
    certifications = CertificationSerializer(many=True, read_only=True)
    languages = CoachLanguageSerializer(many=True, read_only=True)

    class Meta(CoachPublicSerializer.Meta):
        fields = [*CoachPublicSerializer.Meta.fields, "name_th", "name_en", "bio_th", "bio_en",
                  "other_tools", "public_fields", "status_note", "account", "executives",
                  "created_at", "updated_at"]
        read_only_fields = fields

    def hidden_fields(self, coach: Coach) -> set[str]:
        return set()

    def get_name(self, coach) -> str:
        return _real_name(coach)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_bio(self, coach):
        return Bilingual.localized(coach, "bio") or None


# Writing a coach -----------------------------------------------------------------------------

class CoachWriteSerializer(serializers.ModelSerializer):
    """Profile fields and nested lists. A list that is sent replaces the stored one."""

    home_municipality = serializers.PrimaryKeyRelatedField(
        queryset=Municipality.objects.all(),
        help_text="Municipality id (see /api/municipalities/).")
    themes = _codes(Theme, help_text="Theme codes; at least one.")
    tools = _codes(TransferTool, required=False, help_text="Transfer tool codes.")
    service_regions = _codes(Region, required=False, help_text="Region codes.")
    service_provinces = _codes(Province, required=False, help_text="Province codes.")
    languages = CoachLanguageSerializer(many=True, required=False)
    trainings = TrainingSerializer(many=True, required=False)
    executives = HomeExecutiveSerializer(
        many=True, help_text="Home executives who receive the coach's progress reports; at least "
        "one. Matched by e-mail: listed ones are kept or updated, new ones added, others removed.")
    public_fields = serializers.ListField(
        child=serializers.ChoiceField(choices=Coach.CONSENT_FIELDS), required=False,
        help_text="Personal fields the coach agrees to show publicly (PDPA consent).")

    class Meta:
        model = Coach
        fields = ["name_th", "name_en", "home_municipality", "position", "phone", "email",
                  "themes", "tools", "other_tools", "service_regions", "service_provinces",
                  "availability_days", "languages", "trainings", "bio_th", "bio_en",
                  "public_fields", "executives"]

    def validate_themes(self, themes):
        if not themes:
            raise serializers.ValidationError(_("Choose at least one theme of expertise."))
        return themes

    def validate_languages(self, rows):
        codes = [row["language"] for row in rows]
        if len(set(codes)) != len(codes):
            raise serializers.ValidationError(_("Each language may be listed once."))
        return rows

    def validate_executives(self, rows):
        if not rows:
            raise serializers.ValidationError(_(
                "Name at least one home executive (for example the mayor or the municipal "
                "clerk) to receive your progress reports."))
        emails = [row["email"].strip().lower() for row in rows]
        if len(set(emails)) != len(emails):
            raise serializers.ValidationError(_("Each executive needs a different e-mail."))
        return rows

    def validate_public_fields(self, codes):
        return [code for code in CONSENT_CODES if code in codes]

    def validate(self, attrs):
        if self.instance is not None and "status" in self.initial_data:
            raise serializers.ValidationError({"status": _(
                "The status cannot be changed here; League admins use the status action.")})
        return attrs


class CoachCreateSerializer(CoachWriteSerializer):
    CREATE_STATUSES = [Coach.Status.APPLIED, Coach.Status.APPROVED, Coach.Status.ACTIVE]

    status = serializers.ChoiceField(
        choices=[(s.value, s.label) for s in CREATE_STATUSES], default=Coach.Status.APPLIED,
        help_text="Only when creating; use the status action afterwards.")
    account = serializers.SlugRelatedField(
        slug_field="email", queryset=User.objects.all(), required=False, allow_null=True,
        help_text="E-mail of an existing account to link to the coach record.",
        error_messages={"does_not_exist": _("No account with the e-mail “{value}”.")})

    class Meta(CoachWriteSerializer.Meta):
        fields = [*CoachWriteSerializer.Meta.fields, "status", "account"]


class CoachStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Coach.Status.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000,
                                 help_text="Required when rejecting an application.")


# The PDPA export -----------------------------------------------------------------------------

class CoachEventExportSerializer(serializers.ModelSerializer):
    by = serializers.SerializerMethodField(
        help_text="“self” (the coach's own account), “league” (League staff) or “system”.")

    class Meta:
        model = CoachEvent
        fields = ["created_at", "action", "from_status", "to_status", "note", "by"]
        read_only_fields = fields

    def get_by(self, event) -> str:
        if event.actor_id is None:
            return "system"
        coach_user = self.context.get("coach_user_id")
        return "self" if event.actor_id == coach_user else "league"


class DeletionRequestExportSerializer(serializers.ModelSerializer):
    class Meta:
        model = DeletionRequest
        fields = ["requested_at", "reason", "outcome", "handled_at", "note"]
        read_only_fields = fields


class CoachExportSerializer(CoachSerializer):
    """Everything the registry holds about a coach (PDPA right of access)."""

    home_municipality = MunicipalityBriefSerializer(read_only=True)
    trainings = TrainingSerializer(many=True, read_only=True)
    history = serializers.SerializerMethodField()
    deletion_requests = DeletionRequestExportSerializer(many=True, read_only=True)

    class Meta(CoachSerializer.Meta):
        fields = [field for field in CoachSerializer.Meta.fields if field != "url"] + [
            "is_demo", "history", "deletion_requests"]
        read_only_fields = fields

    @extend_schema_field(CoachEventExportSerializer(many=True))
    def get_history(self, coach):
        context = {**self.context, "coach_user_id": coach.user_id}
        return CoachEventExportSerializer(coach.events.all(), many=True, context=context).data
