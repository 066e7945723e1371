"""The learning network over the API, read-only (League admins edit in the admin and with
`import_learning_centres`): /api/partners/ with the list page's filters, and
/api/learning-centres/."""

from django.db.models import Prefetch
from rest_framework import viewsets

from network import selectors
from network.filters import PartnerFilter
from network.models import LearningCentre
from network.serializers import LearningCentreSerializer, PartnerSerializer


class PartnerViewSet(viewsets.ReadOnlyModelViewSet):
    """Partner organisations; filter with ?kind=, ?role=, ?region= (a region's partners and
    the nationwide ones) and ?q= (name, Thai or English)."""

    serializer_class = PartnerSerializer
    filterset_class = PartnerFilter
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"
    ordering_fields = ["name_th", "name_en", "kind"]

    def get_queryset(self):
        return selectors.partners().prefetch_related(
            Prefetch("practices", queryset=selectors.PUBLISHED_PRACTICES.order_by("title_th")),
            Prefetch("pilots", queryset=selectors.PUBLIC_PILOTS.order_by("code")),
        ).order_by("kind", "name_th", "id")


class LearningCentreViewSet(viewsets.ReadOnlyModelViewSet):
    """The regional learning centres, with their hosts once the League has designated them."""

    serializer_class = LearningCentreSerializer
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"
    queryset = (LearningCentre.objects.select_related(
        "region", "host_municipality__province", "host_partner")
        .prefetch_related(Prefetch("practices",
                                   queryset=selectors.PUBLISHED_PRACTICES.order_by("title_th")))
        .order_by("number"))
