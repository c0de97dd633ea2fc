"""`tacitus eval events` scores the public record: items coded as articles the way `tacitus code`
codes them, scorers that read only ``Article.to_dict()["events"]`` (invented sentences only)."""

from __future__ import annotations

from tacitus.eval.events import (
    NGEC_LEAD_SENTENCES,
    Sentence,
    code_records,
    score_gsr,
    score_ngec,
    score_pentaclass,
    score_plover,
    score_unit,
)
from tacitus.pipeline import UserFiles, code_text


def _actor(code: str | None) -> dict:
    return {"text": code or "someone", "start": 0, "end": 1, "code": code, "country": (code or "")[:3] or None}


def _event(code: str, src: list[str | None], tgt: list[str | None], conf: float = 0.9, sentence: int = 0, plover: str | None = None) -> dict:
    return {
        "code": code,
        "root_code": code[:2],
        "plover": {"event": plover, "mode": None, "context": []},
        "source": [_actor(c) for c in src],
        "target": [_actor(c) for c in tgt],
        "confidence": conf,
        "sentence": sentence,
        "trigger_start": 0,
    }


def _rec(*events: dict) -> dict:
    return {"text": "", "events": list(events)}


def test_items_are_coded_as_tacitus_code_codes_them():
    """One public record per item, in order, equal to the record of `code_text` (the library's
    one-article path of `tacitus code`), with the item's publication date."""
    items = [
        Sentence("Ruritanian troops shelled a village near the border on Monday.", None, "2031-03-05"),
        Sentence("The weather was mild.", None),
    ]
    recs = code_records(items)
    assert len(recs) == 2
    ref = code_text(items[0].text, published="2031-03-05").to_dict()
    assert [(e["code"], e["date"]) for e in recs[0]["events"]] == [(e["code"], e["date"]) for e in ref["events"]]
    assert recs[0]["published"] == "2031-03-05"
    assert recs[1]["events"] == []


def test_user_actor_files_code_the_items(tmp_path):
    """The PETRARCH unit tests load their dictionaries as user actor files (`tacitus code --actors`)."""
    f = tmp_path / "mine.csv"
    f.write_text("phrase,kind,code,name\nNorthern Shield Brigade,armed,XYZREB,Northern Shield Brigade\n")
    item = Sentence("The Northern Shield Brigade shelled the town.", None, "2030-01-01")
    [rec] = code_records([item], UserFiles(actors=(str(f),)))
    assert any(a["code"] == "XYZREB" for ev in rec["events"] for a in ev["source"])


def test_pentaclass_scores_the_most_confident_event():
    sents = [Sentence("a", 4), Sentence("b", 0), Sentence("c", 2)]
    # pentaclass: 0 verbal cooperation ... 4 material conflict
    recs = [
        _rec(_event("190", ["AAA"], ["BBB"], 0.9), _event("042", ["AAA"], ["BBB"], 0.5)),
        _rec(_event("190", ["AAA"], ["BBB"], 0.4), _event("042", ["AAA"], ["BBB"], 0.8)),
        _rec(),
    ]
    _, metrics, points = score_pentaclass(sents, recs)
    assert metrics["pentaclass_coverage"] == round(2 / 3, 4)
    assert len(points) == 4


def test_gsr_root_dyad_and_precision_from_record_fields():
    sents = [Sentence("a", {"id": "1", "codings": [("190", "AAAMIL", "BBB")]})]
    recs = [_rec(_event("193", ["AAAGOV"], ["BBBREB"]), _event("042", ["AAA"], []))]
    _, metrics, points = score_gsr(sents, recs)
    assert metrics == {"gsr_root_recall": 1.0, "gsr_dyad_recall": 1.0, "gsr_root_precision": 0.5}
    assert sorted(ok for _, ok in points) == [False, True]


def test_gsr_actor_of_unknown_country_is_matched_by_its_role():
    """PETRARCH's "---REB" (rebels, country unknown) agrees with any code that carries REB, and
    with no code that lacks it; a known country still decides by its first three letters."""
    sents = [
        Sentence("a", {"id": "1", "codings": [("190", "---REB", "CCC")]}),
        Sentence("b", {"id": "2", "codings": [("023", "---LEG", "DDDGOV")]}),
        Sentence("c", {"id": "3", "codings": [("190", "---REB", "")]}),
        Sentence("d", {"id": "4", "codings": [("190", "---CVL", "")]}),
    ]
    recs = [
        _rec(_event("190", ["REB"], ["CCCMIL"])),
        _rec(_event("023", ["EEELEG"], ["DDD"])),
        _rec(_event("190", ["INS"], [])),
        _rec(_event("190", ["EEEREB"], [])),
    ]
    assert score_gsr(sents, recs)[1]["gsr_dyad_recall"] == 0.5


def test_unit_needs_exact_actor_codes():
    sents = [
        Sentence("a", {"id": "1", "codings": [("112", "AAA", "BBB")]}),
        Sentence("b", {"id": "2", "codings": []}),
    ]
    recs = [_rec(_event("112", ["AAA"], ["BBBGOV"])), _rec()]
    table, metrics = score_unit(sents, recs)
    assert metrics == {"unit_exact_code": 1.0, "unit_root_code": 1.0, "unit_dyad": 0.0}
    assert ["no-event records correctly left empty", "1/1"] in table.rows


def test_plover_and_ngec_read_the_plover_type():
    sents = [Sentence("a", "PROTEST"), Sentence("b", "ASSAULT")]
    recs = [
        _rec(_event("141", ["AAA"], [], plover="PROTEST")),
        _rec(_event("190", ["AAA"], ["BBB"], plover="ASSAULT", sentence=NGEC_LEAD_SENTENCES)),
    ]
    assert score_plover(sents, recs)[1] == {"plover_type_recall": 1.0}
    # the story's type must be in its lead
    assert score_ngec(sents, recs)[1] == {"ngec_type_recall": 0.5}
