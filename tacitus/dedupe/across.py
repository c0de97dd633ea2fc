"""Cross-article dedupe: which stored cluster (real-world event) a newly coded event joins.

Pure functions: the store (``tacitus.store.Store``) fetches the earlier mentions that share a
new event's ``dyad_key`` and persists the cluster ids that ``assign_clusters`` returns.

An event joins the earliest earlier mention's cluster with the same CAMEO root, dyad (actor
codes, order-free within a side) and place country (``dyad_key``) whose date is compatible
(``dates_compatible``) and — when either event lacks a source or a target — whose evidence
sentence shares at least ``min_evidence_similarity`` (a setting) of its content words; else it starts a
cluster whose id is ``cluster_key`` of the event.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tacitus.dedupe.dates import dates_compatible, precision_of
from tacitus.dedupe.within import stated_place
from tacitus.model import Actor, Event
from tacitus.settings import settings

# An event missing one side ("officials said", "an attack") says too little to be matched on
# its dyad alone: its evidence must also share a share of content words with the other
# mention's (a setting: ``DedupeSettings.min_evidence_similarity``).


def _actor_key(actors: Sequence[Actor]) -> str:
    return "+".join(sorted({a.key for a in actors}))


def dyad_key(event: Event) -> str:
    """What two mentions must share to be one event: CAMEO root, the dyad (actor codes,
    order-free within a side) and the place country. Dates are compared separately."""
    place = stated_place(event)
    place_country = place.country if place else ""
    parts = (event.root_code, _actor_key(event.source), _actor_key(event.target), place_country or "")
    return "d" + hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:16]


def cluster_key(event: Event) -> str:
    """The id a new cluster gets from its first mention: the dyad key, the date and the
    mention's id (stable across runs; two events that ``same_event`` keeps apart must not
    meet again under one id because they share a dyad and a day)."""
    return "c" + hashlib.sha1(f"{dyad_key(event)}|{event.date or ''}|{event.id}".encode()).hexdigest()[:16]


def content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 3)


def evidence_similarity(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


@dataclass(frozen=True)
class StoredMention:
    """What cross-article dedupe reads of an earlier mention."""

    dyad_key: str
    date: str | None
    date_precision: str | None
    cluster_id: str
    words: frozenset[str]
    full: bool  # it names both a source and a target

    @classmethod
    def of(cls, event: Event, cluster_id: str) -> StoredMention:
        return cls(dyad_key(event), event.date, precision_of(event.date_precision, event.date_rule), cluster_id,
                   content_words(event.text), bool(event.source) and bool(event.target))


def same_event(new: StoredMention, old: StoredMention) -> bool:
    """``new`` (cluster id not yet known) tells the event of the earlier ``old``."""
    return (
        new.dyad_key == old.dyad_key
        and dates_compatible(old.date, old.date_precision, new.date, new.date_precision)
        and (new.full and old.full or evidence_similarity(new.words, old.words) >= settings().dedupe.min_evidence_similarity)
    )


def assign_clusters(events: Sequence[Event], earlier: Iterable[StoredMention]) -> dict[str, str]:
    """Event id → cluster id: the cluster of the first of ``earlier`` (in their order: the
    store gives them by publication) that tells the same event, else a new cluster. Events
    take part, in order, as earlier mentions of the events after them."""
    candidates: dict[str, list[StoredMention]] = {}
    for old in earlier:
        candidates.setdefault(old.dyad_key, []).append(old)
    out: dict[str, str] = {}
    for ev in events:
        new = StoredMention.of(ev, "")
        found = next((old.cluster_id for old in candidates.get(new.dyad_key, []) if same_event(new, old)), None)
        out[ev.id] = found or cluster_key(ev)
        candidates.setdefault(new.dyad_key, []).append(StoredMention.of(ev, out[ev.id]))
    return out
