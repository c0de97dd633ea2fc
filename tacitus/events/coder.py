"""The rule coder: dependency-parse clauses → CAMEO events with source, target, modality,
reported speech, evidence and a calibrated confidence.

A sentence is coded in four passes:
1. every token whose lemma has a pattern (tables: patterns.tsv) and whose particle/object
   constraints hold becomes a trigger; a light verb ("launched") yields to the act it governs;
2. frame triggers (appeal, intent, demand, reject, threaten, consider, cease) absorb the act in
   their complement ("agreed to meet" → 036, "pushing for a cease-fire" → 0256), and "X said
   Y must ..." becomes X's demand;
3. each remaining trigger gets its arguments from the parse (active/passive, control,
   relative clauses, light verbs, possessives, prepositional targets), its modality, and the
   CAMEO recodings of modality (refused cooperation → 12x, promised concession → 03x,
   conditional or self-announced force → 13x);
4. arguments are coded through ``actor_of``; triggers without a coded actor are dropped,
   claims of force become 015/112, statements ("said") survive only when nothing else in the
   sentence is coded, and one act per code root and dyad is kept.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from spacy.tokens import Span, Token

from tacitus.events import syntax as sx
from tacitus.events.tables import (
    Pattern,
    PatternSet,
    cameo_codes,
    compose,
    cues,
    default_patterns,
    plover_of,
)
from tacitus.model import Actor, Event, PloverType
from tacitus.nlp import doc_text, valence_lexicon
from tacitus.settings import settings

ActorOf = Callable[[Any], Actor | None]

# Confidence model (a base by trigger kind plus adjustments, clipped) and the judgement
# thresholds below are settings: ``tacitus.settings.EventWeights``.

VERB_POS = ("VERB",)
NOUN_POS = ("NOUN",)
ADJ_POS = ("ADJ",)
# "a group of hackers", "the attack by Hamas", "the ban on Cypriot ships", "a request from X":
# when the phrase head is no actor, the actor inside it is meant.
INNER_ACTOR_PREPS = ("of", "by", "on", "against", "from")
# Named entities the actor dictionaries miss still count as (uncoded) actors.
UNCODED_ENTITY_TYPES = ("PERSON", "ORG", "GPE", "NORP")
UNCODED_RULE = "events:uncoded-entity"
UNTAGGED_NAME_DEPS = ("nsubj", "nsubjpass", "dobj", "pobj")
TITLE_CASE_SHARE = 0.6
UNCODED_PEOPLE_RULE = "events:uncoded-people"
ACRONYM_LENGTH = (2, 6)
COOPERATIVE_ROOTS = ("03", "04", "05", "06", "07", "08")
STATEMENT_ROOTS = ("01",)
# A frame whose act has no CAMEO sub-code keeps its own code, and the act is coded too, with
# this modality ("urged X to attack Y" → 020 to X and X's attack on Y, requested).
UNCOMPOSED_MODALITY = {"appeal": "requested", "demand": "requested", "intent": "intended"}
# "X said Y must ...": a demand, with the act's sub-code when the clause is a coded act.
OBLIGE_CODE = "100"
OBLIGE_RULE = "G100.must"
# A claimed use of force: claim of responsibility by its author, accusation by anyone else.
CLAIMABLE_ROOTS = ("18", "19", "20")
CLAIM_CODE = "015"
ACCUSE_CODE = "112"
# A bare statement whose reported words judge an actor harshly is criticism, as coders of
# reported speech code it ("X said the plan pushed by Y was reckless and dangerous"). Kind words
# are not coded as praise: on the tune half of the article gold most such statements were
# plain statements (precision of 051 from them 0.1).
JUDGEMENT_CODES = {"negative": "111"}
# VADER's scalar for a negated word ("not helpful")
NEGATION_SCALAR = -0.74
JUDGED_DEPS = ("nsubj", "nsubjpass", "dobj", "pobj", "poss", "attr")
CONFLICT_ROOTS = ("16", "17", "18", "19", "20")
# "X says it will launch an operation against Y": an announced use of force is a threat.
ANNOUNCED_THREAT_ROOTS = ("17", "18", "19", "20")
# Intended aid and concessions ("plans to send aid") are recoded as intent, and so are concessions
# in the future ("will release", "will withdraw": ConfliBERT labels them verbal cooperation);
# aid in the future ("will supply arms") keeps the act with modality future, as PETRARCH2 GSR codes
# it (GSR root recall +0.027, pentaclass unchanged; coding every future act as intent cost
# pentaclass macro-F1 0.013).
MATERIAL_COOPERATION_ROOTS = ("07", "08")
PROMISED_YIELD_ROOTS = ("08",)
# Violence by demonstrators is a riot; violence on demonstrators by security forces is repression
# (CAMEO 145 and 175 name the actors, not the weapon).
VIOLENT_ROOTS = ("18", "19")
VIOLENT_CODES = ("171", "1712")
RIOT_CODE = "145"
BOMBING_CODE = "183"
WEAPON_FORCE_CODES = ("193", "194", "195")
REPRESSION_CODE = "175"
# Roots whose acts can be coded with only a target (an unnamed attacker, an arrest by unnamed
# police, prisoners released, sanctions lifted).
TARGET_ONLY_ROOTS = ("08", "17", "18", "19", "20")
# ... and legal action done ("X was indicted", "four tourists were convicted", by an unnamed
# court), not hoped for or reported as expected
TARGET_ONLY_CODES = ("115", "116")


@dataclass
class Trigger:
    token: Token
    pattern: Pattern
    alternatives: list[Pattern]


@dataclass
class Frame:
    """One coded clause before actor coding (kept for evaluation of argument spans)."""

    pattern: Pattern
    code: str
    rule: str
    tokens: list[Token]
    sources: list[Token]
    targets: list[Token]
    modality: str
    speaker: list[Token] = field(default_factory=list)
    alt_sources: list[Token] = field(default_factory=list)
    composed: bool = False
    reported: bool = False
    weak: bool = False
    say_lemma: str | None = None
    depth: int = 0  # subordinate clauses between the trigger and the sentence root
    # the word that gave the modality (auxiliary, negation, control verb, noun, mark, frame)
    modality_cue: str | None = None


# --------------------------------------------------------------------------- matching


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
            if c.dep_ in ("advcl", "xcomp") and any(a.lower_ == "to" for a in c.children):
                # the purpose of the act: "arrived to help deliver aid"
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
GOVERNING_PREPS = ("in", "into", "on", "to", "with", "for", "of", "at", "from", "as")
# Prepositions whose object can complete a verb's act ("sanctions on", "aid to"); "in protest"
# or "in a strike" say why or where, not what.
OBJECT_PREPS = ("of", "for", "on", "against", "to", "with", "from", "over", "into", "as")
# Particles that make "call" something else than a telephone call ("call on", "call for", "call off").
BARE_EXCLUDED = ("on", "upon", "for", "off", "up", "in", "out", "back")
# Where the antecedent of an object pronoun ("him", "them") is looked for: an earlier object.
ANAPHOR_ANTECEDENT_DEPS = {"object": ("dobj", "oprd", "pobj", "dative"), "subject": ("nsubj", "nsubjpass")}
# "attacks in Kabul": a place named as where the act happened is not its target.
PLACE_PREPS = ("in", "inside")
PLACE_ENTS = ("GPE", "LOC", "FAC")
# "$33 million in assistance", "a package of aid": a quantity or container of the act.
QUANTITY_PREPS = ("in", "of")
# How many nested noun phrases a verb's prepositional target is looked for in ("provided $5
# million in funding to Lebanon" = 1); deeper phrases belong to something else.
OBJECT_PREP_DEPTH = 1
# Roots whose target is whom the act is for, found in a purpose clause when nothing else names it.
AID_ROOTS = ("07",)


def _has_particle(tok: Token, particle: frozenset[str]) -> bool:
    for c in tok.children:
        if c.dep_ in ("prt", "prep", "agent", "dative", "advmod") and c.lower_ in particle and c.i > tok.i:
            # "called X on Wednesday" is not "called on X"
            if c.dep_ == "prep" and all(g.ent_type_ in TEMPORAL_ENTS for g in c.children if g.dep_ == "pobj") and any(g.dep_ == "pobj" for g in c.children):
                continue
            return True
    return False


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


def _small_clause_subject(tok: Token) -> list[Token]:
    """"found X guilty", "declared X illegal" parsed as a clause: its subject is the object."""
    return [s for c in sx.children(tok, "ccomp") if c.pos_ in ("ADJ", "NOUN") for s in sx.children(c, "nsubj")]


def _lone_predicate_object(tok: Token) -> list[Token]:
    """"Biden called Zelensky after the strike" parsed with the object as a predicate."""
    preds = [c for c in tok.children if c.dep_ == "oprd"]
    if len(preds) == 1 and preds[0].pos_ == "PROPN" and not sx.children(tok, "dobj"):
        return preds
    return []


def match_token(tok: Token, patterns: PatternSet) -> Trigger | None:
    kind = _pos_kind(tok)
    if kind is None:
        return None
    if kind == "V" and tok.dep_ == "amod":
        # "the visiting prince", "detained sailors": participles used as adjectives
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
        if p.objects:
            ctx = _object_context(tok, kind, p.particle)
            if "subject-words" in p.flags and kind == "V":
                # "peacekeepers arrived in Juba": the words may name who acts
                for subj in sx.subjects(tok)[0] or sx.passive_patients(tok):
                    ctx |= _lemmas([subj, *[c for c in subj.lefts if c.dep_ in ("compound", "amod", "nmod")]])
                    for p_ in subj.children:
                        if p_.dep_ == "prep" and p_.lower_ == "of":
                            ctx |= _lemmas(sx.children(p_, "pobj"))
            if any(c.dep_ == "dobj" for c in tok.children) or (kind == "V" and _controlled_subjects(tok)):
                ctx.add(ANY_OBJECT)
            if not all(group & ctx for group in p.objects):
                continue
        if "drop" in p.flags:
            if not viable:
                return None
            break
        viable.append(p)
    if not viable:
        return None
    return Trigger(tok, viable[0], viable)


# --------------------------------------------------------------------------- arguments


def _light_governor(tok: Token) -> Token | None:
    """The light verb ("launched", "held", "signed") that makes a nominal trigger an act."""
    light = cues().get("light", {})
    if tok.dep_ in ("dobj", "nsubjpass", "attr", "oprd") and tok.head.pos_ in ("VERB", "AUX"):
        v = tok.head
    elif tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head.pos_ == "VERB" and tok.head.lower_ in GOVERNING_PREPS:
        v = tok.head.head
    elif tok.dep_ == "conj" and tok.head.pos_ == "NOUN":
        return _light_governor(tok.head)
    elif tok.dep_ == "pobj" and tok.head.lower_ in QUANTITY_PREPS and tok.head.head.pos_ in ("NOUN", "NUM", "SYM"):
        # "announced $33 million in assistance", "a package of aid" (not "an investigation into
        # the attack": that act is not the launcher's)
        holder = tok.head.head
        if holder.dep_ in ("dobj", "nsubjpass") and holder.head.pos_ == "VERB" and holder.head.lemma_.lower() in light:
            return holder.head
        return None
    else:
        return None
    return v if v.lemma_.lower() in light else None


def _verb_governor(tok: Token) -> Token | None:
    if tok.dep_ in ("dobj", "nsubjpass") and tok.head.pos_ == "VERB":
        return tok.head
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.lower_ in ("for", "of"):
        # "X is responsible for the killings", "X was guilty of attacks": the subject's own act
        adj = tok.head.head
        if adj.pos_ == "ADJ" and adj.dep_ in ("acomp", "oprd") and adj.lemma_.lower() in cues().get("agent_adj", {}):
            return adj.head
    if tok.dep_ == "pobj" and tok.head.lower_ == "as" and tok.head.head.dep_ == "dobj" and tok.head.head.head.pos_ == "VERB":
        # "held families as human shields": the "as" phrase hangs on the object
        return tok.head.head.head
    # "engaged in talks", not "after the attack": time and cause phrases do not share the subject
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head.pos_ == "VERB" and tok.head.lower_ in GOVERNING_PREPS:
        return tok.head.head
    if tok.dep_ == "conj" and tok.head.pos_ == "NOUN":
        return _verb_governor(tok.head)
    return None


def _place_in(tok: Token) -> bool:
    """The object of "in" naming a place ("in Kabul", "in northern Syria")."""
    return tok.head.lower_ in PLACE_PREPS and (tok.ent_type_ in PLACE_ENTS or any(
        c.ent_type_ in PLACE_ENTS for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod", "poss")
    ))


def _temporal(tok: Token) -> bool:
    """A date or time phrase ("on Friday"), not one that a name runs into ("Bashar Assad Tuesday")."""
    return tok.ent_type_ in TEMPORAL_ENTS and not any(
        c.ent_type_ in UNCODED_ENTITY_TYPES for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod")
    )


def _object_preps(noun: Token, preps: list[str], depth: int = 0) -> list[Token]:
    """Objects of ``preps`` on a noun or on the nouns its own phrases hold ("$5 million in
    funding to Lebanon"), never past a clause."""
    found = [t for t in sx.prep_objects(noun, preps) if not _temporal(t)]
    if found or depth >= OBJECT_PREP_DEPTH:
        return found
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ not in preps:
            for g in sx.children(c, "pobj"):
                found.extend(_object_preps(g, preps, depth + 1))
        elif c.dep_ == "acl" and c.tag_ == "VBN":
            # "lifted sanctions imposed on China"
            found.extend(t for t in sx.prep_objects(c, preps) if not _temporal(t))
    return found


def _controlled_subjects(tok: Token) -> list[Token]:
    """"wants Putin to attack": the subject of a to-infinitive clause is the verb's object."""
    out: list[Token] = []
    for c in sx.children(tok, "ccomp"):
        if any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
            out.extend(sx.children(c, "nsubj"))
    return out


def _targets_by_spec(tok: Token, specs: tuple[str, ...], default: tuple[str, ...]) -> list[Token]:
    out: list[Token] = []
    for spec in specs or default:
        if spec == "dobj":
            out.extend(
                sx.children(tok, "dobj")
                or _controlled_subjects(tok)
                or _lone_predicate_object(tok)
                or _small_clause_subject(tok)
            )
        elif spec == "dative":
            out.extend(sx.children(tok, "dative"))
            for d in sx.children(tok, "dative"):
                out.extend(sx.children(d, "pobj"))
            if tok.pos_ == "VERB" and sx.prep_objects(tok, ("with",)):
                # "provided Egypt with aid", "supplied the army with weapons": the object receives
                out.extend(sx.children(tok, "dobj"))
        elif spec.startswith("prep:"):
            preps = spec[5:].split("|")
            # "lifted sanctions on Friday" names a day, not the target; "attacks in Kabul" names
            # where, and a place is an actor only when it acts (issue 4)
            found = [t for t in sx.prep_objects(tok, preps) if not _temporal(t) and not _place_in(t)]
            if not found and tok.pos_ == "VERB":
                # "lift sanctions on Iran": the phrase often hangs on the object noun
                for d in sx.children(tok, "dobj"):
                    found.extend(_object_preps(d, preps))
            out.extend(found)
    return [t for t in out if t.pos_ in sx.NOMINAL_POS]


def _beneficiaries(tok: Token) -> list[Token]:
    """"sent aid to help Haiti": the object (or subject, "to help Haiti recover") of a purpose
    clause on the act is whom the aid is for."""
    purpose = cues().get("purpose", {})
    out: list[Token] = []
    for c in tok.children:
        if c.dep_ in ("advcl", "xcomp", "acl") and c.lemma_.lower() in purpose and any(a.lower_ == "to" for a in c.children):
            objs = sx.children(c, "dobj")
            if not objs:
                for cc in sx.children(c, "ccomp"):
                    objs.extend(sx.children(cc, "nsubj"))
            out.extend(o for o in objs if o.pos_ in sx.NOMINAL_POS)
    return out


def _noun_sources(tok: Token) -> list[Token]:
    src = sx.children(tok, "poss")
    src += sx.prep_objects(tok, ("by", "from"))
    weapons = cues().get("weapon", {})
    for c in tok.lefts:
        # "a cruise-missile attack": the weapon is the instrument, not the author
        if c.dep_ in ("compound", "amod", "nmod") and c.pos_ in ("PROPN", "ADJ", "NOUN") and c.lemma_.lower() not in weapons:
            src.append(c)
    return src


@dataclass
class Args:
    sources: list[Token]
    targets: list[Token]
    clause: Token  # the verb whose auxiliaries give the modality
    alt_sources: list[Token] = field(default_factory=list)


def arguments(trig: Trigger) -> Args:
    tok, p = trig.token, trig.pattern
    if p.pos == "V":
        srcs, passive = sx.subjects(tok)
        alt: list[Token] = []
        if tok.dep_ == "xcomp" and srcs and srcs[0].dep_ == "dobj" and srcs[0].head.i == tok.head.i:
            # object control ("urged Pakistan to act") read wrongly when the object is a thing
            # ("fired tear gas to break up protests"): the governing verb's subject then acts
            alt = sx.subjects(tok.head)[0]
        if passive and not srcs and "from-source" in p.flags:
            # "two inspectors were expelled from North Korea": the country left expels them
            srcs = sx.prep_objects(tok, ("from",))
        if passive and not srcs and "self" in p.flags:
            return Args(sx.passive_patients(tok), _targets_by_spec(tok, p.targets, ()), tok)
        if passive and not srcs and p.frame in ("intent", "reject"):
            # "X is committed to ...", "X is determined to ...": a state of X, not done to X
            return Args(sx.passive_patients(tok), _targets_by_spec(tok, p.targets, ()), tok)
        if passive:
            tgts = sx.passive_patients(tok) if (not p.targets or "dobj" in p.targets) else []
            tgts += [t for t in _targets_by_spec(tok, p.targets, ("dobj",)) if t not in tgts]
            tgts = [t for t in tgts if t not in srcs]
        else:
            tgts = _targets_by_spec(tok, p.targets, ("dobj",))
        if not tgts and p.code[:2] in AID_ROOTS:
            tgts = _beneficiaries(tok)
        return Args(srcs, tgts, tok, alt)
    if p.pos == "A":
        head = tok.head if tok.dep_ in ("acomp", "oprd", "xcomp") else tok
        srcs, _ = sx.subjects(head)
        return Args(srcs, _targets_by_spec(tok, p.targets, ()), head)
    # nominal trigger
    tgts = _targets_by_spec(tok, p.targets, ("prep:on|against|with|between",))
    # "the withdrawal from Iraq": a preposition the pattern reads as the target names no source
    srcs = [t for t in _noun_sources(tok) if t not in tgts]
    between = sx.prep_objects(tok, ("between", "among"))
    if between:
        tgts = [t for t in tgts if t not in between]
        if not srcs:
            srcs = between
        else:
            tgts = between + tgts
    clause = sx.clause_verb(tok)
    alt: list[Token] = []
    gov = _light_governor(tok) or _verb_governor(tok)
    if gov is not None and gov.lemma_.lower() in cues().get("undergo", {}) and not sx.is_passive(gov):
        # "the governor survived an ambush on his convoy": the subject is the one attacked
        victims = sx.subjects(gov)[0]
        srcs = [t for t in srcs if t not in victims]
        return Args(srcs, victims + [t for t in tgts if t not in victims], gov)
    if gov is not None:
        clause = gov
        # the governing verb's subject stands in when the noun's own modifiers code to no actor
        alt, passive = sx.subjects(gov)
        if passive and not alt:
            # "forces were engaged in ethnic cleansing": the passive subject is the agent
            alt = [t for t in sx.passive_patients(gov) if t.i != tok.i]
        if not tgts:
            tgts = _targets_by_spec(gov, p.targets, ("prep:on|against|with|to",))
            tgts = [t for t in tgts if t.i != tok.i]
        if not tgts and tok.dep_ == "pobj" and tok.head.head.i == gov.i:
            # "engaged Filipino peacekeepers in a firefight", "drew X into talks": the verb's
            # object is the other party of the act its preposition names
            tgts = [o for o in sx.children(gov, "dobj") if o.pos_ in ("NOUN", "PROPN") and tok not in o.subtree]
        if not tgts and p.code[:2] in AID_ROOTS:
            tgts = _beneficiaries(gov)
    if between and srcs and between[0] not in srcs:
        # "a two-hour meeting between X and Y": when the noun's modifiers code to no actor, the
        # parties named by "between" act, before the governing verb's subject
        alt = between
    return Args(srcs, tgts, clause, alt)


# --------------------------------------------------------------------------- frames


def _complement_of(trig: Trigger, triggers: dict[int, Trigger]) -> Trigger | None:
    """The act a frame trigger governs: "agreed to [meet]", "called for [talks]", "demanded [the release]"."""
    tok = trig.token
    cands: list[Token] = []
    for c in tok.children:
        if c.dep_ in ("xcomp", "acl", "relcl") and c.i > tok.i:
            cands.append(c)
        elif c.dep_ == "ccomp" and trig.pattern.frame in ("demand", "appeal", "threaten"):
            cands.append(c)
        elif c.dep_ in ("prep",) and c.lower_ in ("for", "to", "on", "of"):
            for g in c.children:
                if g.dep_ in ("pobj", "pcomp"):
                    cands.append(g)
        elif c.dep_ in ("dobj", "nsubjpass"):
            cands.append(c)
    for c in cands:
        for t in [c, *c.conjuncts]:
            hit = triggers.get(t.i)
            if hit is not None and hit is not trig and _can_complement(hit):
                return hit
    # "considering sending aid": the act is the object of the complement verb
    for c in cands:
        if c.pos_ == "VERB" and c.i not in triggers:
            for g in c.children:
                heads = [g] if g.dep_ in ("dobj", "xcomp") else (sx.children(g, "pobj") if g.dep_ == "prep" else [])
                for h in heads:
                    hit = triggers.get(h.i)
                    if hit is not None and _can_complement(hit):
                        return hit
    return None


def _called_for_force(frame_tok: Token, comp: Trigger) -> bool:
    t = comp.token
    return (
        comp.pattern.pos == "N"
        and comp.pattern.code[:2] in CONFLICT_ROOTS
        and t.dep_ == "pobj"
        and t.head.lower_ == "for"
        and t.head.head.i == frame_tok.i
    )


def _can_complement(hit: Trigger) -> bool:
    """Statements ("offered condolences") are acts of their own, not complements of a frame."""
    return "say" not in hit.pattern.flags and hit.pattern.code[:2] not in STATEMENT_ROOTS


def _reported_regions(sent: Span) -> list[tuple[set[int], list[Token], Token]]:
    """(token indices of reported content, speaker heads, saying verb) for each saying verb."""
    say = cues().get("say", {})
    out = []
    for tok in sent:
        made_clear = tok.lemma_.lower() == "make" and any(c.lower_ == "clear" for c in tok.children)
        if tok.pos_ != "VERB" or (tok.lemma_.lower() not in say and not made_clear):
            # "X made it clear that it would refuse ..." says so as much as "said"
            continue
        speaker, passive = sx.subjects(tok)
        region: set[int] = set()
        for c in tok.children:
            if c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("VERB", "AUX", "ADJ", "NOUN"):
                region |= {t.i for t in c.subtree}
        if tok.dep_ == "parataxis" or (tok.dep_ == "ccomp" and tok.i > tok.head.i and not region):
            own = {t.i for t in tok.subtree}
            region |= {t.i for t in tok.head.subtree} - own
        if region and speaker:
            out.append((region, speaker, tok))
    claim = cues().get("claim", {})
    for tok in sent:
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in claim:
            continue
        # "an allegation that he attacked ...": the content of a claim is reported, by whoever
        # made it (often unnamed)
        for c in tok.children:
            if c.dep_ in ("acl", "ccomp") and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children):
                spk = sx.children(tok, "poss") + sx.prep_objects(tok, ("by", "from"))
                out.append(({t.i for t in c.subtree}, spk, tok))
    for tok in sent:
        if tok.lower_ == "according":
            for p in tok.children:
                if p.lower_ == "to":
                    spk = sx.children(p, "pobj")
                    if spk:
                        region = {t.i for t in sent} - {t.i for t in tok.subtree}
                        out.append((region, spk, tok))
    return out


