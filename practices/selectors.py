from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, QueryDict

from portal.models import User
from practices.facets import Matches, matches
from practices.filters import PracticeFilter
from practices.models import Practice
from practices.search import apply_search, word_places

SORTS = ("relevance", "newest", "title")
FACETS = ("theme", "region", "province", "type", "award", "year", "tag")


def practices_for_user(user) -> QuerySet[Practice]:
    """What a person may see: everyone sees published practices; curators see all;
    a nominator also sees their own nominations."""
    queryset = Practice.objects.select_related("municipality", "province__region")
    if getattr(user, "is_league_admin", False):
        return queryset
    visible = Q(status=Practice.Status.PUBLISHED)
    if user.is_authenticated:
        visible |= Q(nominated_by=user)
    return queryset.filter(visible)


def practice_for_user(user, slug: str, *, write: bool = False) -> Practice:
    practice = practices_for_user(user).filter(slug=slug).first()
    if practice is None:
        raise Http404
    if write and not can_edit(user, practice):
        raise PermissionDenied
    return practice


def can_edit(user, practice: Practice) -> bool:
    if getattr(user, "is_league_admin", False):
        return True
    return (
        user.is_authenticated
        and practice.nominated_by_id == user.pk
        and practice.status == Practice.Status.DRAFT
    )


class _InOrder:
    """The matches' ids in relevance or newest order, read from their bitmaps; sliced by
    the paginators like a list, so only one page of ids is ever worked out."""

    def __init__(self, matched: Matches, *, ranked: bool):
        self.matched, self.ranked = matched, ranked

    def __len__(self) -> int:
        return self.matched.total

    def __getitem__(self, cut: slice) -> list[int]:
        start, stop, _step = cut.indices(len(self))
        return self.matched.ids(start, stop, ranked=self.ranked)


@dataclass
class PracticeSearch:
    queryset: QuerySet
    filterset: PracticeFilter
    query: str = ""
    sort: str = "newest"
    words: list[str] = field(default_factory=list)
    groups: list[list[str]] = field(default_factory=list)

    @property
    def errors(self):
        return self.filterset.errors

    @cached_property
    def matched(self) -> Matches:
        """Every match as a bitmap (with what a relevance order needs): one statement."""
        return matches(self.queryset, word_places(self.groups) if self.sort == "relevance"
                       else [])

    @property
    def ids(self):
        """The matches' ids in result order: a page is cut from these, then loaded whole
        (`practices_in_order`), so only one page of rows is ever read in full."""
        if self.sort == "title":
            return self.queryset.order_by("title_th", "id").values_list("pk", flat=True)
        return _InOrder(self.matched, ranked=self.sort == "relevance")


def practice_search(*, user, params: QueryDict, public_only: bool = True) -> PracticeSearch:
    base = practices_for_user(user)
    if public_only:
        base = base.filter(status=Practice.Status.PUBLISHED)
    filterset = PracticeFilter(params, queryset=base)
    query = (params.get("q") or params.get("search") or "").strip()[:200]
    sort = params.get("sort") or ("relevance" if query else "newest")
    if sort not in SORTS or (sort == "relevance" and not query):
        sort = "newest"
    if not filterset.is_valid():
        return PracticeSearch(base.none(), filterset, query, sort)
    if not query:
        return PracticeSearch(filterset.qs, filterset, query, sort)
    result = apply_search(filterset.qs, query)
    if sort == "relevance" and not result.groups:
        sort = "newest"  # the query had no searchable word
    return PracticeSearch(result.queryset, filterset, query, sort, result.words, result.groups)


# What a result shows (on the list page and in the API); the long sections stay unread.
RESULT_FIELDS = ("external_id", "slug", "title_th", "title_en", "summary_th", "summary_en",
                 "municipality", "province", "award", "year_started", "status", "published_at")


def practices_in_order(ids) -> list[Practice]:
    """One page of results, in the order of `ids`, with what a result shows."""
    ids = list(ids)
    found = (Practice.objects.only(*RESULT_FIELDS)
             .select_related("municipality", "province__region")
             .prefetch_related("themes").in_bulk(ids))
    return [found[pk] for pk in ids]


def search_page(search: PracticeSearch, page: str | None, *, per_page: int
                ) -> tuple[Page, dict[str, dict[str, int]]]:
    """One page of a search's results, with the facet counts of the whole search."""
    paginator = Paginator(search.ids, per_page)
    paginator.count = search.matched.total  # known from the bitmap; saves a COUNT
    result = paginator.get_page(page)
    result.object_list = practices_in_order(result.object_list)
    return result, search.matched.facets


def related_practices(practice: Practice, *, limit: int = 4) -> list[Practice]:
    """Published practices sharing the most themes, newest first; ranked on ids alone so the
    grouping stays small, then the few winners are loaded."""
    theme_ids = [t.pk for t in practice.themes.all()]
    ranked = (
        Practice.objects.filter(status=Practice.Status.PUBLISHED, themes__in=theme_ids)
        .exclude(pk=practice.pk)
        .values("pk", "published_at")
        .annotate(shared=Count("themes"))
        .order_by("-shared", "-published_at")[:limit]
    )
    ids = [row["pk"] for row in ranked]
    found = Practice.objects.select_related("municipality", "province").in_bulk(ids)
    return [found[pk] for pk in ids]


def practice_detail(practice: Practice) -> Practice:
    return (
        Practice.objects.select_related("municipality", "province__region", "nominated_by")
        .prefetch_related("themes", "tags", "attachments", "links")
        .get(pk=practice.pk)
    )


def review_queue() -> QuerySet[Practice]:
    return (
        Practice.objects.filter(status__in=[Practice.Status.SUBMITTED, Practice.Status.IN_REVIEW])
        .select_related("municipality", "province", "nominated_by")
        .order_by("updated_at")
    )


def nominations_of(user: User) -> QuerySet[Practice]:
    return (
        Practice.objects.filter(nominated_by=user)
        .select_related("municipality", "province")
        .order_by("-updated_at")
    )


def province_counts() -> dict[str, int]:
    return dict(
        Practice.objects.filter(status=Practice.Status.PUBLISHED)
        .values_list("province__code")
        .annotate(n=Count("pk"))
        .order_by()
    )
