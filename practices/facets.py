"""A search's matches as bitmaps, their facet counts, and the labels of the facet values.

One statement returns the ids of the matches and, for a search ordered by relevance, of the
practices with each query word in the title and in the summary. The counts and the result
order are then worked out on the bitmaps of practices.facet_index, instead of grouping the
matches seven ways in SQL.
"""

from dataclasses import dataclass
from functools import cached_property
from urllib.parse import quote_plus

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import get_language

from portal.models import Municipality, Province, Region, Theme
from practices.facet_index import FacetIndex, facet_index, lowest_bits
from practices.models import Tag
from practices.search import score_buckets

TAG_LIMIT = 20


@dataclass
class Matches:
    index: FacetIndex
    bitmap: int
    places: list[tuple[int, int]]  # per query word: bitmaps of title and summary matches

    @property
    def total(self) -> int:
        return self.bitmap.bit_count()

    @cached_property
    def facets(self) -> dict[str, dict[str, int]]:
        return self.index.counts(self.bitmap)

    def ids(self, start: int, stop: int, *, ranked: bool) -> list[int]:
        """Ids of the matches from `start` to `stop`, by score when `ranked`, newest first
        (and within each score)."""
        buckets = score_buckets(self.bitmap, self.places) if ranked else [self.bitmap]
        wanted, skip = max(0, stop - start), start
        bits: list[int] = []
        for bucket in buckets:
            size = bucket.bit_count()
            if skip >= size:
                skip -= size
                continue
            bits += lowest_bits(bucket, skip, wanted - len(bits))
            skip = 0
            if len(bits) >= wanted:
                break
        return self.index.ids(bits)


def matches(queryset: QuerySet, places: list[tuple[QuerySet, QuerySet]]) -> Matches:
    """The bitmap of the practices `queryset` matches, with the bitmaps of `places`."""
    parts = [queryset.order_by().values("pk"), *(part for pair in places for part in pair)]
    # One row per part, its ids joined in one string: far cheaper to read than a row per id.
    joined = ("string_agg(CAST(found.pk AS TEXT), ',')" if connection.vendor == "postgresql"
              else "group_concat(found.pk, ',')")
    branches, params = [], []
    for number, part in enumerate(parts):
        try:
            sql, part_params = part.query.sql_with_params()
        except EmptyResultSet:  # a search with a word nothing contains
            continue
        # Compiled by the ORM with its values kept apart as parameters.
        branches.append(f"SELECT {number}, {joined} FROM ({sql}) found")  # noqa: S608
        params += part_params
    found: list[list[int]] = [[] for _ in parts]
    index = facet_index()
    if branches:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(branches), params)
            for number, ids in cursor.fetchall():
                found[number] = list(map(int, ids.split(","))) if ids else []
    bitmaps = [index.bitmap(ids) for ids in found]
    if None in bitmaps:  # practices added since the index was built
        index = facet_index(rebuild=True)
        bitmaps = [index.bitmap(ids, strict=False) for ids in found]
    return Matches(index, bitmaps[0], list(zip(bitmaps[1::2], bitmaps[2::2], strict=True)))


def _label(obj) -> str:
    return _pick(obj.name_th, obj.name_en)


def _pick(name_th: str, name_en: str) -> str:
    english = (get_language() or "th").startswith("en")
    return (name_en if english else "") or name_th


def _rows(model, keys, *fields) -> list[tuple]:
    """(pk, *fields) of the given rows: plain tuples, as a page shows up to 77 of them."""
    ids = [int(k) for k in keys]
    return list(model.objects.filter(pk__in=ids).values_list("pk", *fields)) if ids else []


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
    provinces = _rows(Province, province_counts, "code", "name_th", "name_en")
    regions = _rows(Region, region_counts, "code", "name_th", "name_en", "sort_order")
    tag_counts = sorted(counts.get("tag", {}).items(), key=lambda kv: -kv[1])
    # Every tag tied with the last one shown is loaded, so ties are broken by name.
    floor = tag_counts[TAG_LIMIT - 1][1] if len(tag_counts) > TAG_LIMIT else 0
    tags = dict(_rows(Tag, [k for k, n in tag_counts if n >= floor], "name"))
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
        "tag": values("tag", sorted(((tags[int(k)], tags[int(k)], n)
                                     for k, n in tag_counts if int(k) in tags),
                                    key=lambda row: (-row[2], row[1]))[:TAG_LIMIT]),
    }
