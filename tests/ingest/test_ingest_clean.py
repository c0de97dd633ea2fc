"""Boilerplate cleaning: the example article, and each kind of rule on text written here."""

from __future__ import annotations

import pytest

from tacitus.ingest import article_from_text, clean_article, clean_text
from tacitus.ingest.clean import parse_rules

from .helpers import EXAMPLE

P1 = (
    "Officials in the northern province said on Sunday that at least 12 people had been "
    "killed when floodwaters swept through three villages overnight."
)
P2 = (
    "Rescue teams were still searching for survivors on Monday, and the provincial governor "
    "asked the national government to send helicopters and emergency supplies."
)
P3 = "The army said it had deployed 400 soldiers to help clear roads and reopen the main bridge."


def _article(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs)


def test_example_clean_text_ends_with_the_story() -> None:
    a = clean_article(article_from_text(EXAMPLE.read_text("utf-8"), published="2019-07-19"))
    assert a.text.endswith("More than 2,400 have died since the start of the war there in 2001.")
    assert a.text.startswith("White House officials are pushing for a permanent cease-fire")


def test_example_removed_pieces() -> None:
    a = clean_article(article_from_text(EXAMPLE.read_text("utf-8")))
    assert len(a.removed) == 3
    assert a.removed[0].startswith("Leo covers Congress, Veterans Affairs and the White House for Military Times.")
    assert a.removed[0].endswith("the IAVA Leadership in Journalism award and the VFW News Media award.")
    assert a.removed[1:] == ["In Other News", "Load More"]


def test_example_keeps_every_story_paragraph_verbatim() -> None:
    raw = EXAMPLE.read_text("utf-8")
    clean = clean_article(article_from_text(raw)).text
    assert raw.startswith(clean)
    assert clean.count("\n\n") == 10  # eleven paragraphs


@pytest.mark.parametrize(
    "line",
    [
        "By Jane Doe",
        "By JANE DOE and OMAR FAROUK, Associated Press",
        "By Maria Lopez | Reuters",
        "Written by Chen Wei",
        "Updated: March 3, 2021 at 5:42 p.m. EST",
        "Photo: Ahmed Said/Reuters",
        "Image credit: Getty Images",
        "(AP Photo/Rahmat Gul)",
        "Residents wade through a flooded street in Dhaka. (Photo by Munir Uz Zaman/AFP via Getty Images)",
        "A soldier stands guard outside parliament. Getty Images",
        "© 2021 Horn Daily Media Group",
        "Copyright 2020 The Associated Press. All rights reserved.",
        "This story must not be reproduced, broadcast or redistributed in any form.",
        "Advertisement",
        "Story continues below advertisement",
        "Share this article",
        "Share | Tweet | Email",
        "Sign up for our daily newsletter",
        "Thanks for signing up!",
        "Click here to read the whole report",
        "Follow us on Twitter",
        "RELATED: Flooding forces thousands from their homes",
        "Read more: Why the monsoon is getting worse",
        "Like this story? Share it with a friend!",
        "Already a subscriber? Log in",
        "---",
        "FILE PHOTO: Soldiers patrol a street in the capital, January 5, 2018. REUTERS/Staff/File Photo",
        "FILE - In this Jan. 5, 2018, file photo, soldiers patrol a street in the capital.",
        "Image caption Soldiers patrol a street in the capital",
        "Media playback is not supported on your device",
        "https://news.example.org/2021/03/04/story",
    ],
)
def test_furniture_line_is_dropped_anywhere(line: str) -> None:
    text, removed = clean_text(_article(P1, line, P2, P3))
    assert text == _article(P1, P2, P3)
    assert removed == [line]


@pytest.mark.parametrize(
    "line",
    [
        "By the time rescuers arrived, the water had reached the rooftops.",
        "By Monday, the death toll had risen to 15.",
        "More than 2,000 families have been moved to temporary shelters.",
        "Related groups have called for an independent inquiry into the dam's failure.",
        "Share prices of the state power company fell 4 percent on Monday.",
        "The photo, taken by a resident, showed the bridge collapsing.",
        "Copyright law was not at issue in the case, the judge said.",
        "Subscribers to the service lost power for six hours.",
        "Watch out for more strikes, the union warned.",
        "Photographs of the damaged bridge were shared widely online.",
    ],
)
def test_story_sentence_that_looks_like_furniture_is_kept(line: str) -> None:
    text, removed = clean_text(_article(P1, line, P2, P3))
    assert (text, removed) == (_article(P1, line, P2, P3), [])


@pytest.mark.parametrize(
    "heading,tail",
    [
        ("In Other News", ["Flooding closes schools", "Load More"]),
        ("Related", ["Dam failure: what we know", "Monsoon season explained"]),
        ("Related Stories:", ["Dam failure: what we know"]),
        ("More from Asia Desk", ["Elections called in Nepal"]),
        ("You may also like", ["Ten years after the floods"]),
        ("Most Read", ["1. Dam failure: what we know"]),
        ("Comments (12)", ["Great reporting, thank you."]),
        ("Tags: floods, disasters, asia", []),
    ],
)
def test_furniture_heading_cuts_the_tail(heading: str, tail: list[str]) -> None:
    text, removed = clean_text(_article(P1, P2, P3, "\n".join([heading, *tail])))
    assert text == _article(P1, P2, P3)
    assert removed == [heading, *tail]


