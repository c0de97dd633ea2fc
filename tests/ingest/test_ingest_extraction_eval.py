"""`tacitus eval extraction`: token F1 of HTML → article body on the scrapinghub pages.

The accuracy floors live in ``tests/floors.toml``; here: the scoring and the halves report.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tacitus.eval.extraction import GOLD_DIR, evaluate, page_scores, score

GOLD = Path(__file__).parents[2] / ".." / "shared" / "gold"


def test_page_scores_are_bag_of_words() -> None:
    p, r, f = page_scores("the army said the army", "The army said it")
    assert (round(p, 4), round(r, 4), round(f, 4)) == (0.6, 0.75, 0.6667)


def test_score_of_no_pages_is_zero() -> None:
    tables, metrics = score([])
    assert metrics["pages"] == 0.0 and metrics["f1_mean"] == 0.0
    assert [t.name for t in tables] == ["summary", "worst pages"]


@pytest.mark.skipif(not (GOLD / GOLD_DIR).exists(), reason="gold set not present")
def test_extraction_reports_tune_and_check_halves() -> None:
    report = evaluate(GOLD, show="tune")
    m = report.metrics
    assert m["pages"] == 90
    assert m["pages_tune"] + m["pages_check"] == m["pages"]
    assert m["pages_tune"] > 0 and m["pages_check"] > 0
    for name in ("f1_mean", "f1_median", "precision_mean", "recall_mean", "empty_pages"):
        assert {name, f"{name}_tune", f"{name}_check"} <= m.keys()
    halves, summary, worst = report.tables
    assert halves.name == "scrapinghub pages: tune and check halves"
    assert halves.rows[0] == ["items", m["pages_tune"], m["pages_check"], 90]
    assert summary.name == "summary [tune half]" and worst.name == "worst pages [tune half]"
