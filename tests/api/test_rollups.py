"""Rollups (tacitus.store.rollups): the timeline, network and top actors answered from them
are the answers computed from table ``events``, and every write keeps them so."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from tacitus.api import queries
from tacitus.api.queries import Reader, snapshot_events
from tacitus.model import Actor, Article, Event, PloverType
from tacitus.store import Store, rollups
from tacitus.store.filters import EventFilter

# code, root, QuadClass, Goldstein (None: a code without a scale value)
CODES = [("042", "04", 1, 1.9), ("0256", "02", 1, 3.0), ("072", "07", 2, 7.4),
         ("111", "11", 3, -2.0), ("138", "13", 3, None), ("183", "18", 4, -10.0),
         ("190", "19", 4, -10.0)]
ACTORS = [("KENGOV", "KEN"), ("KENPOL", "KEN"), ("SOMINSSHB", "SOM"), ("ETHMIL", "ETH"),
          ("IGOAFU", None), ("UGAGOV", "UGA"), ("SOMGOV", "SOM")]
START = date(2021, 5, 1)


def _actor(rnd: random.Random, code: str, country: str | None) -> Actor:
    return Actor(f"the {code.lower()} side", None, None, None, code, country,
                 rnd.choice(["GOV", "MIL", None]))


def _articles(seed: int, n: int, prefix: str) -> list[Article]:
    """Articles of 1-4 invented events: one or two actors a side (the same code on both
    sides now and then), some undated, dates over 40 days, a few on shared dyads and days
    so that clusters gather mentions from several articles."""
    rnd = random.Random(seed)
    out = []
    for a in range(n):
        events = []
        for k in range(rnd.randint(1, 4)):
            code, root, quad, gold = rnd.choice(CODES)
            src = [_actor(rnd, *c) for c in rnd.sample(ACTORS, rnd.choice([1, 1, 2]))]
            tgt = [_actor(rnd, *c) for c in rnd.sample(ACTORS, rnd.choice([1, 1, 2]))]
            day = None if rnd.random() < 0.1 else (START + timedelta(days=rnd.randrange(40))).isoformat()
            sentence = f"Report {prefix}{a} item {k}: {src[0].code} and {tgt[0].code}, code {code}."
            events.append(Event(
                id=f"{prefix}{a}-{k}", code=code, root_code=root, name=f"CAMEO {code}",
                quad_class=quad, goldstein=gold, plover=PloverType("CONSULT", None),
                source=src, target=tgt, modality=rnd.choice(["asserted", "asserted", "future"]),
                date=day, date_precision="day" if day else None, sentence=k, start=0,
                end=len(sentence), text=sentence, trigger="item", rule="test.rollup",
                confidence=round(rnd.uniform(0.5, 1.0), 2)))
        if a % 5 == 4:  # another report of the previous article's first event
            seen = out[-1].events[0]
            events[0] = replace(seen, id=f"{prefix}{a}-0", sentence=0)
        text = " ".join(e.text for e in events)
        out.append(Article(id=f"{prefix}{a:03d}", text=text, title=f"Rollup test {prefix}{a}",
                           url=f"https://wire{a % 3}.example/{prefix}{a}",
                           published=(START + timedelta(days=a % 45)).isoformat(), events=events))
    return out


FILTERS = [
    EventFilter(),
    EventFilter(country="KEN"),
    EventFilter(country="som"),
    EventFilter(code="1"),
    EventFilter(code="0256"),
    EventFilter(quad_class=4),
    EventFilter(since="2021-05-10"),
    EventFilter(since="2021-05-05", until="2021-05-20"),
    EventFilter(until="2021-05-03", country="ETH"),
    EventFilter(since="2021-05-12", until="2021-06-01", code="19", country="SOM"),
    EventFilter(country="UGA", quad_class=3),
    EventFilter(country="XXX"),
]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("rollups") / "rollups.duckdb"
    with Store(path) as store:
        store.write_articles(_articles(3, 60, "a"))
    return path


@pytest.fixture(scope="module", params=["snapshot", "store"])
def reader(request: pytest.FixtureRequest, store_path: Path) -> Iterator[Reader]:
    with Store(store_path, read_only=True) as store:
        snap = snapshot_events(store.con) if request.param == "snapshot" else None
        r = Reader(store.con, snap)
        yield r
        r.close()


def _answers(r: Reader, f: EventFilter, use_rollups: bool) -> dict[str, object]:
    return {
        **{f"timeline/{i}": queries.timeline(r, f, i, use_rollups=use_rollups)
           for i in queries.TIME_BUCKETS},
        "actors": queries.top_actors(r, f, 1000, use_rollups=use_rollups),
        "actors/3": queries.top_actors(r, f, 3, use_rollups=use_rollups),
        "network": queries.network(r, f, 1000, use_rollups=use_rollups),
        "network/min2": queries.network(r, f, 5, min_events=2, use_rollups=use_rollups),
    }


@pytest.mark.parametrize("f", FILTERS, ids=lambda f: repr(f.as_dict()))
def test_rollup_answers_are_the_events_answers(reader: Reader, f: EventFilter) -> None:
    assert rollups.answers(f.as_dict())
    assert _answers(reader, f, True) == _answers(reader, f, False)


def test_the_store_is_varied_enough_to_tell(reader: Reader) -> None:
    """The identity above means something: the store has undated events, multi-actor
    sides, self-dyads, events without a Goldstein value and clusters of several mentions."""
    con = reader.store
    assert con.execute(
        "SELECT count(*) FILTER (WHERE event_date IS NULL) > 0, "
        "count(*) FILTER (WHERE len(source_codes) > 1 OR len(target_codes) > 1) > 0, "
        "count(*) FILTER (WHERE len(list_intersect(source_codes, target_codes)) > 0) > 0, "
        "count(*) FILTER (WHERE goldstein IS NULL) > 0, count(*) FILTER (WHERE mentions > 1) > 0 "
        "FROM events").fetchone() == (True, True, True, True, True)


def test_filters_outside_the_rollups_are_not_answered_from_them() -> None:
    assert not rollups.answers(EventFilter(actor="KEN").as_dict())
    assert not rollups.answers(EventFilter(country="KEN", text="code").as_dict())
    assert not rollups.answers(EventFilter(modality="future").as_dict())


def _rollup_rows(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
            for t in rollups.ROLLUP_TABLES}


def test_rollups_are_refreshed_by_a_second_write(tmp_path: Path) -> None:
    """A second write adds articles and replaces some (their events move to other dates or
    disappear): the rollups equal a rebuild from the events table, and changed."""
    path = tmp_path / "two.duckdb"
    first = _articles(5, 30, "b")
    with Store(path) as store:
        store.write_articles(first)
        before = _rollup_rows(store.con)
        changed = _articles(11, 10, "b")  # the same ids b000..b009, other events
        store.write_articles(changed + _articles(12, 10, "c"))
        after = _rollup_rows(store.con)
        rollups.rebuild(store.con)
        assert _rollup_rows(store.con) == after
        (n_events,) = store.con.execute("SELECT count(*) FROM events").fetchone()
    assert after != before
    assert sum(r[3] for r in after["rollup_days"]) == n_events


def test_snapshot_is_sorted_by_date(store_path: Path) -> None:
    """Rows in event date order (undated last), so DuckDB's zone maps skip row groups for a
    date range; the rollups too (the per-country rows by country, then date)."""
    with Store(store_path, read_only=True) as store:
        snap = snapshot_events(store.con)
    dates = [d for (d,) in snap.execute("SELECT event_date FROM events ORDER BY __rn").fetchall()]
    dated = [d for d in dates if d is not None]
    assert dated == sorted(dated) and dates[len(dated):] == [None] * (len(dates) - len(dated))
    assert len(dated) < len(dates)
    for table in rollups.ROLLUP_TABLES:
        key = "country, event_date" if table == "rollup_day_countries" else "event_date"
        got = snap.execute(f"SELECT {key} FROM {table}").fetchall()
        assert got == sorted(got, key=lambda row: [(v is None, v) for v in row])
        assert snap.execute(f"SELECT {key} FROM {table} ORDER BY {key} NULLS LAST").fetchall() == got
    snap.close()


@pytest.mark.parametrize("sort", ["-date", "date", "-goldstein", "confidence", "-mentions"])
def test_first_page_probe_finds_the_page_of_a_full_search(
        store_path: Path, sort: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A first page looked for among the first ranks of the snapshot (queries.RANK_PROBE) is
    the page of a search among all of them, whether the probe window holds it or not."""
    with Store(store_path, read_only=True) as store:
        reader = Reader(store.con, snapshot_events(store.con))
        _compare_probes(reader, sort, monkeypatch)
        reader.close()


def _compare_probes(reader: Reader, sort: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for f in FILTERS[:6] + [EventFilter(actor="SOM"), EventFilter(text="etHMil")]:
        for limit in (1, 9):
            pages = []
            for probe in (1, 1000):
                monkeypatch.setattr(queries, "RANK_PROBE", probe)
                pages.append(queries.list_events(reader, f, sort, limit))
            assert pages[0] == pages[1], (f, limit)
