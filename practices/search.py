"""Thai-aware search over practices, with the same behaviour on SQLite and PostgreSQL.

1. Practices store their text segmented into words (see `practice_search_fields`), and every
   word goes into the SearchTerm vocabulary.
2. Each query word is expanded to the vocabulary words that contain it (partial words:
   `ขยะ` → `ขยะมูลฝอย`), or, when none does, to the closest words (small typos).
3. A practice matches when every query word matches through one of its expansions.
   PostgreSQL answers with a full-text index over the stored document; SQLite with whole-word
   LIKE matches.
4. The score is the same on both: for each query word, 4 when the title has it and 2 when the
   summary (with tags and place names) has it; a word found only in the body adds nothing, so
   title matches rank above summary matches above body matches. Ties go to the newest.
   The database only says which practices have each query word in the title and in the
   summary (PostgreSQL from their own full-text indexes, without unpacking any document);
   the scores are added up on bitmaps (see practices.facet_index).
"""

import difflib
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection, transaction
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Length

from portal.thai_text import query_words, search_text
from practices.models import Practice, SearchTerm

MAX_EXPANSIONS = 30
MAX_CORRECTIONS = 5


def practice_search_fields(practice: Practice, *, tags: list[str], places: list[str]) -> dict:
    body_parts = []
    for name, _label in Practice.SECTIONS:
        body_parts += [getattr(practice, f"{name}_th"), getattr(practice, f"{name}_en")]
    return {
        "search_title": search_text(practice.title_th, practice.title_en),
        "search_summary": search_text(practice.summary_th, practice.summary_en, *tags, *places),
        "search_body": search_text(*body_parts),
    }


def vocabulary_add(*texts: str) -> None:
    terms = {w for text in texts for w in text.split() if len(w) <= 100}
    SearchTerm.objects.bulk_create(
        [SearchTerm(term=t) for t in terms], ignore_conflicts=True, batch_size=1000
    )


def _corrections(word: str) -> list[str]:
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramSimilarity

        return list(
            SearchTerm.objects.filter(term__trigram_similar=word)
            .annotate(similarity=TrigramSimilarity("term", word))
            .order_by("-similarity")
            .values_list("term", flat=True)[:MAX_CORRECTIONS]
        )
    candidates = SearchTerm.objects.annotate(length=Length("term")).filter(
        length__gte=max(1, len(word) - 2), length__lte=len(word) + 2
    )
    return difflib.get_close_matches(
        word, candidates.values_list("term", flat=True), n=MAX_CORRECTIONS, cutoff=0.7
    )


def _containing(word: str, position: int) -> QuerySet:
    return (SearchTerm.objects.filter(term__contains=word)
            .annotate(length=Length("term"), position=Value(position))
            .order_by("length", "term").values_list("position", "term")[:MAX_EXPANSIONS])


def expand_all(words: list[str]) -> list[list[str]]:
    """For each query word, the vocabulary words containing it (partial words: `ขยะ` →
    `ขยะมูลฝอย`), shortest first; when none does, the closest spellings (small typos).

    One statement for all the words where the database can combine limited selections
    (PostgreSQL); one per word elsewhere.
    """
    if not words:
        return []
    selections = [_containing(word, i) for i, word in enumerate(words)]
    if len(words) > 1 and connection.features.supports_slicing_ordering_in_compound:
        rows = list(selections[0].union(*selections[1:], all=True))
    else:
        rows = [row for selection in selections for row in selection]
    found: list[list[str]] = [[] for _ in words]
    for position, term in rows:
        found[position].append(term)
    return [sorted(terms, key=lambda t: (len(t), t)) or _corrections(word)
            for word, terms in zip(words, found, strict=True)]


@dataclass(frozen=True)
class SearchResult:
    queryset: QuerySet
    words: list[str]  # every expanded word, for highlighting
    groups: list[list[str]]  # per query word, the vocabulary words that match it


TITLE_SCORE = 4
SUMMARY_SCORE = 2


def _any_of(words: list[str]) -> str:
    return "(" + " | ".join(f"'{w}'" for w in words) + ")"


def _raw_query(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="raw", config="simple")


def _having(column: str, words: list[str]) -> QuerySet:
    """Ids of practices whose `column` has one of `words`."""
    if connection.vendor == "postgresql":  # a GIN expression index per column
        return (Practice.objects.annotate(words=SearchVector(column, config="simple"))
                .filter(words=_raw_query(_any_of(words))).order_by().values("pk"))
    return Practice.objects.filter(_contains_any(column, words)).order_by().values("pk")


def _contains_any(column: str, words: list[str]) -> Q:
    """SQLite: `column` (space-separated words) has one of `words` as a whole word."""
    having = Q()
    for word in words:
        having |= Q(**{f"{column}__contains": f" {word} "})
    return having


def word_places(groups: list[list[str]]) -> list[tuple[QuerySet, QuerySet]]:
    """Per query word, the ids of practices with it in the title, and in the summary: what
    the score is made of."""
    if not all(groups):  # a word nothing contains: there is nothing to score
        return []
    return [(_having("search_title", group), _having("search_summary", group))
            for group in groups]


def score_buckets(matches: int, places: list[tuple[int, int]]) -> list[int]:
    """The `matches` bitmap split by score, highest first, given each query word's title and
    summary bitmaps."""
    buckets = {0: matches}
    for in_title, in_summary in places:
        scored: dict[int, int] = {}
        for score, having in buckets.items():
            for extra, part in (
                (TITLE_SCORE + SUMMARY_SCORE, having & in_title & in_summary),
                (TITLE_SCORE, having & in_title & ~in_summary),
                (SUMMARY_SCORE, having & in_summary & ~in_title),
                (0, having & ~in_title & ~in_summary),
            ):
                if part:
                    scored[score + extra] = scored.get(score + extra, 0) | part
        buckets = scored
    return [buckets[score] for score in sorted(buckets, reverse=True)]


def _postgresql_search(queryset: QuerySet, groups: list[list[str]]) -> QuerySet:
    # A public search reads its matches from the index of published documents alone.
    return queryset.filter(
        search_document=_raw_query(" & ".join(_any_of(group) for group in groups)))


def _sqlite_search(queryset: QuerySet, groups: list[list[str]]) -> QuerySet:
    matches = Q()
    for group in groups:
        matches &= (_contains_any("search_title", group) | _contains_any("search_summary", group)
                    | _contains_any("search_body", group))
    return queryset.filter(matches)


def apply_search(queryset: QuerySet, query: str) -> SearchResult:
    """Filter `queryset` by `query`; an empty expansion means no results."""
    groups = expand_all(query_words(query))
    if not groups:
        return SearchResult(queryset, [], [])
    highlight = sorted({w for group in groups for w in group}, key=len, reverse=True)
    if any(not group for group in groups):
        return SearchResult(queryset.none(), highlight, groups)
    search = _postgresql_search if connection.vendor == "postgresql" else _sqlite_search
    return SearchResult(search(queryset, groups), highlight, groups)


@contextmanager
def index_plans(*, searching: bool = True):
    """Run a search's statements with PostgreSQL preferring the full-text indexes.

    The planner prices a scan of the whole table about the same as the index for a word most
    practices contain, but the scan has to unpack every stored document: measured at 20,000
    practices, 45 ms against 6 ms through the index. Parallel workers cost more to start than
    they save on one page of results. Scoped to one transaction.
    """
    if not searching or connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off; "
                           "SET LOCAL max_parallel_workers_per_gather = 0")
        yield
