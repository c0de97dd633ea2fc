"""Trigger matching: which tokens of a sentence name an act, by the patterns of
``tacitus/data/events/patterns.tsv`` (lemma, part of speech, particle and object constraints,
word-sense flags). The first viable pattern of a token is its trigger; the others are kept as
alternatives.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from tacitus.events import syntax as sx
from tacitus.events.tables import Pattern, PatternSet, cue_words

VERB_POS = ("VERB",)
NOUN_POS = ("NOUN",)
ADJ_POS = ("ADJ",)


@dataclass
class Trigger:
    token: Token
    pattern: Pattern
    alternatives: list[Pattern]


def _pos_kind(tok: Token) -> str | None:
    if tok.pos_ in VERB_POS:
        return "V"
    if tok.pos_ in NOUN_POS:
        return "N"
    if tok.pos_ in ADJ_POS and tok.dep_ in ("acomp", "ROOT", "ccomp", "conj", "xcomp", "oprd"):
        return "A"
    return None


def _lemmas(tokens: list[Token]) -> set[str]:
    out: set[str] = set()
    for t in tokens:
        for s in t.subtree:
            out.add(s.lemma_.lower())
            out.add(s.lower_)
    return out


def _object_context(tok: Token, kind: str, particle: frozenset[str] | None) -> set[str]:
    if kind == "V":
        args = sx.children(tok, "dobj", "dative", "oprd", "attr", "acomp", "nsubjpass", "prt")
        # "eased curfew hours" with the object read as a time adverbial
        args += [c for c in sx.children(tok, "npadvmod") if c.pos_ == "NOUN" and c.ent_type_ not in TEMPORAL_ENTS and c.i > tok.i]
        for p in tok.children:
            if p.dep_ in ("prep", "agent", "dative") and (p.lower_ in OBJECT_PREPS or (particle and p.lower_ in particle)):
                args.extend(sx.children(p, "pobj", "pcomp"))
        # "pulled out of the talks": the object of a preposition under a particle
        args.extend(t for t in sx.prep_objects(tok, OBJECT_PREPS) if t not in args)
        for c in sx.children(tok, "ccomp"):
            # "announced a curfew to start at dusk", "allow agencies access" parsed as clauses
            args.extend(sx.children(c, "nsubj", "nsubjpass"))
            if c.pos_ in ("NOUN", "ADJ"):
                # "found X guilty" parsed as a small clause
                args.append(c)
        if tok.dep_ in ("acl", "relcl") and sx.is_passive(tok):
            args.append(tok.head)
        ctx = _lemmas(args)
        for c in tok.children:
            if c.dep_ in ("prt", "xcomp"):
                ctx.add(c.lower_)
                ctx.add(c.lemma_.lower())
            if c.dep_ in ("advcl", "xcomp") and any(a.lower_ == "to" for a in c.children) and not sx.marked_for(c):
                # the purpose of the act: "arrived to help deliver aid" (not what someone else is
                # called on to do: "called for X to halt the strikes")
                ctx |= _lemmas([c])
        return ctx
    ctx = set()
    for c in tok.lefts:
        if c.dep_ in ("compound", "amod", "nmod", "nummod", "poss", "npadvmod", "quantmod"):
            ctx |= _lemmas([c])
    for p in tok.children:
        if p.dep_ == "prep":
            ctx |= _lemmas(sx.children(p, "pobj"))
    for c in tok.rights:
        if c.dep_ in ("compound", "amod"):
            ctx |= _lemmas([c])
    if tok.dep_ in ("dobj", "pobj", "nsubjpass"):
        gov = tok.head.head if tok.dep_ == "pobj" else tok.head
        ctx.add(gov.lemma_.lower())
        ctx.add(tok.head.lemma_.lower())
    return ctx


TEMPORAL_ENTS = ("DATE", "TIME")
ANY_OBJECT = "*"  # pattern object meaning "has a direct object"

# Prepositions whose object can complete a verb's act ("sanctions on", "aid to"); "in protest"
# or "in a strike" say why or where, not what.
OBJECT_PREPS = ("of", "for", "on", "against", "to", "with", "from", "over", "into", "as")

# Particles that make "call" something else than a telephone call ("call on", "call for", "call off").
BARE_EXCLUDED = ("on", "upon", "for", "off", "up", "in", "out", "back")


def _has_particle(tok: Token, particle: frozenset[str]) -> bool:
    for c in tok.children:
        if c.dep_ in ("prt", "prep", "agent", "dative", "advmod") and c.lower_ in particle and c.i > tok.i:
            # "called X on Wednesday" is not "called on X"
            if c.dep_ == "prep" and all(g.ent_type_ in TEMPORAL_ENTS for g in c.children if g.dep_ == "pobj") and any(g.dep_ == "pobj" for g in c.children):
                continue
            return True
    # "called for the president to resign": "for" marks the infinitive clause
    return "for" in particle and bool(sx.for_to_clauses(tok))


QUESTION_MARKS = frozenset(("if", "whether"))


def _causes(tok: Token) -> bool:
    """"Drives young men to take up arms" causes an act, it expels no one."""
    return tok.lemma_.lower() in cue_words("causative") and any(
        c.dep_ in ("xcomp", "ccomp") and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children) for c in tok.children
    )


def _in_question(tok: Token) -> bool:
    """Inside, or asking, a question ("asked whether the envoy thought the navy would ...",
    "reporters asked whether Iraq would attack"): what is asked is not said to have happened, and
    asking it is no appeal."""
    asks = cue_words("question")
    t = tok
    for _ in range(8):
        if t.lemma_.lower() in asks and any(
            any(m.dep_ == "mark" and m.lower_ in QUESTION_MARKS for m in c.children)
            for c in t.children if c.dep_ in ("ccomp", "advcl")
        ):
            return True
        if any(m.dep_ == "mark" and m.lower_ in QUESTION_MARKS for m in t.children) and t.head.lemma_.lower() in asks:
            return True
        if t.head.i == t.i:
            return False
        t = t.head
    return False


def _tries(tok: Token) -> bool:
    """A control verb of trying ("sought to ...") with its own to-infinitive and no object:
    the subject attempts the act."""
    if tok.lemma_.lower() not in cue_words("control") or any(c.dep_ in ("dobj", "dative") for c in tok.children):
        return False
    return any(c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children) for c in tok.children)


def _has_predicate(tok: Token) -> bool:
    """"called the attack a crime", "called Kim a madman", "called the decision unacceptable"."""
    preds = [c for c in tok.children if c.dep_ in ("oprd", "acomp", "ccomp", "attr")]
    objs = [c for c in tok.children if c.dep_ == "dobj"]
    return len(preds) > 1 or bool(preds and objs) or any(c.dep_ == "amod" and c.i > d.i for d in objs for c in d.children)


def _has_particle_after(tok: Token) -> bool:
    """"called on X", "called off the talks" (but not "called X on Tuesday")."""
    return any(
        c.lower_ in BARE_EXCLUDED and (c.dep_ == "prt" or (c.dep_ == "prep" and c.i == tok.i + 1))
        for c in tok.children
    )


def match_token(tok: Token, patterns: PatternSet) -> Trigger | None:
    kind = _pos_kind(tok)
    if kind is None:
        return None
    if kind == "V" and tok.dep_ == "amod":
        # "the visiting prince", "detained sailors": participles used as adjectives
        return None
    if kind == "V" and _causes(tok):
        return None
    if kind == "V" and tok.dep_ in ("nsubj", "nsubjpass", "compound") and tok.tag_ in ("VBD", "VBN"):
        # "internationally recognised Government ..." parsed as a subject: a modifier, not a clause
        return None
    cands: list[Pattern] = []
    for form in sx.lemma_forms(tok):
        cands = patterns.candidates(kind, form)
        if cands:
            break
    viable: list[Pattern] = []
    for p in cands:
        if p.particle and not _has_particle(tok, p.particle):
            continue
        if "named" in p.flags and p.particle and not any(
            o.pos_ == "PROPN" or o.ent_type_ for o in sx.prep_objects(tok, p.particle)
        ):
            # "went on hunger strike in protest" is no trip
            continue
        if "bare" in p.flags and (_has_predicate(tok) or _has_particle_after(tok)):
            continue
        if p.frame == "appeal" and _tries(tok):
            # "sought to extend its rule": an attempt at the act, not a request
            continue
        if p.objects:
            ctx = _object_context(tok, kind, p.particle)
            if "subject-words" in p.flags and kind == "V":
                # "peacekeepers arrived in Juba": the words may name who acts
                for subj in sx.subjects(tok)[0] or sx.passive_patients(tok):
                    ctx |= _lemmas([subj, *[c for c in subj.lefts if c.dep_ in ("compound", "amod", "nmod")]])
                    for p_ in subj.children:
                        if p_.dep_ == "prep" and p_.lower_ == "of":
                            ctx |= _lemmas(sx.children(p_, "pobj"))
            if any(c.dep_ == "dobj" for c in tok.children) or (kind == "V" and sx.controlled_subjects(tok)):
                ctx.add(ANY_OBJECT)
            if not all(group & ctx for group in p.objects):
                continue
        if "drop" in p.flags:
            if not viable:
                return None
            break
        viable.append(p)
    if not viable or _in_question(tok):
        return None
    return Trigger(tok, viable[0], viable)
