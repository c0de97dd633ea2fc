"""The event's actors as the record prints them: the noun phrase that fills the role when the
actor's mention heads it (appositions, acronyms, "from/in/of" identifiers), a pronoun's antecedent
in the same sentence, and an actor named inside another phrase kept as its own mention.
Invented sentences, coded the way `tacitus code` codes them."""

from __future__ import annotations

import pytest

from tacitus.pipeline import code_text


def _printed(text: str) -> list[tuple[str, list[str], list[str]]]:
    rec = code_text(text).to_dict()
    for ev in rec["events"]:
        for a in ev["source"] + ev["target"]:
            # spans are offsets into the clean text, and the text is the span's
            assert rec["text"][a["start"] : a["end"]] == a["text"]
    return [(ev["code"], [a["text"] for a in ev["source"]], [a["text"] for a in ev["target"]]) for ev in rec["events"]]


@pytest.mark.parametrize(
    "text,source",
    [
        # an apposition names the same actor
        ("The Chilean foreign minister, Ana Ruiz, criticized Peru.", "The Chilean foreign minister, Ana Ruiz"),
        # so does a parenthesised acronym
        ("The Andean Workers Front (AWF) attacked police stations in Lima.", "The Andean Workers Front (AWF)"),
        # "from/in X" identifies the actor
        ("Diplomats from Norway criticized Chile.", "Diplomats from Norway"),
        ("Police in Lima arrested twelve protesters.", "Police in Lima"),
        # an actor named by a modifier of the role's noun is printed as the noun phrase
        ("Chilean border units shelled a village.", "Chilean border units"),
        ("A Bolivian virus expert criticized Chile.", "A Bolivian virus expert"),
        # so by an apposition, or an "of" phrase of a noun that is no act
        ("Ana Ruiz, a Bolivian militia leader, attacked the village.", "Ana Ruiz, a Bolivian militia leader"),
        ("Political opponents of the Bolivian government protested.", "Political opponents of the Bolivian government"),
        # a participle or adjective that says which ones is part of the name
        ("Rebels loyal to the former minister attacked the town.", "Rebels loyal to the former minister"),
    ],
)
def test_the_phrase_the_actor_heads(text, source):
    assert source in _printed(text)[0][1]


def test_a_pronoun_is_printed_as_its_antecedent_in_the_sentence():
    events = _printed("When the Iraqi teachers met the minister, they agreed to end the strike.")
    assert [src for code, src, _ in events if code == "0352"] == [["the Iraqi teachers"]]


def test_an_actor_inside_another_phrase_is_printed_as_that_phrase():
    """"Norway's decision", "the Peruvian announcement": the role's phrase names the actor (its
    code stays Norway's), as span annotators mark it."""
    assert _printed("Chile criticized Norway's decision.")[0][2] == ["Norway's decision"]
    assert _printed("Chile criticized the Peruvian announcement.")[0][2] == ["the Peruvian announcement"]
    assert _printed("Chile criticized its closest ally Peru.")[0][2] == ["its closest ally Peru"]
    assert _printed("Chile sent aid to the island nation of Tuvalu.")[0][2] == ["the island nation of Tuvalu"]
    # a noun the patterns code as an act names the act, not its party
    assert _printed("Peru rejected the appeal of two Chilean journalists.")[0][2] == ["two Chilean journalists"]


def test_a_gerund_clause_after_the_target_is_no_part_of_its_name():
    assert _printed("Chile accused the Peruvian president of helping the rebels.") == [
        ("112", ["Chile"], ["the Peruvian president"])
    ]


def _targets(text: str) -> list[tuple[str, list[str], str | None]]:
    rec = code_text(text).to_dict()
    return [(ev["code"], [a["text"] for a in ev["target"]], ev["trace"].get("target_rule")) for ev in rec["events"]]


