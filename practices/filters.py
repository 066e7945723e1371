import django_filters
from django.utils.translation import gettext_lazy as _

from portal.models import Municipality, Province, Region, Theme
from practices.models import Practice


class PracticeFilter(django_filters.FilterSet):
    """The filters of the public list page and of the API: one definition for both."""

    theme = django_filters.ModelChoiceFilter(
        field_name="themes", to_field_name="code", queryset=Theme.objects.all(), label=_("Theme")
    )
    region = django_filters.ModelChoiceFilter(
        field_name="province__region", to_field_name="code", queryset=Region.objects.all(),
        label=_("Region"),
    )
    province = django_filters.ModelChoiceFilter(
        field_name="province", to_field_name="code", queryset=Province.objects.all(),
        label=_("Province"),
    )
    type = django_filters.ChoiceFilter(
        field_name="municipality__kind", choices=Municipality.Kind.choices,
        label=_("Municipality type"),
    )
    municipality = django_filters.ModelChoiceFilter(
        field_name="municipality", queryset=Municipality.objects.all(), label=_("Municipality")
    )
    award = django_filters.CharFilter(field_name="award", label=_("Award"))
    year = django_filters.NumberFilter(field_name="year_started", label=_("Year started (CE)"))
    tag = django_filters.CharFilter(field_name="tags__name", label=_("Tag"))
    status = django_filters.ChoiceFilter(choices=Practice.Status.choices, label=_("Status"))

    class Meta:
        model = Practice
        fields = ["theme", "region", "province", "type", "municipality", "award", "year", "tag",
                  "status"]
