"""Dedupe: one real-world event, many mentions.

* Within an article (``dedupe_article``, ``tacitus.dedupe.within``): mentions are merged only
  when they tell the same incident — compatible root, dyad, date, place and casualty tolls,
  and positive evidence (the same sentence, the same named place, the same toll, or a
  definite back-reference such as "the attack"). The representative is the most confident
  mention, ties broken by the earliest; its ``mentions`` counts them.
* Across articles (``assign_clusters``, ``tacitus.dedupe.across``): pure functions decide
  which earlier cluster a new event joins; the store fetches earlier mentions and persists
  the cluster ids, and derives GDELT's NumMentions, NumSources and NumArticles.

The rules are documented in docs/STORE.md.
"""

from __future__ import annotations

from tacitus.dedupe.across import (
    StoredMention,
    assign_clusters,
    cluster_key,
    content_words,
    dyad_key,
    evidence_similarity,
    same_event,
)
from tacitus.dedupe.dates import (
    date_or_none,
    dates_compatible,
)
from tacitus.dedupe.within import dedupe_article, group_mentions, has_backref

__all__ = [
    "StoredMention",
    "assign_clusters",
    "cluster_key",
    "content_words",
    "date_or_none",
    "dates_compatible",
    "dedupe_article",
    "dyad_key",
    "evidence_similarity",
    "group_mentions",
    "has_backref",
    "same_event",
]
