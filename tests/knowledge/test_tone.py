from __future__ import annotations

import pytest

from tacitus.knowledge import tone
from tacitus.model import Tone


def test_empty_text_is_neutral():
    assert tone("") == Tone()


def test_scale_is_percent_of_words():
    # 10 words: "attack" and "killed" negative, "peace" positive in the VADER lexicon
    t = tone("The attack killed two farmers near the old peace camp")
    assert (t.word_count, t.negative, t.positive) == (10, 20.0, 10.0)
    assert t.score == pytest.approx(-10.0)
    assert t.polarity == pytest.approx(30.0)


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("Leaders welcomed the agreement and praised the friendly, successful talks.", 1),
        ("Militants killed dozens in a brutal attack, and terrified survivors fled.", -1),
    ],
)
def test_sign_follows_the_words(text, sign):
    assert (tone(text).score > 0) == (sign > 0)


def test_example_article_tone(example_doc):
    t = tone(example_doc.text)
    assert t.word_count == 477
    assert t.score == pytest.approx(t.positive - t.negative)
