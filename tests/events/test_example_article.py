"""The example article through spaCy + the real actors stage + events (issue 2's list)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tacitus import actors
from tacitus.events import code_events

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "military-times-afghanistan-ceasefire.txt"
PUBLISHED = "2019-07-19"


@pytest.fixture(scope="module")
def events(nlp):
    text = EXAMPLE.read_text(encoding="utf-8")
    # the ingest stage drops the author bio; code only the article body here
    body = text[: text.index("Leo covers")]
    doc = nlp(body)
    mentions = actors.resolve_mentions(doc, actors.load_coder([]), PUBLISHED)
    return code_events(doc, mentions.actor_of, "ex")


def _find(events, root, trigger_word):
    return [e for e in events if e.root_code == root and trigger_word in (e.trigger or "")]


def test_white_house_push_for_permanent_cease_fire(events):
    (e,) = _find(events, "02", "pushing")
    assert e.code == "0256" and e.modality == "asserted"
    assert [a.code for a in e.source] == ["USAGOV"]
    assert {a.code[:3] for a in e.target} == {"AFG"}
    assert len(e.target) == 2  # the Taliban and the Afghan forces


def test_trump_khan_meeting_is_future_consult(events):
    (e,) = _find(events, "04", "meet")
    assert (e.code, e.modality) == ("040", "future")
    assert [a.code for a in e.source] == ["USAGOV"] and [a.code for a in e.target] == ["PAKGOV"]


def test_trump_asks_khan_for_cooperation(events):
    (e,) = _find(events, "02", "ask")
    assert e.modality == "future" and e.code.startswith("02")
    assert [a.code for a in e.source] == ["USAGOV"] and [a.code for a in e.target] == ["PAKGOV"]


def test_afghan_officials_meet_taliban_in_qatar(events):
    (e,) = _find(events, "04", "met")
    assert e.modality == "asserted"
    assert [a.code for a in e.source] == ["AFGGOV"] and [a.group for a in e.target] == ["TAL"]


def test_uptick_in_taliban_attacks(events):
    (e,) = _find(events, "19", "attacks")
    assert [a.group for a in e.source] == ["TAL"]


def test_pompeo_hopeful_of_a_peace_deal(events):
    (e,) = [e for e in events if e.root_code == "01" and e.trigger == "hopeful" and "Pompeo" in e.text]
    assert e.code == "013" and [a.name for a in e.source] == ["Mike Pompeo"]


def test_white_house_hopeful_about_pakistan(events):
    (e,) = [e for e in events if e.trigger == "hopeful" and "White House" in e.text]
    assert (e.code, [a.code for a in e.source]) == ("013", ["USAGOV"])


def test_an_opinion_with_should_is_not_a_demand(events):
    assert not [e for e in events if e.root_code == "10"]


def test_nothing_from_the_bio_or_background(events):
    assert all("Leo" not in e.text for e in events)
    # no spurious act from the background sentences (troop deaths, stationing, the 2001 war)
    assert not [e for e in events if "died" in e.text or "stationed" in e.text]
