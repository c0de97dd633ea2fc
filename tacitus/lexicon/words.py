"""Word classes: named sets of lemmas (``tacitus/data/lexicon/word_classes.tsv``) that verb
patterns write as ``&NAME`` ("any lemma of the class") and that rules read by name, so one list
serves every pattern and rule that means the same words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from tacitus.errors import Errors

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "lexicon" / "word_classes.tsv"
CLASS_MARK = "&"
CLASS_NAME = re.compile(r"[A-Z][A-Z0-9_]*")
LEMMA = re.compile(r"[a-z0-9][a-z0-9'’. -]*")


@dataclass(frozen=True)
class WordClasses:
    """Class name → its lemmas."""

    classes: Mapping[str, frozenset[str]]

    def words(self, name: str) -> frozenset[str]:
        """The lemmas of class ``name``; ``KeyError`` naming the known classes when unknown."""
        try:
            return self.classes[name]
        except KeyError:
            raise KeyError(f"no word class {name!r} (classes: {', '.join(sorted(self.classes))})") from None

    def expand(self, alternatives: str, where: str) -> frozenset[str]:
        """``a|&NAME|b`` → the lemmas a, b and those of class NAME (lower-cased).

        Raises ``TacitusError`` E301 naming ``where`` (file:line) for an unknown class."""
        out: set[str] = set()
        for item in alternatives.split("|"):
            item = item.strip()
            if not item:
                continue
            if item.startswith(CLASS_MARK):
                name = item[len(CLASS_MARK):]
                if name not in self.classes:
                    known = ", ".join(sorted(self.classes))
                    raise Errors.E301.error("word_class", where=where, item=item, known=known)
                out |= self.classes[name]
            else:
                out.add(item.lower())
        return frozenset(out)


def parse_word_classes(text: str, source: str = "<word classes>") -> WordClasses:
    """Parse a word-class file: comment lines, a ``class<TAB>lemma`` header, then one
    (class, lemma) pair a line.

    Raises ``TacitusError`` E304 naming ``source:line`` for a malformed row, a bad class name
    or lemma, or a lemma listed twice in one class."""
    classes: dict[str, set[str]] = {}
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        if cols[:2] == ["class", "lemma"]:
            continue
        if len(cols) != 2:
            raise Errors.E304.error("columns", where=f"{source}:{lineno}", n=len(cols))
        name, lemma = cols
        if not CLASS_NAME.fullmatch(name):
            raise Errors.E304.error("class_name", where=f"{source}:{lineno}", name=name)
        if not LEMMA.fullmatch(lemma):
            raise Errors.E304.error("lemma", where=f"{source}:{lineno}", lemma=lemma)
        members = classes.setdefault(name, set())
        if lemma in members:
            raise Errors.E304.error("twice", where=f"{source}:{lineno}", lemma=lemma, name=name)
        members.add(lemma)
    return WordClasses(MappingProxyType({k: frozenset(v) for k, v in classes.items()}))


@lru_cache(maxsize=1)
def word_classes() -> WordClasses:
    """The shipped word classes."""
    return parse_word_classes(DATA_FILE.read_text(encoding="utf-8"), DATA_FILE.name)


def word_class(name: str) -> frozenset[str]:
    """The lemmas of one shipped class (``KeyError`` when there is none of that name)."""
    return word_classes().words(name)
