"""The HTTP API over a hand-made store: every endpoint, every filter, bad and hostile input."""

from __future__ import annotations

import csv
import inspect
import io
import json
import re
from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tacitus.api import create_app, serve
from tacitus.store import Store

ALL_CODES = ["071", "130", "040", "190"]  # newest event first


def _codes(client: TestClient, **params: object) -> list[str]:
    r = client.get("/api/events", params=params)
    assert r.status_code == 200, r.text
    return [e["code"] for e in r.json()["events"]]


def _event_id(client: TestClient, code: str) -> str:
    return client.get("/api/events", params={"code": code}).json()["events"][0]["id"]


def test_health_reports_the_store(client: TestClient) -> None:
    body = client.get("/api/health").json()
    assert (body["status"], body["articles"], body["events"], body["event_mentions"]) == ("ok", 3, 4, 5)
    assert (body["date_min"], body["date_max"]) == ("2019-07-08", "2020-03-01")


def test_events_default_is_newest_first(client: TestClient) -> None:
    assert _codes(client) == ALL_CODES


@pytest.mark.parametrize(
    ("params", "codes"),
    [
        ({"since": "2019-07-09"}, ["071", "130", "040"]),
        ({"until": "2019-07-09"}, ["040", "190"]),
        ({"since": "2019-07-09", "until": "2019-07-10"}, ["130", "040"]),
        ({"country": "AFG"}, ["040", "190"]),
        ({"country": "ind"}, ["130"]),
        ({"country": "YEM"}, ["071"]),
        ({"actor": "AFGINS"}, ["040", "190"]),
        ({"actor": "afggov"}, ["040"]),
        ({"actor": "IGO"}, ["071"]),
        ({"actor": "INS"}, []),
        ({"source": "AFGINS"}, ["190"]),
        ({"target": "AFGINS"}, ["040"]),
        ({"source": "PAK", "target": "IND"}, ["130"]),
        ({"source": "IND", "target": "PAK"}, []),
        ({"code": "19"}, ["190"]),
        ({"code": "0"}, ["071", "040"]),
        ({"code": "1"}, ["130", "190"]),
        ({"quad_class": 4}, ["190"]),
        ({"quad_class": 2}, ["071"]),
        ({"place_country": "QAT"}, ["040"]),
        ({"place_country": "afg"}, ["190"]),
        ({"place": "kabul"}, ["190"]),
        ({"place": "Doha", "place_country": "QAT"}, ["040"]),
        ({"place": "Kab"}, []),
        ({"modality": "negated"}, ["130"]),
        ({"modality": "asserted"}, ["071", "040", "190"]),
        ({"q": "CHECKPOINT"}, ["190"]),
        ({"q": "food aid"}, ["071"]),
        ({"country": "AFG", "quad_class": 1}, ["040"]),
        ({"country": "PAK", "code": "19"}, []),
    ],
)
def test_event_filters(client: TestClient, params: dict, codes: list[str]) -> None:
    assert _codes(client, **params) == codes


@pytest.mark.parametrize(
    ("api", "store"),
    [
        ({"country": "AFG"}, {"country": "AFG"}),
        ({"actor": "AFGINS"}, {"actor": "AFGINS"}),
        ({"code": "1"}, {"code": "1"}),
        ({"since": "2019-07-09"}, {"since": "2019-07-09"}),
        ({"q": "taliban"}, {"text": "taliban"}),
        ({"modality": "negated"}, {"modality": "negated"}),
    ],
)
def test_api_selects_what_the_store_query_selects(client: TestClient, store_path: Path,
                                                   api: dict, store: dict) -> None:
    with Store(store_path, read_only=True) as s:
        expected = sorted(r["id"] for r in s.query_events(**store))
    got = sorted(e["id"] for e in client.get("/api/events", params=api).json()["events"])
    assert got == expected


