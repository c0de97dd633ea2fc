"""`tacitus eval articles`: the two-coder gold and its scoring, on invented articles."""

from __future__ import annotations

from typing import Any

from tacitus.eval.articles import ArticleItem, agreed_events, coder_sentences, read_set, score

TEXT = (
    "Norland troops shelled border villages in Southmark on Monday. "
    "The Southmark foreign minister condemned the attack and recalled the ambassador.\n"
    "Talks are planned for next week."
)


def ev(sentence_has: str, root: str, src: str | None, tgt: str | None = None, **kw: Any) -> dict[str, Any]:
    base = {"article": "a1", "sentence_has": sentence_has, "root": root, "code": root + "0",
            "source_country": src, "target_country": tgt, "date": None, "place_country": None,
            "modality": "asserted"}
    return base | kw


def out(text: str, root: str, src: list[str | None], tgt: list[str | None], **kw: Any) -> dict[str, Any]:
    return {"text": text, "root_code": root, "source": [{"country": c} for c in src],
            "target": [{"country": c} for c in tgt], "date": kw.get("date"), "place": kw.get("place")}


def test_sentences_end_at_stops_and_line_breaks():
    spans = coder_sentences(TEXT)
    assert [TEXT[s:e].strip() for s, e in spans] == [
        "Norland troops shelled border villages in Southmark on Monday.",
        "The Southmark foreign minister condemned the attack and recalled the ambassador.",
        "Talks are planned for next week.",
    ]


def test_gold_is_what_both_coders_found():
    a = [ev("Norland troops shelled", "19", "NLD", "SMK"),
         ev("minister condemned the attack", "11", "SMK", "NLD"),
         ev("recalled the ambassador", "16", "SMK", "NLD"),
         ev("recalled the ambassador", "16", "SMK", "NLD")]
    b = [ev("shelled border villages in Southmark", "19", "NLD", "SMK"),  # same sentence, other quote
         ev("The Southmark foreign minister", "11", None, "NLD"),  # other source: no agreement
         ev("The Southmark foreign minister", "16", "SMK", "NLD")]  # once, where A coded it twice
    gold = agreed_events({"a1": TEXT}, a, b)
    assert [(g.root, g.source_country) for g in gold] == [("19", "NLD"), ("16", "SMK")]


def _item(gold_pairs: list[tuple[dict, dict]], output: list[dict]) -> ArticleItem:
    gold = agreed_events({"a1": TEXT}, [p[0] for p in gold_pairs], [p[1] for p in gold_pairs])
    either = [g.a for g in gold] + [g.b for g in gold]
    return ArticleItem("a1", gold, either, output)


S1 = "Norland troops shelled border villages in Southmark on Monday."
S2 = "The Southmark foreign minister condemned the attack and recalled the ambassador."


def test_recall_precision_and_fields_on_found_events():
    gold_pairs = [
        (ev("Norland troops shelled", "19", "NLD", "SMK", date="2019-03", place_country="SMK"),
         ev("Norland troops shelled", "19", "NLD", "SMK", date="2019-03-04", place_country="SMK")),
        (ev("minister condemned", "11", "SMK", "NLD"), ev("minister condemned", "11", "SMK", "NLD")),
        (ev("recalled the ambassador", "16", "SMK", "NLD"), ev("recalled the ambassador", "16", "SMK", "NLD")),
    ]
    output = [
        # found; target, date (gold month) and place right
        out(S1, "19", ["NLD"], ["SMK"], date="2019-03-04", place={"country": "SMK"}),
        # right root and sentence, but the source country is in neither actor: not found, yet right
        out(S2, "11", ["XYZ"], ["NLD"]),
        # found through the target actor's country; its target (SMK) is wrong
        out(S2, "16", ["NLD"], ["SMK"]),
        # a bare statement nobody coded: wrong
        out("Talks are planned for next week.", "01", [None], []),
    ]
    tables, m = score([_item(gold_pairs, output)])
    assert m["articles_recall"] == round(2 / 3, 4)
    assert m["articles_precision"] == 0.75
    assert m["articles_target_country"] == 0.5
    assert m["articles_date"] == 1.0
    assert m["articles_place_country"] == 1.0  # null == null on the second
    assert m["articles_bare_statement_share"] == 0.25
    assert [t.name for t in tables] == ["summary", "per article", "per CAMEO root",
                                        "calibration (output events by confidence)"]
    assert tables[1].rows == [["a1", 3, 2, 0.667, 4, 3, 0.75]]


