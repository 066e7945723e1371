import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models import Municipality, Province, Region


class ProvinceFilter(django_filters.FilterSet):
    region = django_filters.ModelChoiceFilter(
        field_name="region", to_field_name="code", queryset=Region.objects.all(),
        label=_("Region code"),
    )

    class Meta:
        model = Province
        fields = ["region"]


class MunicipalityFilter(django_filters.FilterSet):
    region = django_filters.ModelChoiceFilter(
        field_name="province__region", to_field_name="code", queryset=Region.objects.all(),
        label=_("Region code"),
    )
    province = django_filters.ModelChoiceFilter(
        field_name="province", to_field_name="code", queryset=Province.objects.all(),
        label=_("Province code"),
    )
    type = django_filters.ChoiceFilter(
        field_name="kind", choices=Municipality.Kind.choices, label=_("Type")
    )
    search = django_filters.CharFilter(method="filter_search", label=_("Thai or English name"))

    class Meta:
        model = Municipality
        fields = ["region", "province", "type", "search"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # Thai has no letter case, so a plain contains is enough (and index-friendly).
        return queryset.filter(Q(name_th__contains=value) | Q(name_en__icontains=value))
