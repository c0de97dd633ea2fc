from __future__ import annotations

import pytest

from tacitus.knowledge import find_counts, parse_number


def _facts(counts):
    return [(c.value, c.approximate, c.kind, c.object, c.country, c.since) for c in counts]


def test_example_article_counts(example_doc):
    assert _facts(find_counts(example_doc)) == [
        (14000, True, "deployed", "service members", "USA", None),
        (13, False, "killed", "troops", "USA", "2019"),
        (2400, True, "killed", "troops", "USA", "2001"),
    ]


def test_example_count_spans_point_at_the_text(example_doc):
    for c in find_counts(example_doc):
        assert example_doc.text[c.start : c.end] == c.text
    assert [c.text for c in find_counts(example_doc)] == [
        "About 14,000 American service members",
        "Thirteen U.S. troops",
        "More than 2,400",
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Gunmen stormed a village overnight, killing 17 farmers.", [(17, False, "killed", "farmers")]),
        ("At least 9 people were injured when the bridge collapsed.", [(9, True, "wounded", "people")]),
        ("Riot police detained nearly 300 students outside the university.",
         [(300, True, "arrested", "students")]),
        ("Armed men abducted forty-two passengers from the bus.", [(42, False, "kidnapped", "passengers")]),
        ("Some 6,000 demonstrators gathered in the main square.", [(6000, True, "protesters", "demonstrators")]),
        ("The ministry will deploy 1,500 soldiers to the border.", [(1500, False, "deployed", "soldiers")]),
        ("Hundreds of families fled the shelling on Tuesday.", [(100, True, "displaced", "families")]),
        ("The death toll climbed to 64 on Friday.", [(64, False, "killed", None)]),
        ("Two hundred migrants died at sea last month.", [(200, False, "killed", "migrants")]),
        ("Tens of thousands of demonstrators marched to the palace.",
         [(10000, True, "protesters", "demonstrators")]),
        ("The 21 men arrested on Friday were freed on bail.", [(21, False, "arrested", "men")]),
        ("Two died and 14 were hospitalized after the explosion.",
         [(2, False, "killed", None), (14, False, "wounded", None)]),
    ],
)
def test_count_kinds(nlp, sentence, expected):
    assert [(c.value, c.approximate, c.kind, c.object) for c in find_counts(nlp(sentence))] == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The company sold 4,000 cars in 2018.",
        "The senator, 67, won 52 percent of the vote.",
        "The government spent $300 million on the project.",
        "One official said the talks would resume.",
    ],
)
def test_numbers_that_are_not_head_counts(nlp, sentence):
    assert find_counts(nlp(sentence)) == []


@pytest.mark.parametrize(
    ("sentence", "country"),
    [
        ("Four Turkish soldiers were killed in the attack.", "TUR"),
        ("Three U.S. sailors were injured in the collision.", "USA"),
        ("Police arrested 12 Syrians near the border.", "SYR"),
        ("France keeps about 5,100 soldiers in the Sahel.", "FRA"),
    ],
)
def test_count_country_from_demonym(nlp, sentence, country):
    assert [c.country for c in find_counts(nlp(sentence))] == [country]


@pytest.mark.parametrize(
    ("words", "value"),
    [
        (["14,000"], (14000, False)),
        (["Thirteen"], (13, False)),
        (["twenty-five"], (25, False)),
        (["two", "hundred", "and", "fifty"], (250, False)),
        (["2.5", "million"], (2500000, False)),
        (["three", "thousand", "four", "hundred"], (3400, False)),
        (["dozens"], (12, True)),
        (["a", "dozen"], (12, False)),
        (["many"], None),
    ],
)
def test_parse_number(words, value):
    assert parse_number(words) == value
