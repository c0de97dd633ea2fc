"""The columnar index (tacitus.api.fast) gives the SQL path's answers: the same events, pages,
cursors, timelines, top actors and networks, on random filters over a varied store, and the
same HTTP responses with the index on and off."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tacitus.api import create_app, fast, queries
from tacitus.api.fast import FastEvents
from tacitus.api.queries import Reader, snapshot_events
from tacitus.model import Actor, Article, Event, Place, PloverType
from tacitus.store import Store
from tacitus.store.filters import EventFilter

# code, root, QuadClass, Goldstein (None: unknown)
CODES = [("042", "04", 1, 1.9), ("0256", "02", 1, 3.0), ("025", "02", 1, None), ("072", "07", 2, 7.4),
         ("111", "11", 3, -2.0), ("138", "13", 3, None), ("183", "18", 4, -10.0),
         ("190", "19", 4, -10.0), ("1823", "18", None, -9.5), ("201", "20", None, None)]
# prefixes of one another, a code without a country, an actor without a code
ACTORS = [("KEN", "KEN"), ("KENGOV", "KEN"), ("KENPOL", "KEN"), ("SOMINSSHB", "SOM"),
          ("SOMGOV", "SOM"), ("ETHMIL", "ETH"), ("IGOAFU", None), ("UGAGOV", "UGA"),
          (None, "UGA"), ("KENGOVMIL", "KEN")]
PLACES = [("Nairobi", "KEN"), ("Mogadishu", "SOM"), ("İstanbul", "TUR"), ("mogadishu", "SOM"), None]
WORDS = ["Troops", "clashed", "near", "the", "BORDER", "Ünïon", "talks", "İstanbul", "aid", "convoy"]
START = date(2021, 5, 1)


def _actor(rnd: random.Random, code: str | None, country: str | None) -> Actor:
    return Actor(f"the {code or 'unnamed'} side", None, None, rnd.choice([None, f"Name {code}"]),
                 code, country, rnd.choice(["GOV", "MIL", None]))


def _articles(seed: int, n: int) -> list[Article]:
    """Articles of 1-4 invented events: one to three actors a side (the same code on both
    sides now and then), undated and month-precision events, events without a QuadClass or a
    Goldstein value, places in mixed case, sentences of mixed-case words, and repeated reports
    of earlier events (clusters of several mentions)."""
    rnd = random.Random(seed)
    out: list[Article] = []
    for a in range(n):
        events = []
        for k in range(rnd.randint(1, 4)):
            code, root, quad, gold = rnd.choice(CODES)
            src = [_actor(rnd, *c) for c in rnd.sample(ACTORS, rnd.choice([1, 1, 2, 3]))]
            tgt = [_actor(rnd, *c) for c in rnd.sample(ACTORS, rnd.choice([1, 1, 2]))]
            roll = rnd.random()
            if roll < 0.1:
                day, precision = None, None
            elif roll < 0.2:
                day, precision = (START + timedelta(days=31 * rnd.randrange(3))).strftime("%Y-%m"), "month"
            else:
                day, precision = (START + timedelta(days=rnd.randrange(70))).isoformat(), "day"
            place = rnd.choice(PLACES)
            sentence = " ".join(rnd.sample(WORDS, 5)) + f" {a}-{k}."
            events.append(Event(
                id=f"x{a}-{k}", code=code, root_code=root, name=f"CAMEO {code}", quad_class=quad,
                goldstein=gold, plover=PloverType("CONSULT", None), source=src, target=tgt,
                modality=rnd.choice(["asserted", "asserted", "future", "negated"]), date=day,
                date_precision=precision,
                place=Place(place[0], 0, 1, place[0], place[1], None, 1.5, 2.25, None, "city") if place else None,
                sentence=k, start=0, end=len(sentence), text=sentence, trigger="clashed",
                rule="test.fast", confidence=round(rnd.uniform(0.5, 1.0), 2)))
        if a % 4 == 3 and out:  # another report of an earlier article's first event
            events[0] = Event(**{**out[-1].events[0].__dict__, "id": f"x{a}-0", "sentence": 0})
        text = " ".join(e.text for e in events)
        out.append(Article(id=f"x{a:03d}", text=text, title=f"Fast test {a}",
                           url=f"https://wire{a % 3}.example/{a}",
                           published=(START + timedelta(days=a % 50)).isoformat(), events=events))
    return out


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fast") / "fast.duckdb"
    with Store(path) as store:
        store.write_articles(_articles(7, 160))
    return path


@pytest.fixture(scope="module")
def index(store_path: Path) -> Iterator[tuple[FastEvents, duckdb.DuckDBPyConnection, Reader]]:
    with Store(store_path, read_only=True) as store:
        snap = snapshot_events(store.con)
        fx = queries.fast_index(snap)
        assert fx is not None
        reader = Reader(store.con, snap)
        yield fx, snap, reader
        reader.close()


def test_the_store_is_varied_enough_to_tell(index: tuple[FastEvents, Any, Reader]) -> None:
    """The comparisons below mean something: undated events, events without a QuadClass or a
    Goldstein value, multi-actor sides, self-dyads, clusters of mentions."""
    con = index[2].events
    assert con.execute(
        "SELECT count(*) FILTER (WHERE event_date IS NULL) > 0, "
        "count(*) FILTER (WHERE quad_class IS NULL) > 0, count(*) FILTER (WHERE goldstein IS NULL) > 0, "
        "count(*) FILTER (WHERE len(source_codes) > 1) > 0, "
        "count(*) FILTER (WHERE len(list_intersect(source_codes, target_codes)) > 0) > 0, "
        "count(*) FILTER (WHERE mentions > 1) > 0 FROM events").fetchone() == (True,) * 6


codes = [c for c, _ in ACTORS if c]
filters = st.builds(
    EventFilter,
    since=st.none() | st.dates(START - timedelta(days=5), START + timedelta(days=80)),
    until=st.none() | st.dates(START - timedelta(days=5), START + timedelta(days=80))
    | st.sampled_from(["2021-05-20", "2021-6-1", "20210601"]),
    country=st.none() | st.sampled_from(["KEN", "som", "UGA", "ETH", "XXX", ""]),
    actor=st.none() | st.sampled_from(codes + ["K", "KENG", "kengov", "SOMINS", "ZZZ", "KEN|SOM"]),
    source=st.none() | st.sampled_from(["KEN", "SOM", "IGO", "UGAGOV"]),
    target=st.none() | st.sampled_from(["KENGOV", "ETH", "S"]),
    code=st.none() | st.sampled_from(["0", "02", "025", "0256", "1", "18", "1823", "9"]),
    quad_class=st.none() | st.integers(1, 4),
    place_country=st.none() | st.sampled_from(["KEN", "som", "TUR"]),
    place=st.none() | st.sampled_from(["nairobi", "MOGADISHU", "İstanbul", "istanbul"]),
    modality=st.none() | st.sampled_from(["asserted", "future", "negated", "hypothetical"]),
    text=st.none() | st.sampled_from(["border", "ÜNÏON", "talks near", "istanbul", "3-1", "zzz"]),
)
cases = settings(max_examples=120, deadline=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture])


def _selected_ids(fx: FastEvents, snap: duckdb.DuckDBPyConnection, f: EventFilter) -> set[str] | None:
    sel = fx.select(f, snap)
    return None if sel is None else {fx.ids[r] for r in sel.rows().tolist()}


@cases
@given(f=filters)
def test_a_filter_selects_the_events_sql_selects(index: tuple[FastEvents, Any, Reader], f: EventFilter) -> None:
    fx, snap, reader = index
    got = _selected_ids(fx, snap, f)
    if got is None:  # declined: only for what it does not model
        assert f.until in ("2021-6-1", "20210601") or "|" in (f.actor or "")
        return
    where, params = f.where(precomputed=True)
    want = {i for (i,) in reader.events.execute(
        f"SELECT id FROM events{queries.where_sql(where)}", params).fetchall()}
    assert got == want


@cases
@given(f=filters, interval=st.sampled_from(queries.TIME_BUCKETS), limit=st.integers(1, 30),
       min_events=st.integers(1, 3), use_rollups=st.booleans())
def test_aggregates_are_the_sql_aggregates(index: tuple[FastEvents, Any, Reader], f: EventFilter,
                                           interval: str, limit: int, min_events: int,
                                           use_rollups: bool) -> None:
    fx, snap, reader = index
    sel = fx.select(f, snap)
    if sel is None:
        return
    timeline = queries.timeline(reader, f, interval, use_rollups=use_rollups)
    assert fx.timeline(sel, interval) == timeline
    assert json.loads(fx.timeline_json(sel, interval)) == timeline
    assert fx.top_actors(sel, limit) == queries.top_actors(reader, f, limit, use_rollups=use_rollups)
    assert fx.network(sel, limit, min_events) == queries.network(
        reader, f, limit, min_events, use_rollups=use_rollups)


@cases
@given(f=filters, sort=st.sampled_from([s for name in queries.EVENT_SORTS for s in (name, "-" + name)]),
       limit=st.sampled_from([1, 2, 7, 50]))
def test_pages_and_cursors_are_the_sql_pages(index: tuple[FastEvents, Any, Reader], f: EventFilter,
                                             sort: str, limit: int) -> None:
    """The first pages of a listing, followed by their cursors, are the SQL path's."""
    fx, snap, reader = index
    cursor = None
    for _ in range(3):
        found = queries.fast_page(fx, snap, f, sort, limit, cursor)
        if found is None:
            return
        want = queries.list_events(reader, f, sort, limit, cursor)
        rows, nxt = found
        assert (fx.rows_dicts(rows), nxt) == want
        if nxt is None:
            return
        cursor = nxt


