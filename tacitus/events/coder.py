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
    build_event,
    one_per_act,
)
from tacitus.events.frames import find_frames
from tacitus.events.recode import Recoding, apply_recodes, recode_sentence
from tacitus.events.resolve import (
    UNCODED_PEOPLE_RULE,
    ActorOf,
    resolve_all,
)
from tacitus.events.tables import PatternSet, cues


def code_sentence(
    sent: Span,
    sent_index: int,
    actor_of: ActorOf,
    patterns: PatternSet | None = None,
) -> list[Coded]:
    claim = cues().get("claim", {})
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
        recoding = apply_recodes("actors", Recoding(
            fr.code, fr.modality, fr.rule, frame=fr, speaker=speaker_actor, src_pairs=src_pairs,
            tgt_pairs=tgt_pairs, coded_source_keys=src_keys, reported_by=reported_by,
        ))
        coded = build_event(fr, recoding, sent, sent_index, actor_of)
        (weak if fr.weak else strong).append(coded)
    if strong:
        strong = [recode_sentence(c, strong, sent, actor_of) for c in strong]
        return one_per_act(strong)
    if weak:
        # one statement per sentence: a specific comment ("hopeful") before a bare "said"
        weak.sort(key=lambda c: ("say" in c.frame.pattern.flags, -c.event.confidence))
        best = weak[0]
        return [recode_sentence(best, [], sent, actor_of)]
    return []


def code_doc(doc: Any, actor_of: ActorOf, article_id: str, patterns: PatternSet | None = None) -> list[Coded]:
    out: list[Coded] = []
    for si, sent in enumerate(doc.sents):
        out.extend(code_sentence(sent, si, actor_of, patterns))
    for n, c in enumerate(out, 1):
        c.event.id = f"{article_id}-{n}"
    return out
