"""`tacitus eval geo` on LGL + GeoVirus: readers and a floor that only goes up."""

from __future__ import annotations

import pytest

from tacitus.eval import default_gold_root
from tacitus.eval.geo import evaluate, haversine_km, read_geovirus

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


@needs_gold
def test_geo_floor():
    # the first 40 documents of each set, at the measured figures rounded down (on all
    # documents: accuracy@161 km .854, recall .836, precision .822)
    report = evaluate(GOLD, limit=40)
    assert report.metrics["detection_recall"] >= 0.83
    assert report.metrics["detection_precision"] >= 0.83
    assert report.metrics["accuracy_161km"] >= 0.87
