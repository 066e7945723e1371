"""Reads of the coach registry: the directory, a coach's own record and the review queue."""

from django.db.models import Case, F, Prefetch, Q, QuerySet, Value, When
from django.http import Http404

from coaches.filters import CoachFilter
from coaches.models import Coach, CoachLanguage
from coaches.services import LISTED
from portal.thai_text import query_words


def listed_coaches() -> QuerySet[Coach]:
    """Coaches the public may see: approved or active (the League has vetted them)."""
    return Coach.objects.filter(status__in=LISTED)


def with_profile(queryset: QuerySet[Coach]) -> QuerySet[Coach]:
    return queryset.select_related("home_municipality__province__region").prefetch_related(
        "themes", "tools", "service_regions", "service_provinces",
        Prefetch("languages", queryset=CoachLanguage.objects.order_by("id")),
    )


def coach_search(params, queryset: QuerySet[Coach] | None = None):
    """(filterset, queryset) for the directory: filters, then every query word must match."""
    base = listed_coaches() if queryset is None else queryset
    filterset = CoachFilter(params, queryset=base)
    if not filterset.is_valid():
        return filterset, base.none()
    queryset = filterset.qs
    for word in query_words((params.get("q") or "")[:200]):
        queryset = queryset.filter(search_text__contains=word)
    return filterset, with_profile(in_public_order(queryset.distinct()))


def in_public_order(queryset: QuerySet[Coach]) -> QuerySet[Coach]:
    """Coaches who show their name, by name; then those who hide it, by number. Sorting by a
    hidden name would tell where it falls in the alphabet."""
    named = Q(shown_index__contains=",name,")
    return queryset.annotate(
        hides_name=Case(When(named, then=Value(0)), default=Value(1)),
        public_sort_name=Case(When(named, then=F("name_th")), default=Value("")),
    ).order_by("hides_name", "public_sort_name", "id")


def public_coach(pk: int) -> Coach:
    coach = with_profile(listed_coaches()).prefetch_related("trainings").filter(pk=pk).first()
    if coach is None:
        raise Http404
    return coach


def own_coach(user) -> Coach | None:
    if not user.is_authenticated:
        return None
    return (with_profile(Coach.objects.filter(user=user))
            .prefetch_related("trainings", "executives", "certifications", "events__actor",
                              "deletion_requests")
            .first())


def review_queue(params) -> QuerySet[Coach]:
    status = params.get("status") or Coach.Status.APPLIED
    queryset = Coach.objects.all()
    if status != "all":
        queryset = queryset.filter(status=status)
    region = params.get("region")
    if region:
        queryset = queryset.filter(home_municipality__province__region__code=region)
    query = (params.get("q") or "").strip()
    if query:
        queryset = queryset.filter(Q(name_th__icontains=query) | Q(name_en__icontains=query)
                                   | Q(email__icontains=query))
    return with_profile(queryset).order_by("created_at", "id")
