"""`tacitus eval dates` on TempEval-3 TimeBank + AQUAINT: a floor that only goes up."""

from __future__ import annotations

from datetime import date

import pytest

from tacitus.eval import default_gold_root
from tacitus.eval.dates import evaluate, read_tml, timeml_value

GOLD = default_gold_root()
needs_gold = pytest.mark.skipif(
    not (GOLD / "time" / "tempeval3_tbaq").exists(), reason="gold sets not present"
)


@pytest.mark.parametrize(
    ("value", "precision", "timeml"),
    [
        ("2019-07-15", "week", "2019-W29"),
        ("2019-07", "quarter", "2019-Q3"),
        ("2019-06", "season", "2019-SU"),
        ("2019-07-07", "day", "2019-07-07"),
    ],
)
def test_timeml_value(value, precision, timeml):
    assert timeml_value(value, precision) == timeml
    assert date.fromisoformat(value + ("-01" if len(value) == 7 else "")).year == 2019


def test_read_tml_offsets(tmp_path):
    p = tmp_path / "a.tml"
    p.write_text(
        '<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="1998-11-20" functionInDocument="CREATION_TIME">x</TIMEX3></DCT>'
        '<TEXT>Rebels &amp; troops met <TIMEX3 tid="t1" type="DATE" value="1998-11-16">Monday</TIMEX3>.</TEXT></TimeML>'
    )
    doc = read_tml(p)
    assert doc is not None and doc.dct == "1998-11-20"
    (t,) = doc.timexes
    assert doc.text[t.start : t.end] == "Monday" and t.value == "1998-11-16"


@needs_gold
def test_date_value_accuracy_floor():
    report = evaluate(GOLD, limit=50)
    assert report.metrics["value_accuracy"] >= 0.80
    assert report.metrics["detection_recall"] >= 0.75
