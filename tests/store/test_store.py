"""Store round trip, idempotence, replacement and SQL filters, on hand-built records."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from tacitus.errors import TacitusError
from tacitus.model import Actor, Article, Count, Event, Place, PloverType, article_id
from tacitus.store import Store, dates_compatible, dyad_key

TEXT = (
    "Afghan government officials met with Taliban negotiators in Qatar on Sunday. "
    "Taliban fighters attacked a police checkpoint in Kandahar."
)


def _article(text: str = TEXT, published: str = "2019-07-09", url: str | None = None) -> Article:
    aid = article_id(text, url)
    meet = Event(
        id=f"{aid}-0", code="040", root_code="04", name="Consult, not specified below",
        quad_class=1, goldstein=1.0, plover=PloverType("CONSULT", None),
        source=[Actor("Afghan government officials", 0, 28, None, "AFGGOV", "AFG", "GOV")],
        target=[Actor("Taliban negotiators", 39, 58, "Taliban", "AFGINSTAL", "AFG", "INS", "TAL")],
        date="2019-07-07", date_precision="day",
        place=Place("Qatar", 62, 67, "Qatar", "QAT", None, 25.5, 51.25, 289688, "country"),
        sentence=0, start=0, end=77, text=text[:77], trigger="met", rule="test.meet",
        confidence=0.9,
    )
    attack = Event(
        id=f"{aid}-1", code="190", root_code="19", name="Use conventional military force",
        quad_class=4, goldstein=-10.0, plover=PloverType("ASSAULT", None),
        source=[Actor("Taliban fighters", 78, 94, "Taliban", "AFGINSTAL", "AFG", "INS", "TAL")],
        target=[Actor("a police checkpoint", 104, 123, None, "AFGCOP", "AFG", "COP")],
        date="2019-07-09", date_precision="published", sentence=1, start=78, end=len(text),
        text=text[78:], trigger="attacked", rule="test.attack", confidence=0.8,
    )
    art = Article(id=aid, text=text, url=url, published=published, events=[meet, attack])
    art.counts = [Count(3, False, "killed", "police", "AFG", "three police", 0, 12)]
    return art


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "t.duckdb")
    yield s
    s.close()


def test_round_trip_keeps_the_public_record(store: Store) -> None:
    art = _article()
    store.write_articles([art])
    (back,) = list(store.iter_articles())
    assert back.to_dict() == art.to_dict()


def test_writing_twice_stores_once(store: Store) -> None:
    first = store.write_articles([_article()])
    second = store.write_articles([_article()])
    assert (first.new, second.new, second.unchanged) == (1, 0, 1)
    assert store.counts()["articles"] == 1
    assert store.counts()["event_mentions"] == 2


def test_changed_article_replaces_its_rows(store: Store) -> None:
    art = _article()
    store.write_articles([art])
    art.events = art.events[:1]
    art.input_hash = "changed"
    result = store.write_articles([art])
    assert result.replaced == 1
    assert store.counts()["event_mentions"] == 1
    assert [r["code"] for r in store.query_events()] == ["040"]
    assert store.con.execute("SELECT count(*) FROM actors").fetchone()[0] == 2


@pytest.mark.parametrize(
    ("filters", "codes"),
    [
        ({}, ["040", "190"]),
        ({"code": "19"}, ["190"]),
        ({"actor": "AFGGOV"}, ["040"]),
        ({"actor": "afgins"}, ["040", "190"]),
        ({"country": "AFG"}, ["040", "190"]),
        ({"country": "PAK"}, []),
        ({"since": "2019-07-08"}, ["190"]),
        ({"until": "2019-07-07"}, ["040"]),
        ({"quad_class": 4}, ["190"]),
        ({"place_country": "QAT"}, ["040"]),
        ({"text": "CHECKPOINT"}, ["190"]),
        ({"code": "'; DROP TABLE articles; --"}, []),
    ],
)
def test_query_filters(store: Store, filters: dict, codes: list[str]) -> None:
    store.write_articles([_article()])
    assert [r["code"] for r in store.query_events(**filters)] == codes
    assert store.counts()["articles"] == 1


def test_same_event_in_two_articles_is_one_event_with_two_mentions(store: Store) -> None:
    a = _article()
    b = _article(TEXT + " More to follow.", url="https://example.org/b")
    assert dyad_key(a.events[0]) == dyad_key(b.events[0])
    store.write_articles([a, b])
    rows = {r["code"]: r for r in store.query_events()}
    assert rows["040"]["mentions"] == 2
    assert rows["040"]["articles"] == 2
    assert len(store.query_events(mentions=True)) == 4


def test_read_only_store_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "t.duckdb"
    Store(path).close()
    with Store(path, read_only=True) as ro, pytest.raises(duckdb.Error):
        ro.con.execute("DELETE FROM articles")


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(TacitusError, match="no such store"):
        Store(tmp_path / "nope.duckdb", read_only=True)


def test_counts_and_json_columns(store: Store) -> None:
    store.write_articles([_article()])
    (rec,) = store.con.execute("SELECT record FROM event_mentions WHERE code = '040'").fetchone()
    assert json.loads(rec)["target"][0]["group"] == "TAL"
    assert store.con.execute("SELECT kind, value FROM counts").fetchall() == [("killed", 3)]


def test_reissued_story_a_day_later_merges_but_other_days_do_not(store: Store) -> None:
    a = _article()
    b = _article(TEXT + " Updated.", published="2019-07-10", url="https://example.org/u")
    b.events[1].date = "2019-07-10"  # publication-date stand-in, one day later
    c = _article(TEXT + " Another day.", url="https://example.org/c")
    c.events[0].date = "2019-07-01"  # an exact date: a different meeting
    store.write_articles([a, b, c])
    by_code: dict[str, list[int]] = {}
    for r in store.query_events():
        by_code.setdefault(r["code"], []).append(r["articles"])
    assert sorted(by_code["190"]) == [3]
    assert sorted(by_code["040"]) == [1, 2]


@pytest.mark.parametrize(
    ("d1", "p1", "d2", "p2", "same"),
    [
        ("2019-07-07", "day", "2019-07-07", "day", True),
        ("2019-07-07", "day", "2019-07-08", "day", False),
        ("2019-07-07", "published", "2019-07-09", "published", True),
        ("2019-07-07", "published", "2019-07-12", "day", False),
        ("2019-07", "month", "2019-07-20", "day", True),
        ("2019", "year", "2018-12-31", "day", True),
        (None, None, "2019-07-07", "day", False),
    ],
)
def test_date_compatibility(d1, p1, d2, p2, same) -> None:
    assert dates_compatible(d1, p1, d2, p2) is same


def test_a_second_writer_gets_a_clear_error(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "t.duckdb"
    Store(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, duckdb; con = duckdb.connect(sys.argv[1]); print('open', flush=True); sys.stdin.read()",
         str(path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(TacitusError, match="another process") as exc:
            Store(path)
        assert exc.value.code == "E021"
    finally:
        holder.communicate("")
