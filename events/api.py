"""Events over the API: /api/events/ with the list page's filters (upcoming by default,
?when=past), and the signed-in person's registration: GET, POST (register; a full event puts
them on the waiting list) and DELETE (cancel) on /api/events/{slug}/registration/."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from events import selectors, services
from events.models import Event, Registration
from events.serializers import EventSerializer, RegistrationSerializer
from portal.api.writes import ERRORS

FILTER_PARAMETERS = [
    OpenApiParameter("when", OpenApiTypes.STR, enum=["upcoming", "past"],
                     description="upcoming (the default) or past"),
    OpenApiParameter("kind", OpenApiTypes.STR, enum=Event.Kind.values),
    OpenApiParameter("region", OpenApiTypes.STR, description="a region code, e.g. north"),
    OpenApiParameter("theme", OpenApiTypes.STR, description="a theme code, e.g. environment"),
]


def _registration_response(request, event, *, created: bool = False) -> Response:
    place = selectors.place_of(request.user, event)
    registration = place.registration
    if registration is None or registration.status == Registration.Status.CANCELLED:
        raise NotFound("You are not registered for this event.")
    registration.position = place.position
    return Response(RegistrationSerializer(registration).data,
                    status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


@extend_schema_view(list=extend_schema(parameters=FILTER_PARAMETERS))
class EventViewSet(viewsets.ReadOnlyModelViewSet):
    """Public events (and those the signed-in person takes part in or runs)."""

    serializer_class = EventSerializer
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"
    # The selector applies the list page's EventFilter itself (one filtering path).
    filter_backends = []

    def get_queryset(self):
        if self.action != "list":
            return selectors.with_places_taken(selectors.events_for_user(self.request.user))
        filterset, queryset = selectors.event_search(self.request.user,
                                                     self.request.query_params)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        return queryset

    @extend_schema(methods=["GET"], request=None, responses={200: RegistrationSerializer},
                   description="Your registration (404 when you are not registered).")
    @extend_schema(methods=["POST"], request=None,
                   responses={201: RegistrationSerializer, 400: ERRORS},
                   description="Register, or join the waiting list of a full event; asking "
                   "again changes nothing (400 when registration is closed).")
    @extend_schema(methods=["DELETE"], request=None, responses={204: None, 400: ERRORS},
                   description="Cancel your registration (400 when you are not registered or "
                   "the event has started).")
    @action(detail=True, methods=["get", "post", "delete"],
            permission_classes=[permissions.IsAuthenticated])
    def registration(self, request, slug=None, format=None):
        event = self.get_object()
        if request.method == "GET":
            return _registration_response(request, event)
        try:
            if request.method == "POST":
                services.registration_register(event=event, user=request.user)
            else:
                services.registration_cancel(event=event, user=request.user)
        except DjangoValidationError as exc:
            raise ValidationError({"detail": exc.messages}) from exc
        if request.method == "DELETE":
            return Response(status=status.HTTP_204_NO_CONTENT)
        return _registration_response(request, event, created=True)
