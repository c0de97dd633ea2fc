"""`tacitus eval actors` builds its sets from the gold records and reports its figures on
tune and check halves. The accuracy floors live in ``tests/floors.toml``."""

from __future__ import annotations

import pytest

from tacitus.eval import default_gold_root
from tacitus.eval.actors import (
    Item,
    Outcome,
    conflibert_spans,
    coverage,
    evaluate,
    petrarch_cases,
    plover_cases,
    score,
)

GOLD = default_gold_root()
needs_gold = pytest.mark.skipif(not (GOLD / "events").exists(), reason="gold sets not present")


@needs_gold
def test_sets_are_built_from_the_gold_records():
    plover, petrarch = plover_cases(GOLD), petrarch_cases(GOLD)
    assert len(plover) > 50
    assert len(petrarch) > 40
    # the items of the halves are records and sentences, fewer than the actors they hold
    assert all(c.doc.startswith("PLOVER-") for c in plover)
    assert len({c.doc for c in plover}) < len(plover)
    assert all(c.doc for c in petrarch) and len({c.doc for c in petrarch}) < len(petrarch)
    sents = conflibert_spans(GOLD, 5)
    assert len(sents) == 5 and all(0 <= s < e <= len(t) for t, spans in sents for s, e in spans)


@needs_gold
def test_evaluate_reports_tune_and_check_halves():
    report = evaluate(GOLD, limit=30, show="all")
    m = report.metrics
    for key in ("country_acc", "full_code_acc", "detection", "conflibert_span_detection"):
        assert {key, f"{key}_tune", f"{key}_check"} <= m.keys()
    assert 0.0 <= m["country_acc"] <= 1.0
    # coverage and load time are not accuracy figures: no halves
    assert "countries_both_heads_fresh" in m and "countries_both_heads_fresh_check" not in m
    halves, coding, errors, heads = report.tables
    label, tune, check, every = halves.rows[0]
    assert label == "items" and tune + check == every and tune and check
    assert coding.name == "actor coding [all items]" and errors.name.endswith("[all items]")
    assert heads.name.startswith("heads in office")


def test_score_counts_actors_per_set():
    items = [
        Item("plover", "P-1", [Outcome(True, True, True), Outcome(True, True, False, label="x"),
                               Outcome(unlocatable=True)]),
        Item("petrarch", "S1", [Outcome(True, False, False)]),
        Item("conflibert", "some sentence", spans=4, spans_detected=3),
    ]
    (table, errors), m = score(items)
    assert m["plover_country_acc"] == 1.0 and m["plover_full_code_acc"] == 0.5
    assert m["country_acc"] == round(2 / 3, 4) and m["conflibert_span_detection"] == 0.75
    assert [row[0] for row in table.rows] == ["plover", "petrarch", "conflibert spans"]
    assert table.rows[0][5] == 1 and len(errors.rows) == 2
    assert score([])[1] == {}


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
