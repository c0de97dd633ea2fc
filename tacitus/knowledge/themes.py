"""GDELT GKG themes assigned by phrase rules (``tacitus/data/knowledge/themes.tsv``).

Each rule is a theme name from GDELT's GKG theme lookup and a regular expression over the
article text; every match is kept as evidence ``{theme, phrase, start, end}`` so that a
theme can be traced to the words that set it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from tacitus.knowledge._data import read_rows


@lru_cache(maxsize=1)
def theme_rules() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The (theme, compiled pattern) rules, in file order."""
    return tuple((row[0], re.compile(row[1], re.IGNORECASE)) for row in read_rows("themes.tsv"))


@lru_cache(maxsize=1)
def _lower_case_rules() -> tuple[tuple[str, re.Pattern[str]], ...] | None:
    """The rules compiled without IGNORECASE, for ASCII text lowered first (about half the
    time of a case-insensitive scan): only when no rule has an upper-case letter (a
    literal, or an escape such as ``\\S``), else None."""
    rules = theme_rules()
    if any(p.pattern != p.pattern.lower() for _, p in rules):
        return None
    return tuple((theme, re.compile(p.pattern, p.flags & ~re.IGNORECASE)) for theme, p in rules)


def themes_of_text(text: str) -> tuple[list[str], list[dict[str, Any]]]:
    """Themes found in ``text`` (in rule order) and every match that set them."""
    themes: list[str] = []
    evidence: list[dict[str, Any]] = []
    # ASCII text lowered keeps every offset and word boundary, and a lower-case rule then
    # matches it exactly where the case-insensitive rule matches the text
    lowered = _lower_case_rules() if text.isascii() else None
    rules, haystack = (lowered, text.lower()) if lowered is not None else (theme_rules(), text)
    for theme, pattern in rules:
        for m in pattern.finditer(haystack):
            evidence.append({"theme": theme, "phrase": text[m.start():m.end()], "start": m.start(), "end": m.end()})
            if theme not in themes:
                themes.append(theme)
    evidence.sort(key=lambda e: (e["start"], e["theme"]))
    return themes, evidence


def find_themes(doc: Any) -> tuple[list[str], list[dict[str, Any]]]:
    """Themes of a spaCy ``Doc`` (or any object with ``.text``) and their evidence."""
    return themes_of_text(doc.text)
