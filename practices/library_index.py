"""The practice library as each web process keeps it in memory: what every search reads.

At 100,000 practices, asking the database which practices contain a broad word (six in ten
do) cost 77 ms, and a facet count per value grouped in SQL as much again. Here each process
holds, per practice:

- a slot (a bit position). A set of practices is a bitmap, a Python int with one bit per
  slot, so intersecting a search with a filter, or counting a facet value among the matches,
  is one AND and one bit count;
- its facet values (theme, region, province, municipality type, municipality, award, year,
  tag, status) and the words of its title, its summary (with tags and places) and its body,
  each value or word keeping the slots that have it ("postings");
- its place in the newest-first and in the title order.

Postings are kept small: a sorted array of slots while few practices have the value, and a
bitmap once a bitmap is the smaller of the two (more than one practice in 32). A word's
bitmap, once made for a search, is kept in a small per-process cache.

The index follows the database without being rebuilt. Each request compares a key (the
library's content version, its latest change time and highest id) with the index's; when it
differs, only the practices changed since are read again: each gets a new slot, its old slot
is dropped from `live`, and the new slot takes its place in both orders (next to its
neighbour, which the database names). A deletion bumps the content version (signal); a
change of the key that no changed row explains is checked against the list of ids. Once a
fifth of the slots are dead, or when the database went back in time (a test's rollback), the
index is built again from scratch, as it is when a process starts (see portal/wsgi.py).
"""

import math
import threading
import time
from array import array
from collections import OrderedDict
from dataclasses import dataclass, field

from django.db.models import F, Max, Q

from portal.page_cache import content_version
from practices.models import Practice
from practices.postings import Postings

# (facet, the value lookup of a practice), read with values_list
FACET_FIELDS = (
    ("status", "status"),
    ("province", "province_id"),
    ("region", "province__region_id"),
    ("type", "municipality__kind"),
    ("municipality", "municipality_id"),
    ("award", "award"),
    ("year", "year_started"),
)
TEXT_FIELDS = (("title", "search_title"), ("summary", "search_summary"), ("body", "search_body"))
RECENCY = (F("published_at").desc(nulls_last=True), "-id")
TITLE_ORDER = ("title_th", "id")
# Facets whose values are always bitmaps: their counts are read on every list page. The
# municipality facet (thousands of values) only filters, and stays in arrays.
ALWAYS_DENSE = {"status", "province", "region", "type", "award", "year", "theme", "tag"}
WORD_CACHE = 512  # word bitmaps kept per process
COMPACT_AT = 0.2  # share of dead slots after which the index is built again
FEW_CHANGES = 10  # up to this many changed practices are placed by their neighbours


