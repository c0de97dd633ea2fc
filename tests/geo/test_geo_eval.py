"""`tacitus eval geo` on LGL + GeoVirus: readers, scoring and the tune/check halves.

The accuracy floors live in ``tests/floors.toml``.
"""

from __future__ import annotations

import pytest

from tacitus.eval import default_gold_root
from tacitus.eval.geo import DocResult, Tally, evaluate, haversine_km, read_geovirus, score

GOLD = default_gold_root()
needs_gold = pytest.mark.skipif(not (GOLD / "geo").exists(), reason="gold sets not present")


@pytest.mark.parametrize(
    ("a", "b", "km"), [((0, 0), (0, 1), 111.2), ((38.9, -77.0), (51.5, -0.13), 5900.0)]
)
def test_haversine(a, b, km):
    assert haversine_km(*a, *b) == pytest.approx(km, rel=0.01)


def test_geovirus_offsets_are_one_based(tmp_path):
    p = tmp_path / "g.xml"
    p.write_text(
        "<articles><article><text>Flu in Kenya.</text><locations><location><name>Kenya</name>"
        "<start>8</start><end>13</end><lat>1</lat><lon>38</lon></location></locations></article></articles>"
    )
    (doc,) = read_geovirus(p)
    (t,) = doc.toponyms
    assert doc.text[t.start : t.end] == "Kenya"
    assert doc.id == "Flu in Kenya."  # no source URL: the text is the id


def test_score_keeps_sets_apart():
    lgl = DocResult("lgl", "1", Tally(tp_pred=3, fp=1, tp_gold=3, fn=1, with_coords=2, within=1))
    gv = DocResult("geovirus", "u", Tally(tp_pred=1, fp=0, tp_gold=1, fn=0, with_coords=1, within=1))
    tables, m = score([lgl, gv])
    assert (m["lgl_precision"], m["lgl_recall"], m["lgl_accuracy_161km"]) == (0.75, 0.75, 0.5)
    assert m["geovirus_recall"] == 1.0 and m["detection_precision"] == 0.8
    assert m["accuracy_161km"] == round(2 / 3, 4)
    assert [row[0] for row in tables[0].rows] == ["lgl", "geovirus"]
    assert "geovirus_recall" not in score([lgl])[1]


@needs_gold
def test_geo_reports_tune_and_check_halves():
    report = evaluate(GOLD, limit=6, show="tune")
    m = report.metrics
    for name in ("detection_recall", "detection_precision", "accuracy_161km"):
        assert {name, f"{name}_tune", f"{name}_check"} <= m.keys()
    assert {"lgl_recall", "geovirus_recall"} <= m.keys()
    halves = report.tables[0]
    assert halves.name == "LGL + GeoVirus articles: tune and check halves"
    label, tune, check, every = halves.rows[0]
    assert label == "items" and tune + check == every == 12
    toponyms = report.tables[1]
    assert toponyms.name == "toponyms [tune half]"
    assert sum(row[1] for row in toponyms.rows) == tune
