"""`tacitus eval dedupe`: its figures from per-story mentions, on any subset of stories."""

from __future__ import annotations

from tacitus.eval.dedupe import Story, score


def _stories() -> list[Story]:
    # story0: two copies; the same sentence and code in both, merged once and missed once
    story = Story("story0", "Ministers meet", 2, [
        ("a1", "c1", "040", "ministers met"), ("a2", "c1", "040", "ministers met"),
        ("a1", "c2", "190", "troops fired"), ("a2", "c3", "190", "troops fired"),
    ])
    # a distractor whose mention was wrongly put in story0's cluster c2
    single = Story("single0", "Talks fail", 1, [("b1", "c2", "190", "rebels fired")])
    return [story, single]


def test_score_counts_pairs_merges_and_removed_duplicates():
    (table,), m = score(_stories())
    assert m == {"merge_recall": 0.5, "duplicates_removed": 2.0, "cross_story_merges": 1.0}
    assert table.rows == [[3, 5, 3, 2, 2, 1, 0.5, 1]]


def test_cross_story_merges_need_both_stories_in_the_subset():
    story, single = _stories()
    assert score([story])[1]["cross_story_merges"] == 0.0
    assert score([single])[1] == {"merge_recall": 0.0, "duplicates_removed": 0.0, "cross_story_merges": 0.0}
    assert score([])[1]["duplicates_removed"] == 0.0
