"""Dedupe: one real-world event, many mentions.

Within an article, mentions of one event (same CAMEO root, same dyad, same date and place
country) become one event whose ``mentions`` counts them; the representative is the most
confident mention, ties broken by the earliest. Across articles the store clusters events
by the same key (``tacitus.store.cluster_key``) and derives GDELT's NumMentions,
NumSources and NumArticles. The rule is documented in docs/STORE.md.
"""

from __future__ import annotations

from collections.abc import Sequence

from tacitus.model import Actor, Event


def _side(actors: Sequence[Actor]) -> tuple[str, ...]:
    return tuple(sorted({a.key for a in actors}))


def mention_key(event: Event) -> tuple[str, ...]:
    """Events with equal keys are taken as mentions of one real-world event."""
    return (
        event.root_code,
        "+".join(_side(event.source)),
        "+".join(_side(event.target)),
        event.date or "",
        (event.place.country if event.place else "") or "",
        event.modality,
    )


def dedupe_article(events: list[Event]) -> list[Event]:
    """Merge mentions of the same event within one article; keeps input order of the kept."""
    groups: dict[tuple[str, ...], list[Event]] = {}
    for ev in events:
        if not ev.source and not ev.target:
            # an actorless event carries no dyad to compare: never merged
            groups[("solo", ev.id)] = [ev]
        else:
            groups.setdefault(mention_key(ev), []).append(ev)
    kept: list[Event] = []
    for group in groups.values():
        best = max(group, key=lambda e: (e.confidence, -e.start))
        best.mentions = sum(max(e.mentions, 1) for e in group)
        if best.place is None:
            best.place = next((e.place for e in group if e.place is not None), None)
        kept.append(best)
    order = {id(e): i for i, e in enumerate(events)}
    kept.sort(key=lambda e: order[id(e)])
    return kept
