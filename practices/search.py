"""Thai-aware search over practices, with the same behaviour on SQLite and PostgreSQL.

1. Practices store their text segmented into words (see `practice_search_fields`), and every
   word goes into the SearchTerm vocabulary.
2. Each query word is expanded to the vocabulary words that contain it (partial words:
   `ขยะ` → `ขยะมูลฝอย`), or, when none does, to the closest words (small typos). This is the
   one step the database answers (PostgreSQL from a trigram index on the vocabulary).
3. A practice matches when every query word matches through one of its expansions, in its
   title, summary or body; the score is, per query word, 4 when the title has it and 2 when
   the summary (with tags and place names) has it, ties going to the newest. Both are worked
   out on the words each process keeps of every practice (practices.library_index), so
   the database in use does not change the results or their order.
"""

import difflib

from django.db import connection
from django.db.models import QuerySet, Value
from django.db.models.functions import Length

from portal.thai_text import search_text
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
