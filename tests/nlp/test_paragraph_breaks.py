"""Sentences end at blank lines: a headline without a full stop stays apart from the story."""

from __future__ import annotations

from tacitus.nlp import PARAGRAPH_BREAKS, load_nlp


def test_a_blank_line_ends_a_sentence():
    doc = load_nlp()("Rebels seize border town near Goma\n\nThe town fell on Tuesday after heavy fighting.")
    assert [s.text.strip() for s in doc.sents] == [
        "Rebels seize border town near Goma",
        "The town fell on Tuesday after heavy fighting.",
    ]


def test_a_single_line_break_is_left_to_the_parser():
    nlp = load_nlp()
    assert PARAGRAPH_BREAKS in nlp.pipe_names
    doc = nlp("The minister said the talks would\ncontinue on Friday in Geneva.")
    assert len(list(doc.sents)) == 1


def test_a_headline_gives_no_event_glued_to_the_story():
    from tacitus.pipeline import code_text

    art = code_text("Bomb kills two soldiers in Kandahar\n\nThe governor said the road was closed.", published="2020-03-03")
    assert all("\n\n" not in e.text for e in art.events)


def test_a_sentence_glued_to_a_number_ends_there():
    """Scraped text that lost the space after "... 40." ends the sentence at the period; a
    decimal number or a time stays one token."""
    doc = load_nlp()("The blast wounded more than 40.The mayor of Lakeside ordered an inquiry at 10.30 on a 2.5 km road.")
    assert [s.text for s in doc.sents] == [
        "The blast wounded more than 40.",
        "The mayor of Lakeside ordered an inquiry at 10.30 on a 2.5 km road.",
    ]
