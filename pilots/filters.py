import django_filters
from django.utils.translation import gettext_lazy as _

from pilots.models import Pilot
from portal.models import Province, Region, Theme


class PilotFilter(django_filters.FilterSet):
    """The filters of the public list of pilot projects."""

    programme = django_filters.ChoiceFilter(choices=Pilot.Programme.choices,
                                            label=_("Programme"), empty_label=_("Any programme"))
    status = django_filters.ChoiceFilter(choices=Pilot.Status.choices, label=_("Status"),
                                         empty_label=_("Any status"))
    theme = django_filters.ModelChoiceFilter(
        field_name="themes", to_field_name="code", queryset=Theme.objects.all(),
        label=_("Theme"), empty_label=_("Any theme"))
    region = django_filters.ModelChoiceFilter(
        field_name="province__region", to_field_name="code", queryset=Region.objects.all(),
        label=_("Region"), empty_label=_("Any region"))
    province = django_filters.ModelChoiceFilter(
        field_name="province", to_field_name="code", queryset=Province.objects.all(),
        label=_("Province"), empty_label=_("Any province"))

    class Meta:
        model = Pilot
        fields = ["programme", "status", "theme", "region", "province"]
