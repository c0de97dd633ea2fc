"""The rule coder: dependency-parse clauses → CAMEO events with source, target, modality,
reported speech, evidence and a calibrated confidence.

A sentence is coded in four passes (one module each):
1. ``triggers``: every token whose lemma has a pattern and whose particle/object constraints
   hold becomes a trigger;
2. ``frames``: a light verb ("launched") yields to the act it governs, frame triggers absorb the
   act in their complement, "X said Y must ..." becomes X's demand, and each frame gets its
   arguments (``arguments``) and modality;
3. ``resolve``: arguments are coded through ``actor_of``; triggers without a coded actor are
   dropped;
4. ``recode`` rewrites code and actors by named rules, and ``assemble`` builds the events;
   statements ("said") survive only when nothing else in the sentence is coded, and one act per
   code root and dyad is kept.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Span

from tacitus.events.assemble import (
    TARGET_ONLY_CODES,
    TARGET_ONLY_ROOTS,
    Coded,
    confidence,
    one_per_act,
)
from tacitus.events.frames import find_frames
from tacitus.events.recode import (
    ACCUSE_CODE,
    ANNOUNCED_THREAT_ROOTS,
    CLAIM_CODE,
    CLAIMABLE_ROOTS,
    borrow_sources,
    judged,
    recode_by_actors,
)
from tacitus.events.resolve import (
    UNCODED_PEOPLE_RULE,
    ActorOf,
    antecedent,
    argument_actor,
    resolve_all,
)
from tacitus.events.tables import PatternSet, cameo_codes, compose, cues, plover_of
from tacitus.model import Event, PloverType


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
            spk = resolve_all(fr.speaker, actor_of, None)
            speaker_actor = spk[0][1] if spk else None
        src_pairs = resolve_all(fr.sources, actor_of, speaker_actor)
        if fr.alt_sources and all(a.country is None for _, a in src_pairs):
            # "Russia is conducting military exercises": the subject's country beats a bare "military"
            alt_pairs = resolve_all(fr.alt_sources, actor_of, speaker_actor)
            if alt_pairs and (not src_pairs or any(a.country for _, a in alt_pairs)):
                src_pairs = alt_pairs
        if "swap" in fr.pattern.flags:
            tgt_first = resolve_all(fr.targets, actor_of, speaker_actor)
            fr.sources, fr.targets = fr.targets, fr.sources
            src_pairs, tgt_raw = tgt_first, src_pairs
        else:
            tgt_raw = resolve_all(fr.targets, actor_of, speaker_actor, people=True)
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
        code, rule = recode_by_actors(code, rule, src_pairs, tgt_pairs)
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
        src_tokens = [antecedent(t, a, actor_of) for t, a in zip(src_tokens, sources, strict=False)]
        tgt_tokens = [t for t, _ in tgt_pairs]
        sources = [argument_actor(a, t, actor_of) for a, t in zip(sources, src_tokens, strict=False)] + sources[len(src_tokens) :]
        targets = [argument_actor(a, t, actor_of) for a, t in zip(targets, tgt_tokens, strict=False)] + targets[len(tgt_tokens) :]
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
        borrow_sources(strong)
        return one_per_act(strong)
    if weak:
        # one statement per sentence: a specific comment ("hopeful") before a bare "said"
        weak.sort(key=lambda c: ("say" in c.frame.pattern.flags, -c.event.confidence))
        best = weak[0]
        if "say" in best.frame.pattern.flags:
            best = judged(best, sent, actor_of)
        return [best]
    return []


def code_doc(doc: Any, actor_of: ActorOf, article_id: str, patterns: PatternSet | None = None) -> list[Coded]:
    out: list[Coded] = []
    for si, sent in enumerate(doc.sents):
        out.extend(code_sentence(sent, si, actor_of, patterns))
    for n, c in enumerate(out, 1):
        c.event.id = f"{article_id}-{n}"
    return out
