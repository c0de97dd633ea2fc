"""Span matching of `tacitus eval events`: ConfliBERT's reciprocal (R) spans and one-to-one matching."""

from __future__ import annotations

from pathlib import Path

import pytest

from tacitus.eval.events import _matches, read_spans

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


def test_coordinated_actors_make_one_span(nlp, actor_of):
    from tacitus.eval.events import _spans_of
    from tacitus.events import code_doc

    doc = nlp("Russia and Iran attacked Turkey.")
    [coded] = code_doc(doc, actor_of, "t")
    assert [(role, doc.text[s:e]) for role, s, e in _spans_of(coded)] == [("S", "Russia and Iran"), ("T", "Turkey")]


def test_pronoun_source_spans_its_antecedent_in_the_sentence(nlp):
    """The argument span names the actor: "when the teachers met ..., they agreed" spans the teachers."""
    from tacitus.eval.events import _spans_of, make_coder

    text = "When the Iraqi teachers met the minister, they agreed to end the strike."
    coded = make_coder()(nlp(text), None)
    agreed = [c for c in coded if c.event.code == "0352"]
    assert [(role, text[s:e]) for role, s, e in _spans_of(agreed[0])] == [("S", "the Iraqi teachers")]


def test_a_weapon_is_no_source_span(nlp):
    """"launched a cruise-missile attack": the source is who launched it, not the missile."""
    from tacitus.eval.events import _spans_of, _top, make_coder

    text = "Iranian armed forces fired a cruise-missile salvo at rebel bases."
    top = _top(make_coder()(nlp(text), None))
    assert top is not None and [a.code for a in top.event.source] == ["IRNMIL"]
    assert ("S", "Iranian armed forces") in [(role, text[s:e]) for role, s, e in _spans_of(top)]
