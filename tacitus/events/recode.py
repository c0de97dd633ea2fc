"""Recoding: every rewrite of an event's code and actors after its trigger matched, as one
ordered table of named rules (``RECODE_RULES``) applied by one loop (``apply_recodes``).

A rule belongs to the phase whose facts it reads:

* ``clause``: the frame's code and modality, before actor coding (refused cooperation → 12x,
  conditional force → 13x, promised concessions → 03x);
* ``actors``: the coded source and target and the reporting speaker (announced force → 13x,
  riots, repression, weapons, claims and accusations);
* ``sentence``: the other events of the sentence (a borrowed author, a harsh statement →
  criticism).

Within a phase rules run in table order, each seeing what the earlier ones rewrote; rules of one
``group`` exclude each other (the first that fires wins). A rule that fires appends its ``mark``
to ``Event.rule`` (``V190.attack~riot``), which the trace reports as ``recodes``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from tacitus.events import syntax as sx
from tacitus.events.assemble import TARGET_ONLY_ROOTS, Coded
from tacitus.events.resolve import LOCATIVE_RULE, ActorOf
from tacitus.events.tables import cameo_codes, compose, cue_values, cue_words, plover_of
from tacitus.lexicon.words import word_class
from tacitus.model import Actor, PloverType
from tacitus.nlp import valence_lexicon
from tacitus.settings import settings

if TYPE_CHECKING:
    from tacitus.events.frames import Frame

CONFLICT_ROOTS = ("16", "17", "18", "19", "20")
COOPERATIVE_ROOTS = ("03", "04", "05", "06", "07", "08")

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
# force not specified further: the weapon that used it names it ("warplanes attacked" → 195)
FORCE_CODE = "190"
PERSON_MAKING_MODIFIERS = frozenset(("suicide",))
MOBILIZE_CODE = "154"
MEETING_CODE = "040"
VISIT_CODE = "042"
MILITARY_AID_CODE = "072"
WEAPON_FORCE_CODES = ("193", "194", "195")
REPRESSION_CODE = "175"


PHASES = ("clause", "actors", "sentence")


@dataclass
class Recoding:
    """One event under recoding: what the rules rewrite (code, modality, rule, actors) and what
    they read. ``clause`` rules see only the first four fields; ``actors`` rules the frame, the
    actors and the speaker; ``sentence`` rules the coded event and its sentence."""

    code: str
    modality: str
    rule: str
    # composed, conditional or swapped frames keep their code through the clause rules
    fixed: bool = False
    frame: Frame | None = None
    speaker: Actor | None = None
    src_pairs: list[tuple[Token, Actor]] = field(default_factory=list)
    tgt_pairs: list[tuple[Token, Actor]] = field(default_factory=list)
    # keys of the sources as first coded (before any rule moved them to the target)
    coded_source_keys: set[str] = field(default_factory=set)
    reported_by: Actor | None = None
    # the argument rules that chose source and target (rules that move actors rename them)
    source_rule: str = "none"
    target_rule: str = "none"
    coded: Coded | None = None
    siblings: list[Coded] = field(default_factory=list)
    sent: Span | None = None
    actor_of: ActorOf | None = None
    fired: list[str] = field(default_factory=list)

    @property
    def sources(self) -> list[Actor]:
        return [a for _, a in self.src_pairs]

    @property
    def targets(self) -> list[Actor]:
        return [a for _, a in self.tgt_pairs]

    @property
    def root(self) -> str:
        return self.code[:2]

    def claimed(self) -> bool:
        """Is the act reported by a verb of claiming ("alleged", "claimed"), or laid on its
        author in reported speech ("officials said X was behind the bombing")?"""
        if self.frame is None:
            return False
        if self.frame.say_lemma in cue_words("claim"):
            return True
        return self.frame.reported and sx.attributing_verb(self.frame.tokens[0]) is not None


@dataclass(frozen=True)
class RecodeRule:
    name: str
    phase: str
    # rewrites the recoding in place and says whether it fired
    rewrite: Callable[[Recoding], bool]
    # the suffix left on Event.rule; the name when None
    mark: str | None = None
    group: str | None = None


# --------------------------------------------------------------------------- clause rules


def _may_recode_modality(r: Recoding) -> bool:
    return not r.fixed and r.root in COOPERATIVE_ROOTS + CONFLICT_ROOTS


def _as_frame(r: Recoding, modality: str, roots: tuple[str, ...], frame: str) -> bool:
    """An act of ``roots`` in ``modality`` becomes the asserted ``frame`` act over it
    (compose.tsv), when the table has one."""
    if not (_may_recode_modality(r) and r.modality == modality and r.root in roots):
        return False
    composed = compose(frame, r.code)
    if not composed:
        return False
    r.code, r.modality = composed, "asserted"
    return True


def _negated(r: Recoding) -> bool:
    """A refused cooperative act is a rejection ("will not lift the ban" → 124)."""
    return _as_frame(r, "negated", COOPERATIVE_ROOTS, "reject")


def _threat(r: Recoding) -> bool:
    """A conditional use of force is a threat ("could impose sanctions if ..." → 1312)."""
    return _as_frame(r, "hypothetical", CONFLICT_ROOTS, "threaten")


def _intent(r: Recoding) -> bool:
    """Intended aid and promised concessions are intent ("will release" → 0353)."""
    promised = r.modality == "intended" or (r.modality == "future" and r.root in PROMISED_YIELD_ROOTS)
    if not (_may_recode_modality(r) and promised and r.root in MATERIAL_COOPERATION_ROOTS):
        return False
    intent = compose("intent", r.code)
    if not intent:
        return False
    r.code = intent
    return True


# --------------------------------------------------------------------------- actor rules


def _announced_threat(r: Recoding) -> bool:
    """"Turkey says it will launch an operation against X": the speaker threatens X."""
    if not (
        r.speaker is not None
        and r.speaker.key[:3] in {k[:3] for k in r.coded_source_keys}
        and r.modality == "future"
        and r.root in ANNOUNCED_THREAT_ROOTS
    ):
        return False
    threat = compose("threaten", r.code)
    if not threat:
        return False
    r.code, r.modality = threat, "asserted"
    return True


def _accuse_unattributed(r: Recoding) -> bool:
    """"A report alleged that X took part in the killing": an accusation of X by a speaker
    that is no actor."""
    if not (r.claimed() and r.speaker is None and r.root in CLAIMABLE_ROOTS and r.src_pairs):
        return False
    r.code = ACCUSE_CODE
    r.tgt_pairs, r.src_pairs = r.src_pairs, []
    r.target_rule, r.source_rule = r.source_rule, "none"
    return True


def _violent(r: Recoding) -> bool:
    return r.root in VIOLENT_ROOTS or r.code in VIOLENT_CODES


def _weapon(r: Recoding) -> bool:
    """A bombing by a missile or a warplane is military force (194, 195), not CAMEO's
    "non-military bombing"; force of no stated kind takes its weapon's code ("drones hit a car")."""
    weapons, force = word_class("WEAPON"), cue_values("weapon_force")
    # the first weapon among the sources decides, even one without a force code ("a bomb")
    # "Russian warplanes": the actor is named by a modifier of the weapon
    heads = [t.head if t.dep_ in ("amod", "compound", "poss") else t for t, _ in r.src_pairs]
    # a suicide bomber is a person, not an aircraft
    heads = [t for t in heads if not any(c.lower_ in PERSON_MAKING_MODIFIERS for c in t.children)]
    weapon = next((force.get(t.lemma_.lower(), "-") for t in heads if t.lemma_.lower() in weapons), "-")
    if not (_violent(r) and r.code[:3] in (BOMBING_CODE, FORCE_CODE) and weapon != "-"):
        return False
    r.code = weapon
    return True


