from __future__ import annotations

import pytest

from tacitus.knowledge import find_quotes
from tacitus.model import Actor


def _no_actor(_):
    return None


def _facts(quotes):
    return [(q.text, q.speaker.text if q.speaker else None, q.verb, q.kind) for q in quotes if q.kind != "indirect"]


def _marked(quotes):
    return [q for q in quotes if q.kind != "indirect"]


def test_example_article_quotes(example_doc):
    assert _facts(find_quotes(example_doc, _no_actor)) == [
        ("clear-eyed", "White House officials", "said", "partial"),
        (
            "concrete cooperation from Pakistan to advance the Afghanistan peace process and to "
            "encourage Pakistan to deepen and sustain its recent effort to crackdown on militants "
            "and terrorists",
            "a senior official",
            "said",
            "partial",
        ),
        ("The problem is, it just seems to be a lab for terrorists,", "he", "said", "direct"),
    ]


def test_pronoun_speaker_takes_the_last_named_speaker(example_doc):
    last = _marked(find_quotes(example_doc, _no_actor))[-1]
    assert (last.speaker.text, last.speaker.name) == ("he", "Trump")


def test_spans_point_at_the_text(example_doc):
    for q in find_quotes(example_doc, _no_actor):
        assert example_doc.text[q.start : q.end] == q.text
        assert example_doc.text[q.speaker.start : q.speaker.end] == q.speaker.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"We will not retreat," said Governor Maria Lopez.',
         [("We will not retreat,", "Governor Maria Lopez", "said", "direct")]),
        ("“The vote was stolen from us,” the opposition leader told supporters.",
         [("The vote was stolen from us,", "the opposition leader", "told", "direct")]),
        ("The minister said on Monday: “Our troops will stay until the job is done.”",
         [("Our troops will stay until the job is done.", "The minister", "said", "direct")]),
        ("“Nobody is above the law,” according to a statement from the attorney general.",
         [("Nobody is above the law,", "a statement from the attorney general", "according to", "direct")]),
        ("The mayor described the plan as “reckless” and vowed to fight it.",
         [("reckless", "The mayor", "described", "partial")]),
    ],
)
def test_speaker_patterns(nlp, text, expected):
    assert _facts(find_quotes(nlp(text), _no_actor)) == expected


def test_multi_sentence_quote_is_one_quotation(nlp):
    text = "“We have waited too long. The families deserve answers,” said Ahmed Karimi, a village elder."
    quotes = find_quotes(nlp(text), _no_actor)
    assert _facts(quotes) == [
        ("We have waited too long. The families deserve answers,", "Ahmed Karimi", "said", "direct")
    ]


def test_quote_running_over_paragraphs(nlp):
    text = (
        "The general spoke to reporters at the base.\n\n"
        "“The attack came at dawn. We lost two vehicles.\n\n"
        "“Our men held the ridge until noon,” he said."
    )
    quotes = find_quotes(nlp(text), _no_actor)
    assert len(quotes) == 1
    assert quotes[0].text.startswith("The attack came at dawn.")
    assert quotes[0].text.endswith("held the ridge until noon,")
    assert quotes[0].speaker.text == "he"


def test_standalone_quote_inherits_previous_speaker(nlp):
    text = (
        "“The talks were useful,” said Foreign Minister Jan Novak. "
        "“We will meet again in March.”"
    )
    quotes = find_quotes(nlp(text), _no_actor)
    assert [q.speaker.text for q in quotes] == ["Foreign Minister Jan Novak", "Foreign Minister Jan Novak"]


def test_standalone_quote_after_reporting_clause(nlp):
    text = "The spokeswoman said the army had not been told.\n\n“We learned about it from the news.”"
    quotes = _marked(find_quotes(nlp(text), _no_actor))
    assert [(q.speaker.text, q.verb) for q in quotes] == [("The spokeswoman", "said")]