def find_frames(sent: Span, patterns: PatternSet | None = None) -> list[Frame]:
    """Code one sentence's clauses into frames (no actor coding yet)."""
    patterns = patterns or default_patterns()
    triggers: dict[int, Trigger] = {}
    for tok in sent:
        trig = match_token(tok, patterns)
        if trig is not None:
            triggers[tok.i] = trig
    regions = _reported_regions(sent)
    light = cues().get("light", {})
    for i, trig in list(triggers.items()):
        # "launched a missile attack": a light verb yields to the act it governs
        objs = [triggers[c.i] for c in trig.token.children if c.dep_ == "dobj" and c.i in triggers]
        if trig.pattern.pos == "V" and trig.pattern.frame is None and trig.token.lemma_.lower() in light:
            if any(o.pattern.pos == "N" for o in objs):
                del triggers[i]
        elif trig.pattern.pos == "V" and trig.pattern.frame not in (None, "say"):
            # "offered his condolences": the statement is the act
            if any(o.pattern.pos == "N" and o.pattern.code[:2] in STATEMENT_ROOTS for o in objs):
                del triggers[i]
    for i, trig in list(triggers.items()):
        tok = trig.token
        holder = triggers.get(tok.head.head.i) if tok.dep_ == "pobj" and tok.head.lower_ == "of" else None
        if trig.pattern.pos == "N" and holder is not None and holder.pattern.pos == "N" and holder.pattern.frame is None:
            # "a suspension of aid", "the lifting of sanctions": the noun's "of" act is its object,
            # not a second event
            del triggers[i]

    consumed: set[int] = set()
    composed: dict[int, tuple[Trigger, str]] = {}
    requested: dict[int, tuple[str, str]] = {}
    for i, trig in sorted(triggers.items()):
        frame = trig.pattern.frame
        if frame is None or frame == "say":
            continue
        comp = _complement_of(trig, triggers)
        if comp is None:
            continue
        # an act CAMEO has no sub-code for ("urged X to attack") leaves the frame's own code
        code = compose(frame, comp.pattern.code)
        if code is None and "need_act" in trig.pattern.flags:
            continue
        if frame == "appeal" and _called_for_force(trig.token, comp):
            # "called for sanctions against X" is a demand aimed at X, not an appeal to a third party
            code = compose("demand", comp.pattern.code) or OBLIGE_CODE
        if code is None and frame in UNCOMPOSED_MODALITY and comp.pattern.pos == "V":
            # "urged X to attack Y": the appeal to X, and X's attack on Y as a requested act
            requested[comp.token.i] = (UNCOMPOSED_MODALITY[frame], trig.token.text)
            continue
        composed[i] = (comp, code or trig.pattern.code)
        consumed.add(comp.token.i)

    frames: list[Frame] = _oblige_frames(regions, triggers, consumed)
    for i, trig in sorted(triggers.items()):
        if i in consumed:
            continue
        p = trig.pattern
        if ("complement" in p.flags or "need_act" in p.flags) and i not in composed:
            continue
        args = arguments(trig)
        comp_pair = composed.get(i)
        tokens = [trig.token]
        code = p.code
        rule = p.id
        sources, targets = args.sources, args.targets
        if comp_pair is not None:
            comp, code = comp_pair
            tokens.append(comp.token)
            rule = f"{p.id}+{comp.pattern.id}"
            cargs = arguments(comp)
            own = [t for t in targets if t.i != comp.token.i]
            if len(own) < len(targets) and cargs.targets:
                # "cancelled a planned visit to Britain": the act's own target, not the act, is the
                # frame's ("rejected the call of the EU" keeps the call, whose author is inside it)
                targets = own + [t for t in cargs.targets if t not in sources]
            if not targets:
                # "pushing for a cease-fire between X and Y": the parties of the act are the target
                targets = [t for t in (cargs.targets or cargs.sources) if t not in sources]
                if comp.pattern.pos == "N" and cargs.sources and cargs.targets:
                    targets = [t for t in cargs.sources + cargs.targets if t not in sources]
        if p.pos == "N" and "light-only" in p.flags and comp_pair is None and _light_governor(trig.token) is None:
            continue
        # a nominal act governed by a coded verb is that verb's clause, not a second event
        if p.pos == "N":
            gov = _verb_governor(trig.token)
            if gov is not None and gov.i in triggers and gov.i != i:
                if "say" not in triggers[gov.i].pattern.flags:
                    continue
        reported = False
        speaker: list[Token] = []
        say_lemma = None
        for region, spk, verb in regions:
            if i in region and verb.i != i:
                reported = True
                speaker = spk
                say_lemma = verb.lemma_.lower()
                break
        found: list[tuple[str, str | None]] = list(sx.clause_cues(args.clause, reported))
        if p.pos == "N":
            found.append(_noun_cue(trig.token))
        conditional = _is_conditional(args.clause)
        if i in requested:
            found.append(requested[i])
        modality, modality_cue = sx.strongest_cue(found)
        code, modality, rule = _recode(code, modality, rule, comp_pair is not None or conditional or "swap" in p.flags)
        # a place where the act happened ("declared a ceasefire in Tripoli") is never made its
        # target: places become actors only when they act (the geo stage records the place)
        frames.append(
            Frame(
                pattern=p,
                code=code,
                rule=rule,
                tokens=tokens,
                sources=sx.with_conjuncts(sources),
                targets=sx.with_conjuncts(targets),
                alt_sources=sx.with_conjuncts(args.alt_sources),
                modality=modality,
                speaker=speaker,
                composed=comp_pair is not None,
                reported=reported,
                weak="weak" in p.flags or "say" in p.flags,
                say_lemma=say_lemma,
                depth=_depth(trig.token),
                modality_cue=modality_cue,
            )
        )
    return frames


