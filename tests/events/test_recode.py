"""The recode table: each named rule on a sentence written for it, and the table's mechanics."""

from __future__ import annotations

import dataclasses

import pytest

from tacitus.events import code_events
from tacitus.events.recode import PHASES, RECODE_RULES, Recoding, apply_recodes

# rule name → (sentence, code, rule suffix, source codes, target codes)
RULE_CASES = {
    "negated": ("Iran will not release the captured fishermen.", "1243", "~negated", ["IRN"], [None]),
    "threat": ("China could impose sanctions on Japan if the talks fail.", "1312", "~threat", ["CHN"], ["JPN"]),
    "intent": ("Turkey plans to send aid to Syria.", "033", "~intent", ["TUR"], ["SYR"]),
    "announced-threat": ("Turkey says it will attack Kurdish militants in Syria.", "1384", "~threat", ["TUR"], ["INS"]),
    "accuse-unattributed": ("A report alleged that Russian troops attacked Ukrainian villages.", "112", "~accuse", [], ["RUS"]),
    "weapon": ("Russian drones bombed a market in Syria.", "195", "~weapon", ["RUS"], []),
    "riot": ("Protesters attacked a police station in Baghdad.", "145", "~riot", ["CVL"], ["COP"]),
    "repression": ("Police fired on demonstrators in the capital.", "175", "~repression", ["COP"], ["CVL"]),
    "others-forces": ("Russia bolstered the Syrian army's positions.", "072", "~aid", ["RUS"], ["MIL"]),
    "meeting-abroad": ("Turkey will hold a summit in Syria.", "042", "~abroad", ["TUR"], ["SYR"]),
    "claim": ("The rebels claimed they attacked the army base.", "015", "~claim", ["REB"], ["MIL"]),
    "accuse": ("Iran claimed that Israeli forces attacked Syria.", "112", "~accuse", ["IRN"], ["ISRMIL"]),
    "borrowed": ("Ten Turkish soldiers were killed when Kurdish militants attacked the base.", "190", "~borrowed", ["INS"], ["TUR"]),
    "negative": ("Egypt said the Iraqi plan was reckless and dangerous.", "111", "~negative", ["EGY"], ["IRQ"]),
}


# rules that compare countries: the stand-in coder gives a country name its country
WITH_COUNTRIES = {"meeting-abroad"}


def _with_countries(actor_of):
    def coded(tok):
        a = actor_of(tok)
        return dataclasses.replace(a, country=a.code) if a is not None and a.code and len(a.code) == 3 and a.role is None else a

    return coded


def test_every_rule_of_the_table_has_a_case() -> None:
    assert sorted(RULE_CASES) == sorted(r.name for r in RECODE_RULES)


@pytest.mark.parametrize("name", sorted(RULE_CASES))
def test_each_named_rule_fires_on_its_sentence(nlp, actor_of, name: str) -> None:
    sentence, code, suffix, sources, targets = RULE_CASES[name]
    events = code_events(nlp(sentence), _with_countries(actor_of) if name in WITH_COUNTRIES else actor_of, "t")
    assert len(events) == 1
    ev = events[0]
    assert (ev.code, [a.code for a in ev.source], [a.code for a in ev.target]) == (code, sources, targets)
    assert ev.rule is not None and ev.rule.endswith(suffix) and ev.rule.count("~") == 1


def test_a_rule_that_moves_actors_renames_their_argument_rules(nlp, actor_of) -> None:
    ev = code_events(nlp(RULE_CASES["accuse"][0]), actor_of, "t")[0]
    assert (ev.trace["source_rule"], ev.trace["target_rule"]) == ("speaker", "subj:nsubj")
    ev = code_events(nlp(RULE_CASES["borrowed"][0]), actor_of, "t")[0]
    assert ev.trace["source_rule"] == "borrowed:subj:nsubj"


def test_rules_of_one_group_exclude_each_other(nlp, actor_of) -> None:
    # police bombing demonstrators with drones: the weapon rule fires first (195), and the
    # repression rule of the same group, whose conditions hold too, is not tried after it
    ev = code_events(nlp("Police drones bombed the demonstrators."), actor_of, "t")[0]
    assert (ev.code, ev.rule) == ("195", "V183.bomb~weapon")


def test_fixed_frames_keep_their_code() -> None:
    r = apply_recodes("clause", Recoding("190", "hypothetical", "V030.agree+V190.attack", fixed=True))
    assert (r.code, r.modality, r.rule, r.fired) == ("190", "hypothetical", "V030.agree+V190.attack", [])


def test_the_table_names_each_rule_once_in_a_known_phase() -> None:
    names = [r.name for r in RECODE_RULES]
    assert len(names) == len(set(names))
    assert {r.phase for r in RECODE_RULES} == set(PHASES)


def test_an_unknown_phase_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown recode phase 'later'"):
        apply_recodes("later", Recoding("190", "asserted", "V190.attack"))


@pytest.mark.parametrize("sentence, target", [
    ("Egypt said the Iraqi government does not understand the region.", ["GOV"]),
    ("Egypt said that Iraq does not listen to its neighbours.", ["IRQ"]),
])
def test_an_actor_said_to_fail_is_criticised(nlp, actor_of, sentence: str, target: list[str]) -> None:
    (ev,) = code_events(nlp(sentence), actor_of, "t")
    assert (ev.code, [a.code for a in ev.source], [a.code for a in ev.target]) == ("111", ["EGY"], target)
    assert ev.rule == "V010.say~negative" and ev.trace["target_rule"] == "judged"


def test_a_failing_verb_without_a_negation_or_an_actor_is_a_statement(nlp, actor_of) -> None:
    for sentence in ("Egypt said the Iraqi government understands the region.",
                     "Egypt said the rain does not understand borders."):
        (ev,) = code_events(nlp(sentence), actor_of, "t")
        assert ev.code == "010"