def test_single_quotes_in_headline_style(nlp):
    text = "Senator calls budget deal ‘a betrayal of voters’"
    assert [(q.text, q.kind) for q in find_quotes(nlp(text), _no_actor)] == [("a betrayal of voters", "partial")]


def test_apostrophes_are_not_quotes(nlp):
    text = "The farmers' union said it won't support the government's plan."
    assert [q.kind for q in find_quotes(nlp(text), _no_actor)] == ["indirect"]


def test_actor_of_codes_the_speaker(nlp):
    def actor_of(tok):
        return Actor("Pompeo", 0, 6, name="Mike Pompeo", code="USAGOV", country="USA", role="GOV")

    text = "“We are making progress,” Secretary of State Mike Pompeo said."
    (quote,) = find_quotes(nlp(text), actor_of)
    assert (quote.speaker.text, quote.speaker.code, quote.speaker.name) == (
        "Secretary of State Mike Pompeo", "USAGOV", "Mike Pompeo")
    assert text[quote.speaker.start : quote.speaker.end] == "Secretary of State Mike Pompeo"


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        ('Merkel: "We will not give in to pressure." Macron: "Europe must stand together."', ["Merkel", "Macron"]),
        ("“Our doors stay open to everyone.”\n\n- Mayor Anne Hidalgo.\n\nThe city council met later.", ["Mayor Anne Hidalgo"]),
        ('"The numbers are wrong," Ortega said before adding: "We will publish our own figures."',
         ["Ortega", "Ortega"]),
        ("“The plan will not survive the winter,” Lopez questioned.", ["Lopez"]),
        ("''We are ready to sign,'' said Yuki Tanaka, the trade minister.", ["Yuki Tanaka"]),
    ],
)
def test_speaker_without_usual_reporting_clause(nlp, text, speakers):
    assert [q.speaker.text if q.speaker else None for q in find_quotes(nlp(text), _no_actor)] == speakers


def test_new_clause_before_next_quote_belongs_to_it(nlp):
    text = "Rivera said, “The fund is empty.” She added, “Nobody told us.”"
    quotes = find_quotes(nlp(text), _no_actor)
    assert [(q.speaker.text, q.verb) for q in quotes] == [("Rivera", "said"), ("She", "added")]


def test_example_article_indirect_speech(example_doc):
    indirect = [(q.speaker.text, q.verb, q.text[:40]) for q in find_quotes(example_doc, _no_actor)
                if q.kind == "indirect"]
    assert indirect == [
        ("Senior administration officials", "told", "that along with trade and human rights i"),
        ("White House officials", "believe", "that the country’s leadership has made s"),
        ("Trump", "said", "he believes the U.S. mission there shoul"),
        ("White House officials", "said", "a cease fire is critical to moving forwa"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The ministry said the border crossing would reopen on Friday.",
         ("the border crossing would reopen on Friday", "The ministry", "said")),
        ("Hundreds of homes were flooded, according to the regional governor.",
         ("Hundreds of homes were flooded", "the regional governor", "according to")),
    ],
)
def test_indirect_speech(nlp, text, expected):
    (q,) = find_quotes(nlp(text), _no_actor)
    assert (q.text, q.speaker.text, q.verb, q.kind) == (*expected, "indirect")


def test_indirect_needs_a_speaker(nlp):
    assert find_quotes(nlp("It was said that the bridge would close."), _no_actor) == []


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # the parser may take a noun of the quotation for the subject of "said"
        ("\"The fact is, the plan works,\" Senator Ruiz said.", "Senator Ruiz"),
        ("“Very good decision, very good decision,” Mayor Chen said on Monday.", "Mayor Chen"),
        # a reporting verb right before the marks wins over one higher in the sentence
        ("When a reporter asked about the vote, Alvarez said, “We will win it.”", "Alvarez"),
    ],
)
def test_speaker_beside_the_marks(nlp, text, speaker):
    quotes = _marked(find_quotes(nlp(text), _no_actor))
    assert [q.speaker.text for q in quotes] == [speaker]