def _riot(r: Recoding) -> bool:
    """"Protesters torched a police station" is a riot (145), whatever verb names the violence;
    armed force (guns, artillery, aircraft) used by demonstrators keeps its own code."""
    protesters = word_class("PROTESTER")
    if not (_violent(r) and r.code not in WEAPON_FORCE_CODES and any(t.lemma_.lower() in protesters for t, _ in r.src_pairs)):
        return False
    r.code = RIOT_CODE
    return True


def _repression(r: Recoding) -> bool:
    """"Troops fired on demonstrators" is violent repression (175)."""
    protesters = word_class("PROTESTER")
    repressors = cue_words("repressor")
    if not (
        _violent(r)
        and any(t.lemma_.lower() in protesters for t, _ in r.tgt_pairs)
        and any((a.role or "").lower() in repressors for _, a in r.src_pairs)
    ):
        return False
    r.code = REPRESSION_CODE
    return True


def _others_forces(r: Recoding) -> bool:
    """"Iran reinforced the militia's brigades": building up another actor's forces is military
    aid to that actor (072), not a mobilization of one's own (154)."""
    if r.frame is None or r.actor_of is None or r.code[:3] != MOBILIZE_CODE:
        return False
    trig = r.frame.tokens[0]
    if trig.lemma_.lower() not in cue_words("build_up"):
        return False
    own = {a.key for a in r.sources}
    for obj in sx.children(trig, "dobj"):
        for owner in sx.children(obj, "poss"):
            a = r.actor_of(owner) if owner.pos_ != "PRON" else None
            if a is not None and a.key not in own:
                r.code = MILITARY_AID_CODE
                r.tgt_pairs, r.target_rule = [(owner, a)], "owner"
                return True
    return False


