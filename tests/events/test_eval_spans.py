"""Span scoring of `tacitus eval events`: ConfliBERT's reciprocal (R) spans, one-to-one matching, and
the printed actor spans of the public record under the scoring conventions."""

from __future__ import annotations

from pathlib import Path

import pytest

from tacitus.eval.events import (
    Sentence,
    _matches,
    _offset_map,
    _span_convention,
    _spans_of,
    _top,
    code_records,
    read_spans,
)

CONLL = """Egypt B-R
met O
Jordan B-R
's I-R
king I-R
. O

Rebels B-S
shelled O
the B-T
town I-T
. O

Iran B-S
’ I-S
s I-S
army I-S
did O
n't O
fire O
. O

Mr B-S
. I-S
Smith I-S
met O
U B-R
. I-R
S I-R
. I-R
envoys I-R
. O

Egypt B-S
deported O
2 B-T
, I-T
374 I-T
migrants I-T
. O
"""


@pytest.fixture()
def spans(tmp_path: Path):
    path = tmp_path / "spans.conll"
    path.write_text(CONLL, encoding="utf-8")
    return read_spans(path)


def test_reciprocal_spans_are_read(spans):
    assert [(s.text, s.gold) for s in spans] == [
        ("Egypt met Jordan 's king .", [("R", 0, 5), ("R", 10, 24)]),
        ("Rebels shelled the town .", [("S", 0, 6), ("T", 15, 23)]),
        # the possessive and "n't" split by the tokenizer are rejoined as the news text had them
        ("Iran’s army didn't fire .", [("S", 0, 11)]),
        # a title's and initials' full stops too
        ("Mr. Smith met U.S. envoys .", [("S", 0, 9), ("R", 14, 25)]),
        # and the separators of numbers
        ("Egypt deported 2,374 migrants .", [("S", 0, 5), ("T", 15, 29)]),
    ]


def _exact(ps: int, pe: int, gs: int, ge: int) -> bool:
    return (ps, pe) == (gs, ge)


@pytest.mark.parametrize(
    "pred,gold,expected",
    [
        ([("S", 0, 5), ("T", 10, 24)], [("R", 0, 5), ("R", 10, 24)], 2),  # a direction given to a reciprocal act
        ([("T", 0, 6)], [("S", 0, 6)], 0),  # a source is not a target
        ([("S", 0, 6), ("S", 0, 6)], [("S", 0, 6)], 1),  # one gold span matches once
        ([("S", 0, 5)], [("R", 0, 5), ("S", 0, 5)], 1),  # the exact role is used first
    ],
)
def test_matches(pred, gold, expected):
    assert _matches(pred, gold, _exact) == expected


def _actor(text: str, phrase: str, nth: int = 0) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return {"text": phrase, "start": start, "end": start + len(phrase), "code": None, "country": None}


@pytest.mark.parametrize(
    "text,phrases,expected",
    [
        # coordinated actors, printed one by one, make one span
        ("Chile and Peru signed a pact .", ["Chile", "Peru"], ["Chile and Peru"]),
        ("Chile , Peru and Bolivia met .", ["Chile", "Peru", "Bolivia"], ["Chile , Peru and Bolivia"]),
        ("Chile, Peru, and Bolivia met.", ["Chile", "Peru", "Bolivia"], ["Chile, Peru, and Bolivia"]),
        # other words between them keep them apart
        ("Chile with Peru signed a pact .", ["Chile", "Peru"], ["Chile", "Peru"]),
        # a span inside another of the same role is dropped
        ("the Chilean navy fired .", ["the Chilean navy", "Chilean"], ["the Chilean navy"]),
        # a repeated span counts once
        ("Chile fired .", ["Chile", "Chile"], ["Chile"]),
    ],
)
def test_span_convention(text, phrases, expected):
    spans = [(a["start"], a["end"]) for a in (_actor(text, p) for p in phrases)]
    assert [text[s:e] for s, e in _span_convention(spans, text)] == expected


