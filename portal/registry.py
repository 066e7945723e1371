"""How a lower app hears of higher ones (docs/architecture.md).

A lower app never imports a higher one. Where it needs something from above (a section on its
page, a figure in its API record, a step after one of its writes), it declares a `Registry`;
an app above registers a function there from its AppConfig.ready(). The lower app calls
whatever is registered, in registration order, without knowing who registered it.
"""

from collections.abc import Callable, Iterator


class Registry[F: Callable]:
    def __init__(self) -> None:
        self.entries: list[F] = []

    def register(self, entry: F) -> F:
        if entry not in self.entries:
            self.entries.append(entry)
        return entry

    def unregister(self, entry: F) -> None:
        if entry in self.entries:
            self.entries.remove(entry)

    def __iter__(self) -> Iterator[F]:
        return iter(list(self.entries))

    def __contains__(self, entry: object) -> bool:
        return entry in self.entries