def test_calibration_counts_right_events_per_confidence_band():
    gold_pairs = [(ev("minister condemned", "11", "SMK", "NLD"), ev("minister condemned", "11", "SMK", "NLD"))]
    output = [
        dict(out(S2, "11", ["SMK"], ["NLD"]), confidence=0.95),  # right, confident
        dict(out(S2, "19", ["SMK"], ["NLD"]), confidence=0.8),  # wrong, confident (0.8 is in)
        dict(out(S2, "04", ["SMK"], ["NLD"]), confidence=0.55),  # wrong, unsure
    ]
    tables, m = score([_item(gold_pairs, output)])
    assert m["articles_confident_right"] == 0.5
    assert m["articles_confident_share"] == round(2 / 3, 4)
    assert m["articles_confidence_brier"] == round((0.05 ** 2 + 0.8 ** 2 + 0.55 ** 2) / 3, 4)
    assert tables[3].rows == [
        ["0.0–0.5", 0, 0, ""], ["0.5–0.6", 1, 0, 0.0], ["0.6–0.7", 0, 0, ""],
        ["0.7–0.8", 0, 0, ""], ["0.8–0.9", 1, 0, 0.0], [">= 0.9", 1, 1, 1.0],
    ]


def test_a_system_sentence_cut_shorter_still_matches():
    """The system's splitter may cut a sentence the coders kept whole: its start lies in theirs."""
    gold_pairs = [(ev("recalled the ambassador", "16", "SMK", "NLD"), ev("recalled the ambassador", "16", "SMK", "NLD"))]
    output = [out("The Southmark foreign minister condemned the attack", "16", ["SMK"], ["NLD"])]
    _, m = score([_item(gold_pairs, output)])
    assert (m["articles_recall"], m["articles_precision"]) == (1.0, 1.0)


def test_reads_the_set_files(tmp_path):
    import json

    (tmp_path / "input.jsonl").write_text(json.dumps({"id": "a1", "title": "t", "published": "2019-03-05", "text": TEXT}) + "\n")
    (tmp_path / "coder_a.json").write_text(json.dumps([ev("Norland troops shelled", "19", "NLD")]))
    (tmp_path / "coder_b.json").write_text(json.dumps([ev("Norland troops", "19", "NLD"), ev("Talks are planned", "03", None)]))
    records, items = read_set(tmp_path)
    assert [r["id"] for r in records] == ["a1"]
    assert len(items[0].gold) == 1 and len(items[0].either) == 3


def test_a_merged_mention_finds_the_event_coded_in_its_own_sentence():
    """One printed event whose other mention (dedupe merged it) is the sentence a coder coded."""
    gold_pairs = [(ev("Norland troops shelled", "19", "NLD", "SMK"), ev("Norland troops shelled", "19", "NLD", "SMK")),
                  (ev("minister condemned the attack", "19", "NLD", "SMK"),
                   ev("minister condemned the attack", "19", "NLD", "SMK"))]
    merged = dict(out(S1, "19", ["NLD"], ["SMK"]), other_mentions=[{"text": S2}])
    _, m = score([_item(gold_pairs, [merged])])
    assert (m["articles_recall"], m["articles_precision"]) == (1.0, 1.0)
    _, m = score([_item(gold_pairs, [out(S1, "19", ["NLD"], ["SMK"])])])
    assert (m["articles_recall"], m["articles_precision"]) == (0.5, 1.0)