def _meeting_abroad(r: Recoding) -> bool:
    """"Obama will attend a summit in Switzerland": a meeting its source holds or attends in
    another country, that country its target by place, is a visit there (042)."""
    if r.code != MEETING_CODE or r.target_rule != LOCATIVE_RULE:
        return False
    home = {a.country for a in r.sources}
    if None in home or not r.targets or any(a.country is None or a.country in home for a in r.targets):
        return False
    r.code = VISIT_CODE
    return True


def _claim(r: Recoding) -> bool:
    """"The rebels claimed they attacked X": a claim of responsibility."""
    if not (r.claimed() and r.speaker is not None and r.root in CLAIMABLE_ROOTS):
        return False
    if r.speaker.key not in r.coded_source_keys:
        return False
    r.code = CLAIM_CODE
    return True


def _accuse(r: Recoding) -> bool:
    """"X claimed that Y attacked Z": X accuses Y."""
    if not (r.claimed() and r.speaker is not None and r.root in CLAIMABLE_ROOTS and r.frame is not None):
        return False
    if r.speaker.key in r.coded_source_keys:
        return False
    r.code = ACCUSE_CODE
    r.tgt_pairs, r.src_pairs = r.src_pairs, [(r.frame.speaker[0], r.speaker)]
    r.target_rule, r.source_rule = r.source_rule, "speaker"
    r.reported_by = None
    return True


# --------------------------------------------------------------------------- sentence rules


def _borrowed(r: Recoding) -> bool:
    """"Ten people were killed as the army shelled the town", "X was freed after the president
    pardoned him": an act coded without its author takes the author of a kindred act in the
    same sentence."""
    c = r.coded
    if c is None or c.event.source or not c.event.target or c.event.root_code not in TARGET_ONLY_ROOTS:
        return False
    donor = next(
        (d for d in r.siblings if d is not c and d.event.source and _kin(d.event.root_code, c.event.root_code)),
        None,
    )
    if donor is None:
        return False
    c.event.source = list(donor.event.source)
    c.source_tokens = list(donor.source_tokens)
    c.event.trace["source_rule"] = f"borrowed:{donor.event.trace.get('source_rule')}"
    return True


