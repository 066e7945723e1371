from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, QueryDict

from portal.models import User
from portal.reference_cache import reference
from portal.thai_text import query_words
from practices.facets import Matches, share_buckets
from practices.filters import PracticeFilter
from practices.library_index import LibraryIndex, library_index
from practices.models import Practice
from practices.search import expand_all

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
    """The matches' ids in the chosen order, read from the index; sliced by the paginators
    like a list, so only one page of ids is ever worked out."""

    def __init__(self, matched: Matches, order: str):
        self.matched, self.order = matched, order

    def __len__(self) -> int:
        return self.matched.total

    def __getitem__(self, cut: slice) -> list[int]:
        start, stop, _step = cut.indices(len(self))
        return self.matched.ids(start, stop, order=self.order)


@dataclass
class PracticeSearch:
    filterset: PracticeFilter
    matched: Matches | None = None
    query: str = ""
    sort: str = "newest"
    words: list[str] = field(default_factory=list)
    groups: list[list[str]] = field(default_factory=list)

    @property
    def errors(self):
        return self.filterset.errors

    @property
    def ids(self):
        """The matches' ids in result order: a page is cut from these, then loaded whole
        (`practices_in_order`), so only one page of rows is ever read in full."""
        return _InOrder(self.matched, self.sort)


def _filter_values(cleaned: dict) -> dict[str, str]:
    """The chosen filters as the index's facet values."""
    chosen = {}
    for name, facet in (("theme", "theme"), ("region", "region"), ("province", "province"),
                        ("municipality", "municipality")):
        if cleaned.get(name) is not None:
            chosen[facet] = str(cleaned[name].pk)
    for name, facet in (("type", "type"), ("award", "award"), ("tag", "tag"),
                        ("status", "status")):
        if cleaned.get(name):
            chosen[facet] = cleaned[name]
    if cleaned.get("year") is not None:
        chosen["year"] = str(int(cleaned["year"]))
    return chosen


def practice_search(*, user, params: QueryDict, public_only: bool = True) -> PracticeSearch:
    """Search the library from this process's index (practices.library_index): the public
    see published practices; League admins, when `public_only` is off, every practice."""
    filterset = PracticeFilter(params, queryset=Practice.objects.none())
    query = (params.get("q") or params.get("search") or "").strip()[:200]
    sort = params.get("sort") or ("relevance" if query else "newest")
    if sort not in SORTS or (sort == "relevance" and not query):
        sort = "newest"
    index = library_index()
    if not filterset.is_valid():
        return PracticeSearch(filterset, Matches(index, 0, []), query, sort)
    every = not public_only and getattr(user, "is_league_admin", False)
    found = index.live if every else index.facet("status", Practice.Status.PUBLISHED)
    for facet, value in _filter_values(filterset.form.cleaned_data).items():
        found &= index.facet(facet, value)
    groups = expand_all(query_words(query)) if query else []
    for group in groups:
        found &= index.any_of(("title", "summary", "body"), group) if group else 0
    places = [(index.any_of(("title",), group), index.any_of(("summary",), group))
              for group in groups] if sort == "relevance" else []
    if sort == "relevance" and not groups:
        sort = "newest"  # the query had no searchable word
    words = sorted({w for group in groups for w in group}, key=len, reverse=True)
    return PracticeSearch(filterset, Matches(index, found, places), query, sort, words, groups)


# What a result shows (on the list page and in the API); the long sections stay unread.
RESULT_FIELDS = ("external_id", "slug", "title_th", "title_en", "summary_th", "summary_en",
                 "municipality", "province", "award", "year_started", "status", "published_at")


def practices_in_order(ids, *, index: LibraryIndex | None = None) -> list[Practice]:
    """One page of results, in the order of `ids`, with what a result shows: one query for
    the rows; their places from the reference kept in memory, their themes from the library
    index (see Practice.theme_list)."""
    ids = list(ids)
    found = Practice.objects.only(*RESULT_FIELDS).in_bulk(ids)
    known, index = reference(), index or library_index()
    for practice in found.values():
        practice.province = known.provinces[practice.province_id]
        if practice.municipality_id:
            practice.municipality = known.municipalities[practice.municipality_id]
        practice.known_themes = [theme for theme in known.themes
                                 if index.has(practice.pk, "theme", str(theme.pk))]
    return [found[pk] for pk in ids if pk in found]


def search_page(search: PracticeSearch, page: str | None, *, per_page: int
                ) -> tuple[Page, dict[str, dict[str, int]]]:
    """One page of a search's results, with the facet counts of the whole search."""
    paginator = Paginator(search.ids, per_page)
    paginator.count = search.matched.total  # known from the bitmap; saves a COUNT
    result = paginator.get_page(page)
    result.object_list = practices_in_order(result.object_list, index=search.matched.index)
    return result, search.matched.facets


def related_practices(practice: Practice, *, limit: int = 4) -> list[Practice]:
    """Published practices sharing the most themes with `practice`, newest first: ranked on
    the library index (a bitmap per theme), then the few winners are loaded."""
    index = library_index()
    others = index.facet("status", Practice.Status.PUBLISHED)
    if (slot := index.slot_of.get(practice.pk)) is not None:
        others &= ~(1 << slot)
    themes = [index.facet("theme", str(theme.pk)) for theme in practice.themes.all()]
    buckets = share_buckets(others, themes)[:-1]  # sharing at least one theme
    ids = index.ordered(buckets, 0, limit, by="recency")
    found = Practice.objects.select_related("municipality", "province").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


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
