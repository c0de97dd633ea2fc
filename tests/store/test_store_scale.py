"""Cross-article clustering reads only the stored mentions whose dates could match, and gives
the same clusters as reading every stored mention of the dyad (issue 18, scale curve)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

import tacitus.store as store_module
from tacitus.dedupe import StoredMention, assign_clusters, content_words, dyad_key
from tacitus.model import Actor, Article, Event

DAYS = ["2019-07-01", "2019-07-02", "2019-07-04", "2019-07-09", "2019-08-15", "2020-01-03", "2021-06-30"]
DATES = DAYS + ["2019-07", "2019-08", "2019", "2020", None, "2019-02-30", "July"]
PRECISIONS = ["day", "published", "month", "year", "inferred", None, "week"]
WORDS = "envoys ministers talks capital border troops attack convoy signed agreement trade tariffs".split()


def _event(rnd: random.Random, eid: str) -> Event:
    side = ["USAGOV", "IRNGOV", "AFGINSTAL", ""]
    src, tgt = rnd.choice(side), rnd.choice(side)
    return Event(
        id=eid, code=rnd.choice(["040", "190"]), root_code="04", text=" ".join(rnd.sample(WORDS, 5)),
        source=[Actor(src, 0, 0, code=src)] if src else [], target=[Actor(tgt, 0, 0, code=tgt)] if tgt else [],
        date=rnd.choice(DATES), date_precision=rnd.choice(PRECISIONS),
        date_rule=rnd.choice([None, None, "incident"]),
    )


def _articles(seed: int, n: int) -> list[Article]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        aid = f"a{i:04d}"
        events = [_event(rnd, f"{aid}-{j}") for j in range(rnd.randint(0, 4))]
        out.append(Article(id=aid, text=f"article {i}", published=rnd.choice(DAYS), events=events))
    return out


def _every_stored_mention(store: store_module.Store, events: list[Event]) -> list[StoredMention]:
    """What clustering read before the date filter: every stored mention of the dyads."""
    keys = sorted({dyad_key(ev) for ev in events})
    rows = store.con.execute(
        "SELECT dyad_key, date, date_precision, cluster_id, text, "
        "len(source_codes) > 0 AND len(target_codes) > 0 FROM event_mentions "
        "WHERE dyad_key IN (SELECT unnest(?)) ORDER BY published NULLS LAST, id", [keys]).fetchall()
    return [StoredMention(k, d, p, c, content_words(t or ""), bool(f)) for k, d, p, c, t, f in rows]


@contextmanager
def _counting_mentions_read(read: list[int]) -> Iterator[None]:
    """While inside, each clustering call appends how many stored mentions it was given."""
    real = store_module.assign_clusters

    def counting(events: list[Event], earlier: list[StoredMention]) -> dict[str, str]:
        earlier = list(earlier)
        read.append(len(earlier))
        return real(events, earlier)

    store_module.assign_clusters = counting
    try:
        yield
    finally:
        store_module.assign_clusters = real


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_date_filtered_clustering_gives_the_clusters_of_reading_every_mention(tmp_path: Path, seed: int) -> None:
    arts = _articles(seed, 160)
    read: list[int] = []
    joined = every_read = 0
    with store_module.Store(tmp_path / "s.duckdb") as store:
        for i in range(0, len(arts), 8):
            batch = arts[i:i + 8]
            events = [ev for a in batch for ev in a.events]
            every = _every_stored_mention(store, events)
            expected = assign_clusters(events, every)
            with _counting_mentions_read(read):
                got = store._assign_clusters(events)
            assert got == expected
            joined += sum(1 for c in got.values() if c in {m.cluster_id for m in every})
            assert read[-1] <= len(every)
            every_read += len(every)
            store.write_articles(batch)
            stored = dict(store.con.execute(
                "SELECT id, cluster_id FROM event_mentions WHERE id IN (SELECT unnest(?))",
                [[ev.id for ev in events]]).fetchall())
            assert stored == expected
    # the case is not vacuous: events joined stored clusters, and the filter left rows unread
    assert joined > 20
    assert sum(read) < every_read


def test_a_write_reads_the_mentions_of_its_dates_not_the_whole_history(tmp_path: Path) -> None:
    """A dyad reported every day for two years: a new day-precision mention reads the few
    stored mentions within the widest window of the stored ones, not all 730."""
    from datetime import date, timedelta

    def art(i: int, day: str, precision: str) -> Article:
        ev = Event(id=f"d{i}-0", code="040", root_code="04", text="envoys met", date=day, date_precision=precision,
                   source=[Actor("US", 0, 0, code="USAGOV")], target=[Actor("Iran", 0, 0, code="IRNGOV")])
        return Article(id=f"d{i}", text=f"day {i}", published=day, events=[ev])

    start = date(2019, 1, 1)
    with store_module.Store(tmp_path / "s.duckdb") as store:
        store.write_articles([art(i, (start + timedelta(days=i)).isoformat(), "day") for i in range(730)])
        read: list[int] = []
        with _counting_mentions_read(read):
            store.write_articles([art(9999, "2019-06-01", "published")])
        # the published window is 3 days either side: 7 stored days of 730
        assert read == [7]


# The rebuild of ``events`` as it was: every mention's whole row ranked in one window.
WHOLE_ROWS_CLUSTER_SQL = """
INSERT INTO events BY NAME
WITH ranked AS (
    SELECT m.*,
           row_number() OVER (PARTITION BY cluster_id
                              ORDER BY published NULLS LAST, confidence DESC, id) AS rank_in_cluster,
           sum(article_mentions) OVER (PARTITION BY cluster_id) AS n_mentions,
           count(DISTINCT article_id) OVER (PARTITION BY cluster_id) AS n_articles,
           count(DISTINCT coalesce(source_domain, article_id)) OVER (PARTITION BY cluster_id) AS n_sources
    FROM event_mentions m
    WHERE cluster_id IN (SELECT unnest(?))
)
SELECT cluster_id AS id, id AS mention_id,
       * EXCLUDE (id, cluster_id, dyad_key, rank_in_cluster, n_mentions, n_articles, n_sources, record),
       n_mentions AS mentions, n_sources AS sources, n_articles AS articles, record
