"""The event knowledge files: CAMEO table, PLOVER map, composition, pattern file parser."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tacitus.errors import TacitusError
from tacitus.events import cameo_codes, parse_patterns, pentaclass, plover_of
from tacitus.events.tables import builtin_patterns, compose


def test_cameo_table_is_complete():
    codes = cameo_codes()
    assert len(codes) == 311
    assert {c.root_code for c in codes.values()} == {f"{i:02d}" for i in range(1, 21)}


@pytest.mark.parametrize(
    "code,name,goldstein,quad",
    [("0256", "Appeal for de-escalation of military engagement", -0.3, 1), ("190", "Use conventional military force, not specified below", -10.0, 4), ("173", "Arrest, detain, or charge with legal action", -5.0, 4)],
)
def test_cameo_rows(code, name, goldstein, quad):
    c = cameo_codes()[code]
    assert (c.name, c.goldstein, c.quad_class) == (name, goldstein, quad)


@pytest.mark.parametrize(
    "code,expected",
    [("0256", ("REQUEST", "yield")), ("036", ("AGREE", None)), ("1831", ("ASSAULT", "suicide-attack")), ("0871", ("RETREAT", "ceasefire")), ("010", (None, None)), ("2042", ("ASSAULT", "unconventional"))],
)
def test_plover_of(code, expected):
    assert plover_of(code) == expected


@pytest.mark.parametrize(
    "frame,act,expected",
    [("appeal", "0871", "0256"), ("intent", "040", "036"), ("reject", "0841", "1243"), ("threaten", "163", "1312"), ("demand", "0874", "106"), ("say", "190", None)],
)
def test_compose(frame, act, expected):
    assert compose(frame, act) == expected


def test_builtin_patterns_cover_every_root():
    roots = {p.code[:2] for p in builtin_patterns()}
    assert roots == {f"{i:02d}" for i in range(1, 21)}


@pytest.mark.parametrize("code,cls", [("010", 0), ("0256", 0), ("036", 1), ("073", 2), ("112", 3), ("163", 3), ("145", 4), ("190", 4)])
def test_pentaclass(code, cls):
    assert pentaclass(code) == cls


def test_parse_a_user_pattern():
    (p,) = parse_patterns("x.1\t0211\tV\tinvest|fund\tin\tfactory|plant+new\tprep:in\trecip,need_target\tnote\n")
    assert (p.id, p.code, p.pos, p.lemmas, p.particle) == ("x.1", "0211", "V", frozenset({"invest", "fund"}), frozenset({"in"}))
    assert p.objects == (frozenset({"factory", "plant"}), frozenset({"new"}))
    assert (p.targets, p.flags) == (("prep:in",), frozenset({"recip", "need_target"}))


@pytest.mark.parametrize(
    "line,why",
    [
        ("a\t999\tV\tfoo", "unknown CAMEO code"),
        ("a\t190\tQ\tfoo", "pos must be"),
        ("a\t190\tV", "at least 4"),
        ("a\t190\tV\tfoo\t-\t-\t-\tbogus", "unknown flag"),
        ("a\t190\tV\tfoo\t-\t-\tsideways", "bad target"),
        ("a\t190\tV\tfoo\na\t190\tV\tbar", "duplicate pattern id"),
    ],
)
def test_bad_pattern_lines_name_the_problem(line, why):
    with pytest.raises(TacitusError) as err:
        parse_patterns(line, "user.tsv")
    assert err.value.code == "E301" and why in err.value.message and "user.tsv:" in err.value.message


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab019VNA|+-:\t\n#, prep"), max_size=200))
def test_parser_only_raises_its_own_error(text):
    try:
        for p in parse_patterns(text):
            assert p.code in cameo_codes() and p.lemmas
    except TacitusError as exc:
        assert exc.code == "E301"
