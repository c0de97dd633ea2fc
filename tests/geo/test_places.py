"""Toponyms found and resolved with the article's context; each event's place."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tacitus.geo import _clean, _dateline, find_places, place_events
from tacitus.geo.gazetteer import gazetteer
from tacitus.model import Actor, Article, Event, Place


def _places(nlp, text: str) -> list[Place]:
    return find_places(nlp(text), Article(id="t", text=text))


def _resolved(nlp, text: str) -> dict[str, tuple]:
    return {p.text: (p.name, p.country, p.feature) for p in _places(nlp, text) if p.name}


def test_example_places(example_doc):
    got = {
        (p.text, p.country, p.feature)
        for p in find_places(example_doc, Article(id="x", text=example_doc.text))
    }
    assert ("Qatar", "QAT", "country") in got
    assert ("Washington", "USA", "city") in got
    assert ("Afghan", "AFG", "country") in got
    assert ("Pakistani", "PAK", "country") in got


def test_place_record_fields(example_doc):
    (qatar,) = [
        p
        for p in find_places(example_doc, Article(id="x", text=example_doc.text))
        if p.text == "Qatar"
    ]
    assert example_doc.text[qatar.start : qatar.end] == "Qatar"
    assert qatar.geonames_id == 289688 and qatar.lat is not None and qatar.lon is not None


@pytest.mark.parametrize(
    ("text", "mention", "name", "country", "admin1"),
    [
        (
            "Taliban fighters attacked a checkpoint in Kandahar on Sunday.",
            "Kandahar",
            "Kandahār",
            "AFG",
            None,
        ),
        (
            "Police in Athens, Georgia, arrested two men after a shooting near the university.",
            "Athens",
            "Athens",
            "USA",
            "Georgia",
        ),
        (
            "Protesters marched through Athens as Greek lawmakers voted on the austerity bill.",
            "Athens",
            "Athens",
            "GRC",
            None,
        ),
        (
            "Russian troops remained in Georgia after the war with Tbilisi.",
            "Georgia",
            "Georgia",
            "GEO",
            None,
        ),
        (
            "Voters in Georgia and Alabama went to the polls on Tuesday.",
            "Georgia",
            "Georgia",
            "USA",
            None,
        ),
        # an old name of a capital (Amman was Philadelphia) does not outrank the city of that name
        (
            "The mayor of Philadelphia met the protesters on Monday.",
            "Philadelphia",
            "Philadelphia",
            "USA",
            None,
        ),
        (
            "Protesters marched through Amman on Friday.",
            "Amman",
            "Amman",
            "JOR",
            None,
        ),
        (
            "The governor said Springfield, Ill., would receive federal aid.",
            "Springfield",
            "Springfield",
            "USA",
            "Illinois",
        ),
    ],
)
def test_context_resolves_ambiguous_names(nlp, text, mention, name, country, admin1):
    (p,) = [p for p in _places(nlp, text) if p.text == mention]
    assert (p.name, p.country) == (name, country)
    if admin1:
        assert p.admin1 == admin1


def test_demonym_is_a_country(nlp):
    assert _resolved(nlp, "Iraqi forces shelled the town.")["Iraqi"] == ("Iraq", "IRQ", "country")


def test_unknown_street_keeps_its_span_without_coordinates(nlp):
    text = "The fire started at a warehouse on Quarry Lane in Pleasanton."
    for p in _places(nlp, text):
        if p.name is None:
            assert p.lat is None and p.country is None and text[p.start : p.end] == p.text


def _event(doc, trigger: str) -> Event:
    ts = next(t.idx for t in doc if t.text == trigger)
    sent = next(s for s in doc.sents if s.start_char <= ts < s.end_char)
    return Event(
        id="e",
        code="04",
        root_code="04",
        start=sent.start_char,
        end=sent.end_char,
        text=sent.text,
        trigger=trigger,
        trigger_start=ts,
        trigger_end=ts + len(trigger),
    )


@pytest.mark.parametrize(
    ("trigger", "name", "country"),
    [("meet", "Washington", "USA"), ("met", "Qatar", "QAT")],
)
def test_example_event_places(example_doc, trigger, name, country):
    places = find_places(example_doc, Article(id="x", text=example_doc.text))
    ev = _event(example_doc, trigger)
    place_events([ev], places, example_doc)
    assert ev.place is not None and (ev.place.name, ev.place.country) == (name, country)


def test_clause_place_wins_over_other_places_of_the_sentence(nlp):
    doc = nlp(
        "Iranian officials met European diplomats in Vienna, days after talks in Geneva collapsed."
    )
    places = find_places(doc, Article(id="x", text=doc.text))
    ev = _event(doc, "met")
    place_events([ev], places, doc)
    assert ev.place is not None and ev.place.name == "Vienna"


def test_two_unattached_places_give_no_place(nlp):
    doc = nlp("France and Germany signed the agreement.")
    places = find_places(doc, Article(id="x", text=doc.text))
    ev = _event(doc, "signed")
    place_events([ev], places, doc)
    # the sentence gives no place: any place is inferred from the article, and says so
    assert ev.place_rule not in ("clause", "sentence")
    assert ev.place is None or ev.place_rule == "article-main-place"


def test_a_demonym_alone_does_not_place_an_event(nlp):
    doc = nlp("Afghan officials criticized the decision.")
    places = find_places(doc, Article(id="x", text=doc.text))
    ev = _event(doc, "criticized")
    place_events([ev], places, doc)
    # the sentence gives no place: any place is inferred from the article, and says so
    assert ev.place_rule not in ("clause", "sentence")
    assert ev.place is None or ev.place_rule == "article-main-place"


@given(st.text(max_size=120))
@settings(max_examples=40, deadline=None)
def test_dateline_and_clean_accept_any_text(text):
    gaz = gazetteer()
    assert isinstance(_dateline(text, gaz), list)
    lookup, _hint = _clean(text, gaz)
    assert isinstance(lookup, str)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("KABUL, Afghanistan — Gunmen attacked a bank.", "Kabul"),
        ("WASHINGTON (AP) — The Senate voted.", "Washington"),
    ],
)
def test_dateline(text, name):
    assert [e.name for e in _dateline(text, gazetteer())][:1] == [name]


@pytest.mark.parametrize(
    ("sentence", "trigger"),
    [
        # a place that is the origin of a thing, not where the act happens
        ("The minister asked Britain for closer cooperation from Ireland on border checks.", "asked"),
        # a place inside another clause of the sentence
        ("The senator said the committee believes a presence in Iraq is still necessary.", "said"),
        # a place that is the topic
        ("Officials said Syria would be the main subject of the summit.", "said"),
    ],
)
def test_a_place_that_does_not_locate_the_event_gives_no_place(nlp, sentence, trigger):
    doc = nlp(sentence)
    places = find_places(doc, Article(id="x", text=doc.text))
    ev = _event(doc, trigger)
    place_events([ev], places, doc)
    # the sentence gives no place: any place is inferred from the article, and says so
    assert ev.place_rule not in ("clause", "sentence")
    assert ev.place is None or ev.place_rule == "article-main-place"


def test_a_place_of_the_governing_clause_locates_the_event(nlp):
    doc = nlp("In Kabul, police said gunmen attacked a checkpoint overnight.")
    places = find_places(doc, Article(id="x", text=doc.text))
    ev = _event(doc, "attacked")
    place_events([ev], places, doc)
    assert ev.place is not None and ev.place.name == "Kabul"


def _code_places(nlp, text, trigger, quad_class, source_country=None):
    doc = nlp(text)
    places = find_places(doc, Article(id="x", text=doc.text))
    ev = _event(doc, trigger)
    ev.quad_class = quad_class
    if source_country:
        ev.source = [Actor(text="officials", start=0, end=9, code=source_country + "GOV", country=source_country, role="GOV")]
    place_events([ev], places, doc, doc.text)
    return ev


def test_a_place_of_the_sentence_beats_the_dateline(nlp):
    text = (
        "KABUL, Afghanistan — Gunmen attacked a checkpoint in Kandahar on Tuesday, officials said.\n\n"
        "The governor of the province condemned the attack."
    )
    ev = _code_places(nlp, text, "attacked", 4)
    assert ev.place is not None and ev.place.text == "Kandahar"
    assert ev.place_rule in ("clause", "sentence")


def test_a_statement_without_a_place_is_placed_at_the_dateline(nlp):
    text = (
        "Invented headline about border talks.\n\n"
        "KABUL (Reuters) ― The governor of the province condemned the attack on Tuesday.\n\n"
        "Pakistan and Pakistan's army and Pakistan were named again and again."
    )
    ev = _code_places(nlp, text, "condemned", 3)
    assert ev.place is not None and (ev.place.name, ev.place.country) == ("Kabul", "AFG")
    assert ev.place_rule == "dateline"
    assert ev.place.confidence is not None and ev.place.confidence <= 0.6


def test_a_fight_reported_from_a_capital_happens_in_the_country_the_article_is_about(nlp):
    text = (
        "WASHINGTON — Syria remains at war, officials said on Monday.\n\n"
        "Rebels shelled an army post overnight, a monitor reported. "
        "Syria's government denied it, and Syria's army said Syria would respond."
    )
    ev = _code_places(nlp, text, "shelled", 4)
    assert ev.place is not None and ev.place.country == "SYR"
    assert ev.place_rule == "article-main-place"
    assert ev.place.confidence is not None and ev.place.confidence <= 0.4


def test_a_statement_by_another_countrys_actor_is_not_placed_in_the_story_setting(nlp):
    text = (
        "Syria's army shelled a village, and Syria's government denied it. Syria was quiet later.\n\n"
        "French officials condemned the shelling on Monday."
    )
    ev = _code_places(nlp, text, "condemned", 3, source_country="FRA")
    assert ev.place is None and ev.place_rule is None
    ev = _code_places(nlp, text, "condemned", 3, source_country="SYR")
    assert ev.place is not None and ev.place.country == "SYR" and ev.place_rule == "article-main-place"


def test_dateline_after_a_headline():
    text = "Invented headline.\n\nWASHINGTON (AP) ― The Senate voted."
    assert [e.name for e in _dateline(text, gazetteer())][:1] == ["Washington"]
