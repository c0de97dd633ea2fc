"""Within-article dedupe: mentions are merged only when they tell the same incident (issue 16).

Articles here are invented. Pure tests build events by hand; the last ones run the whole coder.
"""

from __future__ import annotations

import pytest

from tacitus.dedupe import dedupe_article, group_mentions, has_backref
from tacitus.dedupe.within import places_compatible
from tacitus.model import Actor, Count, Event, Place
from tacitus.pipeline import code_text

TOWNS = {
    "Kandahar": (1138336, "Kandahar"),
    "Herat": (1140026, "Herat"),
    "Jalalabad": (1139715, "Nangarhar"),
}


def town(name: str) -> Place:
    gid, admin1 = TOWNS[name]
    return Place(name, 0, 0, name=name, country="AFG", admin1=admin1, geonames_id=gid, feature="city")


def country(cc: str = "AFG") -> Place:
    return Place(cc, 0, 0, name=cc, country=cc, feature="country")


def actor(code: str, country: str | None = None) -> Actor:
    return Actor(code, 0, 0, code=code, country=country)


def event(n: int, text: str, *, root: str = "18", source=(), target=(), place: Place | None = None,
          date: str = "2021-03-08", precision: str = "day", sentence: int | None = None,
          confidence: float = 0.5) -> Event:
    start = n * 1000
    return Event(
        id=f"a-{n}", code=root + "0", root_code=root, source=list(source), target=list(target),
        date=date, date_precision=precision, place=place,
        sentence=n if sentence is None else sentence, start=start, end=start + len(text), text=text,
        trigger="x", confidence=confidence,
    )


def toll(ev: Event, value: int, kind: str = "killed") -> Count:
    return Count(value, False, kind, "people", None, str(value), ev.start + 1, ev.start + 2)


UNKNOWN = [actor("UAF")]
CIVILIANS = [actor("CVL")]


def test_three_bombings_in_three_towns_on_one_day_are_three_events() -> None:
    evs = [event(i, f"Unknown attackers bombed a market in {t} on Monday.", source=UNKNOWN,
                 target=CIVILIANS, place=town(t)) for i, t in enumerate(TOWNS)]
    out = dedupe_article(evs)
    assert len(out) == 3
    assert [e.mentions for e in out] == [1, 1, 1]


def test_root_dyad_and_day_alone_do_not_merge() -> None:
    # no place on either, no toll, no back-reference, two sentences: two events
    a = event(0, "Gunmen opened fire on a bus on Monday.", source=UNKNOWN, target=CIVILIANS)
    b = event(1, "Gunmen opened fire on a wedding party on Monday.", source=UNKNOWN, target=CIVILIANS)
    assert len(dedupe_article([a, b])) == 2


def test_a_definite_back_reference_merges_with_the_incident() -> None:
    a = event(0, "Rebels attacked an army convoy near the border on Tuesday.", root="19",
              source=[actor("REB")], target=[actor("MIL")], place=town("Herat"), confidence=0.9)
    b = event(1, "The attack killed five soldiers.", root="19", target=[actor("MIL")],
              date="2021-03-10", precision="published")
    out = dedupe_article([a, b])
    assert len(out) == 1
    assert out[0] is a and out[0].mentions == 2


def test_an_indefinite_or_plural_noun_is_no_back_reference() -> None:
    assert has_backref("The attack killed five soldiers.", "19")
    assert has_backref("Tuesday's bombing was the deadliest this year.", "18")
    assert has_backref("After the meeting, both ministers flew home to Oslo.", "04")
    assert not has_backref("Another attack killed five soldiers.", "19")
    assert not has_backref("A second bombing hit the city.", "18")
    assert not has_backref("No group claimed the attacks.", "19")
    assert not has_backref("It was the worst since the 2001 attack.", "19")
    assert not has_backref("The attack killed five soldiers.", "04")  # a meeting is no attack


def test_a_back_reference_does_not_cross_towns_or_tolls() -> None:
    a = event(0, "Militants bombed a checkpoint in Kandahar, killing four.", source=UNKNOWN,
              place=town("Kandahar"))
    b = event(1, "Militants bombed a checkpoint in Herat, killing two.", source=UNKNOWN,
              place=town("Herat"))
    c = event(2, "The bombing in Herat was the second this week.", source=UNKNOWN, place=town("Herat"))
    d = event(3, "The bombing killed four, officials said.", source=UNKNOWN)
    groups = group_mentions([a, b, c, d], [toll(a, 4), toll(b, 2), toll(d, 4)])
    assert [[e.id for e in g] for g in groups] == [["a-0", "a-3"], ["a-1", "a-2"]]


def test_the_same_sentence_is_one_incident() -> None:
    a = event(0, "Gunmen attacked a police station, killing three officers.", root="19",
              source=UNKNOWN, target=[actor("COP")], sentence=0)
    b = event(1, "Gunmen attacked a police station, killing three officers.", root="19",
              source=UNKNOWN, target=[actor("MIL")], sentence=0)
    assert [e.mentions for e in dedupe_article([a, b])] == [2]