@pytest.mark.parametrize(
    ("sort", "codes"),
    [
        ("date", ["190", "040", "130", "071"]),
        ("-date", ALL_CODES),
        ("goldstein", ["190", "130", "040", "071"]),
        ("-goldstein", ["071", "040", "130", "190"]),
        ("-mentions", ["190", "071", "130", "040"]),
    ],
)
def test_sort(client: TestClient, sort: str, codes: list[str]) -> None:
    got = _codes(client, sort=sort)
    if sort == "-mentions":  # ties after the first are ordered by id, not by code
        assert got[0] == "190" and sorted(got[1:]) == sorted(codes[1:])
    else:
        assert got == codes


@pytest.mark.parametrize("sort", ["date", "-date", "goldstein", "-confidence", "mentions", "-articles"])
def test_cursor_pages_cover_every_event_once(client: TestClient, sort: str) -> None:
    everything = [e["id"] for e in client.get("/api/events", params={"sort": sort}).json()["events"]]
    seen: list[str] = []
    cursor = None
    for _ in range(10):
        params = {"sort": sort, "limit": 1, **({"cursor": cursor} if cursor else {})}
        body = client.get("/api/events", params=params).json()
        seen += [e["id"] for e in body["events"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == everything
    assert len(seen) == 4


def test_cursor_of_another_sort_is_refused(client: TestClient) -> None:
    cursor = client.get("/api/events", params={"limit": 1, "sort": "date"}).json()["next_cursor"]
    r = client.get("/api/events", params={"limit": 1, "sort": "goldstein", "cursor": cursor})
    assert r.status_code == 422
    assert r.json()["parameters"] == ["cursor"]


def test_ndjson_output(client: TestClient) -> None:
    r = client.get("/api/events", params={"format": "ndjson"})
    assert r.headers["content-type"].startswith("application/x-ndjson")
    assert [json.loads(line)["code"] for line in r.text.splitlines()] == ALL_CODES


def test_csv_output(client: TestClient) -> None:
    r = client.get("/api/events", params={"format": "csv", "code": "19"})
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [(x["code"], x["source_codes"], x["mentions"]) for x in rows] == [("190", "AFGINSTAL", "2")]


@pytest.mark.parametrize(
    ("accept", "kind"),
    [("application/x-ndjson", "application/x-ndjson"), ("text/csv", "text/csv"),
     ("application/json", "application/json")],
)
def test_accept_header_picks_the_format(client: TestClient, accept: str, kind: str) -> None:
    r = client.get("/api/events", headers={"accept": accept})
    assert r.headers["content-type"].startswith(kind)


def test_next_cursor_header_in_ndjson(client: TestClient) -> None:
    r = client.get("/api/events", params={"format": "ndjson", "limit": 2})
    cursor = r.headers["x-next-cursor"]
    nxt = client.get("/api/events", params={"format": "ndjson", "limit": 2, "cursor": cursor})
    assert [json.loads(x)["code"] for x in nxt.text.splitlines()] == ALL_CODES[2:]


def test_event_has_every_mention_with_highlighted_evidence(client: TestClient) -> None:
    body = client.get(f"/api/events/{_event_id(client, '19')}").json()
    assert body["mentions"] == 2
    assert [m["article_title"] for m in body["evidence"]] == ["Attack in Kabul", "Checkpoint hit"]
    first = body["evidence"][0]
    marked = {h["kind"]: first["text"][h["start"]:h["end"]] for h in first["highlights"]}
    assert marked == {"trigger": "attacked", "source": "Taliban fighters", "target": "a police checkpoint"}
    second = body["evidence"][1]
    assert {h["kind"]: second["text"][h["start"]:h["end"]] for h in second["highlights"]}["source"] \
        == "Insurgents from the Taliban"


def test_event_found_by_mention_id(client: TestClient) -> None:
    body = client.get(f"/api/events/{_event_id(client, '19')}").json()
    mention = body["evidence"][1]["id"]
    assert client.get(f"/api/events/{mention}").json()["id"] == body["id"]


def test_unknown_event_is_404(client: TestClient) -> None:
    assert client.get("/api/events/c0000000000000000").status_code == 404


def test_articles_list_newest_first(client: TestClient) -> None:
    body = client.get("/api/articles").json()
    assert [a["title"] for a in body["articles"]] == ["Aid to Yemen", "Checkpoint hit", "Attack in Kabul"]


@pytest.mark.parametrize(
    ("params", "titles"),
    [
        ({"since": "2019-07-10"}, ["Aid to Yemen", "Checkpoint hit"]),
        ({"until": "2019-07-09"}, ["Attack in Kabul"]),
        ({"q": "yemen"}, ["Aid to Yemen"]),
        ({"q": "DOHA"}, ["Attack in Kabul"]),
        ({"source": "wire.example"}, ["Checkpoint hit"]),
        ({"sort": "events", "limit": 1}, ["Aid to Yemen"]),
        ({"sort": "published"}, ["Attack in Kabul", "Checkpoint hit", "Aid to Yemen"]),
    ],
)
def test_article_filters(client: TestClient, params: dict, titles: list[str]) -> None:
    assert [a["title"] for a in client.get("/api/articles", params=params).json()["articles"]] == titles


def test_article_pages(client: TestClient) -> None:
    first = client.get("/api/articles", params={"limit": 2}).json()
    rest = client.get("/api/articles", params={"limit": 2, "cursor": first["next_cursor"]}).json()
    assert [a["title"] for a in rest["articles"]] == ["Attack in Kabul"]
    assert rest["next_cursor"] is None


def test_article_has_text_and_every_annotation(client: TestClient) -> None:
    aid = next(a["id"] for a in client.get("/api/articles").json()["articles"]
               if a["title"] == "Attack in Kabul")
    body = client.get(f"/api/articles/{aid}").json()
    kinds = {a["kind"] for a in body["annotations"]}
    assert kinds == {"entity", "place", "date", "quote", "count", "trigger", "actor"}
    for a in body["annotations"]:
        assert body["text"][a["start"]:a["end"]] == a["text"]
    assert all(ev["event_id"].startswith("c") for ev in body["events"])


def test_unknown_article_is_404(client: TestClient) -> None:
    assert client.get("/api/articles/nope").status_code == 404


def test_timeline_by_day_and_quad_class(client: TestClient) -> None:
    buckets = client.get("/api/timeline").json()["buckets"]
    assert [(b["date"], b["events"], b["goldstein"]) for b in buckets] == [
        ("2019-07-08", 1, -10.0), ("2019-07-09", 1, 1.0), ("2019-07-10", 1, -4.4), ("2020-03-01", 1, 7.4)]
    assert buckets[0]["quad"] == {"4": {"events": 1, "goldstein": -10.0}}
    assert buckets[0]["mentions"] == 2


def test_timeline_by_month_takes_the_filters(client: TestClient) -> None:
    buckets = client.get("/api/timeline", params={"interval": "month", "country": "AFG"}).json()["buckets"]
    assert [(b["date"], b["events"], b["goldstein"]) for b in buckets] == [("2019-07-01", 2, -4.5)]


def test_actors_ranked_by_events(client: TestClient) -> None:
    actors = client.get("/api/actors", params={"limit": 2}).json()["actors"]
    assert actors[0] == {"code": "AFGINSTAL", "events": 2, "as_source": 1, "as_target": 1,
                         "mentions": 3, "goldstein": -4.5, "name": "Taliban", "country": "AFG"}
    assert len(actors) == 2


def test_actors_take_the_filters(client: TestClient) -> None:
    actors = client.get("/api/actors", params={"quad_class": 3}).json()["actors"]
    assert [a["code"] for a in actors] == ["IND", "PAK"]


def test_network_dyads(client: TestClient) -> None:
    body = client.get("/api/network").json()
    edges = {(e["source"], e["target"]): (e["events"], e["goldstein"]) for e in body["edges"]}
    assert edges == {("AFGINSTAL", "AFGCOP"): (1, -10.0), ("AFGGOV", "AFGINSTAL"): (1, 1.0),
                     ("PAK", "IND"): (1, -4.4), ("IGOUNO", "YEM"): (1, 7.4)}
    assert {n["code"] for n in body["nodes"]} == {"AFGINSTAL", "AFGCOP", "AFGGOV", "PAK", "IND", "IGOUNO", "YEM"}


def test_network_takes_the_filters(client: TestClient) -> None:
    edges = client.get("/api/network", params={"code": "19"}).json()["edges"]
    assert [(e["source"], e["target"], e["mentions"]) for e in edges] == [("AFGINSTAL", "AFGCOP", 2)]


def test_places_aggregated(client: TestClient) -> None:
    got = client.get("/api/places").json()["places"]
    assert [(p["name"], p["country"], p["lat"], p["lon"], p["events"]) for p in got] == [
        ("Doha", "QAT", 25.29, 51.53, 1), ("Kabul", "AFG", 34.53, 69.17, 1)]


def test_places_take_the_filters(client: TestClient) -> None:
    got = client.get("/api/places", params={"quad_class": 4}).json()["places"]
    assert [(p["name"], p["mentions"], p["conflict"]) for p in got] == [("Kabul", 2, 1)]


@pytest.mark.parametrize(
    ("url", "param"),
    [
        ("/api/events?since=2019-13-01", "since"),
        ("/api/events?until=yesterday", "until"),
        ("/api/events?country=AF", "country"),
        ("/api/events?actor=PAK%20GOV", "actor"),
        ("/api/events?code=x9", "code"),
        ("/api/events?source=A-B", "source"),
        ("/api/events?target=" + "A" * 61, "target"),
        ("/api/events?quad_class=5", "quad_class"),
        ("/api/events?quad_class=one", "quad_class"),
        ("/api/events?place_country=1234", "place_country"),
        ("/api/events?place=", "place"),
        ("/api/events?modality=maybe", "modality"),
        ("/api/events?q=", "q"),
        ("/api/events?limit=1001", "limit"),
        ("/api/events?limit=0", "limit"),
        ("/api/events?sort=text", "sort"),
        ("/api/events?sort=-id;DROP", "sort"),
        ("/api/events?cursor=notacursor", "cursor"),
        ("/api/events?cursor=WyItZGF0ZSIsIm5vdGFkYXRlIiwiYyJd", "cursor"),
        ("/api/events?format=xml", "format"),
        ("/api/timeline?interval=hour", "interval"),
        ("/api/timeline?country=12", "country"),
        ("/api/actors?limit=-1", "limit"),
        ("/api/network?min_events=0", "min_events"),
        ("/api/places?limit=99999", "limit"),
        ("/api/articles?since=2019-02-30", "since"),
        ("/api/articles?sort=title", "sort"),
        ("/api/events/a;b", "event_id"),
        ("/api/articles/" + "x" * 200, "article_id"),
    ],
)
def test_bad_parameter_is_422_naming_it(client: TestClient, url: str, param: str) -> None:
    r = client.get(url)
    assert r.status_code == 422
    assert r.json()["parameters"] == [param]


def test_422_does_not_echo_the_value(client: TestClient) -> None:
    r = client.get("/api/events", params={"country": "<script>alert(1)</script>"})
    assert r.status_code == 422
    assert "<script>" not in r.text


@pytest.mark.parametrize(
    "hostile",
    [
        "'; DROP TABLE articles; --",
        "\" OR 1=1 --",
        "%' OR '%'='",
        ") UNION SELECT record FROM articles --",
        "\\x00\x00",
        "ταλιμπάν 🚩",
        "?; ATTACH '/tmp/x.db' AS x",
    ],
)
def test_hostile_text_is_inert(client: TestClient, hostile: str) -> None:
    for url in ("/api/events", "/api/timeline", "/api/actors", "/api/network", "/api/places",
                "/api/articles"):
        r = client.get(url, params={"q": hostile})
        assert r.status_code == 200, (url, r.text)
    assert client.get("/api/events", params={"q": hostile}).json()["events"] == []
    assert client.get("/api/health").json()["articles"] == 3


def test_very_long_value_is_refused(client: TestClient) -> None:
    r = client.get("/api/events", params={"q": "a" * 20_000})
    assert r.status_code == 422
    assert r.json()["parameters"] == ["q"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(max_size=300), actor=st.text(max_size=70), sort=st.text(max_size=25),
       cursor=st.text(max_size=80) | st.binary(max_size=60).map(
           lambda b: __import__("base64").urlsafe_b64encode(b).decode()))
def test_any_text_is_answered_never_a_server_error(client: TestClient, q: str, actor: str,
                                                   sort: str, cursor: str) -> None:
    r = client.get("/api/events", params={"q": q, "actor": actor, "sort": sort, "cursor": cursor})
    assert r.status_code in (200, 422)


def test_store_is_opened_read_only(client: TestClient) -> None:
    con = client.app.state.store.con
    with pytest.raises(duckdb.Error):
        con.execute("DELETE FROM articles")


def test_openapi_and_local_docs(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert {"/api/events", "/api/events/{event_id}", "/api/articles", "/api/articles/{article_id}",
            "/api/actors", "/api/timeline", "/api/network", "/api/places", "/api/health"} <= set(schema["paths"])
    docs = client.get("/docs").text
    assert re.findall(r"""(?:src|href)=["'](https?:)""", docs) == []
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200


STATIC = Path(__file__).resolve().parents[2] / "tacitus" / "api" / "static"


def test_dashboard_page_and_assets_are_local(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page.text)
    assert assets
    for asset in assets:
        assert not asset.startswith(("http:", "https:", "//")), asset
        assert client.get(asset).status_code == 200, asset


@pytest.mark.parametrize("name", ["app.js", "style.css", "index.html"])
def test_static_files_fetch_nothing_remote(name: str) -> None:
    text = (STATIC / name).read_text(encoding="utf-8")
    assert re.findall(r"""(?:url\(|src=|href=|fetch\()\s*["']?https?://""", text) == []


def test_world_outline_is_small_and_attributed() -> None:
    path = STATIC / "world-110m.json"
    assert path.stat().st_size < 1_000_000
    data = json.loads(path.read_text(encoding="utf-8"))
    assert "Natural Earth" in data["source"] and "public domain" in data["licence"]
    assert len(data["countries"]) > 150


def test_serve_binds_localhost_by_default() -> None:
    assert inspect.signature(serve).parameters["host"].default == "127.0.0.1"


def test_missing_store_fails_before_serving(tmp_path: Path) -> None:
    from tacitus.errors import TacitusError

    with pytest.raises(TacitusError, match="no such store"):
        create_app(str(tmp_path / "absent.duckdb"))


@pytest.mark.parametrize(
    "url",
    ["/api/events?sort=goldstein", "/api/events?country=AFG", "/api/timeline", "/api/actors",
     "/api/network", "/api/places?quad_class=4"],
)
def test_snapshot_answers_as_the_live_view(client: TestClient, store_path: Path, url: str) -> None:
    live = create_app(str(store_path), snapshot=False)
    try:
        assert TestClient(live, base_url="http://localhost").get(url).json() == client.get(url).json()
    finally:
        live.state.store.close()


def test_cached_answer_is_the_same_with_its_headers(client: TestClient) -> None:
    params = {"format": "ndjson", "limit": 1, "sort": "goldstein"}
    first = client.get("/api/events", params=params)
    again = client.get("/api/events", params=params)
    assert (again.text, again.headers["x-next-cursor"], again.headers["content-type"]) == \
        (first.text, first.headers["x-next-cursor"], first.headers["content-type"])


def test_response_cache_keeps_within_its_bytes() -> None:
    from tacitus.api.app import ResponseCache

    cache = ResponseCache(800)
    for i in range(10):
        cache.put(("/p", str(i), ""), b"x" * 100, {})
    assert cache.size <= 800
    assert cache.get(("/p", "0", "")) is None
    assert cache.get(("/p", "9", "")) == (b"x" * 100, {})


@pytest.mark.parametrize("sort", ["-date", "goldstein", "-mentions"])
def test_live_view_pages_match_snapshot_pages(client: TestClient, store_path: Path, sort: str) -> None:
    live_app = create_app(str(store_path), snapshot=False, cache_bytes=0)
    try:
        live = TestClient(live_app, base_url="http://localhost")
        for c in (client, live):
            ids, cursor = [], None
            while True:
                params = {"sort": sort, "limit": 1, **({"cursor": cursor} if cursor else {})}
                body = c.get("/api/events", params=params).json()
                ids += [e["id"] for e in body["events"]]
                cursor = body["next_cursor"]
                if not cursor:
                    break
            if c is client:
                expected = ids
        assert ids == expected
    finally:
        live_app.state.store.close()


@pytest.fixture(scope="module")
def empty_client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    path = tmp_path_factory.mktemp("empty") / "empty.duckdb"
    Store(path).close()
    app = create_app(str(path))
    yield TestClient(app, base_url="http://localhost")
    app.state.store.close()


@pytest.mark.parametrize(
    ("url", "key", "empty"),
    [
        ("/api/events", "events", []),
        ("/api/timeline", "buckets", []),
        ("/api/actors", "actors", []),
        ("/api/network", "edges", []),
        ("/api/places", "places", []),
        ("/api/articles", "articles", []),
        ("/api/health", "events", 0),
    ],
)
def test_empty_store_answers_empty(empty_client: TestClient, url: str, key: str, empty: object) -> None:
    r = empty_client.get(url)
    assert r.status_code == 200
    assert r.json()[key] == empty


def test_event_with_unknown_fields_is_served(tmp_path: Path) -> None:
    from tacitus.model import Actor, Article, Event

    text = "Someone said something."
    art = Article(id="bare", text=text, events=[Event(
        id="bare-0", code="010", root_code="01", source=[Actor("Someone", 0, 7)],
        sentence=0, start=0, end=len(text), text=text, trigger="said", trigger_start=8,
        trigger_end=12)])
    path = tmp_path / "bare.duckdb"
    with Store(path) as s:
        s.write_articles([art])
    app = create_app(str(path))
    try:
        c = TestClient(app, base_url="http://localhost")
        for sort in ("date", "-date", "goldstein", "-goldstein", "confidence"):
            assert [e["code"] for e in c.get("/api/events", params={"sort": sort}).json()["events"]] == ["010"]
        event_id = c.get("/api/events").json()["events"][0]["id"]
        marks = c.get(f"/api/events/{event_id}").json()["evidence"][0]["highlights"]
        assert [(h["kind"], text[h["start"]:h["end"]]) for h in marks] == [("source", "Someone"), ("trigger", "said")]
        assert c.get("/api/timeline").json()["buckets"] == []
        assert c.get("/api/network").json()["edges"] == []
        assert c.get("/api/places").json()["places"] == []
    finally:
        app.state.store.close()


def test_docs_schema_is_openapi_3_0_without_null_types(client: TestClient) -> None:
    schema = client.get("/openapi-3.0.json").json()
    assert schema["openapi"] == "3.0.3"
    assert '{"type": "null"}' not in json.dumps(schema)
    since = next(p for p in schema["paths"]["/api/events"]["get"]["parameters"] if p["name"] == "since")
    assert (since["schema"]["type"], since["schema"]["format"], since["schema"]["nullable"]) == ("string", "date", True)
