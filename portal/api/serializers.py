from rest_framework import serializers

from portal.models import Municipality, Province, Region, Theme


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name_th", "name_en"]


class ProvinceSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Province
        fields = ["code", "name_th", "name_en", "region"]


class MunicipalitySerializer(serializers.ModelSerializer):
    type = serializers.CharField(source="kind", read_only=True)
    province = serializers.SlugRelatedField(slug_field="code", read_only=True)
    province_name_th = serializers.CharField(source="province.name_th", read_only=True)
    region = serializers.CharField(source="province.region.code", read_only=True)
    district = serializers.SlugRelatedField(slug_field="code", read_only=True)
    district_name_th = serializers.CharField(
        source="district.name_th", read_only=True, default=None
    )

    class Meta:
        model = Municipality
        fields = [
            "id", "code", "name_th", "name_en", "type", "province", "province_name_th",
            "region", "district", "district_name_th",
        ]


class ThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["code", "name_th", "name_en", "description_th", "description_en"]
