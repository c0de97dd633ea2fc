"""`tacitus eval actors` builds its sets from the gold records and reports its headline figures."""

from __future__ import annotations

import pytest

from tacitus.eval import default_gold_root
from tacitus.eval.actors import (
    conflibert_spans,
    coverage,
    evaluate,
    petrarch_cases,
    plover_cases,
    score_cases,
)

GOLD = default_gold_root()
needs_gold = pytest.mark.skipif(not (GOLD / "events").exists(), reason="gold sets not present")


@needs_gold
def test_sets_are_built_from_the_gold_records():
    assert len(plover_cases(GOLD)) > 50
    assert len(petrarch_cases(GOLD)) > 40
    sents = conflibert_spans(GOLD, 5)
    assert len(sents) == 5 and all(0 <= s < e <= len(t) for t, spans in sents for s, e in spans)


@needs_gold
def test_evaluate_reports_headline_metrics():
    report = evaluate(GOLD, limit=10)
    for key in ("country_acc", "full_code_acc", "countries_both_heads_fresh", "countries_head_of_state_any"):
        assert key in report.metrics
    assert 0.0 <= report.metrics["country_acc"] <= 1.0


def test_coverage_counts_heads_in_office(coder):
    _, metrics = coverage(coder.lexicon.entries.values(), "2026-07-01")
    # the G20 at least: the curated terms and the 2026 file reach this far
    assert metrics["countries_both_heads_fresh"] >= 19
    assert metrics["countries_head_of_state_any"] <= metrics["iso_countries"]


# Floors only ever go up: measured 145 / 140 / 125 countries on 2026-11-26.
@pytest.mark.parametrize(("metric", "floor"), [
    ("countries_head_of_state_fresh", 145),
    ("countries_head_of_government_fresh", 140),
    ("countries_both_heads_fresh", 125),
])
def test_coverage_floors(coder, metric, floor):
    _, metrics = coverage(coder.lexicon.entries.values(), "2026-07-01")
    assert metrics[metric] >= floor


# Floors only ever go up: measured 0.8696 / 0.764 (country / full code) on 2026-11-26.
COUNTRY_ACC_FLOOR = 0.86
FULL_CODE_ACC_FLOOR = 0.76


@needs_gold
def test_accuracy_floors(nlp, coder):
    per_set, _ = score_cases(plover_cases(GOLD) + petrarch_cases(GOLD), nlp, coder)
    gold = sum(c["gold"] for c in per_set.values())
    assert sum(c["country"] for c in per_set.values()) / gold >= COUNTRY_ACC_FLOOR
    assert sum(c["full"] for c in per_set.values()) / gold >= FULL_CODE_ACC_FLOOR