SUBORDINATE_DEPS = ("advcl", "relcl", "acl", "pcomp", "csubj", "csubjpass", "amod", "conj")


def _depth(tok: Token) -> int:
    n = 0
    t = tok
    for _ in range(40):
        if t.dep_ in SUBORDINATE_DEPS:
            n += 1
        if t.head.i == t.i:
            break
        t = t.head
    return n


def _is_conditional(v: Token) -> bool:
    """Is this clause the condition itself ("if Iraq attacks ...")? Such acts stay hypothetical."""
    marks = cues().get("mark", {})
    t = v
    for _ in range(3):
        if any(c.dep_ == "mark" and c.lower_ in marks for c in t.children):
            return True
        if t.dep_ not in ("conj", "xcomp") or t.head.i == t.i:
            return False
        t = t.head
    return False


def _recode(code: str, modality: str, rule: str, composed: bool) -> tuple[str, str, str]:
    """CAMEO codes a refused cooperative act as a rejection ("will not lift the ban" → 124), a
    promised concession as intent ("will release" → 0353) and a conditional use of force as a threat
    ("could impose sanctions if ..." → 1312)."""
    if composed or code[:2] not in COOPERATIVE_ROOTS + CONFLICT_ROOTS:
        return code, modality, rule
    if modality == "negated" and code[:2] in COOPERATIVE_ROOTS:
        rejected = compose("reject", code)
        if rejected:
            return rejected, "asserted", f"{rule}~negated"
    if modality == "hypothetical" and code[:2] in CONFLICT_ROOTS:
        threat = compose("threaten", code)
        if threat:
            return threat, "asserted", f"{rule}~threat"
    if (modality == "intended" or (modality == "future" and code[:2] in PROMISED_YIELD_ROOTS)) and code[:2] in MATERIAL_COOPERATION_ROOTS:
        intent = compose("intent", code)
        if intent:
            return intent, modality, f"{rule}~intent"
    return code, modality, rule