FROM ranked WHERE rank_in_cluster = 1
"""


def test_events_rebuilt_from_narrow_columns_equal_the_whole_row_ranking(tmp_path: Path) -> None:
    arts = _articles(7, 200)
    rnd = random.Random(7)
    for a in arts:  # ties in publication and confidence, and several sources per cluster
        a.url = f"https://site{rnd.randrange(4)}.example/{a.id}" if rnd.random() < 0.7 else None
        for ev in a.events:
            ev.confidence = rnd.choice([0.5, 0.9])
    with store_module.Store(tmp_path / "s.duckdb") as store:
        for i in range(0, len(arts), 10):
            store.write_articles(arts[i:i + 10])
        # replaced articles leave their clusters and join others
        for a in arts[:30]:
            a.input_hash = "changed"
            a.events = a.events[:1]
        store.write_articles(arts[:30])
        got = store.con.execute("SELECT * FROM events ORDER BY id").fetchall()
        clusters = [c for (c,) in store.con.execute("SELECT DISTINCT cluster_id FROM event_mentions").fetchall()]
        store.con.execute("BEGIN")
        store.con.execute("DELETE FROM events")
        store.con.execute(WHOLE_ROWS_CLUSTER_SQL, [clusters])
        expected = store.con.execute("SELECT * FROM events ORDER BY id").fetchall()
        store.con.execute("ROLLBACK")
    assert got == expected
    assert len(got) > 50 and any(row for row in got)
    multi = [r for r in got if r[-2] > 1]  # articles per cluster
    assert multi


def _rebuilt(store: store_module.Store) -> tuple[list[Any], dict[str, list[Any]]]:
    """``events`` and the rollups as a rebuild of every cluster with ``CLUSTER_SQL`` gives them
    (inside a transaction rolled back: the store is left as it was)."""
    from tacitus.store import rollups

    clusters = [c for (c,) in store.con.execute("SELECT DISTINCT cluster_id FROM event_mentions").fetchall()]
    store.con.execute("BEGIN")
    try:
        store.con.execute("DELETE FROM events")
        store.con.execute(store_module.CLUSTER_SQL, [clusters, clusters])
        rollups.rebuild(store.con)
        return _events_and_rollups(store)
    finally:
        store.con.execute("ROLLBACK")


def _events_and_rollups(store: store_module.Store) -> tuple[list[Any], dict[str, list[Any]]]:
    from tacitus.store import rollups

    return (store.con.execute("SELECT * FROM events ORDER BY id").fetchall(),
            {t: store.con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in rollups.ROLLUP_TABLES})


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_events_kept_up_to_date_by_each_write_equal_a_rebuild_of_every_cluster(tmp_path: Path, seed: int) -> None:
    """``Store._update_events`` (new counts for an unchanged representative, the new
    representative's row from the batch, or from the store after a replacement) leaves the
    ``events`` rows and rollups that rebuilding every cluster from its mentions gives, after
    every write: new articles, replaced ones, and replaced ones that lose their events."""
    arts = _articles(seed, 160)
    rnd = random.Random(seed)
    for a in arts:  # ties in publication and confidence, and several sources per cluster
        a.url = f"https://site{rnd.randrange(4)}.example/{a.id}" if rnd.random() < 0.7 else None
        for ev in a.events:
            ev.confidence = rnd.choice([0.5, 0.9])
            ev.mentions = rnd.choice([1, 1, 2])
    paths = {"batch": 0, "store": 0, "recount": 0}
    real = store_module.Store._insert_represented

    def counting(self: store_module.Store, mentions: str, reps: list[Any]) -> None:
        paths["store" if mentions == "event_mentions" else "batch"] += len(reps)
        real(self, mentions, reps)

    store_module.Store._insert_represented = counting  # type: ignore[method-assign]
    try:
        with store_module.Store(tmp_path / "s.duckdb") as store:
            for i in range(0, len(arts), 8):
                store.write_articles(arts[i:i + 8])
                if i % 24 == 16:  # replace a few stored articles: new content, fewer events, none
                    again = rnd.sample(arts[:i + 8], 5)
                    for a in again:
                        a.input_hash = f"changed{i}"
                        a.events = a.events[:rnd.choice([0, 1, 2])]
                        a.published = rnd.choice(DAYS)
                    store.write_articles(again)
                got = _events_and_rollups(store)
                assert got == _rebuilt(store), f"after the write of articles {i}..{i + 8}"
            recounted = store.con.execute("SELECT count(*) FROM events WHERE articles > 1").fetchone()[0]
    finally:
        store_module.Store._insert_represented = real  # type: ignore[method-assign]
    # every path was taken
    assert paths["batch"] > 50 and paths["store"] > 0 and recounted > 5
