"""Event dates carried within an article (invented text): the incident's day, a span of time
from a dated act, and an old event's own year; each with its rule."""

from __future__ import annotations

import pytest

from tacitus.pipeline import code_text

TEXT = """KABUL — Taliban gunmen attacked a police checkpoint in Kandahar on Tuesday, officials said.

The Taliban also burned a school near the checkpoint, the governor said.

Two days after the attack, Afghan troops arrested six militants in the district.

The Afghan army fought the Taliban in Helmand in 2009 as well."""


@pytest.fixture(scope="module")
def events():
    return code_text(TEXT, published="2019-07-19").events


def _by_trigger(events, trigger):
    (ev,) = [e for e in events if e.trigger == trigger]
    return ev


def test_the_stated_day_dates_its_clause(events):
    ev = _by_trigger(events, "attacked")
    assert (ev.date, ev.date_precision, ev.date_rule) == ("2019-07-16", "day", "clause")
    assert ev.place is not None and ev.place.country == "AFG" and ev.place_rule == "clause"


def test_a_later_sentence_about_the_incident_takes_its_day(events):
    ev = _by_trigger(events, "burned")
    assert (ev.date, ev.date_rule) == ("2019-07-16", "incident")
    # no place in its sentence: inferred, and less sure
    assert ev.place is not None and ev.place.country == "AFG"
    assert ev.place_rule in ("dateline", "article-main-place") and ev.place.confidence < 0.5


def test_two_days_after_the_attack(events):
    ev = _by_trigger(events, "arrested")
    assert (ev.date, ev.date_precision, ev.date_rule) == ("2019-07-18", "day", "relative-event")


def test_an_event_years_before_gets_its_own_year(events):
    ev = _by_trigger(events, "fought")
    assert (ev.date, ev.date_precision) == ("2009", "year") and ev.modality == "historical"


def test_no_date_stated_falls_back_to_publication():
    art = code_text("Protesters marched against the government in Lagos, organisers said.",
                    published="2019-07-19")
    assert art.events
    for ev in art.events:
        assert (ev.date, ev.date_precision, ev.date_rule) == ("2019-07-19", "published", "published")


def test_a_day_before_a_month_without_publication_date():
    art = code_text("On the morning of 3 March 2019, gunmen attacked a police post in Kandahar.")
    (ev,) = [e for e in art.events if e.trigger == "attacked"]
    assert (ev.date, ev.date_precision) == ("2019-03-03", "day")
