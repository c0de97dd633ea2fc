"""The table attribute ruler gives exactly what spaCy's attribute_ruler gives."""

from __future__ import annotations

import spacy
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc, Token

from tacitus.nlp.attribute_ruler import FastAttributeRuler, install

# sentences of our own, written to reach the model's multi-token and REGEX rules
# (gonna / gotta / let's / c'mon / y'all / ain't / there is / nothin') as well as the tag map
SENTENCES = [
    "I'm gonna call the envoy and we gotta talk.",
    "Let's meet. C'mon, y'all know there is nothin' to fear.",
    "They ain't ready, but the rebels got a deal.",
    "It's something the mayor gets, whether or not anyone agrees.",
    "There were 40 soldiers in   the convoy\n\nthat left Kabul on 3 May 2021.",
    "",
]


def _state(doc: Doc) -> list[tuple]:
    return [(t.pos, t.tag, t.morph.key, t.lemma, t.dep, t.head.i) for t in doc]


def _both(nlp, texts: list[str]) -> tuple[list[Doc], list[Doc]]:
    """The texts run through spaCy's ruler and through the fast one (and the rest of the
    pipeline after each)."""
    fast = nlp.get_pipe("attribute_ruler")
    assert isinstance(fast, FastAttributeRuler)
    names = nlp.pipe_names
    cut = names.index("attribute_ruler")
    with nlp.select_pipes(disable=names[cut:]):
        base = [nlp(t) for t in texts]
    out = []
    for ruler in (fast.ruler, fast):
        docs = [Doc(d.vocab).from_bytes(d.to_bytes()) for d in base]
        for d in docs:
            ruler(d)
            for name in names[cut + 1:]:
                nlp.get_pipe(name)(d)
        out.append(docs)
    return out[0], out[1]


def test_the_loaded_model_gets_the_fast_ruler_and_the_same_tokens(nlp):
    spacy_docs, fast_docs = _both(nlp, SENTENCES)
    for a, b in zip(spacy_docs, fast_docs, strict=True):
        assert _state(a) == _state(b)
        assert a.to_bytes() == b.to_bytes()


def test_multi_token_and_regex_rules_of_the_model(nlp):
    doc = nlp("I'm gonna call the envoy. Let's meet, there is nothin' to fear.")
    got = {t.text: (t.pos_, t.lemma_) for t in doc}
    assert got["gon"][1] == "go" and got["na"][1] == "to"  # gon|na, index 0 and 1
    assert got["'s"] == ("PRON", "us")  # let 's, index 1
    assert got["is"][0] == "VERB"  # DEP expl + is, index 1
    assert got["nothin'"][1] == "nothing"


def _ruler(patterns: list[dict]) -> tuple[spacy.language.Language, AttributeRuler]:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(patterns)
    return nlp, ruler


def _tagged(nlp, text: str, tags: list[str]) -> Doc:
    doc = nlp.make_doc(text)
    for t, tag in zip(doc, tags, strict=True):
        t.tag_ = tag
    return doc


def test_precedence_in_not_in_regex_and_index_on_a_toy_ruler():
    patterns = [
        {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
        {"patterns": [[{"TAG": "NN", "LOWER": {"IN": ["talks", "peace"]}}]], "attrs": {"POS": "PROPN"}},
        {"patterns": [[{"TAG": {"NOT_IN": ["NN", ""]}}]], "attrs": {"POS": "X"}},
        {"patterns": [[{"LOWER": {"REGEX": "^cease"}}]], "attrs": {"LEMMA": "ceasefire"}},
        {"patterns": [[{"LOWER": "peace"}, {"LOWER": "talks"}]], "attrs": {"LEMMA": "talk"}, "index": 1},
        {"patterns": [[{"TAG": "NN", "IS_TITLE": True}]], "attrs": {"POS": "PROPN", "MORPH": "_"}},
    ]
    nlp, ruler = _ruler(patterns)
    fast = FastAttributeRuler.from_ruler(ruler)
    assert fast is not None and fast._rest is None
    text, tags = "Peace talks on ceasefire Terms", ["NN", "NN", "IN", "NN", "NN"]
    a, b = ruler(_tagged(nlp, text, tags)), fast(_tagged(nlp, text, tags))
    assert _state(a) == _state(b)
    assert [t.pos_ for t in b] == ["PROPN", "PROPN", "X", "NOUN", "PROPN"]
    assert [str(t.morph) for t in b] == ["", "Number=Sing", "", "Number=Sing", ""]
    assert [t.lemma_ for t in b] == ["", "talk", "", "ceasefire", ""]


def test_what_the_table_cannot_take_stays_with_spacy():
    # a quantifier: that rule keeps spaCy's Matcher, the others go by table
    nlp, ruler = _ruler([
        {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}},
        {"patterns": [[{"TAG": "JJ", "OP": "+"}, {"TAG": "NN"}]], "attrs": {"LEMMA": "x"}, "index": -1},
    ])
    fast = FastAttributeRuler.from_ruler(ruler)
    assert fast is not None and fast._rest is not None
    text, tags = "big red truck", ["JJ", "JJ", "NN"]
    a, b = ruler(_tagged(nlp, text, tags)), fast(_tagged(nlp, text, tags))
    assert _state(a) == _state(b) and b[2].lemma_ == "x" and b[2].pos_ == "NOUN"
    # an attribute the table does not set (an extension): spaCy's component is kept
    if not Token.has_extension("toy_flag"):
        Token.set_extension("toy_flag", default=False)
    nlp2, ruler2 = _ruler([{"patterns": [[{"TAG": "NN"}]], "attrs": {"_": {"toy_flag": True}}}])
    assert FastAttributeRuler.from_ruler(ruler2) is None
    assert install(nlp2) is False and nlp2.get_pipe("attribute_ruler") is ruler2


def test_the_cached_lemmatizer_gives_spacys_lemmas(nlp):
    from tacitus.nlp import model_name
    from tacitus.nlp.lemmatizer import CachedLemmatizer

    assert isinstance(nlp.get_pipe("lemmatizer"), CachedLemmatizer)
    plain = spacy.load(model_name())  # spaCy's own components throughout
    texts = SENTENCES + ["The ministers were meeting; the envoys met and had been meeting again.",
                         "Rebels ambushed convoys, the convoys ambushed rebels."]
    for text in texts * 2:  # the second time from the cache
        assert [t.lemma_ for t in nlp(text)] == [t.lemma_ for t in plain(text)]
    doc = nlp("The ministers were meeting.")
    assert [t.lemma_ for t in doc] == ["the", "minister", "be", "meet", "."]
