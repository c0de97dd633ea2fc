"""A faster drop-in for spaCy's ``attribute_ruler``, built from the loaded model's own rules.

spaCy's component runs its Matcher over every token for every rule (179 in
en_core_web_sm 3.8, most of them one-token ``TAG``/``LOWER`` tests, a dozen with Python-level
``IN``/``NOT_IN``/``REGEX`` predicates evaluated on every token): ~2 s of the 300-story
bench, more than the parser. Here each token's tested attributes are collapsed to "a value
some rule names" or "none of them" (an equality, ``IN`` or ``NOT_IN`` test cannot tell the
unnamed values apart; a ``REGEX`` test becomes a 0/1 column of its own, searched once per
distinct string), so the few distinct collapsed rows of a document are matched once each,
in Python (and cached), and the answers are spread back with numpy. Multi-token patterns of
such tests are found from their first token's row and checked token by token. Patterns of
any other shape (``OP`` quantifiers, extension attributes, ...) keep spaCy's Matcher, with
only those rules in it.

Precedence is spaCy's: matches are applied in rule order (the attribute id), so for each
token and attribute the matching rule added last wins. The results are written in one
``Doc.from_array``, which sets the same token fields ``set_token_attrs`` sets. A rule that
sets anything but POS/TAG/MORPH/LEMMA/DEP makes ``from_ruler`` return None (spaCy's
component stays); a target index outside its match hands that document to spaCy's
component (which raises its own error).
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
from spacy.attrs import DEP, IDS, LEMMA, MORPH, POS, TAG
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.strings import get_string_id
from spacy.tokens import Doc

# Token attributes a one-token rule may test here: those ``Doc.to_array`` reads exactly as
# the Matcher does (``get_token_attr``); SENT_START, ENT_*, MORPH and HEAD have their own
# Matcher semantics and stay with the Matcher.
_TESTABLE = frozenset(IDS[name] for name in (
    "ORTH", "LOWER", "NORM", "SHAPE", "PREFIX", "SUFFIX", "TAG", "POS", "DEP", "LEMMA",
    "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_PUNCT", "IS_SPACE", "IS_TITLE",
    "IS_UPPER", "IS_STOP", "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL",
))
# What a rule may set: plain TokenC fields that ``set_token_attrs`` and ``from_array`` both
# write as is (no lexeme attributes, no extensions).
_SETTABLE = (POS, TAG, MORPH, LEMMA, DEP)


_REGEX_ATTRS = frozenset(IDS[name] for name in (
    "ORTH", "LOWER", "NORM", "SHAPE", "PREFIX", "SUFFIX", "TAG", "DEP", "LEMMA"))

# one test of a token: ("in" | "out", attribute id, values it must be in | not in), or
# ("re", attribute id, regex)
Cond = tuple[str, int, Any]


def _condition(vocab: Any, key: Any, value: Any) -> Cond | None:
    """One test of a token pattern as the Matcher reads it (``_get_attr_values``,
    ``_SetPredicate``, ``_RegexPredicate``): a plain value, ``IN`` or ``NOT_IN`` set of a
    testable attribute, or a ``REGEX`` on a string attribute; None for anything else."""
    if not isinstance(key, str):
        return None
    name = key.upper()
    name = "ORTH" if name == "TEXT" else name
    attr = IDS.get(name)
    if attr not in _TESTABLE:
        return None
    if isinstance(value, str):
        return "in", attr, frozenset((vocab.strings.add(value),))
    if isinstance(value, bool):
        return "in", attr, frozenset((int(value),))
    if isinstance(value, int):
        return "in", attr, frozenset((value,))
    if isinstance(value, dict) and len(value) == 1:
        op, items = next(iter(value.items()))
        op = op.upper() if isinstance(op, str) else op
        if op == "IN" and isinstance(items, list | tuple) \
                and all(isinstance(v, str | int) and not isinstance(v, bool) for v in items):
            return "in", attr, frozenset(get_string_id(v) for v in items)
        if op == "NOT_IN" and isinstance(items, list | tuple) \
                and all(isinstance(v, str | int) and not isinstance(v, bool) for v in items):
            return "out", attr, frozenset(get_string_id(v) for v in items)
        if op == "REGEX" and isinstance(items, str) and attr in _REGEX_ATTRS:
            return "re", attr, re.compile(items)
    return None


def _passes(kind: str, value: int, values: frozenset[int]) -> bool:
    return (value in values) if kind == "in" else (value not in values)


def _conditions(vocab: Any, spec: Any) -> list[Cond] | None:
    if not isinstance(spec, dict) or not spec:
        return None
    conds = [_condition(vocab, k, v) for k, v in spec.items()]
    return None if None in conds else conds  # type: ignore[return-value]


class FastAttributeRuler:
    """Callable pipeline component with the results of ``ruler`` (see the module note)."""

    _REGEX_CACHE_MAX = 200_000  # distinct strings remembered per regex before starting over

    def __init__(self, ruler: AttributeRuler, single: list[tuple[int, list[Cond]]],
                 multi: list[tuple[int, list[list[Cond]], int]], regexes: list[tuple[int, re.Pattern[str]]],
                 rest: Matcher | None, set_attrs: tuple[int, ...]) -> None:
        self.ruler = ruler  # spaCy's own, for documents the table cannot take
        self.name = ruler.name
        self.vocab = ruler.vocab
        self.set_attrs = set_attrs
        col = {a: i for i, a in enumerate(set_attrs)}
        # rule id → [(column, value)] it sets, in the rule's own order
        self._sets = [[(col[a], v) for a, v in attrs.items()] for attrs in ruler.attrs]
        self._single = single
        self._multi = multi  # (rule id, token tests, anchor: the position looked up by row)
        self._rest = rest
        # a REGEX test is a column of its own (virtual attribute -1, -2, ...: 1 where the
        # regex finds the token's string), so that it collapses like any other test
        self._regexes = regexes
        self._regex_seen: list[dict[int, int]] = [{} for _ in regexes]
        specs = [conds for _, conds in single] + [sp for _, sps, _ in multi for sp in sps]
        # attributes the rows are made of, and per attribute the values some test names:
        # an equality, IN or NOT_IN test cannot tell the other values apart, so they are
        # collapsed to 0 ("unnamed")
        self._tested = sorted({a for conds in specs for _, a, _ in conds})
        self._named = [np.array(sorted({v for conds in specs for _, b, vs in conds if b == a for v in vs}),
                                dtype=np.uint64) for a in self._tested]
        self._radix = [len(v) + 1 for v in self._named]
        self._read = sorted({a for a in self._tested if a >= 0} | {a for a, _ in regexes})
        self._cols = self._read + [-(k + 1) for k in range(len(regexes))]
        self._col_of = {a: i for i, a in enumerate(self._cols)}
        self._row_cache: dict[int, tuple[np.ndarray, np.ndarray, tuple[int, ...]]] = {}
        self._empty_row = (np.zeros(len(set_attrs), dtype=np.uint64), np.full(len(set_attrs), -1, dtype=np.int64), ())

    @classmethod
    def from_ruler(cls, ruler: AttributeRuler) -> FastAttributeRuler | None:
        """The fast component for ``ruler``'s rules, or None if a rule sets something it
        cannot (then spaCy's component stays)."""
        set_attrs: list[int] = []
        for attrs in ruler.attrs:
            for a in attrs:
                if a not in _SETTABLE:
                    return None
                if a not in set_attrs:
                    set_attrs.append(a)
        single: list[tuple[int, list[Cond]]] = []
        multi: list[tuple[int, list[list[Cond]], int]] = []
        regexes: list[tuple[int, re.Pattern[str]]] = []
        rest = Matcher(ruler.vocab, validate=ruler.validate)
        n_rest = 0

        def as_column(cond: Cond) -> Cond:
            kind, attr, test = cond
            if kind != "re":
                return cond
            if (attr, test) not in regexes:
                regexes.append((attr, test))
            return "in", -(regexes.index((attr, test)) + 1), frozenset((1,))

        for rule_id in range(len(ruler.attrs)):
            _, patterns = ruler.matcher.get(str(rule_id))
            for pattern in patterns:
                specs = [_conditions(ruler.vocab, spec) for spec in pattern]
                if None in specs:
                    # the same key as spaCy's (the rule's ordinal as a string)
                    rest.add(ruler.vocab.strings.add(str(rule_id)), [pattern])
                    n_rest += 1
                    continue
                specs = [[as_column(c) for c in conds] for conds in specs]  # type: ignore[union-attr]
                if len(specs) == 1 and ruler.indices[rule_id] in (0, -1):
                    single.append((rule_id, specs[0]))  # type: ignore[arg-type]
                else:
                    multi.append((rule_id, specs, 0))  # type: ignore[arg-type]
        fast = cls(ruler, single, multi, regexes, rest if n_rest else None, tuple(set_attrs))
        # a row is one int64 of the named-value ranks: too many named values, keep spaCy's
        return fast if math.prod(fast._radix) < 2**62 else None

    def _row(self, key: int, values: list[int]) -> tuple[np.ndarray, np.ndarray, tuple[int, ...]]:
        """For a token whose row (collapsed tested values) is ``key``, and ``values`` those
        of one such token: the value and rule id the one-token rules give each column (-1:
        none; the rule added last wins), and the multi-token patterns whose first token it
        fits. Rows are few (named values only), so they are cached."""
        vals = dict(zip(self._cols, values, strict=True))
        out, win = self._empty_row[0].copy(), self._empty_row[1].copy()
        for rule_id, conds in self._single:
            if all(_passes(kind, vals[a], vs) for kind, a, vs in conds):
                for col, v in self._sets[rule_id]:
                    out[col], win[col] = v, rule_id  # rules are in id order: later wins
        anchored = tuple(k for k, (_, specs, a) in enumerate(self._multi)
                         if all(_passes(kind, vals[b], vs) for kind, b, vs in specs[a]))
        hit = self._row_cache[key] = (out, win, anchored)
        return hit

    def _fits(self, raw: np.ndarray, i: int, conds: list[Cond]) -> bool:
        return all(_passes(kind, int(raw[i, self._col_of[a]]), vs) for kind, a, vs in conds)

    def _features(self, doc: Doc, n: int) -> np.ndarray:
        """The tested attributes of each token, REGEX columns included (one search per
        distinct string, remembered)."""
        raw = doc.to_array(self._read).reshape((n, len(self._read))) if self._read else np.zeros((n, 0), np.uint64)
        if not self._regexes:
            return raw
        extra = []
        for k, (attr, rx) in enumerate(self._regexes):
            seen = self._regex_seen[k]
            if len(seen) > self._REGEX_CACHE_MAX:
                seen.clear()
            distinct, inv = np.unique(raw[:, self._col_of[attr]], return_inverse=True)
            found = []
            for v in distinct.tolist():
                f = seen.get(v)
                if f is None:
                    f = seen[v] = int(bool(rx.search(self.vocab.strings[v])))
                found.append(f)
            extra.append(np.array(found, dtype=np.uint64)[inv.reshape(-1)])
        return np.column_stack([raw, *extra])

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        attrs = list(self.set_attrs)
        out = doc.to_array(attrs).reshape((n, len(attrs)))
        winner = np.full(out.shape, -1, dtype=np.int64)  # rule id that set each cell
        matches: list[tuple[int, int, int]] = []
        if self._tested:
            raw = self._features(doc, n)
            # one integer per token: its tested values, each as its rank among the named
            # values (0: unnamed), in mixed radix
            key = np.zeros(n, dtype=np.int64)
            for j, a in enumerate(self._tested):
                named = self._named[j]
                col = raw[:, self._col_of[a]]
                pos = np.searchsorted(named, col)
                found = named[np.minimum(pos, len(named) - 1)] == col
                key = key * self._radix[j] + np.where(found, pos + 1, 0)
            keys, first, inverse = np.unique(key, return_index=True, return_inverse=True)
            inverse = inverse.reshape(-1)
            rows = []
            cache = self._row_cache
            for k, i in zip(keys.tolist(), first.tolist(), strict=True):
                r = cache.get(k)
                rows.append(r if r is not None else self._row(k, raw[i].tolist()))
            vals = np.stack([r[0] for r in rows])[inverse]
            wins = np.stack([r[1] for r in rows])[inverse]
            hit = wins >= 0
            out[hit] = vals[hit]
            winner[hit] = wins[hit]
            for k, r in enumerate(rows):
                for m in r[2]:
                    rule_id, specs, anchor = self._multi[m]
                    for i in np.flatnonzero(inverse == k).tolist():
                        s = i - anchor
                        e = s + len(specs)
                        if s >= 0 and e <= n and all(self._fits(raw, s + j, conds)
                                                     for j, conds in enumerate(specs) if j != anchor):
                            matches.append((rule_id, s, e))
        if self._rest is not None:
            matches += [(int(self.vocab.strings[m_id]), s, e) for m_id, s, e in
                        self._rest(doc, allow_missing=True, as_spans=False)]
        for rule_id, s, e in sorted(matches):
            index = self.ruler.indices[rule_id]
            i = s + index if index >= 0 else e + index
            if not s <= i < e:
                return self.ruler(doc)  # spaCy's own error for a bad index
            for col, v in self._sets[rule_id]:
                if rule_id > winner[i, col]:
                    out[i, col] = v
                    winner[i, col] = rule_id
        doc.from_array(attrs, out)
        return doc


def install(nlp: Any, name: str = "attribute_ruler") -> bool:
    """Put the fast ruler in place of ``nlp``'s spaCy attribute ruler (same name, same
    place); False, leaving the pipeline as it was, when there is none or its rules are of
    a kind the fast one does not take."""
    if name not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe(name)
    if not isinstance(ruler, AttributeRuler):
        return False
    fast = FastAttributeRuler.from_ruler(ruler)
    if fast is None:
        return False
    # swap the component object in place: a factory cannot carry the loaded rules, and the
    # name stays so `select_pipes(disable=["attribute_ruler"])` and the like still work
    nlp._components[nlp.component_names.index(name)] = (name, fast)
    return True
