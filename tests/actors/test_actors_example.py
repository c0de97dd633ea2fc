"""The example article (Military Times, 2019-07-19): every actor the issue names."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("phrase", "occurrence", "code", "name"),
    [
        ("White House officials", 0, "USAGOV", "White House"),
        ("Taliban troops", 0, "AFGINSTAL", "Taliban"),
        ("Afghanistan security forces", 0, "AFGMIL", None),
        ("President Donald Trump", 0, "USAGOV", "Donald Trump"),
        ("Pakistan Prime Minister Imran Khan", 0, "PAKGOV", "Imran Khan"),
        ("Senior administration officials", 0, "USAGOV", None),
        ("reporters", 0, "MED", None),
        ("the Pakistani military", 0, "PAKMIL", None),
        ("Trump will ask Khan", 0, "PAKGOV", "Imran Khan"),
        ("a senior official", 0, "USAGOV", None),
        ("Fox News", 0, "USAMED", "Fox News"),
        ("Pentagon leaders", 0, "USAMIL", "Pentagon"),
        ("Afghan government officials", 0, "AFGGOV", None),
        ("Taliban negotiators", 0, "AFGINSTAL", "Taliban"),
        ("Secretary of State Mike Pompeo", 0, "USAGOV", "Mike Pompeo"),
    ],
)
def test_example_actor(at, example, phrase, occurrence, code, name):
    doc, mentions = example
    head = "Khan" if phrase.endswith("Khan") else None
    actor = mentions.actor_of(at(doc, phrase, occurrence, head))
    assert actor is not None
    assert (actor.code, actor.name) == (code, name)


def test_taliban_carries_known_group(at, example):
    doc, mentions = example
    actor = mentions.actor_of(at(doc, "Taliban troops"))
    assert (actor.country, actor.role, actor.group) == ("AFG", "INS", "TAL")


def test_pakistan_alone_is_the_country(at, example):
    doc, mentions = example
    actor = mentions.actor_of(at(doc, "that Pakistan can", head="Pakistan"))
    assert (actor.code, actor.country, actor.role) == ("PAK", "PAK", None)


def test_actor_span_is_the_phrase(at, example):
    doc, mentions = example
    actor = mentions.actor_of(at(doc, "Pakistan Prime Minister Imran Khan", head="Khan"))
    assert actor.text == "Pakistan Prime Minister Imran Khan"
    assert doc.text[actor.start:actor.end] == actor.text


def test_pronoun_subject_after_named_person(at, example):
    doc, mentions = example
    actor = mentions.actor_of(at(doc, "Trump said he believes", head="he"))
    assert (actor.text, actor.name, actor.code) == ("he", "Donald Trump", "USAGOV")


@pytest.mark.parametrize("phrase", ["a meeting focused", "trade and human", "the talks"])
def test_non_actor_phrases(at, example, phrase):
    doc, mentions = example
    word = {"a meeting focused": "meeting", "trade and human": "trade", "the talks": "talks"}[phrase]
    assert mentions.actor_of(at(doc, phrase, head=word)) is None


def test_capital_as_place_is_not_an_actor(at, example):
    from tacitus.actors import code_entities

    doc, mentions = example
    ents = [e for e in code_entities(doc, mentions) if e.text == "Washington"]
    assert ents and ents[0].actor is None


def test_seat_inside_an_actor_phrase_is_an_actor_entity(example):
    from tacitus.actors import code_entities

    doc, mentions = example
    first = next(e for e in code_entities(doc, mentions) if e.text == "White House")
    assert first.actor is not None and first.actor.code == "USAGOV"


def test_ally_in_a_country_is_not_that_country(at, example):
    doc, mentions = example
    assert mentions.actor_of(at(doc, "a key ally")) is None
