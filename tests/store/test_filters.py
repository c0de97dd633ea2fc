"""EventFilter: each field's SQL term and parameter, fields combined, and the events selected."""

from __future__ import annotations

from datetime import date

import pytest

from tacitus.errors import TacitusError
from tacitus.store import EVENT_COLUMNS, events_sql
from tacitus.store.filters import DERIVED, EventFilter, where_sql

CODES = "'|' || array_to_string(list_concat(source_codes, target_codes), '|')"


@pytest.mark.parametrize(
    ("f", "term", "param"),
    [
        (EventFilter(since="2021-02-03"), "event_date >= CAST(? AS DATE)", "2021-02-03"),
        (EventFilter(since=date(2021, 2, 3)), "event_date >= CAST(? AS DATE)", "2021-02-03"),
        (EventFilter(until=date(2022, 11, 30)), "event_date <= CAST(? AS DATE)", "2022-11-30"),
        (EventFilter(country="npl"), "list_contains(countries, ?)", "NPL"),
        (EventFilter(actor="sdnreb"), f"contains({CODES}, '|' || ?)", "SDNREB"),
        (EventFilter(source="Col"), "contains('|' || array_to_string(source_codes, '|'), '|' || ?)", "COL"),
        (EventFilter(target="ven"), "contains('|' || array_to_string(target_codes, '|'), '|' || ?)", "VEN"),
        (EventFilter(code="0311"), "starts_with(code, ?)", "0311"),
        (EventFilter(quad_class=3), "quad_class = ?", 3),
        (EventFilter(place_country="bol"), "place_country = ?", "BOL"),
        (EventFilter(place="Cochabamba"), "lower(place_name) = lower(?)", "Cochabamba"),
        (EventFilter(modality="future"), "modality = ?", "future"),
        (EventFilter(text="Ferry Strike"), "contains(lower(text), lower(?))", "Ferry Strike"),
    ],
)
def test_each_field_is_one_term_with_its_parameter(f: EventFilter, term: str, param: object) -> None:
    assert f.where() == ([term], [param])


@pytest.mark.parametrize(
    ("f", "term"),
    [
        (EventFilter(actor="X"), "contains(__codes, '|' || ?)"),
        (EventFilter(source="X"), "contains(__source_codes, '|' || ?)"),
        (EventFilter(target="X"), "contains(__target_codes, '|' || ?)"),
        (EventFilter(text="X"), "contains(__text, lower(?))"),
    ],
)
def test_precomputed_tests_the_derived_columns(f: EventFilter, term: str) -> None:
    assert f.where(precomputed=True) == ([term], ["X"])
    assert set(DERIVED) == {"__codes", "__source_codes", "__target_codes", "__text"}


def test_fields_combine_in_a_fixed_order() -> None:
    f = EventFilter(text="dam", modality="asserted", quad_class=4, since="2020-05-01",
                    source="ETH", target="EGY", country="SDN")
    where, params = f.where()
    assert params == ["2020-05-01", "SDN", "ETH", "EGY", 4, "asserted", "dam"]
    assert where_sql(where) == (
        " WHERE event_date >= CAST(? AS DATE) AND list_contains(countries, ?) AND "
        "contains('|' || array_to_string(source_codes, '|'), '|' || ?) AND "
        "contains('|' || array_to_string(target_codes, '|'), '|' || ?) AND quad_class = ? AND "
        "modality = ? AND contains(lower(text), lower(?))")


def test_empty_filter_selects_everything() -> None:
    assert EventFilter().where() == ([], [])
    assert where_sql([]) == ""


def test_as_dict_holds_the_set_fields_as_strings() -> None:
    f = EventFilter(since=date(2018, 1, 9), quad_class=2, place="Goma")
    assert f.as_dict() == {"since": "2018-01-09", "quad_class": "2", "place": "Goma"}


def test_events_sql_takes_a_filter_or_its_keywords_not_both() -> None:
    by_filter = events_sql(EventFilter(country="MLI"), limit=5)
    assert by_filter == events_sql(country="MLI", limit=5)
    assert by_filter[1] == ["MLI", 5]
    with pytest.raises(TacitusError, match="not both"):
        events_sql(EventFilter(country="MLI"), code="19")
    with pytest.raises(TacitusError, match="unknown event filter"):
        events_sql(colour="red")


def test_events_sql_columns_are_checked_against_the_declaration() -> None:
    sql, _ = events_sql(columns=("id", "mention_id", "mentions"), mentions=True)
    assert sql.startswith("SELECT id, id AS mention_id, article_mentions AS mentions FROM event_mentions")
    with pytest.raises(TacitusError, match="unknown event column 'dyad'"):
        events_sql(columns=("id", "dyad"))
    assert EVENT_COLUMNS[:3] == ("id", "article_id", "date")
