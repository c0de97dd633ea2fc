"""The root arbiter: statements recoded to the root their sentence reads as."""

import json

from tacitus.events import with_code
from tacitus.learn.arbiter import (
    MARK,
    ROOTS,
    RootArbiter,
    arbitrate,
    read_arbiter,
    sentence_features,
    shipped_arbiter,
)
from tacitus.model import Actor, Event


def _statement(text: str, code: str = "010") -> Event:
    return Event(id="e1", code=code, root_code=code[:2], name="Make statement", rule="V010.say", confidence=0.6,
                 text=text, source=[Actor("The minister", 4, 16, country="RUR", role="GOV")])


TOY = RootArbiter({"11": {"bias": -3.0, "w=reckless": 4.0}, "02": {"bias": -3.0, "w=urged": 4.0}}, 0.5, "toy")


def test_features_are_words_and_word_pairs():
    assert sentence_features("Talks failed, he said.") == ["bias", "b=failed_he", "b=he_said", "b=talks_failed",
                                                            "w=failed", "w=he", "w=said", "w=talks"]


def test_a_statement_that_reads_as_criticism_becomes_criticism():
    (ev,) = arbitrate([_statement("The minister said the plan was reckless.")], TOY, with_code)
    assert (ev.code, ev.root_code, ev.quad_class, ev.rule) == ("110", "11", 3, f"V010.say~{MARK}")
    assert ev.plover.event == "ACCUSE"
    assert ev.trace["arbiter"] == {"model": "toy", "root": "11", "p": 0.7311, "from": "010"}
    assert [a.country for a in ev.source] == ["RUR"]


def test_other_statements_and_other_roots_are_left_alone():
    plain = _statement("The minister said the talks went on.")
    violent = Event(id="e2", code="190", root_code="19", rule="V190.attack", text="Troops were reckless.")
    out = arbitrate([plain, violent], TOY, with_code)
    assert [e.code for e in out] == ["010", "190"] and "arbiter" not in out[0].trace


def test_without_a_model_nothing_changes():
    ev = _statement("The minister said the plan was reckless.")
    assert arbitrate([ev], None, with_code) == [ev]


def test_a_model_file_round_trips(tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps(TOY.to_json()))
    assert read_arbiter(path) == TOY


def test_the_shipped_arbiter_knows_its_roots():
    arbiter = shipped_arbiter()
    assert arbiter is not None and sorted(arbiter.weights) == sorted(ROOTS)
    assert 0.0 < arbiter.threshold < 1.0


def test_the_pipeline_consults_the_arbiter_unless_the_model_is_off(monkeypatch):
    from dataclasses import replace

    import tacitus.learn
    from tacitus.pipeline import code_text
    from tacitus.settings import settings, use_settings

    toy = RootArbiter({"11": {"bias": -3.0, "w=talks": 4.0}}, 0.5, "toy")
    monkeypatch.setattr(tacitus.learn, "shipped_arbiter", lambda: toy)
    text = "The Kenyan minister said the talks went on."
    assert [e.code for e in code_text(text, published="2024-05-06").events] == ["110"]
    off = replace(settings(), learned=replace(settings().learned, root_arbiter=False))
    with use_settings(off):
        assert [e.code for e in code_text(text, published="2024-05-06").events] == ["010"]
