import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coaches.models import LANGUAGE_CHOICES, Coach, TransferTool, showing
from portal.models import Province, Region, Theme


class CoachFilter(django_filters.FilterSet):
    """The filters of the coach directory and of the API: one definition for both."""

    theme = django_filters.ModelChoiceFilter(
        field_name="themes", to_field_name="code", queryset=Theme.objects.all(),
        label=_("Theme"))
    region = django_filters.ModelChoiceFilter(
        to_field_name="code", queryset=Region.objects.all(), method="filter_region",
        label=_("Region served"))
    province = django_filters.ModelChoiceFilter(
        to_field_name="code", queryset=Province.objects.all(), method="filter_province",
        label=_("Province served"))
    language = django_filters.ChoiceFilter(
        choices=LANGUAGE_CHOICES, method="filter_language", label=_("Language"))
    tool = django_filters.ModelChoiceFilter(
        field_name="tools", to_field_name="code", queryset=TransferTool.objects.all(),
        label=_("Transfer tool"))
    available = django_filters.NumberFilter(
        field_name="availability_days", lookup_expr="gte",
        label=_("Available at least (days per month)"))

    class Meta:
        model = Coach
        fields = ["theme", "region", "province", "language", "tool", "available"]

    # Only the areas a coach says they serve: matching on the home municipality too would
    # let anyone find out where a coach who hides it lives, one filter at a time.
    def filter_region(self, queryset, name, region):
        """Serves the region: named it or named one of its provinces."""
        return queryset.filter(
            Q(service_regions=region) | Q(service_provinces__region=region)).distinct()

    def filter_language(self, queryset, name, language):
        """Only coaches who show their languages: a filter must not find what a page hides."""
        return showing(queryset, "languages").filter(languages__language=language).distinct()

    def filter_province(self, queryset, name, province):
        return queryset.filter(
            Q(service_provinces=province) | Q(service_regions=province.region_id)).distinct()
