"""`tacitus eval dates` on TempEval-3 TimeBank + AQUAINT: reader, values, tune/check halves.

The accuracy floors live in ``tests/floors.toml``.
"""

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
def test_dates_report_tune_and_check_halves():
    report = evaluate(GOLD, limit=12, show="all")
    m = report.metrics
    for name in ("value_accuracy", "detection_recall", "detection_precision", "end_to_end_accuracy"):
        assert {name, f"{name}_tune", f"{name}_check"} <= m.keys()
        assert 0.0 <= m[name] <= 1.0
    halves = report.tables[0]
    assert halves.name == "TempEval-3 documents: tune and check halves"
    label, tune, check, every = halves.rows[0]
    assert label == "items" and tune + check == every == 12 and tune and check
    assert report.tables[1].name == "DATE values by gold shape [all items]"