def _oblige_frames(
    regions: list[tuple[set[int], list[Token], Token]], triggers: dict[int, Trigger], consumed: set[int]
) -> list[Frame]:
    """"X said Y must do Z" is X's demand on Y (CAMEO 10x), not a report of Z."""
    oblige = cues().get("oblige", {})
    say = cues().get("say", {})
    out = []
    for _region, speaker, verb in regions:
        if say.get(verb.lemma_.lower()) == "opinion":
            continue
        for clause in sx.children(verb, "ccomp"):
            modal = [c for c in clause.children if c.dep_ == "aux" and c.lower_ in oblige]
            if not modal:
                continue
            inner = triggers.get(clause.i)
            code = OBLIGE_CODE
            rule = OBLIGE_RULE
            if inner is not None:
                code = compose("demand", inner.pattern.code) or OBLIGE_CODE
                rule = f"{OBLIGE_RULE}+{inner.pattern.id}"
                consumed.add(clause.i)
            subj, passive = sx.subjects(clause)
            targets = sx.passive_patients(clause) if passive else subj
            pattern = Pattern(rule, code, "V", frozenset((verb.lemma_.lower(),)), None, (), (), frozenset(("demand",)))
            out.append(
                Frame(pattern, code, rule, [verb, modal[0]], speaker, sx.with_conjuncts(targets), "asserted", composed=True)
            )
    return out


