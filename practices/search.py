"""Thai-aware search over practices, with the same behaviour on SQLite and PostgreSQL.

1. Practices store their text segmented into words (see `practice_search_fields`), and every
   word goes into the SearchTerm vocabulary.
2. Each query word is expanded to the vocabulary words that contain it (partial words:
   `ขยะ` → `ขยะมูลฝอย`), or, when none does, to the closest words (small typos).
3. A practice matches when every query word matches through one of its expansions.
   PostgreSQL answers with a full-text index (weights: title A, summary B, body C);
   SQLite with whole-word LIKE matches. Ranking is title > summary > body on both.
"""

import difflib
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
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


def expand(word: str) -> list[str]:
    """Vocabulary words containing `word`, shortest first, else the closest spellings."""
    found = list(
        SearchTerm.objects.filter(term__contains=word)
        .annotate(length=Length("term"))
        .order_by("length", "term")
        .values_list("term", flat=True)[:MAX_EXPANSIONS]
    )
    return found or _corrections(word)


@dataclass(frozen=True)
class SearchResult:
    queryset: QuerySet
    words: list[str]  # every expanded word, for highlighting


def apply_search(queryset: QuerySet, query: str) -> SearchResult:
    """Filter and rank `queryset` by `query`; an empty expansion means no results."""
    groups = [expand(word) for word in query_words(query)]
    if not groups:
        return SearchResult(queryset, [])
    highlight = sorted({w for group in groups for w in group}, key=len, reverse=True)
    if any(not group for group in groups):
        return SearchResult(queryset.none(), highlight)
    if connection.vendor == "postgresql":
        raw = " & ".join("(" + " | ".join(f"'{w}'" for w in group) + ")" for group in groups)
        tsquery = SearchQuery(raw, search_type="raw", config="simple")
        # The filter is what the GIN index serves; the rank reads the stored document.
        ranked = queryset.filter(search_document=tsquery).annotate(
            rank=SearchRank(F("search_document"), tsquery)
        )
        return SearchResult(ranked, highlight)

    matches = Q()
    score = Value(0, output_field=IntegerField())
    for group in groups:
        group_q = Q()
        for word in group:
            token = f" {word} "
            group_q |= (
                Q(search_title__contains=token)
                | Q(search_summary__contains=token)
                | Q(search_body__contains=token)
            )
            score = (
                score
                + Case(When(search_title__contains=token, then=4), default=0)
                + Case(When(search_summary__contains=token, then=2), default=0)
                + Case(When(search_body__contains=token, then=1), default=0)
            )
        matches &= group_q
    return SearchResult(queryset.filter(matches).annotate(rank=score), highlight)
