"""One source per fact: country names, demonyms and reporting verbs live only in
tacitus/data/lexicon/, and no other data file lists them again."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tacitus.lexicon import DATA_DIR, countries, reporting_verbs

DATA_ROOT = DATA_DIR.parent
# A file outside the lexicon whose first column holds more demonyms than this is a demonym
# list (the Phoenix dictionary codes the peoples of seven territories as organisations).
MAX_DEMONYM_ROWS = 10
# An ISO 3166-1 alpha-2 or alpha-3 code, or a CAMEO actor code that starts with one.
COUNTRY_CODE = re.compile(r"[A-Z]{2,3}(?:[A-Z]{3})*")
# Kinds under which a data file would list verbs of saying again.
SAYING_KINDS = frozenset({"say", "speech", "attribution", "reporting"})


def _other_tables() -> list[Path]:
    return sorted(p for p in DATA_ROOT.rglob("*.tsv") if DATA_DIR not in p.parents)


def _first_column(path: Path) -> list[str]:
    return [line.split("\t", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def test_no_other_data_file_is_named_for_lexicon_facts():
    names = {p.name for p in _other_tables()}
    assert not {n for n in names if n in ("demonyms.tsv", "reporting_verbs.tsv") or n.startswith("countries_")}


@pytest.mark.parametrize("path", _other_tables(), ids=lambda p: str(p.relative_to(DATA_ROOT)))
def test_no_other_data_file_maps_demonyms_to_countries(path):
    # a word list may select demonyms (geo's place_demonyms.tsv); which country each names
    # is the lexicon's to say
    demonyms = {n.phrase for n in countries().of_kind("demonym")}
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    assert not any("demonym" in cell and len(rows[0]) > 1 for cell in rows[0])
    mapped = [r[0] for r in rows if r[0].strip() in demonyms and any(COUNTRY_CODE.fullmatch(f.strip()) for f in r[1:])]
    # actor dictionaries may name a demonym once in a while, never as a list
    assert len(mapped) <= MAX_DEMONYM_ROWS, mapped


@pytest.mark.parametrize("path", _other_tables(), ids=lambda p: str(p.relative_to(DATA_ROOT)))
def test_no_other_data_file_lists_reporting_verbs(path):
    verbs = set(reporting_verbs())
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    assert [r[0] for r in rows if r[0].strip() in verbs and SAYING_KINDS & {f.strip() for f in r[1:]}] == []
