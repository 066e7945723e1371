"""The library index's size and how long it takes to follow a change, measured in a Django
process on the benchmark's database (run by bench/run.py through `manage.py shell`).

Prints one JSON line: the full build (as a web process does at start-up) in seconds, the
memory it keeps (tracemalloc: what the build allocated and the index still holds), and the
time to follow a change (the first request after it): one practice edited, then fifty.
"""

import json
import statistics
import time
import tracemalloc

from portal import clock
from portal.page_cache import content_changed
from practices import library_index as library
from practices.models import Practice


def _touch(count: int, round_number: int) -> None:
    """Edit `count` practices as the admin would (save: a new change time)."""
    for practice in Practice.objects.filter(external_id__startswith="bench-").order_by("?")[
            :count]:
        practice.summary_en = f"edited in round {round_number} at {clock.now():%H:%M:%S}"
        practice.save(update_fields=["summary_en", "updated_at"])
    content_changed("practices")


def _follow(count: int, rounds: int = 5) -> float:
    """Median seconds for library_index() to catch up with `count` changed practices."""
    times = []
    for round_number in range(rounds):
        _touch(count, round_number)
        started = time.perf_counter()
        library.library_index()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure() -> None:
    library.forget()
    started = time.perf_counter()
    library.library_index()
    build = time.perf_counter() - started
    library.forget()
    tracemalloc.start()
    index = library.library_index()
    held, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(json.dumps({
        "practices": len(index.slot_of), "build_seconds": round(build, 3),
        "memory_mb": round(held / 1e6, 1), "arrays_mb": round(index.nbytes() / 1e6, 1),
        "follow_one_seconds": round(_follow(1), 4),
        "follow_fifty_seconds": round(_follow(50), 4),
        "dead_slots": library.library_index().dead,
    }))