def test_narrow_and_wide_selections_page_alike(index: tuple[FastEvents, Any, Reader],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A page found by sorting the selected rows' positions (narrow selections) is the page
    found by walking the sort order (wide ones)."""
    fx, snap, _ = index
    for f in [EventFilter(), EventFilter(country="KEN"), EventFilter(code="1", since="2021-05-10")]:
        for sort in ("-date", "goldstein", "-mentions"):
            pages = []
            for share in (0.0, 1.0):
                monkeypatch.setattr(fast, "WALK_SHARE", share)
                pages.append(queries.fast_page(fx, snap, f, sort, 9))
            assert pages[0] == pages[1]


@settings(max_examples=300, deadline=None)
@given(x=st.floats(-1e6, 1e6, allow_nan=False) | st.integers(-10**7, 10**7).map(lambda k: k / 2000)
       | st.integers(-10**5, 10**5).map(lambda j: (2 * j + 1) / 16)
       | st.integers(-10**6, 10**6).map(lambda k: k / 7))
def test_rounding_is_python_round_and_duckdb_round(x: float) -> None:
    """Exact ties included ((2j + 1) / 16 is a binary fraction halfway between thousandths),
    and near ties (k / 2000 for odd k is not one, in binary): Python's round halves to even,
    DuckDB's away from zero, each from the exact binary value."""
    values = np.array([x, -x, x / 3])
    assert fast._round3_even(values).tolist() == [round(v, 3) for v in values.tolist()]
    duck = duckdb.connect()
    want = [v for (v,) in duck.execute("SELECT round(v, 3) FROM unnest(?) AS t(v)",
                                       [values.tolist()]).fetchall()]
    assert fast._round3_away(values).tolist() == want


# -- the same HTTP answers with the index on and off ------------------------------------
@pytest.fixture(scope="module")
def clients(store_path: Path) -> Iterator[tuple[TestClient, TestClient]]:
    on = create_app(str(store_path), cache_bytes=0)
    off = create_app(str(store_path), cache_bytes=0, columnar=False)
    assert on.state.fast is not None and off.state.fast is None
    with TestClient(on, base_url="http://localhost") as a, TestClient(off, base_url="http://localhost") as b:
        yield a, b
    on.state.store.close()
    off.state.store.close()


URLS = [
    "/api/events", "/api/events?limit=5&sort=goldstein", "/api/events?country=ken&limit=3&sort=-mentions",
    "/api/events?actor=KENGOV&q=border", "/api/events?since=2021-05-10&until=2021-05-20&limit=1000",
    "/api/events?format=ndjson&limit=4&code=1", "/api/events?format=csv&limit=4&source=SOM",
    "/api/events?limit=2&place=MOGADISHU", "/api/events?sort=nope", "/api/events?cursor=zzz",
    "/api/events?limit=3&cursor=" + queries.encode_cursor("-date", "2021-05-20", "no-such-id"),
    "/api/timeline", "/api/timeline?interval=week&country=KEN&quad_class=4",
    "/api/timeline?interval=month&actor=SOM&q=talks", "/api/timeline?since=2021-06-01&interval=year",
    "/api/actors", "/api/actors?limit=3&code=18", "/api/actors?place_country=SOM&modality=future",
    "/api/network", "/api/network?min_events=2&limit=5", "/api/network?target=KEN&until=2021-05-30",
    "/api/timeline?since=2021-13-01", "/api/actors?country=KE", "/api/network?limit=0",
]


@pytest.mark.parametrize("url", URLS)
def test_http_answers_are_the_same_with_and_without_the_index(
        clients: tuple[TestClient, TestClient], url: str) -> None:
    on, off = clients
    a, b = on.get(url), off.get(url)
    assert a.status_code == b.status_code
    assert a.headers.get("content-type") == b.headers.get("content-type")
    assert a.headers.get("x-next-cursor") == b.headers.get("x-next-cursor")
    if "json" in a.headers["content-type"] and "ndjson" not in a.headers["content-type"]:
        assert a.json() == b.json()
    elif "ndjson" in a.headers["content-type"]:
        assert [json.loads(x) for x in a.text.splitlines()] == [json.loads(x) for x in b.text.splitlines()]
    else:
        assert a.text == b.text


def test_following_cursors_over_http_lists_every_event_once(clients: tuple[TestClient, TestClient]) -> None:
    on, off = clients
    for sort in ("-date", "confidence"):
        seen: list[list[str]] = [[], []]
        for i, client in enumerate((on, off)):
            params = {"limit": 17, "sort": sort}
            while True:
                page = client.get("/api/events", params=params).json()
                seen[i] += [e["id"] for e in page["events"]]
                if not page["next_cursor"]:
                    break
                params["cursor"] = page["next_cursor"]
        assert seen[0] == seen[1]
        assert len(seen[0]) == len(set(seen[0])) == on.get("/api/health").json()["events"]


# -- query strings parsed without FastAPI's validation give FastAPI's arguments -----------
@pytest.fixture(scope="module")
def parsed_clients(store_path: Path) -> Iterator[tuple[TestClient, TestClient]]:
    plain = create_app(str(store_path), cache_bytes=0)
    checked = create_app(str(store_path), cache_bytes=0, plain_queries=False)
    with TestClient(plain, base_url="http://localhost") as a, TestClient(checked, base_url="http://localhost") as b:
        yield a, b
    plain.state.store.close()
    checked.state.store.close()


# values each parameter may take: plain ones, and ones FastAPI parses otherwise or refuses
VALUES = {
    "since": ["2021-05-10", "2021-5-10", "2021-02-30", "20210510", "2021-05-10T00:00:00", ""],
    "until": ["2021-06-01", " 2021-06-01", "1622505600"],
    "country": ["KEN", "som", "KE", "KENY", "K3N", ""],
    "actor": ["KENGOV", "k", "SOM INS", "A" * 61, "ÄTH"],
    "source": ["SOM", ""], "target": ["KEN", "KEN|SOM"],
    "code": ["1", "0256", "025a", "02567", "+1", "1 "],
    "quad_class": ["1", "4", "0", "5", "01", "+2", " 3", "2.0", "x"],
    "place_country": ["SOM", "tur", "SO"],
    "place": ["Mogadishu", "", "x" * 201, "İstanbul"],
    "modality": ["future", "FUTURE", "hypothetical", ""],
    "q": ["border", "", "ÜNÏON", "x" * 201, "%", "a&b"],
    "sort": ["-date", "goldstein", "nope", "", "x" * 21],
    "limit": ["1", "7", "1000", "1001", "0", "007", "-1", "1e2"],
    "cursor": ["zzz", queries.encode_cursor("-date", "2021-05-20", "no-such-id"), ""],
    "format": ["json", "ndjson", "csv", "xml", ""],
    "interval": ["day", "week", "month", "year", "hour", "DAY"],
    "min_events": ["1", "2", "0", "999999999", "1000000000", "02"],
    "unknown": ["1"],
}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(["/api/events", "/api/timeline", "/api/actors", "/api/network"]),
       params=st.lists(st.sampled_from(sorted(VALUES)).flatmap(
           lambda k: st.tuples(st.just(k), st.sampled_from(VALUES[k]))), max_size=5))
