"""Actors the event coder used to get without a country: possessive role words, bare
surnames of former leaders, names the parser splits, misspelt names, US agencies."""

from __future__ import annotations

import pytest

from tacitus.actors.spelling import Speller


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        ("Iraq said its forces had retaken the bridge north of the city.", "its forces", "IRQMIL"),
        ("Kenya's government said on Sunday that its police had arrested six suspects.", "its police", "KENCOP"),
        ("Ethiopian officials met on Monday. Their soldiers crossed into the region overnight.",
         "Their soldiers", "ETHMIL"),
        ("The Taliban said their fighters had captured two districts.", "their fighters", "AFGINSTAL"),
    ],
)
def test_possessive_role_words_take_the_owner(code, text, phrase, expected):
    actor = code(text, phrase, "2019-07-19")
    assert actor is not None and actor.code == expected


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Workers said their union would strike on Monday.", "their union"),
        ("The company said its lawyers would appeal.", "its lawyers"),
    ],
)
def test_possessive_without_a_placed_owner_keeps_the_role(code, text, phrase):
    actor = code(text, phrase, "2019-07-19")
    assert actor is not None and actor.country is None


@pytest.mark.parametrize(
    ("text", "name", "date", "expected"),
    [
        # a former president named by surname alone, years after office
        ("Clinton said the embargo should stay.", "Clinton", "2020-06-15", "USAELI"),
        ("Biden urged lawmakers to act.", "Biden", "2019-05-01", "USAELI"),
        # in office, the same surname codes the government
        ("Biden urged lawmakers to act.", "Biden", "2022-05-01", "USAGOV"),
        ("Clinton said the embargo should stay.", "Clinton", "1996-06-15", "USAGOV"),
    ],
)
def test_bare_surname_of_a_leader(code, text, name, date, expected):
    actor = code(text, name, date)
    assert actor is not None and actor.code == expected


def test_surname_before_any_top_office_is_not_coded(code):
    # Biden was a senator, not yet vice-president, in 2005
    assert code("Biden urged lawmakers to act.", "Biden", "2005-05-01") is None


def test_first_name_no_namesake_shares_is_someone_else(code):
    # a Danish civil servant, not the Faroese minister of the day with the same surname
    for date in ("2022-12-01", None):
        actor = code("A judge found Britta Nielsen guilty of fraud.", "Britta Nielsen", date)
        assert actor is None or actor.code != "FROGOV"
    # the minister himself, by his first name (accents aside) and surname
    minister = code("Bárður Nielsen visited Copenhagen.", "Bárður Nielsen", "2022-12-01")
    assert minister is not None and minister.code == "FROGOV"


def test_an_all_capitals_word_is_no_surname(code):
    # "Bak" of Lee Myung Bak: the code name of a missile in capitals is not the former president
    actor = code("Rebels fired a BAK missile at the airliner.", "BAK", "2014-07-18")
    assert actor is None or not (actor.code or "").startswith("KOR")


def test_a_countrys_armed_forces_are_its_own(code):
    # "armed" sponsors only hyphenated ("Iranian-armed militias"), not in "Russian armed forces"
    actor = code("Russian armed forces launched an attack.", "Russian armed forces", "2019-07-19")
    assert actor is not None and actor.code == "RUSMIL"


def test_titled_known_surname_takes_the_country(code):
    actor = code("President Atambayev pushed for a new constitution.", "President Atambayev", "2016-03-01")
    assert actor is not None and actor.code == "KGZGOV"


def test_name_split_by_the_parser_is_one_person(code):
    actor = code("Omar al-Bashir of Sudan expelled the aid workers.", "Bashir", "2010-03-01")
    assert actor is not None and (actor.code, actor.name) == ("SDNGOV", "Omar al-Bashir")


def test_first_word_of_a_split_name_codes_the_whole_name(code):
    # the event coder may ask about any of the sibling tokens
    actor = code("Omar al-Bashir of Sudan expelled the aid workers.", "Omar", "2010-03-01")
    assert actor is not None and (actor.code, actor.text) == ("SDNGOV", "Omar al-Bashir of Sudan")


