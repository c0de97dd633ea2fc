"""One clause anchor: the event's modality, date and place hang on the same clause (the one
the coder took the modality from), not on the clause of the verb that reports it."""

from __future__ import annotations

import copy

from tacitus import dates, geo, ingest
from tacitus.nlp import load_nlp
from tacitus.pipeline import get_pipeline

PUBLISHED = "2024-05-15"  # a Wednesday
SENTENCE = "Officials in Cairo said on Monday that Turkey will attack Kurdish militants in Syria on Friday."


def _coded():
    article = ingest.article_from_text(SENTENCE, published=PUBLISHED)
    doc = load_nlp()(article.text)
    return get_pipeline().code_doc(article, doc), doc


def test_modality_date_and_place_hang_on_the_anchor_clause() -> None:
    article, doc = _coded()
    (ev,) = article.events
    anchor = doc[ev.trace["anchor"]]
    assert (anchor.text, ev.code, ev.modality, ev.trace["modality_cue"]) == ("attack", "190", "future", "will")
    # Friday and Syria belong to the attack's clause; Monday and Cairo to the reporting one
    assert (ev.date, ev.date_rule) == ("2024-05-17", "clause")
    assert (ev.place.name if ev.place else None, ev.place_rule) == ("Syria", "clause")


def test_dates_and_places_follow_the_anchor_they_are_given() -> None:
    article, doc = _coded()
    ev = copy.deepcopy(article.events[0])
    said = next(t for t in doc if t.text == "said")
    ev.trace["anchor"] = said.i
    dates.date_events([ev], article.dates, doc, PUBLISHED)
    geo.place_events([ev], article.places, doc, article.text)
    assert (ev.date, ev.date_rule) == ("2024-05-13", "clause")
    assert (ev.place.name if ev.place else None, ev.place_rule) == ("Cairo", "clause")
