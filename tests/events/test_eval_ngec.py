"""Reading the NGEC synthetic-story set of `tacitus eval events`: a fixed sample per type."""

from __future__ import annotations

import csv
import io
import zipfile

from tacitus.eval.events import NGEC_LEAD_CHARS, read_ngec


def _zip(tmp_path, rows):
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=["disclaimer", "text", "title", "label", "mode"])
    w.writeheader()
    w.writerows(rows)
    path = tmp_path / "stories.csv.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("stories.csv", buf.getvalue())
    return path


def test_sample_per_type_lead_only_and_repeatable(tmp_path):
    rows = [{"disclaimer": "", "text": f"Story {i}. " + "x" * 2000, "title": "", "label": lab, "mode": ""}
            for i, lab in enumerate(["PROTEST"] * 5 + ["AID"] * 2 + ["FIGHT"] * 3)]
    rows.append({"disclaimer": "", "text": "", "title": "", "label": "AID", "mode": ""})
    path = _zip(tmp_path, rows)
    first = read_ngec(path, per_type=3)
    assert sorted(s.gold for s in first) == ["AID", "AID", "ASSAULT", "ASSAULT", "ASSAULT", "PROTEST", "PROTEST", "PROTEST"]
    assert all(len(s.text) == NGEC_LEAD_CHARS for s in first)
    assert [s.text for s in read_ngec(path, per_type=3)] == [s.text for s in first]
