import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.models import Event
from portal.models import Region, Theme


class EventFilter(django_filters.FilterSet):
    """The filters of the event list (the page and /api/events/)."""

    when = django_filters.ChoiceFilter(
        method="by_time", label=_("Upcoming or past"), empty_label=None,
        choices=[("upcoming", _("Upcoming")), ("past", _("Past"))])
    kind = django_filters.ChoiceFilter(choices=Event.Kind.choices, label=_("Kind"),
                                       empty_label=_("Any kind"))
    region = django_filters.ModelChoiceFilter(
        method="in_region", to_field_name="code", queryset=Region.objects.all(),
        label=_("Region"), empty_label=_("Any region"))
    theme = django_filters.ModelChoiceFilter(
        field_name="themes", to_field_name="code", queryset=Theme.objects.all(),
        label=_("Theme"), empty_label=_("Any theme"))

    class Meta:
        model = Event
        fields = ["when", "kind", "region", "theme"]

    def __init__(self, data=None, *args, now=None, **kwargs):
        # "upcoming" unless the visitor chose "past".
        if data is not None and not data.get("when"):
            data = data.copy()
            data["when"] = "upcoming"
        super().__init__(data, *args, **kwargs)
        self.now = now

    def by_time(self, queryset, name, value):
        if value == "past":
            return queryset.filter(ends_at__lt=self.now).order_by("-starts_at", "-id")
        return queryset.filter(ends_at__gte=self.now).order_by("starts_at", "id")

    def in_region(self, queryset, name, value):
        """Held in the region, or organised by its learning centre."""
        return queryset.filter(Q(municipality__province__region=value)
                               | Q(organiser_centre__region=value))
