from rest_framework import viewsets

from portal import selectors
from portal.api import serializers
from portal.filters import MunicipalityFilter, ProvinceFilter


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """The six geographic regions."""

    queryset = selectors.regions_with_counts().order_by("sort_order", "code")
    serializer_class = serializers.RegionSerializer
    lookup_field = "code"


class ProvinceViewSet(viewsets.ReadOnlyModelViewSet):
    """The 77 provinces with official codes; filter with ?region=north."""

    queryset = selectors.provinces().order_by("code")
    serializer_class = serializers.ProvinceSerializer
    filterset_class = ProvinceFilter
    lookup_field = "code"
    ordering_fields = ["code", "name_th", "name_en"]


class MunicipalityViewSet(viewsets.ReadOnlyModelViewSet):
    """Municipalities; filter by ?region=, ?province= (code), ?type=, ?search= (Thai or English)."""

    queryset = selectors.municipalities().order_by("name_th", "id")
    serializer_class = serializers.MunicipalitySerializer
    filterset_class = MunicipalityFilter
    ordering_fields = ["name_th", "name_en", "code"]


class ThemeViewSet(viewsets.ReadOnlyModelViewSet):
    """The programme's four themes."""

    queryset = selectors.themes()
    serializer_class = serializers.ThemeSerializer
    lookup_field = "code"