@pytest.mark.parametrize(
    "text,code,target",
    [
        # an act with no other target is aimed at the place it happens in
        ("Chile opened an investigation in Peru.", "090", "Peru"),
        ("Three hundred Colombian rebels surrendered in Venezuela on Friday.", "0874", "Venezuela"),
        # ... or its object happens in ("its aid in X", "a curfew in parts of X")
        ("Chile suspended its aid in Bolivia.", "162", "Bolivia"),
        ("The Chilean army declared a truce in the north of Bolivia.", "0871", "the north of Bolivia"),
    ],
)
def test_an_act_with_no_other_target_takes_the_place_it_happens_in(text, code, target):
    assert (code, [target], "locative:in") in _targets(text)


def test_a_place_never_displaces_a_named_target_nor_makes_an_event_alone():
    # the named party stays the target; the place it is in adds nothing
    assert _targets("The Chilean army attacked Bolivian troops in Peru.") == [("190", ["Bolivian troops"], "obj:dobj")]
    # a place is no actor of the act: with no source there is still no event
    assert _targets("Fighting in Bolivia intensified on Monday.") == []
    # and "in" a time or a manner is no place
    assert all(rule != "locative:in" for _, _, rule in _targets("Chile imposed a curfew in March."))


@pytest.mark.parametrize(
    "text,code,target",
    [
        ("The Bolivian government rejected accusations from the Green Horizon Society that it had lied.", "016", "the Green Horizon Society"),
        ("The rebels rejected repeated offers of talks by the Chilean government.", "120", "the Chilean government"),
        # the object's "by" phrase hung by the parser on the verb
        ("The Bolivian government denied charges by the Green Horizon Society.", "016", "the Green Horizon Society"),
        # the owner of words put to the subject
        ("President Ruiz yielded to the demands of striking bus drivers.", "080", "striking bus drivers"),
    ],
)
def test_what_is_answered_names_its_author_as_target(text, code, target):
    """Denying, rejecting, praising or criticizing what someone said or offered answers them,
    also where the actors stage finds no actor in the object's phrase."""
    assert [(c, t, r) for c, t, r in _targets(text) if c == code] == [(code, [target], "object-author")]


def test_a_role_word_that_takes_its_country_from_context_yields_to_the_subject():
    """"joint military drills": "military" names no party of its own; the subject acts."""
    assert _printed("Chile and Peru started joint military drills last week.") == [("062", ["Chile"], ["Peru"])]
    assert _printed("Peru said it would launch a fresh military offensive against Chilean rebels.")[0][1] == ["Peru"]
    # a modifier inside the act's own name is no phrase of its own
    assert _printed("Dozens were hurt during weeks of anti-government street marches.")[0][1] != [
        "anti-government street"
    ]


def test_people_named_by_their_occupation_are_an_uncoded_target():
    assert _targets("Chile expelled all weapons inspectors.") == [("166", ["all weapons inspectors"], "obj:dobj")]
    assert _targets("The Red Cross gave food to about 550 households.")[0][1] == ["about 550 households"]
    # so are people counted ("hundreds of hostages"), but not what people own ("the demands of")
    assert _targets("Bolivian rebels seized hundreds of hostages.") == [("181", ["hundreds of hostages"], "obj:dobj")]


def test_a_participle_that_identifies_the_party_is_part_of_its_name_but_a_clause_is_not():
    assert _printed("Peru freed twenty aid workers employed by the Red Cross.")[0][2] == [
        "twenty aid workers employed by the Red Cross"
    ]
    # a relative clause tells more about the party; it does not name it
    assert _printed("Peru freed twenty aid workers who had crossed the border.")[0][2] == ["twenty aid workers"]


def test_a_meeting_in_another_country_is_a_visit_there():
    assert _targets("Peru will hold a summit in Ecuador next month.") == [("042", ["Ecuador"], "locative:in")]
    # at home it stays a meeting, with no place for a target
    assert [c for c, _, _ in _targets("Peru will hold a summit in Lima next month.")] == ["040"]


def test_an_act_between_parties_answered_is_aimed_at_its_parties():
    assert _targets("Chile welcomed the agreement between Peru and Bolivia.") == [("051", ["Peru", "Bolivia"], "object-author")]
