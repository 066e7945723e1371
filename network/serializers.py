from rest_framework import serializers

from network.models import LearningCentre, Partner
from pilots.models import Pilot
from pilots.serializers import PracticeLinkSerializer, absolute_url


class PilotLinkSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Pilot
        fields = ["code", "title_th", "title_en", "status", "url"]
        read_only_fields = fields

    def get_url(self, pilot) -> str:
        return absolute_url(self.context, pilot.get_absolute_url())


class PartnerSerializer(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField(help_text="What the partner does with the League.")
    region = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True,
                                          help_text="Null for a partner that works nationwide.")
    province = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    practices = PracticeLinkSerializer(many=True, read_only=True,
                                       help_text="Published practices it takes part in.")
    pilots = PilotLinkSerializer(many=True, read_only=True,
                                 help_text="Public pilot projects it takes part in.")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Partner
        fields = ["slug", "name_th", "name_en", "short_name", "kind", "roles", "region",
                  "province", "about_th", "about_en", "work_th", "work_en", "website", "email",
                  "phone", "certification_issuer", "practices", "pilots", "url"]
        read_only_fields = fields
        # Left empty (""), not null, when unknown or not applicable.
        extra_kwargs = {name: {"allow_blank": True}
                        for name in ("website", "email", "certification_issuer")}

    def get_roles(self, partner) -> list[str]:
        return [role.role for role in partner.roles.all()]

    def get_url(self, partner) -> str:
        return absolute_url(self.context, partner.get_absolute_url())


class LearningCentreSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    host_municipality = serializers.SerializerMethodField()
    host_partner = serializers.SlugRelatedField(slug_field="slug", read_only=True,
                                                allow_null=True)
    practices = PracticeLinkSerializer(many=True, read_only=True)
    is_designated = serializers.BooleanField(read_only=True,
                                             help_text="The League has named its host.")
    url = serializers.SerializerMethodField()

    class Meta:
        model = LearningCentre
        fields = ["number", "slug", "name_th", "name_en", "region", "host_municipality",
                  "host_partner", "is_designated", "focus_th", "focus_en", "practices",
                  "study_visit_capacity", "address", "email", "phone", "url"]
        read_only_fields = fields
        extra_kwargs = {"email": {"allow_blank": True}}  # "" until the League sets one

    def get_host_municipality(self, centre) -> dict | None:
        place = centre.host_municipality
        if place is None:
            return None
        return {"id": place.pk, "name_th": place.name_th, "name_en": place.name_en,
                "province": place.province.code}

    def get_url(self, centre) -> str:
        return absolute_url(self.context, centre.get_absolute_url())
