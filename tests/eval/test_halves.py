"""Tune and check halves: a stable assignment by item id, and the report they fill."""

from __future__ import annotations

import pytest

from tacitus.eval.halves import half_of, score_halves, split
from tacitus.eval.report import Report, Table

# The low bit of the first SHA-256 byte of each id; these must never change, or every
# figure measured on a half would silently move to other items.
KNOWN = {
    "doc-001": "check",
    "doc-002": "check",
    "doc-003": "check",
    "doc-004": "tune",
    "alpha": "tune",
    "beta": "tune",
    "gamma": "tune",
    "delta": "check",
    "": "check",
    "é": "tune",
}


@pytest.mark.parametrize(("item_id", "half"), sorted(KNOWN.items()))
def test_half_of_is_stable(item_id, half):
    assert half_of(item_id) == half


def test_split_keeps_order_and_sums():
    items = [f"item-{i}" for i in range(200)]
    parts = split(items, key=lambda s: s)
    assert parts["all"] == items
    assert sorted(parts["tune"] + parts["check"]) == sorted(items)
    assert not set(parts["tune"]) & set(parts["check"])
    # each half keeps input order
    assert parts["tune"] == [i for i in items if half_of(i) == "tune"]
    # a hash, not a rule: both halves get a fair share of 200 ids
    assert 60 < len(parts["tune"]) < 140


def _score(items: list[tuple[str, int]]) -> tuple[list[Table], dict[str, float]]:
    hits = sum(v for _, v in items)
    table = Table("per item", ["id", "hit"], [list(it) for it in items])
    return [table], {"hit_rate": hits / len(items) if items else 0.0}


def test_score_halves_metrics_and_tables():
    items = [(k, int(h == "tune")) for k, h in KNOWN.items()]  # hits exactly on the tune half
    report = Report("toy")
    score_halves(report, items, key=lambda it: it[0], score=_score, show="tune", title="toy set")
    assert report.metrics == {"hit_rate": 0.5, "hit_rate_tune": 1.0, "hit_rate_check": 0.0}
    summary, detail = report.tables
    assert summary.name == "toy set: tune and check halves"
    counts = summary.rows[0]
    assert counts[0] == "items" and counts[1] + counts[2] == counts[3] == len(KNOWN)
    assert detail.name == "per item [tune half]"
    assert {row[0] for row in detail.rows} == {k for k, h in KNOWN.items() if h == "tune"}


def test_score_halves_show_all_and_bad_show():
    items = [(k, 1) for k in KNOWN]
    report = Report("toy")
    score_halves(report, items, key=lambda it: it[0], score=_score, show="all")
    assert report.tables[0].name == "toy: tune and check halves"
    assert report.tables[1].name == "per item [all items]" and len(report.tables[1].rows) == len(KNOWN)
    with pytest.raises(ValueError):
        score_halves(Report("toy"), items, key=lambda it: it[0], score=_score, show="both")
