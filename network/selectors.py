"""Reads of the learning network: partners, the regional learning centres, and what each
takes part in. Every page reads a fixed number of queries, whatever the data."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from coaches.models import Certification, Coach, showing
from coaches.selectors import listed_coaches
from network.filters import PartnerFilter
from network.models import LearningCentre, Partner, PartnerRole
from pilots.models import Pilot
from practices.models import Practice

PUBLISHED_PRACTICES = Practice.objects.filter(status=Practice.Status.PUBLISHED).only(
    "slug", "title_th", "title_en", "municipality", "province", "status")
PUBLIC_PILOTS = Pilot.objects.filter(is_public=True).only(
    "code", "slug", "title_th", "title_en", "status")


def partners() -> QuerySet[Partner]:
    return (Partner.objects.filter(is_active=True).select_related("region", "province")
            .prefetch_related(Prefetch("roles", queryset=PartnerRole.objects.order_by("role"))))


def partner_search(params) -> tuple[PartnerFilter, QuerySet[Partner]]:
    """(filterset, partners) for the list page and the API: the same filters."""
    filterset = PartnerFilter(params, queryset=partners())
    if not filterset.is_valid():
        return filterset, Partner.objects.none()
    return filterset, filterset.qs.distinct().order_by("kind", "name_th", "id")


def partner_detail(slug: str) -> Partner:
    partner = (partners().prefetch_related(
        Prefetch("practices", queryset=PUBLISHED_PRACTICES.order_by("title_th")),
        Prefetch("pilots", queryset=PUBLIC_PILOTS.order_by("code")),
        Prefetch("hosted_centres", queryset=LearningCentre.objects.order_by("number")),
    ).filter(slug=slug).first())
    if partner is None:
        raise Http404
    return partner


@dataclass
class Certified:
    """Coach certificates a partner issued: how many, and the listed coaches who show their
    name (PDPA: nobody else is named)."""

    total: int
    coaches: list[Coach]


def partner_certifications(partner: Partner) -> Certified:
    if not partner.certification_issuer:
        return Certified(0, [])
    given = Certification.objects.filter(issuer=partner.certification_issuer)
    if partner.certification_issuer in (Certification.Issuer.UNIVERSITY,
                                        Certification.Issuer.OTHER):
        names = [n for n in (partner.name_th, partner.name_en, partner.short_name) if n]
        given = given.filter(issuer_name__in=names)
    # Only coaches who show their certifications count or are named (PDPA): a hidden
    # certificate must not move a partner's figures either.
    shown = given.filter(coach__in=showing(listed_coaches(), "certifications"))
    certified = (showing(listed_coaches(), "certifications").filter(certifications__in=shown)
                 .distinct().only("pk", "name_th", "name_en", "public_fields")
                 .order_by("name_th", "id"))
    return Certified(shown.count(), [coach for coach in certified if coach.shows("name")])


def centres() -> QuerySet[LearningCentre]:
    return (LearningCentre.objects.select_related("region", "host_municipality__province",
                                                  "host_partner")
            .annotate(practice_count=Count("practices", filter=Q(
                practices__status=Practice.Status.PUBLISHED), distinct=True))
            .order_by("number"))


def centre_detail(slug: str) -> LearningCentre:
    centre = (centres().prefetch_related(
        Prefetch("practices", queryset=PUBLISHED_PRACTICES.select_related(
            "municipality", "province").order_by("title_th")))
        .filter(slug=slug).first())
    if centre is None:
        raise Http404
    return centre


@dataclass
class Based:
    """Listed coaches of a centre's region: those who serve it, and those who show that
    their home is there (a hidden home never places a coach, PDPA); how many, and the first
    few who show their name."""

    total: int
    named: list[Coach]


def centre_coaches(centre: LearningCentre, *, few: int = 12) -> Based:
    if not centre.region_id:
        return Based(0, [])
    region = centre.region_id
    lives_there = showing(listed_coaches(), "home_region", "home_municipality").filter(
        home_municipality__province__region=region)
    based = (listed_coaches().filter(
        Q(service_regions=region) | Q(service_provinces__region=region)
        | Q(pk__in=lives_there.values("pk")))
        .distinct().only("pk", "name_th", "name_en", "public_fields").order_by("name_th", "id"))
    named = list(showing(based, "name")[:few])
    return Based(based.count(), named)
