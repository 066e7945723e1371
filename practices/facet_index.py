"""Facet counts and relevance order from bitmaps each web process keeps in memory.

Counting seven facets over a broad search in SQL took 25-30 ms at 20,000 practices: the
matches grouped seven ways, themes and tags joined through their link tables. Instead each
process keeps, for every facet value, a bitmap (a Python int, one bit per practice) of the
practices that have it. A search's matches become one more bitmap, and a value's count is one
AND and a bit count (about 0.2 ms for every value together).

Bits are numbered newest first (published, then newest publication, then highest id), so
ordering a set of matches newest first is reading its bits from the lowest up, and relevance
order is the same within each score.

The bitmaps are rebuilt when the library changes: the key is the library's content version
together with the newest change time and highest id of any practice, so a write that skips the
services that bump the version is still noticed.
"""

import threading
from dataclasses import dataclass

from django.db.models import F, Max

from portal.page_cache import content_version
from practices.models import Practice

# (facet, the Practice field or lookup that gives a practice's value of it)
_FIELDS = (
    ("province", "province_id"),
    ("region", "province__region_id"),
    ("type", "municipality__kind"),
    ("award", "award"),
    ("year", "year_started"),
)


@dataclass(frozen=True)
class FacetIndex:
    key: tuple
    bit_of: dict[int, int]  # practice id -> bit
    id_at: list[int]  # bit -> practice id
    bitmaps: dict[str, dict[str, int]]  # facet -> value -> practices with it

    def bitmap(self, ids, *, strict: bool = True) -> int | None:
        """The bitmap of `ids`; when one of them is not indexed (yet), None, or with
        `strict` off, the bitmap of the others."""
        bits = [self.bit_of.get(pk) for pk in ids]
        if None in bits:
            if strict:
                return None
            bits = [bit for bit in bits if bit is not None]
        return _bitmap(bits, len(self.id_at))

    def counts(self, matches: int) -> dict[str, dict[str, int]]:
        counted: dict[str, dict[str, int]] = {}
        for facet, values in self.bitmaps.items():
            counted[facet] = {value: n for value, having in values.items()
                              if (n := (matches & having).bit_count())}
        return counted

    def ids(self, bits: list[int]) -> list[int]:
        return [self.id_at[bit] for bit in bits]


def _bitmap(bits, size: int) -> int:
    """An int with the given bits set, out of `size`: set in a byte array, then converted
    once, as setting bits on an int would copy it each time."""
    flags = bytearray((size + 7) // 8)
    for bit in bits:
        flags[bit >> 3] |= 1 << (bit & 7)
    return int.from_bytes(flags, "little")


def lowest_bits(bitmap: int, skip: int, count: int) -> list[int]:
    """The set bits of `bitmap` from the lowest up, after skipping `skip` of them."""
    digits = format(bitmap, "b")[::-1]  # digit i is bit i
    found: list[int] = []
    at = -1
    while len(found) < skip + count:
        at = digits.find("1", at + 1)
        if at < 0:
            break
        found.append(at)
    return found[skip:]


def _build(key: tuple) -> FacetIndex:
    fields = [name for _facet, name in _FIELDS]
    rows = list(Practice.objects.order_by(F("published_at").desc(nulls_last=True), "-id")
                .values_list("id", *fields))
    bit_of = {row[0]: bit for bit, row in enumerate(rows)}
    members: dict[str, dict[str, list[int]]] = {facet: {} for facet, _name in _FIELDS}
    for bit, (_pk, *values) in enumerate(rows):
        for (facet, _name), value in zip(_FIELDS, values, strict=True):
            if value is not None and value != "":
                members[facet].setdefault(str(value), []).append(bit)
    for facet, through, column in (("theme", Practice.themes.through, "theme_id"),
                                   ("tag", Practice.tags.through, "tag_id")):
        members[facet] = {}
        for pk, value in through.objects.values_list("practice_id", column):
            if pk in bit_of:
                members[facet].setdefault(str(value), []).append(bit_of[pk])
    bitmaps = {facet: {value: _bitmap(bits, len(rows)) for value, bits in values.items()}
               for facet, values in members.items()}
    return FacetIndex(key, bit_of, [row[0] for row in rows], bitmaps)


_current: FacetIndex | None = None
_lock = threading.Lock()


def facet_index(*, rebuild: bool = False) -> FacetIndex:
    """This process's index of the library as it is now."""
    global _current
    latest = Practice.objects.aggregate(changed=Max("updated_at"), last=Max("id"))
    key = (content_version("practices"), latest["changed"], latest["last"])
    index = _current
    if index is not None and index.key == key and not rebuild:
        return index
    with _lock:
        if _current is None or _current.key != key or rebuild:
            _current = _build(key)
        return _current
