"""The shipped lexicon loads (every row checked) and answers a few exact lookups."""

from __future__ import annotations

import pytest

from tacitus.lexicon import countries, reporting_verbs


@pytest.mark.parametrize(
    ("phrase", "iso3"),
    [
        ("Afghan", "AFG"), ("Afghans", "AFG"), ("Pakistani", "PAK"), ("U.S.", "USA"), ("Britain", "GBR"),
        ("Kyiv", "UKR"), ("Norwegians", "NOR"), ("Icelandic", "ISL"), ("Lao", "LAO"), ("Turk", "TUR"),
        ("Dominican", "DOM"), ("Kosovar", "XKX"),
    ],
)
def test_a_country_name_demonym_or_capital_gives_its_iso3(phrase, iso3):
    assert countries().iso3(phrase) == iso3


def test_a_lower_case_word_is_not_an_acronym():
    table = countries()
    assert (table.find("US"), table.find("us"), table.find("DRC"), table.find("drc")) == ("USA", None, "COD", None)


def test_ambiguous_names_are_known():
    ambiguous = countries().ambiguous()
    assert {"dominican", "georgetown"} <= ambiguous
    assert "afghan" not in ambiguous


def test_a_capital_that_is_the_country_name_is_listed_once_as_the_country():
    assert [(n.kind, n.iso3) for n in countries().lookup("Singapore")] == [("country", "SGP")]


@pytest.mark.parametrize(
    ("lemma", "kind"),
    [("say", "attribution"), ("recall", "say"), ("underline", "emphasis"), ("warn", "act"),
     ("think", "opinion"), ("post", "weak")],
)
def test_reporting_verb_kinds(lemma, kind):
    assert reporting_verbs()[lemma] == kind


def test_importing_the_lexicon_reads_nothing():
    import subprocess
    import sys

    code = ("import sys, tacitus.lexicon as lx; "
            "print('pycountry' in sys.modules, lx.countries.cache_info().currsize, lx.reporting_verbs.cache_info().currsize)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "0", "0"]


def test_the_data_hash_covers_the_lexicon(monkeypatch, tmp_path):
    # the coder fingerprint and the load caches (actor lexicon, gazetteer) are keyed by it
    from tacitus import fingerprint

    (tmp_path / "data" / "lexicon").mkdir(parents=True)
    verbs = tmp_path / "data" / "lexicon" / "reporting_verbs.tsv"
    monkeypatch.setattr(fingerprint.resources, "files", lambda package: tmp_path)
    hashes = []
    for text in ("grumble\tsay\n", "grumble\tweak\n"):
        verbs.write_text(text, encoding="utf-8")
        fingerprint.data_hash.cache_clear()
        hashes.append(fingerprint.data_hash())
    fingerprint.data_hash.cache_clear()
    assert hashes[0] != hashes[1]