def _noun_modality(tok: Token) -> str:
    return _noun_cue(tok)[0]


def _noun_cue(tok: Token) -> tuple[str, str | None]:
    """The modality a governing noun gives a nominal act ("plans for an attack"), and the noun."""
    nouns = cues().get("noun", {})
    t = tok
    for _ in range(4):
        if t.head.i == t.i:
            break
        t = t.head
        if t.pos_ == "NOUN" and t.lemma_.lower() in nouns:
            return nouns[t.lemma_.lower()], t.text
        if t.pos_ == "VERB":
            break
    return "asserted", None


# --------------------------------------------------------------------------- actors and events


def _resolve_at(tok: Token, actor_of: ActorOf, speaker: Actor | None) -> tuple[Actor | None, Token]:
    """The actor of a noun phrase and the phrase head that names it ("the visit by X" → X)."""
    a = actor_of(tok)
    if a is not None:
        return a, tok
    for c in tok.children:
        if c.dep_ == "appos":
            a = actor_of(c)
            if a is not None:
                return a, tok
    pronouns = cues().get("pronoun", {})
    if tok.pos_ == "PRON" and speaker is not None and tok.lower_ in pronouns:
        return speaker, tok
    anaphor = cues().get("anaphor", {}).get(tok.lower_)
    if tok.pos_ == "PRON" and anaphor is not None:
        # "Trump called Erdogan and urged him to ...": the last object (or, for "he", "she",
        # "they", subject) named before the pronoun
        deps = ANAPHOR_ANTECEDENT_DEPS.get(anaphor, ())
        for prev in reversed(tok.doc[tok.sent.start : tok.i]):
            if prev.dep_ in deps and prev.pos_ in ("PROPN", "NOUN"):
                a = actor_of(prev)
                if a is not None:
                    return a, prev
    if speaker is not None and any(c.dep_ == "poss" and c.lower_ in pronouns for c in tok.children):
        # "Putin said his country will not ...": the speaker's own side
        return speaker, tok
    # "a group of Saudi hackers", "Israel's strikes", "the attack by Hamas": the actor inside
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in INNER_ACTOR_PREPS:
            for g in c.children:
                if g.dep_ == "pobj":
                    a = actor_of(g)
                    if a is None and c.lower_ == "of":
                        # "part of Syria's second city": the owner of the "of" phrase
                        a = next((actor_of(x) for x in g.children if x.dep_ == "poss" and actor_of(x)), None)
                    if a is not None:
                        return a, (tok if c.lower_ == "of" else g)
        if c.dep_ in ("poss", "compound", "amod") and c.i < tok.i:
            a = actor_of(c)
            if a is None and c.dep_ == "compound":
                # "an Islamic State target southwest of ...": the name modifies the modifier
                a = next((x for x in (actor_of(g) for g in c.children if g.dep_ in ("compound", "amod")) if x), None)
            if a is not None:
                return a, tok
        if c.dep_ == "acl" and c.tag_ == "VBN":
            # "the shells launched by the rebel army", "a rocket thought to be fired by militants"
            for g in sx.agents(c) + [g for x in sx.children(c, "xcomp") for g in sx.agents(x)]:
                a = actor_of(g)
                if a is not None:
                    return a, tok
    return None, tok


