"""``lemma_forms``: the forms the event coder tries when the lemmatizer slips."""

from __future__ import annotations

import pytest

from tacitus.nlp import load_nlp
from tacitus.nlp.syntax import lemma_forms


@pytest.mark.parametrize(
    "sentence,index,form",
    [
        # a consonant doubled before the ending: "slamming" → "slam", "stopped" → "stop"
        ("Protesters were slamming the government.", 2, "slam"),
        ("Police stopped the march.", 1, "stop"),
        # plain endings
        ("She hopes for peace.", 1, "hope"),
    ],
)
def test_a_form_the_lemmatizer_missed_is_tried(sentence: str, index: int, form: str) -> None:
    tok = load_nlp()(sentence)[index]
    assert form in list(lemma_forms(tok))


def test_no_doubled_form_from_a_double_l_or_s() -> None:
    # "killed" is "kill", not "kil"; "passed" is "pass"
    forms = [list(lemma_forms(t)) for t in load_nlp()("They killed and passed.")]
    assert "kil" not in forms[1] and "pas" not in forms[3]


def test_a_hyphenated_word_split_by_the_tokenizer_is_tried_whole():
    doc = load_nlp()("Students staged a sit-in outside the ministry.")
    head = next(t for t in doc if t.text == "in")
    assert "sit-in" in list(lemma_forms(head))
