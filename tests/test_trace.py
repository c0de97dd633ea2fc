"""Event.trace (issue 15): how each event was coded, in the public record, and
``tacitus code --explain``. Invented sentences only, besides the example article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tacitus.cli import main
from tacitus.model import Article, article_from_dict
from tacitus.pipeline import code_text
from tacitus.trace import TRACE_KEYS, split_rule

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "military-times-afghanistan-ceasefire.txt"


@pytest.fixture(scope="module")
def article() -> Article:
    return code_text(EXAMPLE.read_text(encoding="utf-8"), published="2019-07-19")


def test_every_event_has_a_full_trace_matching_its_fields(article: Article) -> None:
    assert article.events
    for ev in article.events:
        tr = ev.trace
        assert tuple(tr) == TRACE_KEYS
        # the trigger rule and its recodes give back Event.rule
        assert "~".join([tr["trigger"], *tr["recodes"]]) == ev.rule
        assert tr["source"] == [a.rule for a in ev.source]
        assert tr["target"] == [a.rule for a in ev.target]
        assert tr["modality"] == ev.modality
        assert tr["date"]["rule"] == ev.date_rule
        if tr["date"]["index"] is not None:
            assert article.dates[tr["date"]["index"]].value == ev.date
        if ev.place is None:
            assert tr["place"] is None
            continue
        assert tr["place"]["rule"] == ev.place_rule
        p = article.places[tr["place"]["index"]]
        assert (p.start, p.end, p.name) == (ev.place.start, ev.place.end, ev.place.name)


def test_example_first_events(article: Article) -> None:
    first = article.events[0]
    assert first.trace["trigger"] == first.rule == "V020.push+N0871.fire"
    assert first.trace["composed"] == ["V020.push", "N0871.fire"]
    assert first.trace["recodes"] == []
    assert first.trace["source"] == ["seat:White House"]
    assert first.trace["date"] == {"rule": "published", "index": None}
    # said by US officials: not placed in Afghanistan, the story's setting
    assert first.trace["place"] is None
    assert article.places[0].name == "Afghanistan"
    meet = article.events[2]
    assert meet.code == "040"
    assert meet.trace["modality"] == "future" and meet.trace["modality_cue"] == "will"
    assert meet.trace["date"] == {"rule": "clause", "index": 0}
    assert article.dates[0].value == "2019-07-22"
    assert meet.trace["place"]["rule"] == "clause"
    assert article.places[meet.trace["place"]["index"]].name == "Washington"
    judged = next(e for e in article.events if e.code == "111")
    assert judged.trace["recodes"] == ["negative"]
    assert judged.trace["trigger"] == "V010.say"


def test_modality_cues_of_invented_sentences() -> None:
    art = code_text("The rebels did not attack the army base in the north on Tuesday.", published="2021-03-04")
    neg = [e for e in art.events if e.modality == "negated"]
    assert neg and neg[0].trace["modality_cue"] == "not"
    art = code_text("The Colombian army plans to attack the rebel camp.", published="2021-03-04")
    planned = [e for e in art.events if e.modality == "intended"]
    assert planned and planned[0].trace["modality_cue"] == "plans"


def test_split_rule() -> None:
    assert split_rule("V030.agree+V190.attack~threat~borrowed") == (
        "V030.agree+V190.attack", ["V030.agree", "V190.attack"], ["threat", "borrowed"])
    assert split_rule("V040.meet") == ("V040.meet", [], [])


def test_trace_survives_the_round_trip(article: Article) -> None:
    d = article.to_dict()
    assert all(isinstance(e["trace"], dict) and e["trace"] for e in d["events"])
    again = article_from_dict(json.loads(json.dumps(d)))
    assert [e.trace for e in again.events] == [e.trace for e in article.events]
    assert again.to_dict() == d
    # records written before the trace existed still load, with an empty trace
    old = json.loads(json.dumps(d))
    for e in old["events"]:
        del e["trace"]
    assert all(e.trace == {} for e in article_from_dict(old).events)


def test_explain_prints_one_block_per_event(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["code", str(EXAMPLE), "--date", "2019-07-19", "--explain"]) == 0
    out = capsys.readouterr().out
    blocks = out.strip().split("\n\n")
    assert blocks[0].endswith("— 11 events")
    assert len(blocks) == 12
    first = blocks[1].splitlines()
    assert first[0] == "#1 0256 Appeal for de-escalation of military engagement"
    assert first[1].startswith('  evidence: "White House officials are pushing for')
    assert '  trigger: V020.push+N0871.fire ("pushing fire")' in first
    assert "  source: White House GOV [USAGOV] ← seat:White House (0.85)" in first
    assert "  arguments: source ← subj:nsubj, target ← complement-parties" in first
    assert "  date: 2019-07-19 ← published" in first
    assert "  place: none" in first
    assert "  recodes: none" in first
    meet = blocks[3].splitlines()
    assert '  modality: future ← "will"' in meet
    assert "  date: 2019-07-22 ← clause (DateRef #0)" in meet
    assert any("  recodes: negative" in b.splitlines() for b in blocks[1:])
    # the shipped event scorer's calibrated probability, beside the rules' own confidence
    assert all(b.splitlines()[-1].startswith("  model: event-scorer P(right) 0.") for b in blocks[1:])


def test_explain_lists_the_merged_mentions() -> None:
    from tacitus.trace import explain_lines

    rec = code_text("Rebels attacked a government convoy near Goma on Tuesday. "
                    "Officials said the attack killed five soldiers.", published="2021-03-10").to_dict()
    (ev,) = [e for e in rec["events"] if e["root_code"] == "19"]
    assert explain_lines(ev)[2] == '  also told: "Officials said the attack killed five soldiers." (V190.attack)'


def test_jsonl_carries_the_trace(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["code", str(EXAMPLE), "--date", "2019-07-19", "--format", "jsonl"]) == 0
    rec = json.loads(capsys.readouterr().out.splitlines()[0])
    assert rec["events"][0]["trace"]["trigger"] == rec["events"][0]["rule"]