def _phrase_actor(tok: Token, span: tuple[int, int], rule: str) -> Actor:
    """An actor without a code, named by its noun phrase."""
    start, end = span
    text = doc_text(tok.doc)[start:end]
    return Actor(text, start, end, name=text, rule=rule, confidence=settings().events.uncoded_actor)


def _uncoded_actor(tok: Token) -> Actor | None:
    """A named person, organisation or place the dictionaries do not know: an actor without a
    code ("ICE returned ...", "Yoruba leaders", "a group of Saudi hackers"), so the act is not lost."""
    if tok.pos_ not in ("PROPN", "NOUN"):
        return None
    if tok.lemma_.lower() in cues().get("weapon", {}):
        # "a BUK missile", "a Hellfire missile": a weapon's make is no actor
        return None
    if tok.ent_type_ in UNCODED_ENTITY_TYPES:
        ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
        if ent is not None:
            return Actor(ent.text, ent.start_char, ent.end_char, name=ent.text, rule=UNCODED_RULE, confidence=settings().events.uncoded_actor)
    if tok.is_alpha and tok.text.isupper() and ACRONYM_LENGTH[0] <= len(tok.text) <= ACRONYM_LENGTH[1]:
        # an acronym the entity tagger missed ("ICE returned ...") names an organisation
        return Actor(tok.text, tok.idx, tok.idx + len(tok.text), name=tok.text, rule=UNCODED_RULE, confidence=settings().events.uncoded_actor)
    if (
        tok.pos_ == "PROPN"
        and tok.text[:1].isupper()
        and not tok.ent_type_
        and tok.dep_ in UNTAGGED_NAME_DEPS
        and not _title_case(tok.sent)
    ):
        # "County Commission has ended ...": a proper name the entity tagger missed
        return _phrase_actor(tok, sx.noun_phrase_span(tok, ()), UNCODED_RULE)
    named = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod", "poss") and c.ent_type_ in UNCODED_ENTITY_TYPES]
    if named:
        return _phrase_actor(tok, sx.noun_phrase_span(tok, ()), UNCODED_RULE)
    for p in tok.children:
        if p.dep_ == "prep" and p.lower_ == "of":
            for g in p.children:
                if g.dep_ == "pobj" and g.i != tok.i:
                    a = _uncoded_actor(g)
                    if a is not None:
                        return a
    return None


