"""Assembly: one coded frame and its actors → the ``Event`` of the record (code, names,
PLOVER type, actors, modality, evidence span, trigger, rule, confidence), and one event per act
in a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from tacitus.events.resolve import UNCODED_PEOPLE_RULE, ActorOf, antecedent, argument_actor
from tacitus.events.tables import cameo_codes, cue_words, plover_of
from tacitus.model import Actor, Event, PloverType
from tacitus.settings import settings

if TYPE_CHECKING:
    from tacitus.events.frames import Frame
    from tacitus.events.recode import Recoding

# Confidence model (a base by trigger kind plus adjustments, clipped): the weights are
# settings, ``tacitus.settings.EventWeights``.

# Roots whose acts can be coded with only a target (an unnamed attacker, an arrest by unnamed
# police, prisoners released, sanctions lifted).
TARGET_ONLY_ROOTS = ("08", "17", "18", "19", "20")

# ... and legal action done ("X was indicted", "four tourists were convicted", by an unnamed
# court), not hoped for or reported as expected
TARGET_ONLY_CODES = ("115", "116")


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


def one_per_act(coded: list[Coded]) -> list[Coded]:
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


def codable(fr: Frame, sources: list[Actor], targets: list[Actor]) -> bool:
    """Whether a frame with these coded actors makes an event: an act needs its author, except
    acts done to a named target (arrests, attacks, releases by someone unnamed) and legal
    action done; statements always need their author."""
    if not sources and fr.say_lemma in cue_words("claim"):
        # an alleged act whose author is not named is not coded as done
        return False
    if not sources:
        # people named only by what they are ("ten people were killed") do not make an event alone
        named = [a for a in targets if a.rule != UNCODED_PEOPLE_RULE]
        legal = fr.code in TARGET_ONLY_CODES and fr.modality == "asserted" and not fr.speaker
        # a nominal act needs a coded target to stand without its author ("bombings targeted
        # at the Russian military", not "the attack on a house")
        verbal = fr.pattern.pos == "V" or any(a.code for a in targets)
        if not (named and (fr.code[:2] in TARGET_ONLY_ROOTS or legal) and verbal):
            return False
    if "need_target" in fr.pattern.flags and not targets:
        return False
    if "official" in fr.pattern.flags and not any(_official(a) for a in sources):
        return False
    return not (fr.weak and not sources)


# Who acts for a state or an organisation: their travel is a visit, a civilian's is not
OFFICIAL_ROLES = frozenset({"GOV", "LEG", "JUD", "OPP", "ELI", "IGO", "NGO"})
PERSON_RULES = ("person", "office", "surname", "pronoun→person", "pronoun→office")


def _official(a: Actor) -> bool:
    return a.role in OFFICIAL_ROLES or (a.rule or "").startswith(PERSON_RULES)


def build_event(fr: Frame, recoding: Recoding, sent: Span, sent_index: int, actor_of: ActorOf) -> Coded:
    """The record's event of one frame once its actors are coded and recoded: code and names,
    PLOVER type, the printed mentions of source and target, modality, evidence and confidence."""
    speaker = recoding.speaker
    src_pairs, tgt_pairs = recoding.src_pairs, recoding.tgt_pairs
    sources, targets = recoding.sources, recoding.targets
    src_tokens = [t for t, _ in src_pairs]
    if fr.speaker and speaker is not None:
        # "FARC said they will ...": the pronoun's phrase is the speaker's
        src_tokens = [fr.speaker[0] if t.pos_ == "PRON" and a.key == speaker.key else t for t, a in src_pairs]
    src_tokens = [antecedent(t, a, actor_of) for t, a in zip(src_tokens, sources, strict=False)]
    tgt_tokens = [t for t, _ in tgt_pairs]
    sources = [argument_actor(a, t, actor_of) for a, t in zip(sources, src_tokens, strict=False)] + sources[len(src_tokens) :]
    targets = [argument_actor(a, t, actor_of) for a, t in zip(targets, tgt_tokens, strict=False)] + targets[len(tgt_tokens) :]
    code = recoding.code
    cc = cameo_codes()[code]
    pl_event, pl_mode = plover_of(code)
    toks = sorted(fr.tokens, key=lambda t: t.i)
    # the evidence is the sentence without the blank lines spaCy attaches to it
    raw = sent.text
    sent_text = raw.strip()
    sent_start = sent.start_char + (len(raw) - len(raw.lstrip()))
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
        modality=recoding.modality,
        reported_by=recoding.reported_by,
        sentence=sent_index,
        start=sent_start,
        end=sent_start + len(sent_text),
        text=sent_text,
        trigger=" ".join(t.text for t in toks),
        rule=recoding.rule,
        confidence=confidence(fr, len(sources), len(targets)),
        trigger_start=toks[0].idx,
        trigger_end=toks[-1].idx + len(toks[-1].text),
        # the coder's part of the trace; the pipeline completes it (tacitus.trace)
        trace={
            "modality": recoding.modality,
            "modality_cue": fr.modality_cue,
            "source_rule": recoding.source_rule if sources else None,
            "target_rule": recoding.target_rule if targets else None,
            "anchor": fr.anchor.i if fr.anchor is not None else None,
        },
    )
    return Coded(ev, fr, src_tokens, tgt_tokens)
