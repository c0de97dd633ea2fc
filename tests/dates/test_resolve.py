"""Resolving one date expression against the publication date (a Friday, 2019-07-19)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tacitus.dates.resolve import Resolved, resolve, resolve_all

FRIDAY = date(2019, 7, 19)


@pytest.mark.parametrize(
    ("text", "tense", "value", "precision"),
    [
        ("Monday", "future", "2019-07-22", "day"),
        ("Monday", "past", "2019-07-15", "day"),
        ("Monday", None, "2019-07-15", "day"),
        ("Friday", "past", "2019-07-19", "day"),
        ("next Tuesday", None, "2019-07-23", "day"),
        ("last Friday", None, "2019-07-12", "day"),
        ("July 7", "past", "2019-07-07", "day"),
        ("Sept. 30", None, "2019-09-30", "day"),
        ("Jan. 3", "past", "2019-01-03", "day"),
        ("December 24", "past", "2018-12-24", "day"),
        ("5 March 2017", None, "2017-03-05", "day"),
        ("2019-06-30", None, "2019-06-30", "day"),
        ("yesterday", None, "2019-07-18", "day"),
        ("tomorrow", None, "2019-07-20", "day"),
        ("Wednesday night", "past", "2019-07-17", "day"),
        ("last week", None, "2019-07-08", "week"),
        ("this week", None, "2019-07-15", "week"),
        ("in recent days", None, "2019-07-15", "week"),
        ("earlier this month", None, "2019-07", "month"),
        ("last month", None, "2019-06", "month"),
        ("next month", None, "2019-08", "month"),
        ("March 2015", None, "2015-03", "month"),
        ("last November", None, "2018-11", "month"),
        ("June last year", None, "2018-06", "month"),
        ("since 2001", None, "2001", "year"),
        ("last year", None, "2018", "year"),
        ("three years ago", None, "2016", "year"),
        ("two weeks ago", None, "2019-07-01", "week"),
        ("the third quarter", None, "2019-07", "quarter"),
        ("the fourth quarter", None, "2018-10", "quarter"),
        ("the second quarter", None, "2019-04", "quarter"),
        ("the first quarter of 2016", None, "2016-01", "quarter"),
        ("by the end of the summer", None, "2019-06", "season"),
        ("last winter", None, "2018-12", "season"),
    ],
)
def test_resolves_against_the_publication_date(text, tense, value, precision):
    assert resolve(text, FRIDAY, tense) == Resolved(value, precision)


@pytest.mark.parametrize(
    "text", ["18-year-old", "several hours", "now", "the past", "the 1990s", "decades"]
)
def test_durations_and_vague_references_are_no_dates(text):
    assert resolve(text, FRIDAY) is None


def test_a_weekday_beside_its_date_is_the_same_day():
    assert resolve_all("Monday, Oct. 26", date(1998, 10, 25)) == [
        (8, 15, Resolved("1998-10-26", "day"))
    ]


def test_two_dates_in_one_span_are_both_found():
    found = resolve_all("the third quarter ended Sept. 30", date(2019, 10, 20))
    assert [(s, e, r.value, r.precision) for s, e, r in found] == [
        (4, 17, "2019-07", "quarter"),
        (24, 32, "2019-09-30", "day"),
    ]


@pytest.mark.parametrize(
    ("value", "precision", "last"),
    [
        ("2019-07-15", "week", date(2019, 7, 21)),
        ("2019-02", "month", date(2019, 2, 28)),
        ("2019-10", "quarter", date(2019, 12, 31)),
    ],
)
def test_resolved_span_ends(value, precision, last):
    assert Resolved(value, precision).last_day() == last


@given(st.text(max_size=60), st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
def test_any_text_resolves_to_a_well_formed_value_or_none(text, anchor):
    for s, e, r in resolve_all(text, anchor):
        assert 0 <= s < e <= len(text)
        assert r.precision in ("day", "week", "month", "quarter", "season", "year")
        assert r.first_day() <= r.last_day()
