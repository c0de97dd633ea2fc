"""Clause helpers every stage may use: the verb of a token's clause, its tense, its modality
cues and the regions of a sentence that report someone's words.

The helpers read the parse only; the words they weigh (modal auxiliaries, conditional marks,
verbs of saying) are the caller's, passed as tables, so that each stage keeps its knowledge in
its own data files (the event coder's are in ``tacitus/data/events/cues.tsv``).

Labels are those of spaCy's English models (ClearNLP style).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

VERB_POS = ("VERB", "AUX")
# How far up the parse the clause verb of a token is looked for: the event coder's clause and
# the dates stage's verb (a date phrase hangs closer to its verb than an argument does).
CLAUSE_STEPS = 12
VERB_STEPS = 8
FUTURE_AUX = frozenset(("will", "'ll", "shall", "wo", "’ll"))
PAST_AUX = frozenset(("did", "had", "was", "were", "has", "have", "'d"))
PRESENT_BE = frozenset(("is", "are", "'s", "'re", "am"))
# Modality precedence: the strongest cue on a clause wins.
MODALITY_RANK = {
    "negated": 6,
    "hypothetical": 5,
    "requested": 4,
    "intended": 3,
    "future": 2,
    "historical": 1,
    "asserted": 0,
}
DOUBLING_SUFFIXES = ("ing", "ed")
INFLECTIONS = (("ies", "y"), ("es", ""), ("es", "e"), ("s", ""), ("ied", "y"), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"))


def children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def lemma_forms(tok: Token) -> Iterator[str]:
    """The token's lemma, then its form and plain de-inflections of it, for the lemmatizer's
    slips ("hopes" → "hop"); lazily, as callers stop at the first form they know."""
    low = tok.lower_
    yield tok.lemma_.lower()
    yield low
    for suffix, repl in INFLECTIONS:
        if low.endswith(suffix) and len(low) - len(suffix) >= 3:
            yield low[: len(low) - len(suffix)] + repl
    for suffix in DOUBLING_SUFFIXES:
        stem = low[: len(low) - len(suffix)]
        if low.endswith(suffix) and len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] not in "aeiouls":
            # "slamming" → "slam", "stopped" → "stop": the consonant doubled before the ending
            yield stem[:-1]
    i = tok.i
    if i >= 2 and tok.doc[i - 1].text == "-" and not tok.doc[i - 2].whitespace_ and not tok.doc[i - 1].whitespace_:
        # "sit-in", "walk-out": the tokenizer splits a hyphenated word; its head is the last part
        yield f"{tok.doc[i - 2].lower_}-{tok.lemma_.lower()}"


# --------------------------------------------------------------------------- the clause verb


def clause_verb(tok: Token, max_steps: int | None = CLAUSE_STEPS) -> Token:
    """The verb whose clause contains ``tok`` (itself for verbs), else the sentence root;
    ``max_steps`` bounds the climb (None: up to the root)."""
    t = tok
    steps = 0
    while max_steps is None or steps < max_steps:
        if t.pos_ in VERB_POS or t.dep_ == "ROOT" or t.head.i == t.i:
            return t
        t = t.head
        steps += 1
    return t


def anchor_token(doc: Doc, index: object) -> Token | None:
    """The clause anchor an event recorded (``Event.trace["anchor"]``, a token index of
    ``doc``), or None when it has none."""
    if isinstance(index, int) and 0 <= index < len(doc):
        return doc[index]
    return None


def verb_of(tok: Token, max_steps: int = VERB_STEPS) -> Token | None:
    """The verb of ``tok``'s clause, or None when its sentence root is no verb or the verb is
    more than ``max_steps`` heads up."""
    for _ in range(max_steps):
        if tok.pos_ in VERB_POS:
            return tok
        if tok.head is tok:
            return None
        tok = tok.head
    return None


def clause_tense(verb: Token | None) -> str | None:
    """"past", "future" or None for the clause headed by ``verb``, from its auxiliaries and tag."""
    if verb is None:
        return None
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if aux & FUTURE_AUX or verb.lower_ in FUTURE_AUX:
        return "future"
    if verb.tag_ == "VB" and "to" in aux:
        # "is expected to meet on Monday", "plans to visit in July"
        return "future"
    if verb.tag_ == "VBG" and aux & PRESENT_BE:
        return "future"
    if aux & PAST_AUX or verb.tag_ in ("VBD", "VBN"):
        return "past"
    return None


# --------------------------------------------------------------------------- modality cues


@dataclass(frozen=True)
class ClauseCues:
    """The words that give a clause its modality, each with the modality it gives: modal
    auxiliaries ("will" → future), negations, conditional marks ("if" → hypothetical),
    control verbs ("plans to" → intended), nouns ("a threat to" → hypothetical) and adverbs
    ("perhaps" → hypothetical)."""

    aux: Mapping[str, str] = field(default_factory=dict)
    neg: Mapping[str, str] = field(default_factory=dict)
    mark: Mapping[str, str] = field(default_factory=dict)
    control: Mapping[str, str] = field(default_factory=dict)
    noun: Mapping[str, str] = field(default_factory=dict)
    adverb: Mapping[str, str] = field(default_factory=dict)


def strongest_cue(found: Iterable[tuple[str, str | None]]) -> tuple[str, str | None]:
    """The strongest (modality, cue word) pair; ("asserted", None) when there is none."""
    best: tuple[str, str | None] = ("asserted", None)
    for m, cue in found:
        if MODALITY_RANK.get(m, 0) > MODALITY_RANK[best[0]]:
            best = (m, cue)
    return best


def strongest(modalities: Iterable[str]) -> str:
    best = "asserted"
    for m in modalities:
        if MODALITY_RANK.get(m, 0) > MODALITY_RANK[best]:
            best = m
    return best


def aux_cues(v: Token, reported: bool, table: ClauseCues) -> list[tuple[str, str]]:
    """Modal auxiliaries, negation and conditionals on one verb: (modality, cue word)."""
    aux, neg, mark = table.aux, table.neg, table.mark
    found: list[tuple[str, str]] = []
    for c in v.children:
        lw = c.lower_
        if c.dep_ == "neg" and (lw in neg or c.lemma_.lower() in neg):
            found.append(("negated", c.text))
        elif c.dep_ == "aux" and (lw in aux or c.lemma_.lower() in aux):
            m = aux.get(lw) or aux.get(c.lemma_.lower(), "asserted")
            # In reported speech "would" is the past of "will".
            if reported and lw in ("would", "'d"):
                m = "future"
            found.append((m, c.text))
        elif c.dep_ == "aux" and lw == "going":
            found.append(("future", c.text))
        elif c.dep_ == "mark" and lw in mark:
            found.append((mark[lw], c.text))
        elif c.dep_ == "advmod" and lw in table.adverb:
            found.append((table.adverb[lw], c.text))
    if v.dep_ == "advcl":
        for c in v.children:
            if c.dep_ == "mark" and c.lower_ in mark:
                found.append((mark[c.lower_], c.text))
    return found


def misattached_conjunct(v: Token) -> Token | None:
    """The main verb a past-tense conjunct belongs to when the parser hung it on a reported
    clause whose verb is a bare form under a modal ("X said the economy would rebound and praised
    Y": X praised, in the main clause), else None."""
    head = v.head
    if v.tag_ != "VBD" or head.dep_ != "ccomp" or head.tag_ != "VB" or children(v, "aux", "nsubj", "nsubjpass"):
        return None
    if not any(a.lower_ in MODALS for a in children(head, "aux")):
        return None
    matrix = head.head
    return matrix if matrix.tag_ == "VBD" else None


MODALS = frozenset(("would", "will", "could", "might", "may", "should", "can", "must"))


def clause_cues(v: Token, table: ClauseCues, reported: bool = False) -> list[tuple[str, str]]:
    """Each modality found on the clause headed by verb ``v`` with the word that gives it: its
    own auxiliaries, then control verbs ("plans to", "is expected to", "refused to"), governing
    nouns and conditionals above it."""
    control = table.control
    found = aux_cues(v, reported, table)
    t = v
    for _ in range(6):
        if t.dep_ not in ("xcomp", "conj", "ccomp", "advcl") or t.head.i == t.i:
            break
        head = t.head
        if t.dep_ == "xcomp":
            lemma = next((f for f in lemma_forms(head) if f in control), None)
            if lemma is not None:
                found.append((control[lemma], head.text))
            found.extend(aux_cues(head, reported, table))
        elif t.dep_ == "conj":
            if misattached_conjunct(t) is not None:
                # "said the economy would rebound and praised X": the praise is no part of the
                # reported clause, nor of its modal
                break
            found.extend(mc for mc in aux_cues(head, reported, table) if mc[0] != "negated")
        else:
            break
        t = head
    if v.dep_ in ("acl", "relcl") and v.head.pos_ == "NOUN" and any(a.dep_ == "aux" and a.lower_ == "to" for a in v.children):
        # "its plan to deploy troops", "a threat to impose sanctions": the noun says how real the act is
        form = next((f for f in lemma_forms(v.head) if f in table.noun), None)
        if form is not None:
            found.append((table.noun[form], v.head.text))
    if v.dep_ == "advcl" or (v.head.dep_ == "advcl" and v.dep_ == "conj"):
        base = v if v.dep_ == "advcl" else v.head
        cond = next((c for c in base.children if c.dep_ == "mark" and c.lower_ in table.mark), None)
        if cond is not None:
            found.append(("hypothetical", cond.text))
    return found


# --------------------------------------------------------------------------- attribution

ReportedRegion = tuple[set[int], list[Token], Token]


def reported_regions(
    sent: Span,
    say: Mapping[str, str] | frozenset[str],
    claim: Mapping[str, str] | frozenset[str],
    subjects: Callable[[Token], list[Token]],
) -> list[ReportedRegion]:
    """(token indices of reported content, speaker heads, saying word) for each verb of saying
    (``say``), noun of claiming (``claim``: "an allegation that ...") and "according to" in the
    sentence. ``subjects`` gives a verb's subject heads (the caller's argument rules)."""
    # one walk over the sentence (spaCy makes a new Token object at each step), the three
    # kinds kept apart and joined in the order of the three walks this replaced
    out: list[ReportedRegion] = []
    claims: list[ReportedRegion] = []
    according: list[ReportedRegion] = []
    for tok in sent:
        pos = tok.pos_
        if pos == "VERB":
            lemma = tok.lemma_.lower()
            # "X made it clear that it would refuse ..." says so as much as "said"
            if lemma in say or (lemma == "make" and any(c.lower_ == "clear" for c in tok.children)):
                speaker = subjects(tok)
                region: set[int] = set()
                for c in tok.children:
                    if c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("VERB", "AUX", "ADJ", "NOUN"):
                        region |= {t.i for t in c.subtree}
                if tok.dep_ == "parataxis" or (tok.dep_ == "ccomp" and tok.i > tok.head.i and not region):
                    own = {t.i for t in tok.subtree}
                    region |= {t.i for t in tok.head.subtree} - own
                if region and speaker:
                    out.append((region, speaker, tok))
        elif pos == "NOUN" and tok.lemma_.lower() in claim:
            # "an allegation that he attacked ...": the content of a claim is reported, by
            # whoever made it (often unnamed)
            for c in tok.children:
                if c.dep_ in ("acl", "ccomp") and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children):
                    spk = children(tok, "poss") + prep_objects(tok, ("by", "from"))
                    claims.append(({t.i for t in c.subtree}, spk, tok))
        if tok.lower_ == "according":
            for p in tok.children:
                if p.lower_ == "to":
                    spk = children(p, "pobj")
                    if spk:
                        region = {t.i for t in sent} - {t.i for t in tok.subtree}
                        according.append((region, spk, tok))
    return out + claims + according


# "pulled out of X", "moved away from X": a particle parsed as a preposition carrying the real one
COMPOUND_PREP_HEADS = ("out", "away", "back", "off", "up", "down")


def prep_objects(tok: Token, preps: Iterable[str]) -> list[Token]:
    """Objects of the prepositions ``preps`` on ``tok`` (also behind a particle: "out of")."""
    wanted = set(preps)
    out: list[Token] = []
    for p in tok.children:
        if p.dep_ in ("prep", "agent", "dative") and p.lower_ in wanted:
            out.extend(children(p, "pobj"))
        elif p.dep_ in ("prep", "prt", "advmod") and p.lower_ in COMPOUND_PREP_HEADS:
            for q in children(p, "prep"):
                if q.lower_ in wanted:
                    out.extend(children(q, "pobj"))
    return out