@dataclass
class LibraryIndex:
    key: tuple
    latest: tuple  # (latest change time, highest id) the index has read up to
    id_at: array = field(default_factory=lambda: array("q"))  # slot -> practice id
    stamp: array = field(default_factory=lambda: array("d"))  # slot -> published_at, or -inf
    slot_of: dict = field(default_factory=dict)  # practice id -> its live slot
    live: int = 0
    recency: array = field(default_factory=lambda: array("I"))  # slots, newest first
    by_title: array = field(default_factory=lambda: array("I"))  # slots, by title then id
    facets: dict = field(default_factory=dict)  # facet -> value -> Postings
    words: dict = field(default_factory=dict)  # text field -> word -> Postings
    built_in: float = 0.0  # seconds the last full build took
    word_cache: OrderedDict = field(default_factory=OrderedDict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def size(self) -> int:
        return len(self.id_at)

    @property
    def dead(self) -> int:
        return self.size - len(self.slot_of)

    # Reading -------------------------------------------------------------------------------

    def facet(self, facet: str, value: str) -> int:
        postings = self.facets.get(facet, {}).get(value)
        return postings.bitmap(self.size) & self.live if postings else 0

    def has(self, practice_id: int, facet: str, value: str) -> bool:
        """Whether the practice has the facet value (its live slot is in the postings)."""
        slot = self.slot_of.get(practice_id)
        postings = self.facets.get(facet, {}).get(value)
        if slot is None or postings is None:
            return False
        if postings.dense is not None:
            return bool(postings.dense >> slot & 1)
        return slot in postings.slots

    def word(self, text_field: str, word: str) -> int:
        """Practices whose `text_field` ("title", "summary", "body") has `word`."""
        key = (text_field, word)
        with self.lock:
            if key in self.word_cache:
                self.word_cache.move_to_end(key)
                return self.word_cache[key]
        postings = self.words[text_field].get(word)
        found = postings.bitmap(self.size) & self.live if postings else 0
        with self.lock:
            self.word_cache[key] = found
            while len(self.word_cache) > WORD_CACHE:
                self.word_cache.popitem(last=False)
        return found

    def any_of(self, text_fields, words) -> int:
        found = 0
        for text_field in text_fields:
            for word in words:
                found |= self.word(text_field, word)
        return found

    def counts(self, matches: int, facets) -> dict[str, dict[str, int]]:
        size = self.size
        return {facet: {value: n for value, postings in self.facets.get(facet, {}).items()
                        if (n := (matches & postings.bitmap(size)).bit_count())}
                for facet in facets}

    def ordered(self, buckets: list[int], start: int, stop: int, *, by: str) -> list[int]:
        """Practice ids from `start` to `stop` of the buckets, one after the other, each in
        `by` order ("recency": newest first, or "title")."""
        ids: list[int] = []
        skip, wanted = start, max(0, stop - start)
        for bucket in buckets:
            size = bucket.bit_count()
            if skip >= size:
                skip -= size
                continue
            slots = self._in_order(bucket, skip, wanted - len(ids), by=by)
            ids += [self.id_at[slot] for slot in slots]
            skip = 0
            if len(ids) >= wanted:
                break
        return ids

    def _in_order(self, bucket: int, skip: int, count: int, *, by: str) -> list[int]:
        size = bucket.bit_count()
        if by == "recency" and size <= 4096:
            # Few matches: their slots, sorted by publication (cheaper than a walk of all).
            digits = format(bucket, "b")[::-1]
            slots, at = [], digits.find("1")
            while at >= 0:
                slots.append(at)
                at = digits.find("1", at + 1)
            slots.sort(key=lambda s: (-self.stamp[s], -self.id_at[s]))
            return slots[skip:skip + count]
        flags = bucket.to_bytes((self.size + 7) // 8, "little")
        order = self.recency if by == "recency" else self.by_title
        found: list[int] = []
        for slot in order:
            if flags[slot >> 3] >> (slot & 7) & 1:
                if skip:
                    skip -= 1
                    continue
                found.append(slot)
                if len(found) == count:
                    break
        return found

    def nbytes(self) -> int:
        """Bytes held by the index's arrays, postings and maps (the Python objects around
        them excepted; see the benchmark's measure with tracemalloc)."""
        arrays = sum(a.buffer_info()[1] * a.itemsize
                     for a in (self.id_at, self.stamp, self.recency, self.by_title))
        postings = sum(p.nbytes() for group in (*self.facets.values(), *self.words.values())
                       for p in group.values())
        return arrays + postings + (self.live.bit_length() + 7) // 8

    # Writing -------------------------------------------------------------------------------

    def _stamp(self, published_at) -> float:
        return published_at.timestamp() if published_at else -math.inf

    def _append(self, row: dict, *, bulk: bool = False) -> int:
        """Give `row` the next slot. In a bulk load the postings only collect slots (`settle`
        then turns them into bitmaps once); otherwise each is updated as it goes."""
        slot = self.size
        size = slot + 1
        self.id_at.append(row["id"])
        self.stamp.append(self._stamp(row["published_at"]))
        self.slot_of[row["id"]] = slot
        if not bulk:
            self.live |= 1 << slot
        for facet, values in row["facets"].items():
            group = self.facets.setdefault(facet, {})
            for value in values:
                postings = group.get(value)
                if postings is None:
                    postings = group[value] = Postings(
                        dense=0 if facet in ALWAYS_DENSE and not bulk else None)
                if bulk:
                    postings.slots.append(slot)
                else:
                    postings.add(slot, size)
        for text_field, text in row["text"].items():
            group = self.words.setdefault(text_field, {})
            for word in set(text.split()):
                postings = group.get(word)
                if postings is None:
                    postings = group[word] = Postings()
                if bulk:
                    postings.slots.append(slot)
                else:
                    postings.add(slot, size)
        return slot

    def _settle(self) -> None:
        size = self.size
        self.live = (1 << size) - 1
        for facet, group in self.facets.items():
            for postings in group.values():
                postings.settle(size, dense=True if facet in ALWAYS_DENSE else None)
        for group in self.words.values():
            for postings in group.values():
                postings.settle(size)

    def _drop(self, practice_id: int) -> None:
        slot = self.slot_of.pop(practice_id, None)
        if slot is not None:
            self.live &= ~(1 << slot)

    def _place(self, order: array, slot: int, before_slot: int | None) -> None:
        """Put `slot` in `order` right after `before_slot` (first when None)."""
        if before_slot is None:
            order.insert(0, slot)
        else:
            order.insert(order.index(before_slot) + 1, slot)


def _rows(queryset) -> list[dict]:
    """What the index keeps of each practice of `queryset`, in the order given."""
    names = [lookup for _facet, lookup in FACET_FIELDS]
    columns = [column for _name, column in TEXT_FIELDS]
    rows = list(queryset.values_list("id", "published_at", "title_th", *names, *columns))
    ids = [row[0] for row in rows]
    themes: dict[int, list[str]] = {}
    tags: dict[int, list[str]] = {}
    links = Practice.themes.through.objects.values_list("practice_id", "theme_id")
    labels = Practice.tags.through.objects.values_list("practice_id", "tag__name")
    if len(ids) < 5000:  # a few changed practices: only their links
        links, labels = links.filter(practice_id__in=ids), labels.filter(practice_id__in=ids)
    for pk, theme in links:
        themes.setdefault(pk, []).append(str(theme))
    for pk, tag in labels:
        tags.setdefault(pk, []).append(tag)
    out = []
    for pk, published_at, title, *rest in rows:
        values, texts = rest[:len(names)], rest[len(names):]
        facets = {facet: [str(value)] for (facet, _lookup), value in zip(FACET_FIELDS, values,
                                                                          strict=True)
                  if value is not None and value != ""}
        facets["theme"], facets["tag"] = themes.get(pk, []), tags.get(pk, [])
        out.append({"id": pk, "published_at": published_at, "title": title, "facets": facets,
                    "text": {name: text for (name, _column), text in zip(TEXT_FIELDS, texts,
                                                                         strict=True)}})
    return out


def _latest() -> tuple:
    found = Practice.objects.aggregate(changed=Max("updated_at"), last=Max("id"))
    return (found["changed"], found["last"])


def build(key: tuple | None = None) -> LibraryIndex:
    """The whole library, read in newest-first order (so the recency order is the slots')."""
    started = time.perf_counter()
    latest = _latest()
    index = LibraryIndex(key=key or (content_version("practices"), *latest), latest=latest)
    for row in _rows(Practice.objects.order_by(*RECENCY)):
        index._append(row, bulk=True)
    index._settle()
    index.recency = array("I", range(index.size))
    title_order = Practice.objects.order_by(*TITLE_ORDER).values_list("id", flat=True)
    index.by_title = array("I", (index.slot_of[pk] for pk in title_order
                                 if pk in index.slot_of))
    index.built_in = time.perf_counter() - started
    return index


def _newer_neighbour(row: dict) -> int | None:
    """The id of the practice just before `row` in the newest-first order (None: first)."""
    others = Practice.objects.exclude(pk=row["id"])
    stamp = row["published_at"]
    if stamp is None:  # unpublished ones come last, the highest id first
        closest = others.filter(published_at__isnull=True, pk__gt=row["id"]).order_by("id")
        if found := closest.values_list("id", flat=True).first():
            return found
        return (others.filter(published_at__isnull=False).order_by("published_at", "id")
                .values_list("id", flat=True).first())
    newer = others.filter(Q(published_at__gt=stamp) | Q(published_at=stamp, pk__gt=row["id"]))
    return newer.order_by("published_at", "id").values_list("id", flat=True).first()


def _earlier_by_title(row: dict) -> int | None:
    """The id of the practice just before `row` in the title order (None: first)."""
    earlier = Q(title_th__lt=row["title"]) | Q(title_th=row["title"], pk__lt=row["id"])
    return (Practice.objects.filter(earlier).exclude(pk=row["id"]).order_by("-title_th", "-id")
            .values_list("id", flat=True).first())


def _update(index: LibraryIndex, key: tuple) -> LibraryIndex | None:
    """Bring `index` up to date with the practices changed since it was read; None when only
    a full build can tell (the database went back, or too many slots are dead)."""
    latest = _latest()
    changed_at, last_id = index.latest
    if (latest[1] or 0) < (last_id or 0) or (
            latest[0] and changed_at and latest[0] < changed_at):
        return None  # rolled back or restored: the practices the index knows may be gone
    since = Q(pk__gt=last_id or 0)
    if changed_at:
        since |= Q(updated_at__gt=changed_at)
    rows = _rows(Practice.objects.filter(since).order_by(*RECENCY))
    if not rows:  # something changed that no change time shows: a deletion
        present = set(Practice.objects.values_list("id", flat=True))
        for practice_id in set(index.slot_of) - present:
            index._drop(practice_id)
    for row in rows:
        index._drop(row["id"])
    slots = {row["id"]: index._append(row) for row in rows}
    if len(rows) > FEW_CHANGES:  # read both orders whole: two queries, whatever changed
        _read_orders(index)
    else:
        # Newest first, so that a row's newer neighbour, if it changed too, is placed
        # already; then the title order the same way.
        for row in rows:
            _place_after(index, index.recency, slots[row["id"]], _newer_neighbour(row))
        for row in sorted(rows, key=lambda r: (r["title"], r["id"])):
            _place_after(index, index.by_title, slots[row["id"]], _earlier_by_title(row))
    if index.dead > COMPACT_AT * index.size:
        return None
    index.key, index.latest = key, latest
    index.word_cache.clear()
    return index


def _read_orders(index: LibraryIndex) -> None:
    """Both orders of the live slots, from the database."""
    for name, ordering in (("recency", RECENCY), ("by_title", TITLE_ORDER)):
        ids = Practice.objects.order_by(*ordering).values_list("id", flat=True)
        setattr(index, name, array("I", (index.slot_of[pk] for pk in ids
                                         if pk in index.slot_of)))


def _place_after(index: LibraryIndex, order: array, slot: int, neighbour: int | None) -> None:
    before = index.slot_of.get(neighbour) if neighbour is not None else None
    index._place(order, slot, before)


_current: LibraryIndex | None = None
_lock = threading.Lock()


def library_index() -> LibraryIndex:
    """This process's index of the library as it is now."""
    global _current
    key = (content_version("practices"), *_latest())
    index = _current
    if index is not None and index.key == key:
        return index
    with _lock:
        if _current is None:
            _current = build(key)
        elif _current.key != key:
            _current = _update(_current, key) or build(key)
        return _current


def forget() -> None:
    """Drop this process's index (the next search builds it again)."""
    global _current
    with _lock:
        _current = None

