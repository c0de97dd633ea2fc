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


def themes_of_text(text: str) -> tuple[list[str], list[dict[str, Any]]]:
    """Themes found in ``text`` (in rule order) and every match that set them."""
    themes: list[str] = []
    evidence: list[dict[str, Any]] = []
    for theme, pattern in theme_rules():
        for m in pattern.finditer(text):
            evidence.append({"theme": theme, "phrase": m.group(0), "start": m.start(), "end": m.end()})
            if theme not in themes:
                themes.append(theme)
    evidence.sort(key=lambda e: (e["start"], e["theme"]))
    return themes, evidence


def find_themes(doc: Any) -> tuple[list[str], list[dict[str, Any]]]:
    """Themes of a spaCy ``Doc`` (or any object with ``.text``) and their evidence."""
    return themes_of_text(doc.text)
