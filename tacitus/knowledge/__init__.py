"""Article knowledge: quotations with speakers, counts of people, tone and GDELT themes.

``find_quotes(doc, actor_of)``, ``find_counts(doc)``, ``tone(text)`` and
``find_themes(doc)`` are what ``tacitus.pipeline`` calls; each reads its rules from
``tacitus/data/knowledge/``.
"""

from __future__ import annotations

from tacitus.knowledge.counts import count_kinds, find_counts, parse_number
from tacitus.knowledge.quotes import find_quotes
from tacitus.knowledge.themes import find_themes, themes_of_text
from tacitus.knowledge.tone import tone

CODER = "tacitus.knowledge.v1"

__all__ = [
    "CODER",
    "count_kinds",
    "find_counts",
    "find_quotes",
    "find_themes",
    "parse_number",
    "themes_of_text",
    "tone",
]
