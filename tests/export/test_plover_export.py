from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from samples_gdelt_plover import sample_article

from tacitus.errors import TacitusError
from tacitus.export import plover
from tacitus.export.stored import is_root_event
from tacitus.model import Actor, Article, Count, Event, PloverType


def test_record_fields():
    (rec,) = plover.plover_records([sample_article()])
    assert rec["id"] == "a1-e0"
    assert rec["date"] == "2019-07-15"
    assert rec["event"] == ["ASSAULT"]
    assert rec["mode"] == []
    assert rec["context"] == ["military"]
    assert rec["actor"] == [{"code": "AFG", "sector": "MIL", "entity_text": "Afghan forces",
                             "identifier_text": "Afghanistan", "cameo": "AFGMIL"}]
    assert rec["recipient"][0]["group"] == "TAL"
    assert rec["size"] == {"dead": 12}
    assert rec["text_info"] == {"sequence": 1, "start": 0, "end": 79}
    assert rec["event_loc"]["geonameid"] == 1138336
    assert rec["event_loc"]["country_code"] == "AFG"
    assert rec["cite_info"]["url"] == "https://www.example.com/news/kandahar"


def test_count_outside_the_event_sentence_is_not_its_size():
    art = sample_article()
    art.counts = [Count(3, False, "arrested", "men", None, "3 men", 100, 105)]
    (rec,) = plover.plover_records([art])
    assert "size" not in rec


def test_event_without_plover_category_is_skipped():
    art = sample_article()
    art.events = [replace(art.events[0], plover=PloverType())]
    assert list(plover.plover_records([art])) == []


def test_write_and_read(tmp_path):
    path = tmp_path / "out" / "events.jsonl"
    assert plover.write_plover([sample_article(), sample_article()], path) == 2
    recs = plover.read_plover(path)
    assert [r["id"] for r in recs] == ["a1-e0", "a1-e0"]


@pytest.mark.parametrize("line", ["not json", "[1, 2]", '{"id": "x"}', '{"id": 1, "date": 1, "actor": {}, "event": []}'])
def test_parse_record_rejects(line):
    with pytest.raises(TacitusError):
        plover.parse_record(line)


@given(st.text(max_size=200))
def test_parse_record_never_crashes_otherwise(line):
    try:
        rec = plover.parse_record(line)
    except TacitusError:
        return
    assert all(k in rec for k in plover.REQUIRED)


_text = st.text(max_size=30)
_actor = st.builds(Actor, text=_text, start=st.integers(0, 100), end=st.integers(0, 100),
                   name=st.none() | _text, code=st.none() | st.from_regex(r"\A[A-Z]{3,9}\Z"),
                   country=st.none() | st.from_regex(r"\A[A-Z]{3}\Z"), role=st.none() | st.sampled_from(["GOV", "MIL"]))


@st.composite
def _article(draw):
    events = []
    for i in range(draw(st.integers(0, 4))):
        events.append(Event(
            id=f"e{i}", code="190", root_code="19", source=draw(st.lists(_actor, max_size=2)),
            target=draw(st.lists(_actor, max_size=2)),
            plover=PloverType(draw(st.none() | st.sampled_from(["ASSAULT", "PROTEST", "CONSULT"])),
                              draw(st.none() | st.sampled_from(["beat", "demo"])), draw(st.lists(_text, max_size=2))),
            date=draw(st.none() | st.dates().map(lambda d: d.isoformat())), text=draw(_text),
            start=0, end=draw(st.integers(0, 50)), confidence=draw(st.floats(0, 1)),
        ))
    return Article(id="a", text=draw(st.text(max_size=50)), events=events,
                   published=draw(st.none() | st.just("2020-01-02")),
                   counts=[Count(draw(st.integers(0, 10**6)), False, "killed", None, None, "x", 0, 1)])


@settings(max_examples=50, deadline=None)
@given(arts=st.lists(_article(), max_size=3))
def test_round_trip(tmp_path_factory, arts):
    path = tmp_path_factory.mktemp("plover") / "p.jsonl"
    n = plover.write_plover(arts, path)
    recs = plover.read_plover(path)
    expected = [(a, e) for a in arts for e in a.events if e.plover.event]
    assert n == len(recs) == len(expected)
    for rec, (art, ev) in zip(recs, expected, strict=True):
        extra = {k: rec.pop(k) for k in ("mention_id", "mentions", "sources", "articles", "is_root")}
        assert rec == json.loads(json.dumps(plover.plover_record(ev, art)))
        assert extra == {"mention_id": ev.id, "mentions": ev.mentions, "sources": ev.sources,
                         "articles": ev.articles, "is_root": is_root_event(ev, art)}
        assert rec["event"] == [ev.plover.event]
        assert [a.get("entity_text") for a in rec["actor"]] == [a.text for a in ev.source]
        assert rec["date"] == (ev.date or art.published)
        if art.counts and ev.end >= 1:
            assert rec["size"]["dead"] == art.counts[0].value
