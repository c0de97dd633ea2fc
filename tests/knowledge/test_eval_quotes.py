from __future__ import annotations

from pathlib import Path

import pytest

from tacitus.eval.quotes import is_direct, parse_ann, score_document
from tacitus.model import Actor, Quote

GOLD = Path(__file__).resolve().parents[3] / "shared" / "gold"

# Floors a little under the figures measured on the first 40 PolNeAR dev documents
# (recall 0.99, speaker 0.83, precision 0.96, indirect precision 0.94); they only ever go up.
FLOORS = {"direct_recall": 0.95, "speaker_accuracy": 0.80, "direct_precision": 0.93, "indirect_precision": 0.85}

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


@pytest.mark.skipif(not (GOLD / "quotes" / "polnear" / "dev").exists(), reason="PolNeAR gold not available")
def test_polnear_dev_floor():
    from tacitus.eval.quotes import evaluate

    report = evaluate(GOLD, limit=40)
    for name, floor in FLOORS.items():
        assert report.metrics[name] >= floor, (name, report.metrics)
