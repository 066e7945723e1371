"""Facet counts for the practice list: every count, and the total, in one statement.

The matched set is evaluated once (a common table expression) and grouped seven ways, instead
of one query per facet each repeating the search; labels come from the small reference tables.
"""

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import get_language

from portal.models import Municipality, Province, Region, Theme
from practices.models import Practice, Tag

TAG_LIMIT = 20
_KEYS = ("id", "province_id", "municipality_id", "award", "year_started")


def _statement(matches_sql: str) -> str:
    practice_themes = Practice.themes.through._meta.db_table
    practice_tags = Practice.tags.through._meta.db_table
    province = Province._meta.db_table
    municipality = Municipality._meta.db_table
    return f"""
        WITH m ({", ".join(_KEYS)}) AS MATERIALIZED ({matches_sql})
        SELECT 'total', '', COUNT(*) FROM m
        UNION ALL SELECT 'theme', CAST(t.theme_id AS TEXT), COUNT(*)
            FROM m JOIN {practice_themes} t ON t.practice_id = m.id GROUP BY t.theme_id
        UNION ALL SELECT 'region', CAST(p.region_id AS TEXT), COUNT(*)
            FROM m JOIN {province} p ON p.id = m.province_id GROUP BY p.region_id
        UNION ALL SELECT 'province', CAST(m.province_id AS TEXT), COUNT(*)
            FROM m GROUP BY m.province_id
        UNION ALL SELECT 'type', u.kind, COUNT(*)
            FROM m JOIN {municipality} u ON u.id = m.municipality_id GROUP BY u.kind
        UNION ALL SELECT 'award', m.award, COUNT(*) FROM m WHERE m.award <> '' GROUP BY m.award
        UNION ALL SELECT 'year', CAST(m.year_started AS TEXT), COUNT(*)
            FROM m WHERE m.year_started IS NOT NULL GROUP BY m.year_started
        UNION ALL SELECT 'tag', CAST(g.tag_id AS TEXT), COUNT(*)
            FROM m JOIN {practice_tags} g ON g.practice_id = m.id GROUP BY g.tag_id
    """


def facet_counts(queryset: QuerySet) -> tuple[int, dict[str, dict[str, int]]]:
    """(total, {facet: {key: count}}) for the practices `queryset` matches."""
    try:
        matches_sql, params = queryset.order_by().values(*_KEYS).query.sql_with_params()
    except EmptyResultSet:  # a search with a word nothing contains
        return 0, {}
    counts: dict[str, dict[str, int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(_statement(matches_sql), params)
        for facet, key, n in cursor.fetchall():
            counts.setdefault(facet, {})[key] = n
    total = counts.pop("total", {}).get("", 0)
    return total, counts


def _label(obj) -> str:
    english = (get_language() or "th").startswith("en")
    return (obj.name_en if english else "") or obj.name_th


def practice_facets(counts: dict[str, dict[str, int]], params: QueryDict,
                    themes: list[Theme]) -> dict[str, list[dict]]:
    """Facet values with labels and counts, in the order the list page shows them."""

    def values(name, rows):
        chosen = params.get(name)
        return [{"value": value, "label": label, "count": n, "selected": chosen == value}
                for value, label, n in rows]

    theme_counts = counts.get("theme", {})
    region_counts = counts.get("region", {})
    province_counts = counts.get("province", {})
    type_counts = counts.get("type", {})
    provinces = (Province.objects.filter(pk__in=[int(k) for k in province_counts])
                 if province_counts else [])
    regions = Region.objects.filter(pk__in=[int(k) for k in region_counts]) if region_counts else []
    tag_counts = sorted(counts.get("tag", {}).items(), key=lambda kv: -kv[1])
    # Every tag tied with the last one shown is loaded, so ties are broken by name.
    floor = tag_counts[TAG_LIMIT - 1][1] if len(tag_counts) > TAG_LIMIT else 0
    tag_ids = [int(k) for k, n in tag_counts if n >= floor]
    tags = Tag.objects.in_bulk(tag_ids) if tag_ids else {}
    kinds = dict(Municipality.Kind.choices)
    return {
        "theme": values("theme", [(t.code, _label(t), theme_counts[str(t.pk)])
                                  for t in themes if str(t.pk) in theme_counts]),
        "region": values("region", [(r.code, _label(r), region_counts[str(r.pk)])
                                    for r in sorted(regions, key=lambda r: r.sort_order)]),
        "province": values("province", [(p.code, _label(p), province_counts[str(p.pk)])
                                        for p in sorted(provinces, key=lambda p: p.name_th)]),
        "type": values("type", [(k, str(kinds[k]), type_counts[k])
                                for k in sorted(type_counts) if k in kinds]),
        "award": values("award", sorted((a, a, n) for a, n in counts.get("award", {}).items())),
        "year": values("year", sorted(((y, y, n) for y, n in counts.get("year", {}).items()),
                                      key=lambda row: -int(row[0]))),
        "tag": values("tag", sorted(((tags[int(k)].name, tags[int(k)].name, n)
                                     for k, n in tag_counts if int(k) in tags),
                                    key=lambda row: (-row[2], row[1]))[:TAG_LIMIT]),
    }