def _negative(r: Recoding) -> bool:
    """A bare statement that judges an actor named in what was said harshly becomes criticism
    (111) of that actor: "X said Y's plan was reckless"."""
    coded, sent, actor_of = r.coded, r.sent, r.actor_of
    if coded is None or sent is None or actor_of is None or "say" not in coded.frame.pattern.flags:
        return False
    region = next((reg for reg, _, verb in sx.reported_regions(sent) if verb in coded.frame.tokens), None)
    if not region:
        return False
    tokens = [sent.doc[i] for i in sorted(region)]
    own = {a.key for a in coded.event.source}
    direction = _judgement(tokens)
    judged = None
    if direction in JUDGEMENT_CODES:
        for t in tokens:
            if t.pos_ in ("PROPN", "NOUN") and t.dep_ in JUDGED_DEPS:
                a = actor_of(t)
                if a is not None and a.key not in own:
                    judged = (t, a)
                    break
    else:
        direction, judged = "negative", _failing(tokens, own, actor_of)
    if judged is None:
        return False
    code = JUDGEMENT_CODES[direction]
    cc = cameo_codes()[code]
    pl_event, pl_mode = plover_of(code)
    ev = dataclasses.replace(
        coded.event, code=code, root_code=cc.root_code, name=cc.name, quad_class=cc.quad_class,
        goldstein=cc.goldstein, plover=PloverType(pl_event, pl_mode), target=[judged[1]],
        trace={**coded.event.trace, "target_rule": "judged"},
    )
    r.coded = Coded(ev, coded.frame, coded.source_tokens, [judged[0]])
    r.code = code
    return True


# The table: order matters within a phase (each rule sees the rewrites before it).
RECODE_RULES: tuple[RecodeRule, ...] = (
    RecodeRule("negated", "clause", _negated, group="modality"),
    RecodeRule("threat", "clause", _threat, group="modality"),
    RecodeRule("intent", "clause", _intent, group="modality"),
    RecodeRule("announced-threat", "actors", _announced_threat, mark="threat"),
    RecodeRule("accuse-unattributed", "actors", _accuse_unattributed, mark="accuse"),
    RecodeRule("weapon", "actors", _weapon, group="violence"),
    RecodeRule("riot", "actors", _riot, group="violence"),
    RecodeRule("repression", "actors", _repression, group="violence"),
    RecodeRule("others-forces", "actors", _others_forces, mark="aid"),
    RecodeRule("meeting-abroad", "actors", _meeting_abroad, mark="abroad"),
    RecodeRule("claim", "actors", _claim),
    RecodeRule("accuse", "actors", _accuse),
    RecodeRule("borrowed", "sentence", _borrowed),
    RecodeRule("negative", "sentence", _negative),
)


def apply_recodes(phase: str, recoding: Recoding, rules: tuple[RecodeRule, ...] = RECODE_RULES) -> Recoding:
    """Run the rules of ``phase`` over one event, in table order; each rule that fires appends
    its mark to ``recoding.rule`` and its name to ``recoding.fired``."""
    if phase not in PHASES:
        raise ValueError(f"unknown recode phase {phase!r} (one of {', '.join(PHASES)})")
    done_groups: set[str] = set()
    for rule in rules:
        if rule.phase != phase or (rule.group is not None and rule.group in done_groups):
            continue
        if rule.rewrite(recoding):
            recoding.rule = f"{recoding.rule}~{rule.mark or rule.name}"
            recoding.fired.append(rule.name)
            if rule.group is not None:
                done_groups.add(rule.group)
    return recoding


def recode_sentence(coded: Coded, siblings: list[Coded], sent: Span, actor_of: ActorOf) -> Coded:
    """The sentence rules over one coded event; returns the event (a new one when a rule
    rewrote it)."""
    r = apply_recodes(
        "sentence",
        Recoding(coded.event.code, coded.event.modality, coded.event.rule or "", coded=coded,
                 siblings=siblings, sent=sent, actor_of=actor_of),
    )
    out = r.coded if r.coded is not None else coded
    out.event.rule = r.rule
    return out


def _failing(tokens: list[Token], own: set[object], actor_of: ActorOf) -> tuple[Token, Actor] | None:
    """An actor said not to do what it should (a negated verb of the FAILING class with the
    actor as its subject: "they do not understand the region"): the judged token and actor."""
    failing = word_class("FAILING")
    for t in tokens:
        if t.lemma_.lower() not in failing or not any(c.dep_ == "neg" for c in t.children):
            continue
        for subj in (c for c in t.children if c.dep_ == "nsubj"):
            a = actor_of(subj)
            if a is not None and a.key not in own:
                return subj, a
    return None


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


def _kin(a: str, b: str) -> bool:
    """Two root codes that can name one act: the same root, or two uses of force."""
    return a == b or (a in CONFLICT_ROOTS and b in CONFLICT_ROOTS)