def test_printed_spans_of_an_event_by_role():
    text = "Chile and Peru accused Bolivia ."
    ev = {"source": [_actor(text, "Chile"), _actor(text, "Peru")], "target": [_actor(text, "Bolivia")]}
    assert [(role, text[s:e]) for role, s, e in _spans_of(ev, text, text)] == [
        ("S", "Chile and Peru"),
        ("T", "Bolivia"),
    ]


def test_counterparts_of_a_mutual_act_are_one_party_span():
    text = "Chile and Peru signed a treaty ."
    ev = {"source": [_actor(text, "Chile")], "target": [_actor(text, "Peru")],
          "trace": {"target_rule": "recip:subj:nsubj"}}
    assert [(role, text[s:e]) for role, s, e in _spans_of(ev, text, text)] == [("S", "Chile and Peru")]


def test_printed_spans_map_from_the_clean_text_to_the_item():
    """Offsets are into the clean article text; where cleaning changed it they are carried back."""
    item = "Chile  accused\tBolivia ."
    clean = "Chile accused Bolivia ."
    ev = {"source": [_actor(clean, "Chile")], "target": [_actor(clean, "Bolivia")]}
    assert [(role, item[s:e]) for role, s, e in _spans_of(ev, clean, item)] == [("S", "Chile"), ("T", "Bolivia")]
    at = _offset_map(clean, clean)
    assert [at(0), at(9)] == [0, 9]


def test_top_event_is_the_most_confident_then_the_earliest():
    evs = [
        {"code": "043", "confidence": 0.5, "trigger_start": 3},
        {"code": "190", "confidence": 0.9, "trigger_start": 40},
        {"code": "111", "confidence": 0.9, "trigger_start": 20},
    ]
    assert _top(evs)["code"] == "111"
    assert _top([]) is None


def _coded(text: str) -> tuple[dict, list[dict]]:
    [rec] = code_records([Sentence(text, None)])
    return rec, rec["events"]


def test_coordinated_actors_make_one_span():
    text = "Russia and Iran attacked Turkey."
    rec, events = _coded(text)
    assert rec["text"] == text
    top = _top(events)
    assert top is not None
    assert [(role, text[s:e]) for role, s, e in _spans_of(top, rec["text"], text)] == [
        ("S", "Russia and Iran"),
        ("T", "Turkey"),
    ]


def test_pronoun_source_spans_its_antecedent_in_the_sentence():
    """The printed actor names the pronoun's antecedent: "when the teachers met ..., they agreed"."""
    text = "When the Iraqi teachers met the minister, they agreed to end the strike."
    rec, events = _coded(text)
    agreed = [ev for ev in events if ev["code"] == "0352"]
    assert agreed
    assert [(role, text[s:e]) for role, s, e in _spans_of(agreed[0], rec["text"], text)] == [("S", "the Iraqi teachers")]


def test_a_weapon_is_no_source_span():
    """"fired a cruise-missile salvo": the source is who fired it, not the missile."""
    text = "Iranian armed forces fired a cruise-missile salvo at rebel bases."
    rec, events = _coded(text)
    top = _top(events)
    assert top is not None and [a["code"] for a in top["source"]] == ["IRNMIL"]
    assert ("S", "Iranian armed forces") in [(role, text[s:e]) for role, s, e in _spans_of(top, rec["text"], text)]


@pytest.mark.parametrize(
    "text,printed,gold,kind",
    [
        ("Chile rejected Peru 's offer .", "Peru", "Peru 's offer", "narrower: the printed actor is the possessor in the gold phrase"),
        ("Chile rejected the Peruvian offer .", "Peruvian offer", "the Peruvian offer", "narrower: gold adds a determiner"),
        ("Chile rejected the Peruvian offer .", "the Peruvian offer", "Peruvian offer", "wider: printed adds a determiner"),
        ("Chilean hackers struck .", "Chilean", "Chilean hackers", "narrower: gold adds words on the right (head, phrase)"),
        ("Chile and Peru met .", "Chile and Peru", "Chile", "wider: printed adds a coordinated actor"),
    ],
)
def test_printed_span_differences_by_kind(text, printed, gold, kind):
    from tacitus.eval.events import _difference

    ps, gs = text.index(printed), text.index(gold)
    assert _difference(ps, ps + len(printed), gs, gs + len(gold), text) == kind