def test_plain_query_strings_get_fastapis_answers(parsed_clients: tuple[TestClient, TestClient],
                                                  path: str, params: list[tuple[str, str]]) -> None:
    """Any query string (repeated parameters, values out of range or form included) gets the
    same response whether the plain parser or FastAPI reads it."""
    plain, checked = parsed_clients
    a, b = plain.get(path, params=params), checked.get(path, params=params)
    assert a.status_code == b.status_code, a.text
    assert a.headers.get("content-type") == b.headers.get("content-type")
    assert a.headers.get("x-next-cursor") == b.headers.get("x-next-cursor")
    if a.headers["content-type"] == "application/json":
        assert a.json() == b.json()
    else:
        assert a.text == b.text


@pytest.mark.parametrize("path", ["/api/events", "/api/timeline", "/api/actors", "/api/network"])
def test_each_plain_or_odd_value_gets_fastapis_answer(parsed_clients: tuple[TestClient, TestClient],
                                                      path: str) -> None:
    """Every value of every parameter alone, then twice (a repeated parameter)."""
    plain, checked = parsed_clients
    for name, values in VALUES.items():
        for value in values:
            for params in ([(name, value)], [(name, value), (name, values[0])]):
                a, b = plain.get(path, params=params), checked.get(path, params=params)
                assert (a.status_code, a.headers.get("content-type"), a.content) == (
                    b.status_code, b.headers.get("content-type"), b.content), (path, params)


