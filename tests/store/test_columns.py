"""The event columns declared once (tacitus.store.columns) are the store's columns."""

from __future__ import annotations

import pytest

from tacitus.store import EVENT_COLUMNS, expected_layout
from tacitus.store.columns import (
    API_LIST_COLUMNS,
    API_MENTION_COLUMNS,
    EVENT_TABLE_COLUMNS,
    MENTION_COLUMNS,
    QUERY_COLUMNS,
    mention_table_sql,
    select,
)


def _declared(columns: tuple) -> list[tuple[str, str, bool]]:
    return [(c.name, c.type, c.required) for c in columns]


def test_event_mentions_table_is_the_declaration() -> None:
    layout = expected_layout()["event_mentions"]
    assert [(n, t, not nullable) for n, (t, nullable, _) in layout.items()] == _declared(MENTION_COLUMNS)


def test_events_table_derived_in_sql_matches_its_spelled_out_order() -> None:
    layout = expected_layout()["events"]
    assert [(n, t) for n, (t, _, _) in layout.items()] == [(c.name, c.type) for c in EVENT_TABLE_COLUMNS]


def test_every_declared_column_says_what_it_is_once() -> None:
    for table in (MENTION_COLUMNS, EVENT_TABLE_COLUMNS):
        names = [c.name for c in table]
        assert len(set(names)) == len(names)
        assert [c.name for c in table if len(c.description) < 8] == []


def test_views_are_selections_by_name() -> None:
    assert EVENT_COLUMNS == QUERY_COLUMNS
    assert len(QUERY_COLUMNS) == 36 and len(API_LIST_COLUMNS) == 46 and len(API_MENTION_COLUMNS) == 34
    assert "record" not in API_LIST_COLUMNS and "dyad_key" not in API_MENTION_COLUMNS
    with pytest.raises(KeyError, match="undeclared event column.*: casualties"):
        select(("id", "casualties"))


def test_create_table_text() -> None:
    lines = mention_table_sql().splitlines()
    assert lines[0] == '    "id" VARCHAR NOT NULL,'
    assert lines[19] == '    "source_codes" VARCHAR[],'
    assert lines[-1] == '    "record" JSON NOT NULL'
