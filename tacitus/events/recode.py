"""Recoding: the rewrites of an event's code and actors after its trigger matched (refused
cooperation → 12x, conditional force → 13x, riots, repression, claims, accusations, ...).
"""

from __future__ import annotations

import dataclasses

from spacy.tokens import Span, Token

from tacitus.events import syntax as sx
from tacitus.events.assemble import TARGET_ONLY_ROOTS, Coded
from tacitus.events.resolve import ActorOf
from tacitus.events.tables import cameo_codes, compose, cues, plover_of
from tacitus.model import Actor, PloverType
from tacitus.nlp import valence_lexicon

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

# The judgement: net VADER valence of the reported words at least JUDGEMENT_NET in one
# direction, carried by at least one word of JUDGEMENT_WORD or more (tuned on the tune half of
# the article gold; re-measure with `tacitus eval articles --half tune`).
JUDGEMENT_NET = 2.0
JUDGEMENT_WORD = 1.5

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
WEAPON_FORCE_CODES = ("193", "194", "195")
REPRESSION_CODE = "175"


def recode_frame(code: str, modality: str, rule: str, composed: bool) -> tuple[str, str, str]:
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


def _judgement(tokens: list[Token]) -> str | None:
    """"negative" or "positive" when the words judge (see JUDGEMENT_NET), else None."""
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
    if net <= -JUDGEMENT_NET and strongest <= -JUDGEMENT_WORD:
        return "negative"
    if net >= JUDGEMENT_NET and strongest >= JUDGEMENT_WORD:
        return "positive"
    return None


def judged(coded: Coded, sent: Span, actor_of: ActorOf) -> Coded:
    """A bare statement that judges an actor named in what was said harshly becomes criticism
    (111) of that actor: "X said Y's plan was reckless" (rule ``...~negative``)."""
    fr = coded.frame
    region = next((r for r, _, verb in sx.reported_regions(sent) if verb in fr.tokens), None)
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


def recode_by_actors(
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


def borrow_sources(coded: list[Coded]) -> None:
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
