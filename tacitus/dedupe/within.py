"""Within-article dedupe: mentions of one incident become one event.

Sharing a CAMEO root, a dyad and a day is not enough: three bombings by unknown attackers in
three towns on one day are three incidents. Two mentions are merged only when nothing rules
it out and something says they are the same incident:

* rules out (any one): another root or modality, dates that cannot be one day's
  (``dates_compatible``), places that cannot be one place (two different towns; a town and a
  region or country it does not lie in), casualty counts of one kind that disagree ("killing
  four" / "killing two"), or dyads that differ (unless the later mention points back, below, or is in the same
  sentence: "attacked a police station, killing three officers" is one incident);
* says so (one is enough): the same sentence (the same trigger clause, coded twice), the same
  named place below the country level, the same casualty count of the same kind, or a
  definite back-reference in the later mention ("the attack", "Monday's bombing", "the
  meeting"; words in ``tacitus/data/dedupe/backrefs.tsv``, by root). A back-reference also lets
  the later mention leave a side unnamed or name it more loosely ("the attack killed five
  soldiers" after "rebels attacked a government convoy").

A later mention joins the most recent incident it can; the representative of an incident is
its most confident mention (ties: the earliest) and ``mentions`` counts them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

from tacitus.dedupe.dates import dates_compatible, precision_of
from tacitus.model import Actor, Count, Event, Place
from tacitus.spans import SpanIndex

# Count kinds that describe an incident's toll (tacitus/data/knowledge/count_kinds.tsv):
# two mentions whose sentences give different tolls of one kind are two incidents.
TOLL_KINDS = frozenset({"killed", "wounded", "casualties", "kidnapped", "arrested"})

# Place features that locate an incident: a shared town or district says "same incident";
# a shared country or region (``feature`` country/region/continent) says nothing.
SPECIFIC_FEATURES = frozenset({"city", "admin2", "admin1"})
# Features that contain other places, by how wide they are (a town inside its admin1 or its
# country is compatible with it; two towns are not).
CONTAINER_RANK = {"city": 0, "admin2": 1, "admin1": 2, "region": 3, "country": 3, "continent": 4}

# CAMEO actor roles of the state: "GOV", "MIL", "COP" of one country are one side loosely
# (a back-reference may name the government convoy's soldiers rather than the government).
STATE_ROLES = frozenset({"GOV", "MIL", "COP", "SPY", "JUD", "LEG", "PTY"})

# Determiners of a definite back-reference, and words that make a noun phrase point at
# *another* incident ("another attack", "a second bombing", "the 2001 attack"): up to
# MAX_MODIFIERS words may stand between the determiner and the noun ("the deadly car
# bombing"); more is rarely still the same noun phrase.
# ("that" is left out: "militants that attack convoys" is a relative clause; possessives
# too: "its long march" is as often the group's next march as the one told)
DEFINITE = r"(?:the|this|[A-Z][a-z]+day's)"
MAX_MODIFIERS = 2
OTHER_INCIDENT_WORDS = frozenset({
    "another", "other", "second", "third", "fourth", "fifth", "latest", "last", "previous",
    "earlier", "next", "first", "new", "separate", "similar", "further", "more", "recent",
    "past", "former", "prior", "subsequent", "later", "future", "planned", "possible", "alleged",
})


@lru_cache(maxsize=1)
def backref_nouns() -> dict[str, frozenset[str]]:
    """noun → the CAMEO roots it can point back at (tacitus/data/dedupe/backrefs.tsv)."""
    text = resources.files("tacitus").joinpath("data", "dedupe", "backrefs.tsv").read_text("utf-8")
    out: dict[str, frozenset[str]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        noun, roots = line.split("\t")[:2]
        out[noun.strip().lower()] = frozenset(r.strip() for r in roots.split(",") if r.strip())
    return out


@lru_cache(maxsize=1)
def _backref_re() -> re.Pattern[str]:
    nouns = sorted(backref_nouns(), key=len, reverse=True)
    modifier = r"(?:[\w-]+\s+)"
    return re.compile(
        rf"\b(?P<det>{DEFINITE})\s+(?P<mods>{modifier}{{0,{MAX_MODIFIERS}}}?)"
        rf"(?P<noun>{'|'.join(re.escape(n) for n in nouns)})\b(?!-)",
        re.I,
    )


def has_backref(text: str, root: str) -> bool:
    """Whether ``text`` points back, with a definite singular noun phrase, at an incident of
    CAMEO root ``root`` ("the attack", "Tuesday's bombing"; not "another attack", "the
    attacks", "the 2001 attack")."""
    nouns = backref_nouns()
    for m in _backref_re().finditer(text):
        if root not in nouns.get(m.group("noun").lower(), ()):
            continue
        mods = m.group("mods").lower().split()
        if any(w in OTHER_INCIDENT_WORDS or any(c.isdigit() for c in w) for w in mods):
            continue
        return True
    return False


# -- the parts of the test ---------------------------------------------------------------


def _keys(actors: Sequence[Actor]) -> frozenset[str]:
    return frozenset(a.key for a in actors)


def _loose(a: Actor) -> str:
    """An actor as a back-reference may name it: the state of its country, else its key."""
    if a.code and a.code[-3:] in STATE_ROLES:
        return f"{a.country or a.code[:-3]}:STATE"
    return a.key


def sides_compatible(a: Sequence[Actor], b: Sequence[Actor]) -> bool:
    """One side of two mentions may be one incident's: one leaves it unnamed, they share an
    actor, or both name the state of one country."""
    if not a or not b:
        return True
    return bool(_keys(a) & _keys(b)) or bool({_loose(x) for x in a} & {_loose(x) for x in b})


def dyads_anchor(a: Event, b: Event) -> bool:
    """The later ``b`` names no actor, or names one side that ``a`` names too, loosely alike
    ("Rebels attacked ..." / "the attack killed five soldiers"; not "an attack on the army" /
    "Russia's offensive", which share no named side)."""
    if not b.source and not b.target:
        return True
    return any(x and y and sides_compatible(x, y) for x, y in ((a.source, b.source), (a.target, b.target)))


def _place_id(p: Place) -> tuple[object, ...]:
    if p.geonames_id is not None:
        return ("id", p.geonames_id)
    return ("name", (p.name or p.text).lower(), p.country)


def _inside(inner: Place, outer: Place) -> bool:
    """``inner`` lies in ``outer`` (a country, or an admin1 region named as inner's admin1)."""
    if CONTAINER_RANK.get(outer.feature or "", 0) <= CONTAINER_RANK.get(inner.feature or "", 0):
        return False
    if outer.feature in ("country", "region", "continent"):
        return bool(inner.country) and inner.country == outer.country or outer.feature == "continent"
    if outer.feature == "admin1":
        return inner.country == outer.country and bool(inner.admin1) and (
            inner.admin1 == outer.admin1 or inner.admin1 == outer.name)
    return False


def places_compatible(a: Place | None, b: Place | None) -> bool:
    """Two mentions' places can be one incident's: one is unknown, they are one place, or one
    lies inside the other. Two towns, or two countries, are two incidents."""
    if a is None or b is None:
        return True
    if a.country and b.country and a.country != b.country:
        return False
    if _place_id(a) == _place_id(b):
        return True
    return _inside(a, b) or _inside(b, a)


def same_specific_place(a: Place | None, b: Place | None) -> bool:
    return (
        a is not None and b is not None and a.feature in SPECIFIC_FEATURES
        and _place_id(a) == _place_id(b)
    )


def _tolls(counts: Iterable[Count]) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    for c in counts:
        if c.kind in TOLL_KINDS and not c.approximate:
            out.setdefault(c.kind, set()).add(c.value)
    return out


def tolls_compatible(a: dict[str, set[int]], b: dict[str, set[int]]) -> bool:
    """No toll kind that both give with no value in common."""
    return all(a[k] & b[k] for k in a.keys() & b.keys())


def same_toll(a: dict[str, set[int]], b: dict[str, set[int]]) -> bool:
    return any(a[k] & b[k] for k in a.keys() & b.keys())


# -- mentions and incidents --------------------------------------------------------------


@dataclass
class Mention:
    event: Event
    tolls: dict[str, set[int]]
    backref: bool

    @cached_property
    def dyad(self) -> tuple[frozenset[str], frozenset[str]]:
        return _keys(self.event.source), _keys(self.event.target)


@dataclass
class Incident:
    mentions: list[Mention] = field(default_factory=list)

    @property
    def founder(self) -> Mention:
        return self.mentions[0]

    @property
    def last(self) -> int:
        return max(m.event.start for m in self.mentions)


# Places the record infers for an event whose sentence names none (Event.place_rule
# "dateline", "article-main-place") say nothing about which incident it is: only places read
# from the event's own clause or sentence tell incidents apart or together.
STATED_PLACE_RULES = (None, "clause", "sentence")


def stated_place(event: Event) -> Place | None:
    """The event's place when its own clause or sentence names it, else None."""
    return event.place if event.place_rule in STATED_PLACE_RULES else None


def compatible(a: Mention, b: Mention) -> bool:
    """Nothing rules out that ``a`` and the later ``b`` tell one incident (dyads loosely)."""
    ea, eb = a.event, b.event
    return (
        ea.root_code == eb.root_code
        and ea.modality == eb.modality
        and dates_compatible(ea.date, precision_of(ea.date_precision, ea.date_rule),
                             eb.date, precision_of(eb.date_precision, eb.date_rule))
        and places_compatible(stated_place(ea), stated_place(eb))
        and tolls_compatible(a.tolls, b.tolls)
        and sides_compatible(ea.source, eb.source)
        and sides_compatible(ea.target, eb.target)
    )


def evidence(a: Mention, b: Mention) -> bool:
    """Something says ``a`` and the later ``b`` are one incident."""
    ea, eb = a.event, b.event
    return (
        ea.sentence == eb.sentence
        or same_specific_place(stated_place(ea), stated_place(eb))
        or same_toll(a.tolls, b.tolls)
        or b.backref
    )


def joins(incident: Incident, m: Mention) -> bool:
    """``m`` may join ``incident``: compatible with every mention, the founder's dyad exactly
    unless ``m`` points back at it or shares a sentence (a trigger clause) with it, and
    evidence of sameness with at least one mention."""
    same_clause = any(x.event.sentence == m.event.sentence for x in incident.mentions)
    if not m.backref and not same_clause and m.dyad != incident.founder.dyad:
        return False
    if not m.event.source and not m.event.target and not m.backref:
        return False
    if m.backref and not same_clause and not dyads_anchor(incident.founder.event, m.event):
        return False
    return all(compatible(x, m) for x in incident.mentions) and any(
        evidence(x, m) for x in incident.mentions)


def _mention(ev: Event, counts: Sequence[Count]) -> Mention:
    in_sentence = [c for c in counts if ev.start <= c.start and c.end <= ev.end]
    return Mention(ev, _tolls(in_sentence), has_backref(ev.text, ev.root_code))


def group_mentions(events: Sequence[Event], counts: Sequence[Count] = ()) -> list[list[Event]]:
    """The events of one article grouped by incident, each group in article order.

    A mention joins the most recent incident (latest mention start; ties: the first made)
    that ``joins`` accepts. Only incidents that could accept it are tried: every mention of
    an incident shares its root and modality (``compatible``), and without a back-reference
    the mention needs the founder's dyad or a mention in its own sentence. Trying every
    incident made a long article's dedupe quadratic in its events (1 MB: ~3,500 events)."""
    incidents: list[Incident] = []
    last: list[int] = []  # latest mention start of each incident
    by_kind: dict[tuple[str, str], list[int]] = {}
    by_dyad: dict[tuple[str, str, tuple[frozenset[str], frozenset[str]]], list[int]] = {}
    by_sentence: dict[tuple[str, str, int], list[int]] = {}
    counts_at = SpanIndex(counts)
    for ev in sorted(events, key=lambda e: (e.start, e.sentence)):
        m = _mention(ev, counts_at.within(ev.start, ev.end))
        kind = (ev.root_code, ev.modality)
        if m.backref:
            tried: Iterable[int] = by_kind.get(kind, ())
        else:
            tried = set(by_dyad.get((*kind, m.dyad), ())) | set(by_sentence.get((*kind, ev.sentence), ()))
        target = next((i for i in sorted(tried, key=lambda i: (-last[i], i)) if joins(incidents[i], m)), None)
        if target is None:
            target = len(incidents)
            incidents.append(Incident([m]))
            last.append(ev.start)
            by_kind.setdefault(kind, []).append(target)
            by_dyad.setdefault((*kind, m.dyad), []).append(target)
        else:
            incidents[target].mentions.append(m)
            last[target] = max(last[target], ev.start)
        sentence = by_sentence.setdefault((*kind, ev.sentence), [])
        if target not in sentence:
            sentence.append(target)
    return [[m.event for m in inc.mentions] for inc in incidents]


def mention_evidence(ev: Event) -> dict[str, Any]:
    """What a merged mention leaves in the kept event's ``other_mentions``: its evidence."""
    return {"sentence": ev.sentence, "start": ev.start, "end": ev.end, "text": ev.text,
            "trigger_start": ev.trigger_start, "trigger_end": ev.trigger_end, "rule": ev.rule,
            "confidence": ev.confidence}


def dedupe_article(events: list[Event], counts: Sequence[Count] = ()) -> list[Event]:
    """Merge mentions of the same incident within one article (see the module docstring);
    keeps the input order of the kept events. ``counts`` are the article's counts
    (``tacitus.knowledge.find_counts``), read for casualty tolls."""
    kept: list[Event] = []
    for group in group_mentions(events, counts):
        best = max(group, key=lambda e: (e.confidence, -e.start))
        best.mentions = sum(max(e.mentions, 1) for e in group)
        best.other_mentions = sorted(
            [m for e in group if e is not best for m in (mention_evidence(e), *e.other_mentions)]
            + list(best.other_mentions),
            key=lambda m: m["start"],
        )
        if best.place is None:
            best.place = next((e.place for e in group if e.place is not None), None)
        kept.append(best)
    order = {id(e): i for i, e in enumerate(events)}
    kept.sort(key=lambda e: order[id(e)])
    return kept