def test_promotion_block_inside_the_story_goes_and_the_story_stays() -> None:
    block = "Don't miss\nDam failure: what we know [VIDEO]\nMonsoon season explained"
    text, removed = clean_text(_article(P1, P2, block, P3))
    assert text == _article(P1, P2, P3)
    assert removed == ["Don't miss", "Dam failure: what we know [VIDEO]", "Monsoon season explained"]


def test_heading_early_with_prose_after_it_is_kept() -> None:
    raw = _article("Related", P1, P2, P3)
    assert clean_text(raw) == (raw, [])


@pytest.mark.parametrize(
    "bio",
    [
        "Priya Raman covers energy, climate and South Asian politics for The Wire Daily.",
        "Tom O'Neill is a staff writer at the Gazette. He has covered the statehouse since 2015.",
        "Lena Fischer, a former defense analyst, is a Berlin-based correspondent for Euro Report.",
        "Kwame Mensah is the Daily Graphic's chief political correspondent.",
        "Sarah Kim joined the Herald as a reporter in 2018 after six years at regional papers.",
        "About the author: Ana Silva has reported from Latin America for a decade.",
    ],
)
def test_trailing_author_bio_is_dropped(bio: str) -> None:
    text, removed = clean_text(_article(P1, P2, P3, bio))
    assert text == _article(P1, P2, P3)
    assert removed == [bio]


def test_bio_in_two_paragraphs_is_dropped_whole() -> None:
    bio1 = "Ravi Patel is a senior correspondent for Delhi Wire."
    bio2 = "He has reported from Kashmir, Nepal and Sri Lanka, and his work has won two national awards."
    text, removed = clean_text(_article(P1, P2, P3, bio1, bio2, "In Other News\nLoad More"))
    assert text == _article(P1, P2, P3)
    assert removed == [bio1, bio2, "In Other News", "Load More"]


@pytest.mark.parametrize(
    "last",
    [
        "Medicare covers hospital stays, but not most long-term care, the report found.",
        "The governor is a former reporter who has promised to open state records.",
        "He has covered the costs of the repairs himself, his office said.",
        "Ahmed Khan, the mayor, said the city would rebuild the bridge within a year.",
    ],
)
def test_last_story_paragraph_is_not_taken_for_a_bio(last: str) -> None:
    raw = _article(P1, P2, last)
    assert clean_text(raw) == (raw, [])


def test_bio_in_the_middle_is_not_touched() -> None:
    bio = "Priya Raman covers energy and climate for The Wire Daily."
    raw = _article(P1, bio, P2, P3)
    assert clean_text(raw) == (raw, [])


@pytest.mark.parametrize(
    "credit",
    [
        "Reporting by Ali Hassan; Editing by Mark Potter",
        "Associated Press writer Kim Tong-hyung in Seoul contributed to this report.",
        "Contact the author at news@example.com",
        "Priya Raman can be reached at priya@example.com",
        "— Omar Farouk, Reuters",
        "Have a tip? Send it to news@example.com",
    ],
)
def test_trailing_credit_lines_are_dropped(credit: str) -> None:
    text, removed = clean_text(_article(P1, P2, P3, credit))
    assert (text, removed) == (_article(P1, P2, P3), [credit])


def test_inline_photo_credit_is_cut_from_a_story_line() -> None:
    line = "Villagers carry belongings to higher ground (Photo: Sami Noor/AFP) as the river rises on Tuesday."
    text, removed = clean_text(_article(P1, line))
    assert text == _article(P1, "Villagers carry belongings to higher ground as the river rises on Tuesday.")
    assert removed == ["(Photo: Sami Noor/AFP)"]


def test_hard_wrapped_sentence_fragments_are_not_furniture() -> None:
    raw = (
        "The company said first-quarter profit rose to 1.50 dlrs per\n"
        "share.\n"
        "    The offering will be managed\n"
        "by Baker.\n"
        "    Analysts expect more\n"
        "related deals this year."
    )
    assert clean_text(raw) == (raw, [])


def test_crlf_and_blank_runs_are_closed_up() -> None:
    raw = P1 + "\r\n\r\nAdvertisement\r\n\r\n" + P2
    assert clean_text(raw) == (_article(P1, P2), ["Advertisement"])


def test_cleaning_twice_changes_nothing() -> None:
    once = clean_article(article_from_text(EXAMPLE.read_text("utf-8")))
    twice = clean_article(once)
    assert (twice.text, twice.removed) == (once.text, once.removed)


def test_user_rules_file_layout() -> None:
    rules = parse_rules("# source: test\n# licence: MIT\nkind\tpattern\tnote\ndefine\tX\tZZ+\nline\t%X% top\tdemo\n")
    assert clean_text(_article(P1, "ZZZ top", P2), rules) == (_article(P1, P2), ["ZZZ top"])


def test_unknown_rule_kind_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown boilerplate rule kind 'lines'"):
        parse_rules("lines\tfoo\tnote\n")
