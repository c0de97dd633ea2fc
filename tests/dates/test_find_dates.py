"""Date expressions of an article, and each event's own date."""

from __future__ import annotations

import pytest

from tacitus.dates import PUBLISHED_PRECISION, date_events, find_dates, parse_published, tense_of
from tacitus.model import Event

EXAMPLE_DATE = "2019-07-19"


def _event(doc, trigger: str, modality: str = "asserted", nth: int = 0) -> Event:
    starts = [t.idx for t in doc if t.text == trigger]
    ts = starts[nth]
    sent = next(s for s in doc.sents if s.start_char <= ts < s.end_char)
    return Event(
        id="e",
        code="04",
        root_code="04",
        modality=modality,
        start=sent.start_char,
        end=sent.end_char,
        text=sent.text,
        trigger=trigger,
        trigger_start=ts,
        trigger_end=ts + len(trigger),
    )


@pytest.mark.parametrize(
    ("text", "value", "precision", "historical"),
    [
        ("Monday", "2019-07-22", "day", False),
        ("July 7", "2019-07-07", "day", False),
        ("recent days", "2019-07-15", "week", False),
        ("2001", "2001", "year", True),
    ],
)
def test_example_dates(example_doc, text, value, precision, historical):
    refs = {d.text: d for d in find_dates(example_doc, EXAMPLE_DATE)}
    d = refs[text]
    assert (d.value, d.precision, d.historical) == (value, precision, historical)
    assert example_doc.text[d.start : d.end] == text


def test_an_age_is_not_a_date(example_doc):
    assert not [d for d in find_dates(example_doc, EXAMPLE_DATE) if "year-old" in d.text]


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("The two leaders will meet on Monday in Geneva.", "2019-07-22"),
        ("The two leaders met on Monday in Geneva.", "2019-07-15"),
        ("Rebels are expected to sign the accord on Wednesday.", "2019-07-24"),
        ("Rebels signed the accord on Wednesday.", "2019-07-17"),
    ],
)
def test_weekdays_follow_the_tense(nlp, sentence, value):
    (d,) = find_dates(nlp(sentence), EXAMPLE_DATE)
    assert d.value == value


@pytest.mark.parametrize(
    ("sentence", "tense"),
    [("Police arrested him Sunday.", "past"), ("The court will rule Sunday.", "future")],
)
def test_tense_of_the_clause(nlp, sentence, tense):
    doc = nlp(sentence)
    (ent,) = [e for e in doc.ents if e.label_ == "DATE"]
    assert tense_of(ent) == tense


def test_relative_dates_need_a_publication_date(nlp):
    doc = nlp("Soldiers withdrew on Monday after fighting that began in March 2015.")
    assert [(d.text, d.value) for d in find_dates(doc, None)] == [("March 2015", "2015-03")]


@pytest.mark.parametrize(
    ("published", "value"),
    [
        ("2019-07-19", "2019-07-19"),
        ("2019-07-19T08:30:00Z", "2019-07-19"),
        ("July 2019", None),
        (None, None),
    ],
)
def test_parse_published(published, value):
    d = parse_published(published)
    assert (d.isoformat() if d else None) == value


def test_future_meeting_is_dated_by_its_weekday(example_doc):
    ev = _event(example_doc, "meet")
    date_events([ev], find_dates(example_doc, EXAMPLE_DATE), example_doc, EXAMPLE_DATE)
    assert (ev.date, ev.date_precision, ev.modality) == ("2019-07-22", "day", "asserted")


def test_past_meeting_is_dated_by_its_clause(example_doc):
    ev = _event(example_doc, "met")
    date_events([ev], find_dates(example_doc, EXAMPLE_DATE), example_doc, EXAMPLE_DATE)
    assert (ev.date, ev.date_precision) == ("2019-07-07", "day")


def test_undated_event_gets_the_publication_date(example_doc):
    ev = _event(example_doc, "believe")
    date_events([ev], find_dates(example_doc, EXAMPLE_DATE), example_doc, EXAMPLE_DATE)
    assert (ev.date, ev.date_precision) == (EXAMPLE_DATE, PUBLISHED_PRECISION)


def test_old_asserted_event_is_historical(nlp):
    doc = nlp("Government troops recaptured the town in March 2015, officials said.")
    ev = _event(doc, "recaptured")
    date_events([ev], find_dates(doc, EXAMPLE_DATE), doc, EXAMPLE_DATE)
    assert (ev.date, ev.date_precision, ev.modality) == ("2015-03", "month", "historical")


def test_date_of_the_reporting_verb_is_not_the_events(nlp):
    doc = nlp("Officials said on Monday that the rebels had seized the airport.")
    ev = _event(doc, "seized")
    date_events([ev], find_dates(doc, EXAMPLE_DATE), doc, EXAMPLE_DATE)
    assert ev.date_precision == PUBLISHED_PRECISION


def test_no_publication_date_leaves_undated_events_null(nlp):
    doc = nlp("Rebels shelled the city.")
    ev = _event(doc, "shelled")
    date_events([ev], find_dates(doc, None), doc, None)
    assert (ev.date, ev.date_precision) == (None, None)


@pytest.mark.parametrize(
    ("sentence", "trigger"),
    [
        # the date belongs to the hoped-for act in the complement, not to the statement
        ("The envoy said he was confident an agreement could be signed by the end of March.", "confident"),
        ("The minister has said she is optimistic that talks can resume next month.", "optimistic"),
    ],
)
def test_a_date_of_an_embedded_clause_does_not_date_the_event(nlp, sentence, trigger):
    doc = nlp(sentence)
    ev = _event(doc, trigger)
    date_events([ev], find_dates(doc, EXAMPLE_DATE), doc, EXAMPLE_DATE)
    assert (ev.date, ev.date_precision) == (EXAMPLE_DATE, PUBLISHED_PRECISION)
