"""The learning network's public pages: an overview, the partner list and a partner's page,
and a regional learning centre's page."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from network import selectors
from network.filters import PartnerFilter
from network.models import Partner
from network.panels import CENTRE_PANELS, PARTNER_PANELS
from portal.page_cache import cache_for_anonymous
from portal.views_helpers import active_filters

PAGE_SIZE = 20
FILTERS = ["q", "kind", "role", "region"]

# What the League's documents (001, "ภาคีเครือข่าย") expect of each kind of partner.
KIND_WORK = {
    Partner.Kind.INSTITUTE: _("Proposals to the government to support local government, "
                              "capacity building and research."),
    Partner.Kind.UNIVERSITY: _("Capacity building in each region, research with local "
                               "governments, local curricula, and coaches who help drive "
                               "projects."),
    Partner.Kind.GOVERNMENT: _("Support for municipalities' projects and policy, such as "
                               "a shared e-government system."),
    Partner.Kind.CIVIL_SOCIETY: _("Support for local government on specific issues, "
                                  "community learning, and policy proposals."),
    Partner.Kind.MEDIA: _("Correct public understanding, news of the activities, and "
                          "policy proposals."),
    Partner.Kind.INTERNATIONAL: _("Programmes that fund and run the transfer of good "
                                  "practices between cities."),
}


@require_GET
@cache_for_anonymous("network", params=())
def overview(request):
    partners = list(selectors.partners().order_by("kind", "name_th"))
    by_kind = [{"kind": kind, "work": KIND_WORK[kind],
                "partners": [p for p in partners if p.kind == kind.value]}
               for kind in Partner.Kind]
    return render(request, "network/overview.html", {
        "centres": list(selectors.centres()),
        "by_kind": by_kind,
        "partner_count": len(partners),
    })


@require_GET
@cache_for_anonymous("network", params=("page", *PartnerFilter.base_filters))
def partner_list(request):
    filterset, queryset = selectors.partner_search(request.GET)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    valid = filterset.is_valid()
    return render(request, "network/partner_list.html", {
        "form": filterset.form, "page": page, "errors": not valid,
        "active_filters": active_filters(request, filterset, FILTERS),
    })


@require_GET
@cache_for_anonymous("network", params=())
def partner_detail(request, slug):
    partner = selectors.partner_detail(slug)
    return render(request, "network/partner_detail.html", {
        "partner": partner,
        "certified": selectors.partner_certifications(partner),
        "panels": PARTNER_PANELS.render(request, partner),
    })


@require_GET
@cache_for_anonymous("network", params=())
def centre_detail(request, slug):
    centre = selectors.centre_detail(slug)
    return render(request, "network/centre_detail.html", {
        "centre": centre,
        "based": selectors.centre_coaches(centre),
        "panels": CENTRE_PANELS.render(request, centre),
    })
