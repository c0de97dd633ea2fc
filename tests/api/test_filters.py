"""One EventFilter, the same events: the store's query_events and the API select alike."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tacitus.api.queries import filter_params
from tacitus.store import Store
from tacitus.store.filters import EventFilter

CASES = [
    (EventFilter(), ["190", "040", "130", "071"]),
    (EventFilter(source="AFGINS"), ["190"]),
    (EventFilter(target="afgins"), ["040"]),
    (EventFilter(source="PAK", target="IND"), ["130"]),
    (EventFilter(actor="IGO"), ["071"]),
    (EventFilter(place="KABUL"), ["190"]),
    (EventFilter(place="Doha", place_country="qat"), ["040"]),
    (EventFilter(since=date(2019, 7, 9), until="2019-07-10"), ["040", "130"]),
    (EventFilter(modality="negated"), ["130"]),
    (EventFilter(text="food AID", quad_class=2), ["071"]),
    (EventFilter(code="0", country="AFG"), ["040"]),
    (EventFilter(country="YEM", quad_class=4), []),
]


@pytest.mark.parametrize(("f", "codes"), CASES)
def test_store_and_api_select_the_same_events(client: TestClient, store_path: Path,
                                              f: EventFilter, codes: list[str]) -> None:
    with Store(store_path, read_only=True) as store:
        stored = store.query_events(f)
        assert store.query_events(**f.as_dict()) == stored
    assert [r["code"] for r in stored] == codes  # event date, then id
    got = client.get("/api/events", params={**filter_params(f), "sort": "date", "limit": 1000})
    assert got.status_code == 200, got.text
    assert [e["id"] for e in got.json()["events"]] == [r["id"] for r in stored]


def test_api_names_the_text_filter_q() -> None:
    assert filter_params(EventFilter(text="ferry", country="GRC")) == {"country": "GRC", "q": "ferry"}
