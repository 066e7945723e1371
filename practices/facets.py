"""A search's matches as a bitmap of the library index, their facet counts and order, and
the labels of the facet values."""

from dataclasses import dataclass
from functools import cached_property
from urllib.parse import quote_plus

from django.http import QueryDict
from django.utils.translation import get_language

from portal.models import Municipality, Theme
from portal.reference_cache import reference
from practices.library_index import LibraryIndex

TAG_LIMIT = 20
# The facets the list page shows, with their counts.
COUNTED = ("theme", "region", "province", "type", "award", "year", "tag")
TITLE_SCORE = 4
SUMMARY_SCORE = 2


def score_buckets(matches: int, places: list[tuple[int, int]]) -> list[int]:
    """The `matches` bitmap split by score, highest first, given each query word's title and
    summary bitmaps: per word, TITLE_SCORE when the title has it and SUMMARY_SCORE when the
    summary has it."""
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


def share_buckets(candidates: int, sets: list[int]) -> list[int]:
    """`candidates` split by how many of `sets` each is in, most first (the last bucket: in
    none of them)."""
    buckets = [candidates]  # buckets[k]: in exactly k of the sets seen so far
    for having in sets:
        moved = [bucket & having for bucket in buckets]
        buckets = [bucket & ~having for bucket in buckets] + [0]
        for k, part in enumerate(moved):
            buckets[k + 1] |= part
    return [bucket for bucket in reversed(buckets)]


@dataclass
class Matches:
    index: LibraryIndex
    bitmap: int
    places: list[tuple[int, int]]  # per query word: bitmaps of title and summary matches

    @property
    def total(self) -> int:
        return self.bitmap.bit_count()

    @cached_property
    def facets(self) -> dict[str, dict[str, int]]:
        return self.index.counts(self.bitmap, COUNTED)

    def ids(self, start: int, stop: int, *, order: str) -> list[int]:
        """Ids of the matches from `start` to `stop`: by score then newest first
        ("relevance"), newest first ("newest") or by title ("title")."""
        if order == "relevance":
            return self.index.ordered(score_buckets(self.bitmap, self.places), start, stop,
                                      by="recency")
        return self.index.ordered([self.bitmap], start, stop,
                                  by="title" if order == "title" else "recency")


def _label(obj) -> str:
    return _pick(obj.name_th, obj.name_en)


def _pick(name_th: str, name_en: str) -> str:
    english = (get_language() or "th").startswith("en")
    return (name_en if english else "") or name_th


def practice_facets(counts: dict[str, dict[str, int]], params: QueryDict,
                    themes: list[Theme]) -> dict[str, list[dict]]:
    """Facet values with labels and counts, in the order the list page shows them."""

    def values(name, rows):
        chosen = params.get(name)
        # Each link keeps the other parameters and resets the page; built once per facet
        # rather than once per value (a province facet alone has up to 77 links).
        others = params.copy()
        for dropped in (name, "page"):
            others.pop(dropped, None)
        without = others.urlencode()
        prefix = f"?{without}&" if without else "?"
        return [{"value": value, "label": label, "count": n, "selected": chosen == value,
                 "url": f"?{without}" if chosen == value else
                 f"{prefix}{name}={quote_plus(value)}"}
                for value, label, n in rows]

    theme_counts = counts.get("theme", {})
    region_counts = counts.get("region", {})
    province_counts = counts.get("province", {})
    type_counts = counts.get("type", {})
    known = reference()
    provinces = [(p.pk, p.code, p.name_th, p.name_en) for p in known.provinces.values()
                 if str(p.pk) in province_counts]
    regions = [(r.pk, r.code, r.name_th, r.name_en, r.sort_order) for r in known.regions.values()
               if str(r.pk) in region_counts]
    tag_counts = counts.get("tag", {})  # tags are counted by name
    kinds = dict(Municipality.Kind.choices)
    return {
        "theme": values("theme", [(t.code, _label(t), theme_counts[str(t.pk)])
                                  for t in themes if str(t.pk) in theme_counts]),
        "region": values("region", [(code, _pick(th, en), region_counts[str(pk)])
                                    for pk, code, th, en, _order in sorted(regions,
                                                                          key=lambda r: r[4])]),
        "province": values("province", [(code, _pick(th, en), province_counts[str(pk)])
                                        for pk, code, th, en in sorted(provinces,
                                                                       key=lambda p: p[2])]),
        "type": values("type", [(k, str(kinds[k]), type_counts[k])
                                for k in sorted(type_counts) if k in kinds]),
        "award": values("award", sorted((a, a, n) for a, n in counts.get("award", {}).items())),
        "year": values("year", sorted(((y, y, n) for y, n in counts.get("year", {}).items()),
                                      key=lambda row: -int(row[0]))),
        "tag": values("tag", sorted(((name, name, n) for name, n in tag_counts.items()),
                                    key=lambda row: (-row[2], row[1]))[:TAG_LIMIT]),
    }
