"""Frame composition: the triggers of a sentence become frames (one coded clause each, before
actor coding). Frame triggers (appeal, intent, demand, reject, threaten, consider, cease) absorb
the act in their complement ("agreed to meet" → 036, "pushing for a cease-fire" → 0256), "X said
Y must ..." becomes X's demand, and each frame gets its arguments, reporting speaker and modality.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from tacitus.events import syntax as sx
from tacitus.events.arguments import arguments, light_governor, verb_governor
from tacitus.events.recode import CONFLICT_ROOTS, Recoding, apply_recodes
from tacitus.events.tables import (
    Pattern,
    PatternSet,
    compose,
    cue_values,
    cue_words,
    default_patterns,
)
from tacitus.events.triggers import Trigger, match_token

STATEMENT_ROOTS = ("01",)

# A frame whose act has no CAMEO sub-code keeps its own code, and the act is coded too, with
# this modality ("urged X to attack Y" → 020 to X and X's attack on Y, requested).
UNCOMPOSED_MODALITY = {"appeal": "requested", "demand": "requested", "intent": "intended"}

# "X said Y must ...": a demand, with the act's sub-code when the clause is a coded act.
OBLIGE_CODE = "100"
OBLIGE_RULE = "G100.must"

# "X said Y would face consequences": a threat by X against Y (CAMEO 130).
PENALTY_CODE = "130"
PENALTY_RULE = "G130.penalty"


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
    # the names of the argument rules that chose sources, targets and alternative sources
    source_rule: str = "none"
    target_rule: str = "none"
    alt_source_rule: str = "none"
    # the clause anchor: the verb whose clause gave the modality; date and place hang on it
    anchor: Token | None = None


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
    cands.extend(sx.for_to_clauses(tok))
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


def find_frames(sent: Span, patterns: PatternSet | None = None) -> list[Frame]:
    """Code one sentence's clauses into frames (no actor coding yet)."""
    patterns = patterns or default_patterns()
    triggers: dict[int, Trigger] = {}
    for tok in sent:
        trig = match_token(tok, patterns)
        if trig is not None:
            triggers[tok.i] = trig
    regions = sx.reported_regions(sent)
    light = cue_words("light")
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

    frames: list[Frame] = _oblige_frames(regions, triggers, consumed) + _penalty_frames(regions, triggers, consumed)
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
        target_rule = args.target_rule
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
                target_rule = "+".join([*([target_rule] if own else []), f"complement-obj:{cargs.target_rule}"])
            if not targets:
                # "pushing for a cease-fire between X and Y": the parties of the act are the target
                targets = [t for t in (cargs.targets or cargs.sources) if t not in sources]
                target_rule = f"complement-obj:{cargs.target_rule}" if cargs.targets else f"complement-subj:{cargs.source_rule}"
                if comp.pattern.pos == "N" and cargs.sources and cargs.targets:
                    targets = [t for t in cargs.sources + cargs.targets if t not in sources]
                    target_rule = "complement-parties"
        if p.pos == "N" and "light-only" in p.flags and comp_pair is None and light_governor(trig.token) is None:
            continue
        # a nominal act governed by a coded verb is that verb's clause, not a second event
        if p.pos == "N":
            gov = verb_governor(trig.token)
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
            # "offered no help", "no attacks were reported": the act is denied
            found += [("negated", d.text) for d in trig.token.children if d.dep_ == "det" and d.lower_ == "no"]
        conditional = _is_conditional(args.clause)
        if i in requested:
            found.append(requested[i])
        modality, modality_cue = sx.strongest_cue(found)
        fixed = comp_pair is not None or conditional or "swap" in p.flags
        recoded = apply_recodes("clause", Recoding(code, modality, rule, fixed=fixed))
        code, modality, rule = recoded.code, recoded.modality, recoded.rule
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
                source_rule=args.source_rule,
                target_rule=target_rule,
                alt_source_rule=args.alt_source_rule,
                anchor=args.clause,
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
    marks = cue_words("mark")
    t = v
    for _ in range(3):
        if any(c.dep_ == "mark" and c.lower_ in marks for c in t.children):
            return True
        if t.dep_ not in ("conj", "xcomp") or t.head.i == t.i:
            return False
        t = t.head
    return False


def _oblige_frames(
    regions: list[tuple[set[int], list[Token], Token]], triggers: dict[int, Trigger], consumed: set[int]
) -> list[Frame]:
    """"X said Y must do Z" is X's demand on Y (CAMEO 10x), not a report of Z."""
    oblige = cue_words("oblige")
    say = cue_values("say")
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
                Frame(pattern, code, rule, [verb, modal[0]], speaker, sx.with_conjuncts(targets), "asserted", composed=True,
                      source_rule="oblige:speaker", target_rule="oblige:passive-subject" if passive else "oblige:subject",
                      anchor=verb)
            )
    return out


def _penalty_frames(
    regions: list[tuple[set[int], list[Token], Token]], triggers: dict[int, Trigger], consumed: set[int]
) -> list[Frame]:
    """"X said Y would face consequences / pay a price", "X warned there would be consequences
    for Y": X threatens Y (CAMEO 130). The penalty's clause is the threat, not a report of its
    acts ("any attack on Taiwan would have consequences" is no attack)."""
    penalties = cue_values("penalty")
    say = cue_values("say")
    speakers = [(speaker, verb) for _region, speaker, verb in regions if say.get(verb.lemma_.lower()) != "opinion"]
    # "X warned (that) Y would face consequences": a verb of threatening reports the penalty too
    speakers += [(sx.subjects(t.token)[0], t.token) for t in triggers.values()
                 if t.pattern.pos == "V" and t.pattern.frame == "threaten"]
    out = []
    for speaker, verb in speakers:
        for clause in sx.children(verb, "ccomp"):
            verb_lemma = clause.lemma_.lower()
            noun = next((c for c in clause.children if c.dep_ in ("dobj", "attr", "nsubj")
                         and verb_lemma in penalties.get(c.lemma_.lower(), "").split("|")), None)
            if noun is None or not speaker:
                continue
            # "consequences for China", not "a price for the attack"
            targets: list[Token] = [t for t in sx.prep_objects(noun, ["for"]) if t.i not in triggers]
            target_rule, flags = "penalty:for", {"threaten", "need_target"}
            if not targets:
                target_rule = "penalty:subject"
                for subj in sx.subjects(clause)[0]:
                    if subj.i in triggers:
                        # "any incursion (by the navy) would bring consequences": a threat to its author,
                        # named or not
                        targets += sx.prep_objects(subj, ["by"]) + [c for c in subj.children if c.dep_ == "poss"]
                        flags.discard("need_target")
                    elif subj.dep_ != "expl":
                        targets.append(subj)
            consumed.update(t.i for t in clause.subtree if t.i in triggers)
            if verb.i in triggers and triggers[verb.i].pattern.code[:2] == PENALTY_CODE[:2]:
                # "..., X warned": the warning is this threat
                consumed.add(verb.i)
            pattern = Pattern(PENALTY_RULE, PENALTY_CODE, "V", frozenset((verb.lemma_.lower(),)), None, (), (), frozenset(flags))
            out.append(
                Frame(pattern, PENALTY_CODE, PENALTY_RULE, [verb, noun], speaker, sx.with_conjuncts(targets), "asserted",
                      composed=True, source_rule="penalty:speaker", target_rule=target_rule if targets else "none",
                      anchor=verb)
            )
    return out


def _noun_cue(tok: Token) -> tuple[str, str | None]:
    """The modality a governing noun gives a nominal act ("plans for an attack"), and the noun."""
    nouns = cue_values("noun")
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
