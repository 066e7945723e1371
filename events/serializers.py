from rest_framework import serializers

from events.models import Event, Registration
from pilots.serializers import absolute_url


class EventSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    themes = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    municipality = serializers.SerializerMethodField()
    region = serializers.SerializerMethodField()
    organiser_partner = serializers.SlugRelatedField(slug_field="slug", read_only=True,
                                                     allow_null=True)
    organiser_centre = serializers.SlugRelatedField(slug_field="slug", read_only=True,
                                                    allow_null=True)
    places_taken = serializers.IntegerField(source="taken", read_only=True)
    waiting = serializers.IntegerField(read_only=True)
    url = serializers.SerializerMethodField()
    calendar_url = serializers.SerializerMethodField(help_text="The event as iCalendar.")

    class Meta:
        model = Event
        fields = ["slug", "kind", "kind_label", "title_th", "title_en", "summary_th",
                  "summary_en", "starts_at", "ends_at", "municipality", "region", "venue",
                  "online_url", "organiser", "organiser_partner", "organiser_centre", "themes",
                  "capacity", "places_taken", "waiting", "registration_open", "status", "url",
                  "calendar_url"]
        read_only_fields = fields
        extra_kwargs = {"online_url": {"allow_blank": True}}  # "" for an event on site only

    def get_municipality(self, event) -> dict | None:
        place = event.municipality
        return None if place is None else {"id": place.pk, "name_th": place.name_th,
                                           "province": place.province.code}

    def get_region(self, event) -> str | None:
        region = event.region
        return region.code if region else None

    def get_url(self, event) -> str:
        return absolute_url(self.context, event.get_absolute_url())

    def get_calendar_url(self, event) -> str:
        from django.urls import reverse

        return absolute_url(self.context, reverse("events:event-feed", args=[event.slug]))


class RegistrationSerializer(serializers.ModelSerializer):
    event = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    position = serializers.IntegerField(read_only=True, allow_null=True,
                                        help_text="Place on the waiting list, from 1.")

    class Meta:
        model = Registration
        fields = ["event", "status", "queued_at", "position", "attended"]
        read_only_fields = fields
