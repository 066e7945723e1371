"""A progress bar for management commands, written to stderr so stdout stays parseable."""

from collections.abc import Iterable

from tqdm import tqdm


def progress_bar(stream, *, min_items: int = 200):
    """Return a wrapper that shows a bar for sequences of at least `min_items` (or unknown size)."""

    def wrap(items: Iterable, *, desc: str = "", unit: str = "item") -> Iterable:
        total = len(items) if hasattr(items, "__len__") else None
        if total is not None and total < min_items:
            return items
        return tqdm(items, total=total, desc=desc, unit=unit, file=stream, leave=True)

    return wrap
