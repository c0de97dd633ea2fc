"""The event scorer: features, probability, dropping, and a deterministic fit."""

from tacitus.learn.scorer import EventScorer, event_features, read_scorer, score_events
from tacitus.learn.train import Example, fit
from tacitus.model import Actor, Event


def _event(root="04", rule="V040.meet", confidence=0.9, source_role="GOV"):
    return Event(id="e1", code=root + "0", root_code=root, rule=rule, confidence=confidence, trigger="met",
                 text="The minister met the envoy.",
                 source=[Actor("The minister", 0, 12, country="RUR", role=source_role, rule="role +context:RUR")])


def test_features_say_how_the_event_was_coded():
    feats = event_features(_event())
    for f in ("bias", "root=04", "rule=V040.meet", "family=V040", "trig=met", "src_role=GOV",
              "src_rule=role", "tgt=none", "conf=9", "w=minister"):
        assert f in feats


def test_recodes_and_compositions_are_features():
    feats = event_features(_event(rule="V030.agree+V040.meet~threat"))
    assert "composed" in feats and "recode=threat" in feats and "rule=V030.agree+V040.meet" in feats


def test_scoring_keeps_probable_events_and_records_the_model():
    scorer = EventScorer({"bias": 0.0, "root=04": 2.0, "root=01": -2.0}, 0.5, "test-model")
    kept = score_events([_event(), _event(root="01", rule="V010.say")], scorer)
    assert [e.root_code for e in kept] == ["04"]
    ev = kept[0]
    assert ev.confidence == 0.8808
    assert ev.trace["scorer"] == {"model": "test-model", "rule_confidence": 0.9, "p": 0.8808}


def test_without_a_scorer_events_pass_unchanged():
    ev = _event()
    assert score_events([ev], None) == [ev] and ev.confidence == 0.9 and "scorer" not in ev.trace


def test_the_fit_learns_a_separable_feature_and_is_deterministic():
    examples = [Example(["bias", "good"], True, "t", f"g{k}") for k in range(20)]
    examples += [Example(["bias", "bad"], False, "t", f"h{k}") for k in range(20)]
    w1, w2 = fit(examples), fit(examples)
    assert w1 == w2
    assert w1["good"] > 1.0 and w1["bad"] < -1.0


def test_a_model_file_round_trips(tmp_path):
    import json

    scorer = EventScorer({"bias": -0.5, "root=04": 1.25}, 0.3, "m")
    path = tmp_path / "m.json"
    path.write_text(json.dumps(scorer.to_json()))
    assert read_scorer(path) == scorer


def test_without_words_the_features_are_the_coding_only():
    feats = event_features(_event(), words=False)
    assert "root=04" in feats and not [f for f in feats if f.startswith("w=")]


def test_silver_examples_get_the_domain_feature_and_it_is_not_shipped(tmp_path):
    from tacitus.learn.train import model_examples, train_event_scorer, write_examples

    examples = [Example(["bias", "root=01", "w=said"], False, "silver", f"s{k}") for k in range(30)]
    examples += [Example(["bias", "root=01", "w=said"], True, "gsr", f"g{k}") for k in range(10)]
    seen = model_examples(examples, words=False)
    assert seen[0].features == ["bias", "root=01", "origin=silver"] and seen[-1].features == ["bias", "root=01"]
    cache = tmp_path / "examples.jsonl"
    write_examples(cache, examples)
    scorer = train_event_scorer(None, None, None, cache=cache, l2=1.0).scorer
    assert not scorer.words and scorer.threshold == 0.0
    assert "origin=silver" not in scorer.weights and "w=said" not in scorer.weights
    # the silver set's low base rate went into its own feature: on other news, root 01 is likely right
    assert scorer.probability(_event(root="01", rule="V010.say")) > 0.5


def test_the_shipped_scorer_calibrates_and_drops_nothing():
    from tacitus.learn.scorer import shipped_scorer

    scorer = shipped_scorer()
    assert scorer is not None and scorer.threshold == 0.0 and not scorer.words
    assert not [f for f in scorer.weights if f.startswith(("w=", "origin="))]
    assert 0.0 < scorer.probability(_event()) < 1.0