def test_the_same_town_or_the_same_toll_is_evidence() -> None:
    a = event(0, "Unknown attackers bombed a market in Herat.", source=UNKNOWN, place=town("Herat"))
    b = event(1, "Unknown attackers bombed a shop in Herat.", source=UNKNOWN, place=town("Herat"))
    assert len(dedupe_article([a, b])) == 1
    c = event(2, "Unknown attackers bombed a bus, killing nine.", source=UNKNOWN)
    d = event(3, "Unknown attackers bombed a bus, killing nine people.", source=UNKNOWN)
    assert len(dedupe_article([c, d], [toll(c, 9), toll(d, 9)])) == 1


def test_different_tolls_keep_incidents_apart_even_in_one_place() -> None:
    a = event(0, "Unknown attackers bombed a market in Herat, killing four.", source=UNKNOWN,
              place=town("Herat"))
    b = event(1, "Unknown attackers bombed a shop in Herat, killing two.", source=UNKNOWN,
              place=town("Herat"))
    assert len(dedupe_article([a, b], [toll(a, 4), toll(b, 2)])) == 2


def test_places_nest() -> None:
    assert places_compatible(town("Herat"), country("AFG"))
    assert places_compatible(None, town("Herat"))
    assert not places_compatible(town("Herat"), town("Kandahar"))
    assert not places_compatible(town("Herat"), country("PAK"))
    herat_province = Place("Herat", 0, 0, name="Herat", country="AFG", feature="admin1")
    assert places_compatible(town("Herat"), herat_province)
    assert not places_compatible(town("Jalalabad"), herat_province)


def test_different_days_or_modalities_do_not_merge() -> None:
    a = event(0, "Unknown attackers bombed a market in Herat on Monday.", source=UNKNOWN, place=town("Herat"))
    b = event(1, "Unknown attackers bombed a market in Herat on Tuesday.", source=UNKNOWN,
              place=town("Herat"), date="2021-03-09")
    assert len(dedupe_article([a, b])) == 2
    c = event(2, "The bombing in Herat will be investigated.", source=UNKNOWN, place=town("Herat"))
    c.modality = "future"
    assert len(dedupe_article([a, c])) == 2


def test_mentions_add_up_and_the_place_is_filled() -> None:
    a = event(0, "Rebels attacked a convoy.", root="19", source=[actor("REB")], target=[actor("MIL")],
              confidence=0.9)
    b = event(1, "The attack near Herat killed five soldiers.", root="19", target=[actor("MIL")],
              place=town("Herat"))
    b.mentions = 2  # already a merged pair
    out = dedupe_article([a, b])
    assert len(out) == 1 and out[0].mentions == 3 and out[0].place is not None


def test_a_merged_mention_keeps_its_evidence() -> None:
    a = event(0, "Rebels attacked a convoy.", root="19", source=[actor("REB")], target=[actor("MIL")],
              confidence=0.9)
    b = event(1, "The attack near Herat killed five soldiers.", root="19", target=[actor("MIL")])
    b.other_mentions = [{"sentence": 2, "start": 2000, "end": 2010, "text": "The attack", "trigger_start": None,
                         "trigger_end": None, "rule": "N190.attack", "confidence": 0.4}]
    (kept,) = dedupe_article([a, b])
    assert kept is a
    assert [(m["sentence"], m["start"], m["text"]) for m in kept.other_mentions] == [
        (1, 1000, "The attack near Herat killed five soldiers."), (2, 2000, "The attack"),
    ]
    assert kept.other_mentions[0]["confidence"] == 0.5


# -- the whole coder on invented articles --------------------------------------------------

BOMBINGS = (
    "Unknown attackers bombed a market in Kandahar on Monday, killing four civilians. "
    "Unknown attackers bombed a market in Herat on Monday, killing two civilians. "
    "Unknown attackers bombed a market in Jalalabad on Monday, killing seven civilians."
)
CONVOY = "Rebels attacked a government convoy near Goma on Tuesday. Officials said the attack killed five soldiers."


@pytest.mark.parametrize("root", ["18", "19"])
def test_coder_keeps_three_bombings_apart(root: str) -> None:
    art = code_text(BOMBINGS, published="2021-03-10")
    events = [e for e in art.events if e.root_code == root]
    assert len(events) == 3
    assert all(e.mentions == 1 for e in events)
    assert len({e.place.geonames_id for e in events if e.place}) == 3


def test_coder_merges_a_back_reference() -> None:
    art = code_text(CONVOY, published="2021-03-10")
    attacks = [e for e in art.events if e.root_code == "19"]
    assert len(attacks) == 1
    assert attacks[0].mentions == 2
    assert attacks[0].text.startswith("Rebels attacked")
    (other,) = attacks[0].other_mentions
    assert other["text"] == "Officials said the attack killed five soldiers."
    assert CONVOY[other["start"] : other["end"]] == other["text"]
