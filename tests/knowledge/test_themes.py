from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from tacitus.knowledge import find_themes, themes_of_text
from tacitus.knowledge.themes import theme_rules

GKG_THEMES = Path(__file__).resolve().parents[3] / "shared" / "data" / "gdelt" / "LOOKUP-GKGTHEMES.TXT.gz"


def test_example_article_themes(example_doc):
    themes, _ = find_themes(example_doc)
    for theme in ("CEASEFIRE", "NEGOTIATIONS", "TERROR", "ACT_YIELD", "KILL", "MILITARY"):
        assert theme in themes


def test_evidence_points_at_the_text(example_doc):
    _, evidence = find_themes(example_doc)
    assert evidence
    for ev in evidence:
        assert example_doc.text[ev["start"] : ev["end"]] == ev["phrase"]


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("The rebels agreed to a ceasefire on Sunday.", "CEASEFIRE"),
        ("Both sides observed a truce over the holiday.", "CEASEFIRE"),
        ("The two governments resumed negotiations in Geneva.", "NEGOTIATIONS"),
        ("The president ordered a full withdrawal of troops.", "ACT_YIELD"),
        ("Police arrested the suspect at his home.", "ARREST"),
        ("Thousands of protesters filled the streets.", "PROTEST"),
        ("The EU imposed new sanctions on the regime.", "SANCTIONS"),
        ("Voters head to the polls for the presidential election.", "ELECTION"),
        ("The camp houses 20,000 refugees.", "REFUGEES"),
        ("A car bomb killed four people.", "TERROR"),
        ("Heavy fighting broke out near the airport.", "ARMEDCONFLICT"),
    ],
)
def test_phrase_rules(text, theme):
    themes, evidence = themes_of_text(text)
    assert theme in themes
    assert any(e["theme"] == theme for e in evidence)


def test_no_theme_in_neutral_text():
    assert themes_of_text("The museum opened a new wing dedicated to modern art.") == ([], [])


@pytest.mark.skipif(not GKG_THEMES.exists(), reason="GDELT theme lookup not available")
def test_every_theme_is_a_gdelt_theme():
    with gzip.open(GKG_THEMES, "rt", encoding="utf-8") as fh:
        known = {line.split("\t")[0] for line in fh}
    assert {theme for theme, _ in theme_rules()} <= known


def test_lowered_ascii_scan_matches_the_case_insensitive_rules():
    from tacitus.knowledge.themes import theme_rules, themes_of_text

    text = "TROOPS and Police clashed; a CEASE-FIRE was agreed after Peacekeepers WITHDREW Troops."
    expected = sorted(
        ({"theme": t, "phrase": m.group(0), "start": m.start(), "end": m.end()}
         for t, p in theme_rules() for m in p.finditer(text)),
        key=lambda e: (e["start"], e["theme"]))
    themes, evidence = themes_of_text(text)
    assert evidence == expected and evidence
    assert [e["phrase"] for e in evidence][:2] == ["TROOPS", "TROOPS"]
