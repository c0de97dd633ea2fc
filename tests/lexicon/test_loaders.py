"""The lexicon's checked TSV loaders: each bad row gives one one-line error naming file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tacitus.lexicon import (
    COUNTRY_COLUMNS,
    LexiconError,
    read_countries,
    read_reporting_verbs,
    read_table,
)

HEADER = "# source: written for this test\n# licence: CC0 1.0\n"
COUNTRY_HEADER = HEADER + "\t".join(COUNTRY_COLUMNS) + "\n"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _error(load, path: Path) -> str:
    with pytest.raises(LexiconError) as info:
        load(path)
    return str(info.value)


@pytest.mark.parametrize(
    ("rows", "line", "reason"),
    [
        # a kind the table does not know
        ("Zorgland\tcountry\tFRA\tFrance\ttest\nZorgish\tnationality\tFRA\tFrance\ttest\n", 5,
         "unknown kind 'nationality'; use one of capital, country, demonym"),
        # not an ISO 3166-1 alpha-3 code
        ("Zorgland\tcountry\tZZQ\tZorgland\ttest\n", 4,
         "'ZZQ' is not an ISO 3166-1 alpha-3 code (nor listed in codes_extra.tsv)"),
        # a short row
        ("Zorgland\tcountry\tFRA\tFrance\ttest\nZorgish\tdemonym\tFRA\n", 5,
         "3 fields, expected 5 (phrase, kind, iso3, name, source)"),
        # the same phrase, kind and country twice with another name
        ("Zorgland\tcountry\tFRA\tFrance\ttest\nZorgland\tcountry\tFRA\tZorgland\ttest\n", 5,
         "contradicts line 4 for ('Zorgland', 'country', 'FRA')"),
        # several phrases in one row
        ("Zorgland|Zorgia\tcountry\tFRA\tFrance\ttest\n", 4, "one phrase per row (no '|')"),
    ],
)
def test_a_bad_country_row_gives_one_error_naming_its_line(tmp_path, rows, line, reason):
    path = _write(tmp_path, "countries.tsv", COUNTRY_HEADER + rows)
    message = _error(lambda p: read_countries([p]), path)
    assert message == f"[E420] {path}:{line}: {reason}"
    assert "\n" not in message


def test_a_missing_licence_line_is_an_error(tmp_path):
    path = _write(tmp_path, "countries.tsv", "# source: test\n" + "\t".join(COUNTRY_COLUMNS) + "\n")
    assert _error(lambda p: read_countries([p]), path) == (
        f"[E420] {path}:2: the header row must follow '# source:' and '# licence:' lines")


def test_a_wrong_header_is_an_error(tmp_path):
    path = _write(tmp_path, "countries.tsv", HEADER + "phrase\tcode\n")
    assert _error(lambda p: read_countries([p]), path) == (
        f"[E420] {path}:3: header is ['phrase', 'code'], expected "
        "['phrase', 'kind', 'iso3', 'name', 'source']")


def test_an_unreadable_file_is_one_line(tmp_path):
    path = tmp_path / "absent.tsv"
    assert _error(lambda p: read_table(p, ("a", "b")), path) == (
        f"[E420] {path}: cannot read (No such file or directory)")


def test_a_later_file_replaces_the_rows_of_a_phrase(tmp_path):
    built = _write(tmp_path, "built.tsv", COUNTRY_HEADER
                   + "Zorgish\tdemonym\tDMA\tDominica\tgen\nZorgish\tdemonym\tDOM\tDominican Republic\tgen\n"
                   + "Zorgland\tcountry\tFRA\tFrance\tgen\n")
    curated = _write(tmp_path, "curated.tsv", COUNTRY_HEADER + "Z.O.R.G.ISH\tdemonym\tPER\tPeru\tcur\n")
    two = read_countries([built])
    assert two.iso3("zorgish") == "DOM"  # the last listed is the usual sense
    assert two.ambiguous() == frozenset({"zorgish"})
    table = read_countries([built, curated])
    assert [(n.phrase, n.iso3) for n in table.lookup("Zorgish")] == [("Z.O.R.G.ISH", "PER")]
    assert table.iso3("Zorgland") == "FRA"
    assert table.ambiguous() == frozenset()
    assert [n.phrase for n in table.of_kind("country")] == ["Zorgland"]


def test_an_acronym_names_a_country_only_in_capitals(tmp_path):
    path = _write(tmp_path, "c.tsv", COUNTRY_HEADER + "ZQ\tcountry\tFRA\tFrance\ttest\n"
                  + "Zorgland\tcountry\tPER\tPeru\ttest\n")
    table = read_countries([path])
    assert (table.find("ZQ"), table.find("Z.Q."), table.find("zq"), table.find("Zq")) == ("FRA", "FRA", None, None)
    assert table.find("ZORGLAND") == "PER"  # only acronyms are case-sensitive
    assert table.find("Zorgland", frozenset({"demonym"})) is None


@pytest.mark.parametrize(
    ("rows", "line", "reason"),
    [
        ("grumble\tspeech\n", 4, "unknown kind 'speech'; use one of act, attribution, emphasis, opinion, say, weak"),
        ("grumble\tsay\tloudly\n", 4, "3 fields, expected 2 (lemma, kind)"),
        ("grumble\tsay\nmutter\tsay\ngrumble\tweak\n", 6, "contradicts line 4 for 'grumble'"),
        ("grumble\tsay\ngrumble\tsay\n", 5, "repeats line 4 for 'grumble'"),
        ("Grumble\tsay\n", 4, "a lemma is written in lower case without spaces around it"),
    ],
)
def test_a_bad_reporting_verb_row_gives_one_error_naming_its_line(tmp_path, rows, line, reason):
    path = _write(tmp_path, "verbs.tsv", HEADER + "lemma\tkind\n" + rows)
    assert _error(read_reporting_verbs, path) == f"[E420] {path}:{line}: {reason}"


def test_reporting_verbs_read_from_a_file(tmp_path):
    path = _write(tmp_path, "verbs.tsv", HEADER + "lemma\tkind\n\ngrumble\tsay\n# a comment\nmutter\tweak\n")
    assert dict(read_reporting_verbs(path)) == {"grumble": "say", "mutter": "weak"}
