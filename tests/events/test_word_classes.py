"""Word classes in patterns (``&NAME``) and the typed cue accessors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tacitus.errors import TacitusError
from tacitus.events import code_events, load_patterns, parse_patterns
from tacitus.events.tables import builtin_patterns, cue_values, cue_words
from tacitus.lexicon.words import word_class

HURL_PATTERN = "id\tcode\tpos\tlemmas\tparticle\tobject\ttarget\tflags\tnotes\nU194.hurl\t194\tV\thurl\t-\t&PROJECTILE\t-\t-\thurling shells\n"


def test_a_user_pattern_with_a_class_matches_any_lemma_of_it(nlp, actor_of, tmp_path: Path) -> None:
    path = tmp_path / "mine.tsv"
    path.write_text(HURL_PATTERN, encoding="utf-8")
    patterns = load_patterns([path])
    hurled = code_events(nlp("Kurdish militants hurled grenades at the border post."), actor_of, "t", patterns)
    assert [(e.code, e.rule, [a.code for a in e.source]) for e in hurled] == [("194", "U194.hurl", ["INS"])]
    # a word outside the class does not satisfy the object constraint
    insults = code_events(nlp("Kurdish militants hurled insults at the border post."), actor_of, "t", patterns)
    assert [e.rule for e in insults] == []


def test_a_class_expands_beside_plain_alternatives() -> None:
    (p,) = parse_patterns("U1.x\t190\tN\tambush|&BOMBING\t-\tcar|&CHEMICAL_AGENT+night\t-\t-\n")
    assert p.lemmas == frozenset({"ambush"}) | word_class("BOMBING")
    assert p.objects == (frozenset({"car"}) | word_class("CHEMICAL_AGENT"), frozenset({"night"}))


def test_an_unknown_class_is_a_one_line_error_naming_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text("# my patterns\nU1.fire\t190\tV\tfire\t-\t&ROCKETS\t-\t-\n", encoding="utf-8")
    with pytest.raises(TacitusError) as err:
        load_patterns([path])
    message = str(err.value)
    assert message.startswith(f"[E301] {path}:2: unknown word class '&ROCKETS' (classes: ")
    assert "\n" not in message


def test_shipped_patterns_use_classes_with_the_lemmas_they_replaced() -> None:
    by_id = {p.id: p for p in builtin_patterns()}
    assert by_id["V194.fire"].objects == (frozenset({"missile", "rocket", "mortar", "shell", "artillery", "grenade"}),)
    assert by_id["N196.violation"].objects == (frozenset({"ceasefire", "truce", "fire"}),)


def test_cue_accessors_are_typed_and_refuse_an_unknown_kind() -> None:
    assert isinstance(cue_words("oblige"), frozenset) and "must" in cue_words("oblige")
    assert cue_values("aux")["will"] == "future"
    with pytest.raises(TypeError):
        cue_values("aux")["will"] = "past"  # type: ignore[index]
    with pytest.raises(KeyError, match="no cue kind 'auxiliary'"):
        cue_words("auxiliary")
