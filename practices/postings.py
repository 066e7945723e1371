"""The practices that have one facet value or one word, as the library index keeps them: a
sorted array of slots while few, a bitmap (an int) once many."""

from array import array
from dataclasses import dataclass, field

DENSE = 32  # postings become a bitmap once more than one slot in DENSE has the value


def bitmap_of(slots, size: int) -> int:
    """An int with the given bits set: set in a byte array, then converted once, as setting
    bits on an int would copy it each time."""
    flags = bytearray((size + 7) // 8)
    for slot in slots:
        flags[slot >> 3] |= 1 << (slot & 7)
    return int.from_bytes(flags, "little")


@dataclass
class Postings:
    """Slots that have one facet value or one word: an array while few, then a bitmap."""

    slots: array = field(default_factory=lambda: array("I"))
    dense: int | None = None

    def add(self, slot: int, size: int) -> None:
        if self.dense is not None:
            self.dense |= 1 << slot
            return
        self.slots.append(slot)
        if len(self.slots) * DENSE > size:
            self.settle(size, dense=True)

    def settle(self, size: int, *, dense: bool | None = None) -> None:
        """After a bulk load: become a bitmap when that is smaller (or when `dense` says)."""
        if self.dense is None and (dense or (dense is None and len(self.slots) * DENSE > size)):
            self.dense, self.slots = bitmap_of(self.slots, size), array("I")

    def bitmap(self, size: int) -> int:
        return self.dense if self.dense is not None else bitmap_of(self.slots, size)

    def nbytes(self) -> int:
        if self.dense is not None:
            return (self.dense.bit_length() + 7) // 8
        return self.slots.buffer_info()[1] * self.slots.itemsize
