"""`tacitus eval quotes` on PolNeAR: the reader, the counts and the tune/check halves.

The accuracy floors live in ``tests/floors.toml``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tacitus.eval.quotes import is_direct, parse_ann, score, score_document
from tacitus.model import Actor, Quote

GOLD = Path(__file__).resolve().parents[3] / "shared" / "gold"

ANN = (
    "T1\tSource 24 35\tthe general\n"
    "T2\tCue 36 40\tsaid\n"
    "T3\tContent 0 22\t“We held the line,”\n"
    "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n"
)
TEXT = "“We held the line,” X, the general said."


def test_parse_ann():
    (att,) = parse_ann(ANN)
    assert (att.content, att.source, att.cue) == ([(0, 22)], [(24, 35)], [(36, 40)])


def test_is_direct():
    assert is_direct("“Fine,” she said.", [(0, 7)])
    assert not is_direct("She said it was fine.", [(9, 20)])


def test_score_document_counts_speaker_overlap():
    gold = [parse_ann(ANN)[0]]
    gold[0].content = [(0, 19)]
    gold[0].source = [(24, 35)]
    right = Quote("We held the line,", 1, 18, Actor("the general", 24, 35), "said")
    wrong = Quote("We held the line,", 1, 18, Actor("X", 20, 21), "said")
    assert score_document(TEXT, gold, [right])["speaker_right"] == 1
    assert score_document(TEXT, gold, [wrong])["speaker_right"] == 0
    assert score_document(TEXT, gold, [])["found"] == 0


def test_score_sums_documents():
    counts = score_document(TEXT, parse_ann(ANN), [])
    tables, metrics = score([("a", counts), ("b", counts)])
    assert dict(tables[0].rows)["gold_direct"] == 2 * counts["gold_direct"]
    assert [row[0] for row in tables[1].rows] == ["a", "b"]
    assert metrics["direct_recall"] == 0.0 and score([])[1]["speaker_accuracy"] == 0.0


@pytest.mark.skipif(not (GOLD / "quotes" / "polnear" / "dev").exists(), reason="PolNeAR gold not available")
def test_polnear_dev_reports_tune_and_check_halves():
    from tacitus.eval.quotes import evaluate

    report = evaluate(GOLD, limit=8)
    m = report.metrics
    for name in ("direct_recall", "direct_precision", "speaker_accuracy", "indirect_precision"):
        assert {name, f"{name}_tune", f"{name}_check"} <= m.keys()
    halves = report.tables[0]
    assert halves.name == "PolNeAR dev documents: tune and check halves"
    label, tune, check, every = halves.rows[0]
    assert label == "items" and tune + check == every == 8
    # the per-document table lists the check half only, one row per document
    documents = next(t for t in report.tables if t.name.startswith("documents"))
    assert documents.name == "documents [check half]" and len(documents.rows) == check