def _uncoded_people(tok: Token) -> Actor | None:
    """People an act is done to, named by what they are ("freed 37 prisoners", "detained several
    suspects"): a target without a code, so the record says who bore the act."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in cues().get("people", {}):
        return None
    return _phrase_actor(tok, sx.noun_phrase_span(tok), UNCODED_PEOPLE_RULE)


def _title_case(sent: Span) -> bool:
    """A headline in title case, where capitals are no sign of a name."""
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.text[:1].isupper() for t in words) / len(words) > TITLE_CASE_SHARE


def _resolve_all(
    tokens: list[Token], actor_of: ActorOf, speaker: Actor | None, people: bool = False
) -> list[tuple[Token, Actor]]:
    out: list[tuple[Token, Actor]] = []
    seen: set[str] = set()
    heads = list(tokens)
    for t in tokens:
        # "Chinese and Indian troops": coordinated modifiers name separate actors
        for c in t.lefts:
            if c.dep_ in ("amod", "compound"):
                heads.extend(x for x in c.conjuncts if x.i > c.i)
    for t in heads:
        a, at = _resolve_at(t, actor_of, speaker)
        if a is None:
            a = _uncoded_actor(t)
        if a is None and people:
            a = _uncoded_people(t)
        if a is not None and a.key not in seen:
            seen.add(a.key)
            out.append((at, a))
    return out


def confidence(frame: Frame, n_src: int, n_tgt: int) -> float:
    w = settings().events
    c = {"V": w.base_verb, "N": w.base_noun, "A": w.base_adjective}.get(frame.pattern.pos, w.base_other)
    if frame.composed:
        c += w.composed
    if frame.pattern.specificity:
        c += w.specific
    if n_src and n_tgt and not frame.weak:
        c += w.dyad
    if "say" in frame.pattern.flags:
        c += w.say
    if not n_src:
        c += w.no_source
    if frame.weak:
        c += w.weak
    if frame.pattern.user:
        c += w.user
    if frame.reported:
        c += w.reported
    if frame.depth:
        c += w.subordinate
    if frame.modality == "requested":
        c += w.requested
    return round(min(w.maximum, max(w.minimum, c)), 3)


@dataclass
class Coded:
    """An event with the frame that produced it (the frame's argument heads feed span evaluation)."""

    event: Event
    frame: Frame
    source_tokens: list[Token] = field(default_factory=list)
    target_tokens: list[Token] = field(default_factory=list)


def code_sentence(
    sent: Span,
    sent_index: int,
    actor_of: ActorOf,
    patterns: PatternSet | None = None,
) -> list[Coded]:
    codes = cameo_codes()
    claim = cues().get("claim", {})
    # the evidence is the sentence without the blank lines spaCy attaches to it
    raw = sent.text
    sent_text = raw.strip()
    sent_start = sent.start_char + (len(raw) - len(raw.lstrip()))
    sent_end = sent_start + len(sent_text)
    strong: list[Coded] = []
    weak: list[Coded] = []
    for fr in find_frames(sent, patterns):
        speaker_actor = None
        if fr.speaker:
            spk = _resolve_all(fr.speaker, actor_of, None)
            speaker_actor = spk[0][1] if spk else None
        src_pairs = _resolve_all(fr.sources, actor_of, speaker_actor)
        if fr.alt_sources and all(a.country is None for _, a in src_pairs):
            # "Russia is conducting military exercises": the subject's country beats a bare "military"
            alt_pairs = _resolve_all(fr.alt_sources, actor_of, speaker_actor)
            if alt_pairs and (not src_pairs or any(a.country for _, a in alt_pairs)):
                src_pairs = alt_pairs
        if "swap" in fr.pattern.flags:
            tgt_first = _resolve_all(fr.targets, actor_of, speaker_actor)
            fr.sources, fr.targets = fr.targets, fr.sources
            src_pairs, tgt_raw = tgt_first, src_pairs
        else:
            tgt_raw = _resolve_all(fr.targets, actor_of, speaker_actor, people=True)
        src_keys = {a.key for _, a in src_pairs}
        tgt_pairs = [(t, a) for t, a in tgt_raw if a.key not in src_keys]
        if "named" in fr.pattern.flags:
            tgt_pairs = [(t, a) for t, a in tgt_pairs if t.pos_ == "PROPN" or t.ent_type_]
        sources = [a for _, a in src_pairs]
        targets = [a for _, a in tgt_pairs]
        if not sources and fr.say_lemma in claim:
            # an alleged act whose author is not named is not coded as done
            continue
        if not sources:
            # people named only by what they are ("ten people were killed") do not make an event alone
            named = [a for a in targets if a.rule != UNCODED_PEOPLE_RULE]
            legal = fr.code in TARGET_ONLY_CODES and fr.modality == "asserted" and not fr.speaker
            # a nominal act needs a coded target to stand without its author ("bombings targeted
            # at the Russian military", not "the attack on a house")
            verbal = fr.pattern.pos == "V" or any(a.code for a in targets)
            if not (named and (fr.code[:2] in TARGET_ONLY_ROOTS or legal) and verbal):
                continue
        if "need_target" in fr.pattern.flags and not targets:
            continue
        if fr.weak and not sources:
            continue
        reported_by = speaker_actor
        if reported_by is not None and reported_by.key in src_keys:
            reported_by = None
        code, rule, modality = fr.code, fr.rule, fr.modality
        if (
            speaker_actor is not None
            and speaker_actor.key[:3] in {k[:3] for k in src_keys}
            and modality == "future"
            and code[:2] in ANNOUNCED_THREAT_ROOTS
            and compose("threaten", code)
        ):
            # "Turkey says it will launch an operation against X": the speaker threatens X
            code, rule, modality = compose("threaten", code) or code, f"{rule}~threat", "asserted"
        if (
            fr.say_lemma in claim
            and speaker_actor is None
            and code[:2] in CLAIMABLE_ROOTS
            and sources
        ):
            # "a report alleged that X took part in the killing": an accusation of X by a
            # speaker that is no actor
            code, rule = ACCUSE_CODE, f"{rule}~accuse"
            targets, sources = sources, []
            tgt_pairs, src_pairs = src_pairs, []
        code, rule = _recode_by_actors(code, rule, src_pairs, tgt_pairs)
        if fr.say_lemma in claim and speaker_actor is not None and code[:2] in CLAIMABLE_ROOTS:
            if speaker_actor.key in src_keys:
                # "the rebels claimed they attacked X": a claim of responsibility
                code, rule = CLAIM_CODE, f"{rule}~claim"
            else:
                # "X claimed that Y attacked Z": X accuses Y
                code, rule = ACCUSE_CODE, f"{rule}~accuse"
                targets, sources = sources, [speaker_actor]
                tgt_pairs, src_pairs = src_pairs, [(fr.speaker[0], speaker_actor)]
                reported_by = None
        src_tokens = [t for t, _ in src_pairs]
        if fr.speaker and speaker_actor is not None:
            # "FARC said they will ...": the pronoun's phrase is the speaker's
            src_tokens = [fr.speaker[0] if t.pos_ == "PRON" and a.key == speaker_actor.key else t for t, a in src_pairs]
        src_tokens = [_antecedent(t, a, actor_of) for t, a in zip(src_tokens, sources, strict=False)]
        tgt_tokens = [t for t, _ in tgt_pairs]
        sources = [_argument_actor(a, t, actor_of) for a, t in zip(sources, src_tokens, strict=False)] + sources[len(src_tokens) :]
        targets = [_argument_actor(a, t, actor_of) for a, t in zip(targets, tgt_tokens, strict=False)] + targets[len(tgt_tokens) :]
        cc = codes[code]
        pl_event, pl_mode = plover_of(code)
        toks = sorted(fr.tokens, key=lambda t: t.i)
        ev = Event(
            id="",
            code=code,
            root_code=cc.root_code,
            name=cc.name,
            quad_class=cc.quad_class,
            goldstein=cc.goldstein,
            plover=PloverType(pl_event, pl_mode),
            source=sources,
            target=targets,
            modality=modality,
            reported_by=reported_by,
            sentence=sent_index,
            start=sent_start,
            end=sent_end,
            text=sent_text,
            trigger=" ".join(t.text for t in toks),
            rule=rule,
            confidence=confidence(fr, len(sources), len(targets)),
            trigger_start=toks[0].idx,
            trigger_end=toks[-1].idx + len(toks[-1].text),
            # the coder's part of the trace; the pipeline completes it (tacitus.trace)
            trace={"modality": modality, "modality_cue": fr.modality_cue},
        )
        coded = Coded(ev, fr, src_tokens, tgt_tokens)
        (weak if fr.weak else strong).append(coded)
    if strong:
        _borrow_sources(strong)
        return _dedupe(strong)
    if weak:
        # one statement per sentence: a specific comment ("hopeful") before a bare "said"
        weak.sort(key=lambda c: ("say" in c.frame.pattern.flags, -c.event.confidence))
        best = weak[0]
        if "say" in best.frame.pattern.flags:
            best = _judged(best, sent, actor_of)
        return [best]
    return []


def _judgement(tokens: list[Token]) -> str | None:
    """"negative" or "positive" when the words judge (see ``EventWeights.judgement_net``), else None."""
    lex = valence_lexicon()
    net = strongest = 0.0
    for t in tokens:
        v = lex.get(t.lower_) or lex.get(t.lemma_.lower())
        if not v:
            continue
        negated = any(c.dep_ == "neg" for c in t.children) or (
            t.dep_ in ("acomp", "attr", "dobj", "xcomp") and any(c.dep_ == "neg" for c in t.head.children)
        )
        if negated:
            v *= NEGATION_SCALAR
        net += v
        if abs(v) > abs(strongest):
            strongest = v
    w = settings().events
    if net <= -w.judgement_net and strongest <= -w.judgement_word:
        return "negative"
    if net >= w.judgement_net and strongest >= w.judgement_word:
        return "positive"
    return None


def _judged(coded: Coded, sent: Span, actor_of: ActorOf) -> Coded:
    """A bare statement that judges an actor named in what was said harshly becomes criticism
    (111) of that actor: "X said Y's plan was reckless" (rule ``...~negative``)."""
    fr = coded.frame
    region = next((r for r, _, verb in _reported_regions(sent) if verb in fr.tokens), None)
    if not region:
        return coded
    tokens = [sent.doc[i] for i in sorted(region)]
    direction = _judgement(tokens)
    if direction not in JUDGEMENT_CODES:
        return coded
    own = {a.key for a in coded.event.source}
    judged = None
    for t in tokens:
        if t.pos_ in ("PROPN", "NOUN") and t.dep_ in JUDGED_DEPS:
            a = actor_of(t)
            if a is not None and a.key not in own:
                judged = (t, a)
                break
    if judged is None:
        return coded
    code = JUDGEMENT_CODES[direction]
    cc = cameo_codes()[code]
    pl_event, pl_mode = plover_of(code)
    ev = dataclasses.replace(
        coded.event, code=code, root_code=cc.root_code, name=cc.name, quad_class=cc.quad_class,
        goldstein=cc.goldstein, plover=PloverType(pl_event, pl_mode), target=[judged[1]],
        rule=f"{coded.event.rule}~{direction}",
    )
    return Coded(ev, fr, coded.source_tokens, [judged[0]])


def _antecedent(tok: Token, actor: Actor, actor_of: ActorOf) -> Token:
    """A pronoun's phrase is its antecedent's when that is in the same sentence ("Teachers said
    they will not end the strike"): the argument's span names the actor."""
    if tok.pos_ != "PRON":
        return tok
    for prev in tok.doc[tok.sent.start : tok.i]:
        if prev.pos_ in ("PROPN", "NOUN") and prev.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj"):
            a = actor_of(prev)
            if a is not None and a.key == actor.key:
                return prev
    return tok


def _argument_actor(actor: Actor, tok: Token, actor_of: ActorOf) -> Actor:
    """The event's actor as the record prints it: its mention, widened to the noun phrase that
    fills the role when the mention heads that phrase ("the Grand Mufti of Egypt, Sheikh X",
    "the Lakeland Defence Force (LDF)", "diplomats from Norway"); a pronoun whose antecedent
    stands in the same sentence is printed as the antecedent ("the teachers ... they agreed").
    An actor named inside another phrase keeps its own mention ("Norway's decision" → Norway)."""
    if tok.pos_ == "PRON":
        return actor
    if not actor.start <= tok.idx < actor.end:
        if not _pronoun_mention(actor, tok.doc):
            return actor
        named = actor_of(tok)
        if named is None or named.key != actor.key:
            return actor
        actor = replace(actor, text=named.text, start=named.start, end=named.end)
    start, end = sx.noun_phrase_span(tok)
    start, end = min(start, actor.start), max(end, actor.end)
    if (start, end) == (actor.start, actor.end):
        return actor
    return replace(actor, text=doc_text(tok.doc)[start:end], start=start, end=end)


def _pronoun_mention(actor: Actor, doc: Any) -> bool:
    """Is the actor's printed mention a pronoun ("they")?"""
    span = doc.char_span(actor.start, actor.end)
    return span is not None and len(span) == 1 and span[0].pos_ == "PRON"


def _recode_by_actors(
    code: str, rule: str, src_pairs: list[tuple[Token, Actor]], tgt_pairs: list[tuple[Token, Actor]]
) -> tuple[str, str]:
    """"Protesters torched a police station" is a riot (145), "troops fired on demonstrators" is
    violent repression (175), whatever verb names the violence; a bombing by a military weapon is
    that weapon's force (194, 195)."""
    if code[:2] not in VIOLENT_ROOTS and code not in VIOLENT_CODES:
        return code, rule
    table = cues()
    weapon = next((table["weapon"][t.lemma_.lower()] for t, _ in src_pairs if t.lemma_.lower() in table.get("weapon", {})), "-")
    if code[:3] == BOMBING_CODE and weapon != "-":
        # a bombing by a missile or a warplane is military force, not CAMEO's "non-military bombing"
        return weapon, f"{rule}~weapon"
    protesters = table.get("protester", {})
    # armed force (guns, artillery, aircraft) used by demonstrators keeps its own code
    if code not in WEAPON_FORCE_CODES and any(t.lemma_.lower() in protesters for t, _ in src_pairs):
        return RIOT_CODE, f"{rule}~riot"
    repressors = table.get("repressor", {})
    if any(t.lemma_.lower() in protesters for t, _ in tgt_pairs) and any(
        (a.role or "").lower() in repressors for _, a in src_pairs
    ):
        return REPRESSION_CODE, f"{rule}~repression"
    return code, rule


def _kin(a: str, b: str) -> bool:
    """Two root codes that can name one act: the same root, or two uses of force."""
    return a == b or (a in CONFLICT_ROOTS and b in CONFLICT_ROOTS)


def _borrow_sources(coded: list[Coded]) -> None:
    """"Ten people were killed as the army shelled the town", "X was freed after the president
    pardoned him": an act coded without its author takes the author of a kindred act in the
    same sentence."""
    for c in coded:
        if c.event.source or not c.event.target or c.event.root_code not in TARGET_ONLY_ROOTS:
            continue
        donor = next(
            (d for d in coded if d is not c and d.event.source and _kin(d.event.root_code, c.event.root_code)),
            None,
        )
        if donor is not None:
            c.event.source = list(donor.event.source)
            c.source_tokens = list(donor.source_tokens)
            c.event.rule = f"{c.event.rule}~borrowed"


def _dedupe(coded: list[Coded]) -> list[Coded]:
    """One event per act: same code root and same dyad in one sentence is one event."""
    best: dict[tuple[str, tuple[str, ...], tuple[str, ...]], Coded] = {}
    for c in coded:
        key = (
            c.event.root_code,
            tuple(sorted(a.key for a in c.event.source)),
            tuple(sorted(a.key for a in c.event.target)),
        )
        old = best.get(key)
        if old is None or c.event.confidence > old.event.confidence:
            best[key] = c
    # "met X to discuss": an act of the same root and source without a target is the same act
    # as the one with a target
    with_target = {(k[0], k[1]) for k in best if k[2]}
    kept = [c for k, c in best.items() if k[2] or (k[0], k[1]) not in with_target]
    return sorted(kept, key=lambda c: c.event.trigger_start or 0)


def code_doc(doc: Any, actor_of: ActorOf, article_id: str, patterns: PatternSet | None = None) -> list[Coded]:
    out: list[Coded] = []
    for si, sent in enumerate(doc.sents):
        out.extend(code_sentence(sent, si, actor_of, patterns))
    for n, c in enumerate(out, 1):
        c.event.id = f"{article_id}-{n}"
    return out
