"""User dictionaries: TSV/CSV/YAML rows and PETRARCH dictionaries add or override actors."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tacitus.actors import load_coder, resolve_mentions
from tacitus.actors.lexicon import read_file, read_table, read_yaml
from tacitus.actors.petrarch import parse_dates, read_petrarch_actors, read_petrarch_agents
from tacitus.errors import TacitusError
from tacitus.eval import default_gold_root

VALIDATION = default_gold_root() / "events" / "petrarch2_validation_dictionaries"


def _code(nlp, coder, text, word, date="2020-01-01"):
    doc = nlp(text)
    mentions = resolve_mentions(doc, coder, date)
    tok = next(t for t in doc if t.text == word)
    return mentions.actor_of(tok)


def test_csv_adds_an_actor(tmp_path, nlp):
    f = tmp_path / "mine.csv"
    f.write_text("# source: my project\nphrase,kind,code,name\nNorthern Shield Brigade,armed,XYZREB,Northern Shield Brigade\n")
    coder = load_coder([str(f)])
    actor = _code(nlp, coder, "The Northern Shield Brigade shelled the town.", "Brigade")
    assert (actor.code, actor.country, actor.name) == ("XYZREB", "XYZ", "Northern Shield Brigade")


def test_tsv_person_with_dates_and_aliases(tmp_path, nlp):
    f = tmp_path / "mine.tsv"
    f.write_text("phrase\tkind\tcode\tname\tstart\tend\nJane Roe|J. Roe\tperson\tNZLGOV\tJane Roe\t2030-01-01\t2031-12-31\n")
    coder = load_coder([str(f)])
    assert _code(nlp, coder, "Jane Roe met the envoy.", "Roe", "2030-06-01").code == "NZLGOV"
    assert _code(nlp, coder, "Jane Roe met the envoy.", "Roe", "2035-06-01").code == "NZLELI"


def test_yaml_overrides_a_shipped_actor(tmp_path, nlp):
    f = tmp_path / "mine.yaml"
    f.write_text("actors:\n  - phrase: Fox News\n    aliases: [Fox]\n    kind: org\n    code: USAMEDFOX\n")
    coder = load_coder([str(f)])
    assert _code(nlp, coder, "Fox News reported the strike.", "News").code == "USAMEDFOX"
    # the shipped coder is untouched
    assert _code(nlp, load_coder([]), "Fox News reported the strike.", "News").code == "USAMED"


def test_bad_row_is_a_clear_error(tmp_path):
    f = tmp_path / "bad.csv"
    f.write_text("phrase,code,start\nSomeone,USAGOV,last year\n")
    with pytest.raises(TacitusError) as exc:
        load_coder([str(f)])
    assert "E403" in str(exc.value) and "bad.csv:2" in str(exc.value)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(TacitusError) as exc:
        load_coder([str(tmp_path / "nope.csv")])
    assert "E404" in str(exc.value)


@pytest.mark.skipif(not VALIDATION.exists(), reason="PETRARCH validation dictionaries not present")
def test_petrarch_validation_dictionaries(nlp):
    coder = load_coder([str(VALIDATION / "PETR.Validate.actors.txt"), str(VALIDATION / "PETR.Validate.agents.txt")])
    assert _code(nlp, coder, "Arnor denounced the attack.", "Arnor").code == "ARN"
    assert _code(nlp, coder, "Gondor soldiers crossed the river.", "soldiers").code == "GONMIL"


def test_petrarch_dated_blocks():
    text = "JOHN_DOE_\n+PRESIDENT_DOE\n\t[ABCGOV 20100101-20141231]\n\t[ABCELI >20150101]\nACME_CORP [ABCBUS]\n"
    rows = list(read_petrarch_actors(text))
    assert ("President Doe", "ABCGOV", "2010-01-01", "2014-12-31") in {(r.phrase.title(), r.code, r.start, r.end) for r in rows}
    assert [r.kind for r in rows if r.phrase == "ACME CORP"] == ["org"]


@pytest.mark.parametrize(
    ("spec", "expected"),
    [("690325-711220", ("1969-03-25", "1971-12-20")), (">20130909", ("2013-09-09", None)),
     ("<010620", (None, "2001-06-20")), ("", (None, None)), ("junk", (None, None))],
)
def test_petrarch_dates(spec, expected):
    assert parse_dates(spec) == expected


def test_petrarch_agents_substitution_and_plural():
    text = "!PERSON! = MAN, WOMAN\nCHAIR!PERSON! [~GOV]\nMEDIC {MEDICS} [~HLH]\n"
    phrases = {(r.phrase, r.code) for r in read_petrarch_agents(text)}
    assert {("CHAIRMAN", "GOV"), ("CHAIRWOMAN", "GOV"), ("MEDICS", "HLH")} <= phrases


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_petrarch_reader_never_crashes(text):
    for row in read_petrarch_actors(text):
        assert row.phrase is not None and row.code


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_table_reader_fails_only_with_tacitus_errors(text):
    try:
        list(read_table(text, "fuzz.csv"))
    except TacitusError:
        pass


def test_read_file_dispatches_on_suffix(tmp_path):
    f = tmp_path / "x.actors.txt"
    f.write_text("GONDOR [GON]\n")
    assert [r.code for r in read_file(f)] == ["GON"]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_yaml_reader_fails_only_with_tacitus_errors(text):
    try:
        list(read_yaml(text, "fuzz.yaml"))
    except TacitusError:
        pass


@pytest.mark.parametrize("text", ["0000-00-00", "actors:\n  - phrase: X\n    start: 2021-02-30\n"])
def test_yaml_impossible_dates_are_clear_errors(text):
    with pytest.raises(TacitusError):
        list(read_yaml(text, "bad.yaml"))
