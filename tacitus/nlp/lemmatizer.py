"""spaCy's rule lemmatizer, with every answer remembered by (word, POS, morphology).

spaCy's ``Lemmatizer.__call__`` walks the tokens in Python, and its cache only holds the
words that reach the suffix rules: the commonest tokens (a singular noun, an infinitive,
a proper noun, punctuation) are answered before the cache, after ``is_base_form`` has
built a morphology dict for each of them, every time. The rule lemma is a function of
the token's text, POS and morphology alone (``rule_lemmatize`` reads nothing else, and the
English ``is_base_form`` only POS and morphology), so the answer for each distinct
(ORTH, POS, MORPH) is asked of spaCy's own component once and kept; a document's lemmas are
read and written with ``to_array``/``from_array``. The component's word index is given to
it as sets rather than lists (see ``CachedLemmatizer.__init__``). Only spaCy's own rule-mode ``Lemmatizer``
and ``EnglishLemmatizer`` are replaced (a subclass may read more of the token).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.lookups import Lookups, Table
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

_PURE = (Lemmatizer, EnglishLemmatizer)  # whose rule lemma reads only text, POS, morphology
_CACHE_MAX = 500_000  # distinct (word, POS, morphology) kept before starting over


class CachedLemmatizer:
    """Callable pipeline component with ``lemmatizer``'s lemmas (see the module note)."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer  # spaCy's own: asked once per distinct token
        self.name = lemmatizer.name
        self.vocab = lemmatizer.vocab
        self._lemma: dict[tuple[int, int, int], int] = {}
        # ``rule_lemmatize`` asks ``form in index`` of the word lists (57k nouns): a linear
        # scan of a list, ~0.3 ms a new word, ~1.2 s of a cold 300-story run. The same
        # words as sets give the same answers; the component gets its own Lookups with
        # them (the model's tables are left as they are).
        index = lemmatizer.lookups.get_table("lemma_index", None)
        if index is not None and all(isinstance(v, list) for v in index.values()):
            lookups = Lookups()
            for name in lemmatizer.lookups.tables:
                lookups.set_table(name, lemmatizer.lookups.get_table(name))
            as_sets = Table(name="lemma_index")
            for k, v in index.items():
                as_sets[k] = frozenset(v)
            lookups.set_table("lemma_index", as_sets)
            lemmatizer.lookups = lookups

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        lem = self.lemmatizer
        if not lem._validated:
            return lem(doc)  # spaCy's table check and its error
        arr = doc.to_array([ORTH, POS, MORPH, LEMMA])
        todo = range(n) if lem.overwrite else np.flatnonzero(arr[:, 3] == 0).tolist()
        if len(self._lemma) > _CACHE_MAX:
            self._lemma.clear()
        cache = self._lemma
        rows = arr.tolist()
        changed = False
        for i in todo:
            orth, pos, morph, _ = rows[i]
            key = (orth, pos, morph)
            lemma = cache.get(key)
            if lemma is None:
                form = lem.lemmatize(doc[i])[0]
                lemma = self.vocab.strings.add(form, allow_transient=False)
                if pos != 0:  # no POS: spaCy warns (W108) each time; let it
                    cache[key] = lemma
            if rows[i][3] != lemma:
                arr[i, 3] = lemma
                changed = True
        if changed:
            doc.from_array([LEMMA], arr[:, 3:4])
        return doc


def install(nlp: Any, name: str = "lemmatizer") -> bool:
    """Put the cached lemmatizer in place of ``nlp``'s spaCy rule lemmatizer (same name,
    same place); False, leaving the pipeline as it was, for any other kind."""
    if name not in nlp.pipe_names:
        return False
    lem = nlp.get_pipe(name)
    if type(lem) not in _PURE or lem.mode != "rule":
        return False
    # the component object is swapped in place (see nlp.attribute_ruler.install)
    nlp._components[nlp.component_names.index(name)] = (name, CachedLemmatizer(lem))
    return True
