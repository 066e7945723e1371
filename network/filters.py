import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from network.models import Partner, PartnerRole
from portal.models import Region
from portal.thai_text import query_words


class PartnerFilter(django_filters.FilterSet):
    """The filters of the partner list (the page and /api/partners/)."""

    q = django_filters.CharFilter(method="search", label=_("Search by name"))
    kind = django_filters.ChoiceFilter(choices=Partner.Kind.choices, label=_("Kind"),
                                       empty_label=_("Any kind"))
    role = django_filters.ChoiceFilter(field_name="roles__role",
                                       choices=PartnerRole.Role.choices,
                                       label=_("Works with the League on"),
                                       empty_label=_("Anything"))
    region = django_filters.ModelChoiceFilter(
        method="in_region", to_field_name="code", queryset=Region.objects.all(),
        label=_("Region"), empty_label=_("Any region"))

    class Meta:
        model = Partner
        fields = ["q", "kind", "role", "region"]

    def search(self, queryset, name, value):
        """Every word (Thai words segmented) in the Thai or English name or the short name."""
        for word in query_words(value[:200]):
            queryset = queryset.filter(Q(name_th__contains=word) | Q(name_en__icontains=word)
                                       | Q(short_name__icontains=word))
        return queryset

    def in_region(self, queryset, name, value):
        """Partners of the region, and those that work nationwide (no region)."""
        return queryset.filter(Q(region=value) | Q(region__isnull=True))