@pytest.mark.parametrize(
    ("text", "phrase", "date", "expected"),
    [
        ("Ethopia closed its border crossing.", "Ethopia", "2020-02-01", "ETH"),
        ("President Francois Mitterand arrived in Bonn.", "President Francois Mitterand", "1990-02-01", "FRAGOV"),
    ],
)
def test_misspelt_names(code, text, phrase, date, expected):
    actor = code(text, phrase, date)
    assert actor is not None and actor.code == expected


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        ("The FDA approved the vaccine on Friday.", "The FDA", "USAGOV"),
        ("USAID suspended the grants.", "USAID", "USAGOV"),
        ("The Justice Department opened an inquiry.", "The Justice Department", "USAJUD"),
        ("Bosnian police detained the suspect.", "Bosnian police", "BIHCOP"),
    ],
)
def test_agencies_and_two_part_demonyms(code, text, phrase, expected):
    actor = code(text, phrase, "2020-02-01")
    assert actor is not None and actor.code == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("ethopia", "ethiopia"),  # a letter missing
        ("quatar", "qatar"),  # a letter too many
        ("ethiopia", None),  # known words are not corrected
        ("etiopya", None),  # two edits away
        ("chyna", None),  # too short to trust
    ],
)
def test_speller(word, expected):
    sp = Speller(["ethiopia", "qatar", "china"], 6)
    assert sp.correct(word) == expected


def test_speller_refuses_ambiguous_words():
    sp = Speller(["mali", "bali", "malic"], 4)
    assert sp.correct("kali") is None  # mali and bali are both one edit away


@pytest.mark.parametrize(
    ("text", "phrase", "head", "expected"),
    [
        ("Dozens of Russian peacekeepers arrived in the town.", "Dozens of Russian peacekeepers", "Dozens", "RUSMIL"),
        ("Hundreds of Taliban fighters surrendered.", "Hundreds of Taliban fighters", "Hundreds", "AFGINSTAL"),
        ("The Egyptian military council dissolved parliament.", "The Egyptian military council", "council", "EGYMIL"),
    ],
)
def test_counted_and_council_heads(code, text, phrase, head, expected):
    actor = code(text, phrase, "2020-01-01", head=head)
    assert actor is not None and actor.code == expected


def test_known_name_inside_a_longer_unknown_name_is_not_that_organisation(code):
    # Nigeria's Department of State Services is not the US Department of State
    actor = code("The Department of State Services arrested the activist.", "Department of State Services",
                 "2020-01-01", head="Department")
    assert actor is None or not (actor.code or "").startswith("USA")


def test_counted_noun_keeps_its_own_place(code):
    actor = code("Thousands of textile workers in Haiti stopped work.", "Thousands", "2020-01-01")
    assert actor is not None and actor.code == "HTILAB"


def test_obscure_namesake_places_no_government(code):
    # "Catalan" is also the surname of a minister in the Phoenix lists; it is no leader
    actor = code("The Catalan government approved the budget.", "The Catalan government", "2020-01-01")
    assert actor is not None and actor.country is None


def test_undated_bare_surname_takes_the_latest_top_office(code):
    actor = code("Biden urged lawmakers to act.", "Biden", None)
    assert actor is not None and actor.code == "USAGOV"


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        # a named armed group is not the state's army for the demonym in its name
        ("The Kachin Independence Army attacked a junta base.", "The Kachin Independence Army", "MMRREB"),
        ("Uyghur activists protested outside the embassy.", "Uyghur activists", "CHNOPP"),
        ("Rohingya refugees crossed the border.", "Rohingya refugees", "MMRREF"),
    ],
)
def test_ethnic_names_and_their_armed_groups(code, text, phrase, expected):
    actor = code(text, phrase, "2022-06-15")
    assert actor is not None and actor.code == expected