def test_the_plain_parser_knows_every_filter_parameter(parsed_clients: tuple[TestClient, TestClient]) -> None:
    """Each endpoint's query parameters in the API schema are the ones the plain parser
    reads: a parameter added to the API but not to the parser would be ignored by it."""
    from tacitus.api.app import _FILTER_PARSERS
    plain, _ = parsed_clients
    schema = plain.app.openapi()  # type: ignore[attr-defined]
    for path in ("/api/events", "/api/timeline", "/api/actors", "/api/network"):
        declared = {p["name"] for p in schema["paths"][path]["get"]["parameters"] if p["in"] == "query"}
        route = next(r for r in plain.app.routes if getattr(r, "path", None) == path)  # type: ignore[attr-defined]
        parse = route.endpoint.plain_query
        assert set(_FILTER_PARSERS) <= declared
        # every other declared parameter is one the parser reads into an argument
        for name in declared - set(_FILTER_PARSERS):
            value = VALUES[name][0]
            got = parse(_request(path, {name: value}))
            assert got is not None and name in got, (path, name)


def _request(path: str, params: dict[str, str]) -> Any:
    from urllib.parse import urlencode

    from starlette.requests import Request
    return Request({"type": "http", "method": "GET", "path": path, "headers": [],
                    "query_string": urlencode(params).encode()})
