"""Misspelt names: a word one edit away from exactly one known country or surname.

News copy and hand-built gold records misspell names ("Ethopia", "Mitterand"); a
symmetric-delete index finds every known key within one insertion, deletion or
substitution of a word without comparing against each key.
"""

from __future__ import annotations

from collections.abc import Iterable


def _deletes(word: str) -> set[str]:
    return {word[:k] + word[k + 1:] for k in range(len(word))}


class Speller:
    """Known keys (squashed words) and the keys one edit away from each of them."""

    def __init__(self, keys: Iterable[str], min_letters: int) -> None:
        # a key may be one letter shorter than the shortest word corrected to it
        self.keys = {k for k in keys if len(k) >= min_letters - 1 and k.isalpha()}
        self.min_letters = min_letters
        self._index: dict[str, set[str]] = {}
        for k in self.keys:
            self._index.setdefault(k, set()).add(k)
            for d in _deletes(k):
                self._index.setdefault(d, set()).add(k)

    def correct(self, word: str) -> str | None:
        """The one known key within one edit of ``word`` (itself excluded), or None when
        there is none or more than one."""
        if len(word) < self.min_letters or not word.isalpha() or word in self.keys:
            return None
        found: set[str] = set()
        for probe in _deletes(word) | {word}:
            for k in self._index.get(probe, ()):
                if k != word and _one_edit(word, k):
                    found.add(k)
        return found.pop() if len(found) == 1 else None


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one insertion, deletion or substitution."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:k] + long_[k + 1:] == short for k in range(len(long_)))
