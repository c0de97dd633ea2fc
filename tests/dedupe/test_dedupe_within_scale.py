"""Within-article dedupe tries only the incidents a mention could join (issue 18, scale
curve): the same groups as trying every incident, on many random articles."""

from __future__ import annotations

import random

import pytest

from tacitus.dedupe import group_mentions
from tacitus.dedupe.within import Incident, joins
from tacitus.model import Actor, Count, Event, Place

PLACES = [
    Place("Kandahar", 0, 0, name="Kandahar", country="AFG", admin1="Kandahar", geonames_id=1138336, feature="city"),
    Place("Herat", 0, 0, name="Herat", country="AFG", admin1="Herat", geonames_id=1140026, feature="city"),
    Place("AFG", 0, 0, name="AFG", country="AFG", feature="country"),
    None,
]
TEXTS = ["Militants attacked a convoy.", "The attack killed soldiers.", "Monday's bombing wounded many.",
         "Another attack hit a market.", "Officials met envoys.", "The meeting ended."]


def _every_incident(events: list[Event], counts: list[Count]) -> list[list[Event]]:
    """The grouping as it was: every incident tried, most recent first."""
    from tacitus.dedupe.within import _mention

    incidents: list[Incident] = []
    for ev in sorted(events, key=lambda e: (e.start, e.sentence)):
        m = _mention(ev, counts)
        target = next((inc for inc in sorted(incidents, key=lambda i: -i.last) if joins(inc, m)), None)
        if target is None:
            incidents.append(Incident([m]))
        else:
            target.mentions.append(m)
    return [[m.event for m in inc.mentions] for inc in incidents]


def _article(rnd: random.Random, n: int) -> tuple[list[Event], list[Count]]:
    sides = [(), ("UAF",), ("AFGMIL",), ("AFGINSTAL",), ("AFGMIL", "CVL")]
    events, counts = [], []
    for i in range(n):
        sentence = rnd.randrange(max(1, n // 2))
        start = sentence * 100 + rnd.randrange(3) * 10
        text = rnd.choice(TEXTS)
        ev = Event(
            id=f"a-{i}", code="190", root_code=rnd.choice(["18", "19", "04"]),
            source=[Actor(c, 0, 0, code=c, country="AFG") for c in rnd.choice(sides)],
            target=[Actor(c, 0, 0, code=c, country="AFG") for c in rnd.choice(sides)],
            modality=rnd.choice(["asserted", "asserted", "negated"]),
            date=rnd.choice(["2021-03-08", "2021-03-09", "2021-03", None]), date_precision=rnd.choice(["day", "published"]),
            place=rnd.choice(PLACES), place_rule=rnd.choice([None, "sentence", "dateline"]),
            sentence=sentence, start=start, end=start + len(text), text=text, confidence=rnd.random(),
        )
        events.append(ev)
        if rnd.random() < 0.3:
            at = start + rnd.randrange(len(text))
            counts.append(Count(rnd.choice([2, 3]), rnd.random() < 0.2, rnd.choice(["killed", "wounded", "people"]),
                                "people", None, "x", at, at + rnd.randrange(1, 8)))
    rnd.shuffle(counts)
    return events, counts


@pytest.mark.parametrize("seed", range(6))
def test_trying_only_possible_incidents_groups_as_trying_every_one(seed: int) -> None:
    rnd = random.Random(seed)
    merged = 0
    for _ in range(40):
        events, counts = _article(rnd, rnd.randint(1, 60))
        expected = [[e.id for e in g] for g in _every_incident(events, counts)]
        assert [[e.id for e in g] for g in group_mentions(events, counts)] == expected
        merged += sum(len(g) > 1 for g in expected)
    assert merged > 10  # mentions did join incidents: the comparison is not vacuous
