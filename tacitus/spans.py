"""Items of an article inside a character span, found without a scan of them all.

Per-event look-ups ("the dates, places, counts in this event's sentence") scanned every item
of the article for every event: fine for a wire story, quadratic in a long article (a 1 MB
article has thousands of events and of dates and places). ``SpanIndex`` answers them by
bisection over the items' starts and gives the same items in the same order.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import Generic, Protocol, TypeVar


class _Spanned(Protocol):
    start: int
    end: int


T = TypeVar("T", bound=_Spanned)


class SpanIndex(Generic[T]):
    """``items`` (with ``start`` and ``end`` character offsets, start not after end) by start."""

    def __init__(self, items: Sequence[T]) -> None:
        self.items = items
        self._order = sorted(range(len(items)), key=lambda i: items[i].start)
        self._starts = [items[i].start for i in self._order]

    def within(self, lo: int, hi: int) -> list[T]:
        """The items with ``lo <= start`` and ``end <= hi``, in their order in ``items``."""
        a, b = bisect_left(self._starts, lo), bisect_right(self._starts, hi)
        return [self.items[i] for i in sorted(self._order[a:b]) if self.items[i].end <= hi]
