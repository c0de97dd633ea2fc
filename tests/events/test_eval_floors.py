"""Quality gate: the event coder on the dev gold sets may not fall below the figures measured
when this floor was last raised (floors only go up; re-measure with `tacitus eval events`)."""

from __future__ import annotations

from pathlib import Path

import pytest

GOLD = Path(__file__).resolve().parents[2] / ".." / "shared" / "gold"

# measured 2026-11-26 with en_core_web_sm 3.8, rounded down (raised in session 2: pentaclass
# 0.928, span strict 0.709 / relaxed 0.823, GSR root recall 0.865 at precision 0.705, dyad 0.486,
# PLOVER 0.809, NGEC 0.398). Spans: ConfliBERT's reciprocal R spans are scored, split possessives/titles/
# numbers rejoined and coordinated actors make one span; under the former scoring (S/T only, as
# tokenized, one span per actor) the strict span F1 was 0.664 at the first raise (0.647 before).
FLOORS = {
    "pentaclass_macro_f1": 0.92,
    "pentaclass_coverage": 0.94,
    "span_f1_strict": 0.705,
    "span_f1_relaxed": 0.82,
    "gsr_root_recall": 0.86,
    # precision pinned beside recall: recall may not be bought with spurious events
    "gsr_root_precision": 0.70,
    # places in "in X" phrases are not targets (issue 4)
    "gsr_dyad_recall": 0.48,
    "plover_type_recall": 0.80,
    "unit_exact_code": 0.04,
    "unit_dyad": 0.18,
    # 640 machine-written NGEC stories: PLOVER type among the events of the lead
    "ngec_type_recall": 0.39,
}


@pytest.fixture(scope="module")
def report():
    if not (GOLD / "events" / "conflibert_pentaclass_train.tsv").exists():
        pytest.skip("gold sets not found at ../shared/gold")
    from tacitus.eval.events import evaluate

    return evaluate(GOLD)


@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_floor(report, metric):
    assert report.metrics[metric] >= FLOORS[metric], f"{metric} fell to {report.metrics[metric]}"


def test_report_has_a_table_per_set_and_reliability(report):
    names = [t.name for t in report.tables]
    assert len(names) == 7 and names[-1].startswith("Reliability")
