"""The silver set's tools: validation of a coder's output, adjudication and agreement."""

import json
from pathlib import Path

from tacitus.learn.silver import (
    SilverSentence,
    adjudicate,
    agreement,
    pass_record,
    validate_pass,
    write_chunks,
)

SENTENCE = "The Ruritanian foreign minister met his Freedonian counterpart in Geneva on Monday."


def _chunk(tmp_path: Path) -> Path:
    p = tmp_path / "chunk-01.jsonl"
    rows = [{"sid": "d1:0-83", "doc": "d1", "start": 0, "end": 83, "text": SENTENCE, "title": None, "published": None},
            {"sid": "d1:84-120", "doc": "d1", "start": 84, "end": 120, "text": "Prices of tin rose.", "title": None,
             "published": None}]
    p.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return p


def _event(**kw):
    ev = {"root": "04", "code": "040", "source_text": "The Ruritanian foreign minister", "source_country": "RUR",
          "source_role": "GOV", "target_text": "his Freedonian counterpart", "target_country": "FRE",
          "target_role": "GOV", "modality": "asserted"}
    ev.update(kw)
    return ev


def test_a_complete_valid_pass_has_no_problems(tmp_path):
    coded = tmp_path / "a.jsonl"
    coded.write_text(json.dumps({"sid": "d1:0-83", "events": [_event()]}) + "\n"
                     + json.dumps({"sid": "d1:84-120", "events": []}) + "\n")
    assert validate_pass(_chunk(tmp_path), coded) == []


def test_validation_names_each_problem(tmp_path):
    coded = tmp_path / "a.jsonl"
    coded.write_text(json.dumps({"sid": "d1:0-83", "events": [_event(root="21", source_text="the king",
                                                                     modality="maybe", target_role="KING")]}) + "\n")
    problems = validate_pass(_chunk(tmp_path), coded)
    assert problems == [
        f"{coded}:1 event 0: root '21' is not 01..20",
        f"{coded}:1 event 0: code '040' does not start with its root '21'",
        f"{coded}:1 event 0: modality 'maybe' unknown",
        f"{coded}:1 event 0: source_text 'the king' is not in the sentence",
        f"{coded}:1 event 0: target_role 'KING' unknown",
        f"{coded}: sentence d1:84-120 not coded",
    ]


def test_pass_records_keep_offsets_not_words():
    rec = pass_record({"sid": "s", "events": [_event()]}, SENTENCE)
    ev = rec["events"][0]
    assert ev["source_span"] == [0, 31] and ev["target_span"] == [36, 62]
    assert "source_text" not in ev and "target_text" not in ev


def test_adjudication_keeps_what_both_passes_found():
    a = pass_record({"sid": "s", "events": [_event(), _event(root="11", code="111")]}, SENTENCE)
    b = pass_record({"sid": "s", "events": [_event(code="042", target_text="his Freedonian counterpart in Geneva")]},
                    SENTENCE)
    out = adjudicate(a, b)
    assert out["only_a"] == 1 and out["only_b"] == 0
    (ev,) = out["events"]
    # codes differ: only the root is agreed; overlapping target spans: the shorter one
    assert ev["root"] == "04" and ev["code"] is None
    assert ev["target_span"] == [36, 62] and ev["target_country"] == "FRE"


def test_agreement_counts_events_and_sentences():
    rows = [{"sid": "1", "events": [{}], "only_a": 0, "only_b": 1},
            {"sid": "2", "events": [], "only_a": 1, "only_b": 0},
            {"sid": "3", "events": [], "only_a": 0, "only_b": 0},
            {"sid": "4", "events": [], "only_a": 0, "only_b": 0}]
    stats = agreement(rows)
    assert stats["events_a"] == 2 and stats["events_b"] == 2 and stats["events_agreed"] == 1
    assert stats["event_agreement"] == 0.5
    assert stats["sentence_agreement"] == 0.75
    assert stats["sentence_kappa"] == 0.5


def test_chunks_never_split_a_story(tmp_path):
    sents = [SilverSentence(f"{d}:{k}", d, k, k + 1, "x", None, None) for d in ("a", "b") for k in range(3)]
    paths = write_chunks(sents, tmp_path, size=2)
    docs = [{json.loads(line)["doc"] for line in p.read_text().splitlines()} for p in paths]
    assert docs == [{"a"}, {"b"}]
