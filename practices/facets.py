"""Facet counts for the practice list: every count, and the total, in one statement.

The matched set is evaluated once (a common table expression) and grouped seven ways, instead
of one query per facet each repeating the search; labels come from the small reference tables.
A search ordered by relevance also takes its page of ids from the same matched set, so a broad
word is matched and scored once per request, not twice.
"""

from dataclasses import dataclass
from urllib.parse import quote_plus

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import get_language

from portal.models import Municipality, Province, Region, Theme
from practices.models import Practice, Tag

TAG_LIMIT = 20
_KEYS = ("id", "province_id", "municipality_id", "award", "year_started")
_RANK_KEYS = ("rank", "published_at")


def _statement(matches_sql: str, *, ranked: bool) -> str:
    practice_themes = Practice.themes.through._meta.db_table
    practice_tags = Practice.tags.through._meta.db_table
    province = Province._meta.db_table
    municipality = Municipality._meta.db_table
    keys = _KEYS + _RANK_KEYS if ranked else _KEYS
    # The page's ids come last, numbered by their place in the relevance order.
    page = """UNION ALL SELECT 'page', CAST(id AS TEXT), ROW_NUMBER() OVER () FROM (
            SELECT id FROM m ORDER BY rank DESC, published_at DESC, id DESC LIMIT %s OFFSET %s
        ) top""" if ranked else ""
    # Regions and municipality types are counted from the per-province and per-municipality
    # counts (a few dozen rows) rather than by joining every match again.
    return f"""
        WITH m ({", ".join(keys)}) AS MATERIALIZED ({matches_sql}),
        by_province AS MATERIALIZED (SELECT province_id, COUNT(*) AS n FROM m GROUP BY province_id),
        by_municipality AS (SELECT municipality_id, COUNT(*) AS n FROM m
                            WHERE municipality_id IS NOT NULL GROUP BY municipality_id)
        SELECT 'total', '', COUNT(*) FROM m
        UNION ALL SELECT 'theme', CAST(t.theme_id AS TEXT), COUNT(*)
            FROM m JOIN {practice_themes} t ON t.practice_id = m.id GROUP BY t.theme_id
        UNION ALL SELECT 'region', CAST(p.region_id AS TEXT), SUM(b.n)
            FROM by_province b JOIN {province} p ON p.id = b.province_id GROUP BY p.region_id
        UNION ALL SELECT 'province', CAST(province_id AS TEXT), n FROM by_province
        UNION ALL SELECT 'type', u.kind, SUM(b.n)
            FROM by_municipality b JOIN {municipality} u ON u.id = b.municipality_id
            GROUP BY u.kind
        UNION ALL SELECT 'award', m.award, COUNT(*) FROM m WHERE m.award <> '' GROUP BY m.award
        UNION ALL SELECT 'year', CAST(m.year_started AS TEXT), COUNT(*)
            FROM m WHERE m.year_started IS NOT NULL GROUP BY m.year_started
        UNION ALL SELECT 'tag', CAST(g.tag_id AS TEXT), COUNT(*)
            FROM m JOIN {practice_tags} g ON g.practice_id = m.id GROUP BY g.tag_id
        {page}
    """


@dataclass
class Counts:
    total: int
    facets: dict[str, dict[str, int]]
    page_ids: list[int] | None = None  # the asked page, when ordered by relevance


def facet_counts(queryset: QuerySet, *, ranked_page: slice | None = None) -> Counts:
    """The total and facet counts of the practices `queryset` matches; with `ranked_page`
    (the queryset then carries its `rank`), also the ids of that slice in relevance order."""
    ranked = ranked_page is not None
    keys = _KEYS + _RANK_KEYS if ranked else _KEYS
    try:
        matches_sql, params = queryset.order_by().values(*keys).query.sql_with_params()
    except EmptyResultSet:  # a search with a word nothing contains
        return Counts(0, {}, [] if ranked else None)
    if ranked:
        params = (*params, ranked_page.stop - ranked_page.start, ranked_page.start)
    counts: dict[str, dict[str, int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(_statement(matches_sql, ranked=ranked), params)
        for facet, key, n in cursor.fetchall():
            counts.setdefault(facet, {})[key] = int(n)  # SUM is a decimal on PostgreSQL
    total = counts.pop("total", {}).get("", 0)
    page = counts.pop("page", {})
    page_ids = [int(k) for k, _n in sorted(page.items(), key=lambda kv: kv[1])]
    return Counts(total, counts, page_ids if ranked else None)


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
