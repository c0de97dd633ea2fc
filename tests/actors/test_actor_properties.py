"""Invariants of actor_of over arbitrary news-like text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tacitus.actors import code_entities, resolve_mentions

WORDS = [
    "Pakistani", "troops", "the", "White", "House", "said", "Trump", "Khan", "he", "met", "in",
    "Kabul", "officials", "Taliban", "and", "of", "Washington", "the", "prime", "minister",
    "Kremlin", "rebels", "attacked", "police", ",", ".", "U.N.", "al-Qaeda", "’s", "'s", "IS",
    "Is", "they", "former", "President", "Vladimir", "Putin", "Gaza", "Kharkiv",
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=25),
       date=st.sampled_from([None, "1999-01-01", "2019-07-19", "2026-03-01", "2026"]))
def test_actor_spans_are_article_text(nlp, coder, words, date):
    doc = nlp(" ".join(words))
    mentions = resolve_mentions(doc, coder, date)
    for tok in doc:
        actor = mentions.actor_of(tok)
        if actor is not None:
            assert doc.text[actor.start:actor.end] == actor.text
            assert actor.code and actor.rule and 0 < actor.confidence <= 1
    for ent in code_entities(doc, mentions):
        assert doc.text[ent.start:ent.end] == ent.text


def test_empty_article(nlp, coder):
    doc = nlp("")
    mentions = resolve_mentions(doc, coder, "2020-01-01")
    assert code_entities(doc, mentions) == []


def test_actor_of_ignores_other_objects(nlp, coder):
    doc = nlp("Pakistan protested.")
    assert resolve_mentions(doc, coder, None).actor_of("Pakistan") is None
