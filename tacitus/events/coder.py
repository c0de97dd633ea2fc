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

from tacitus.events.assemble import Coded, build_event, codable, one_per_act
from tacitus.events.frames import find_frames
from tacitus.events.recode import Recoding, apply_recodes, recode_sentence
from tacitus.events.resolve import (
    ActorOf,
    frame_actors,
)
from tacitus.events.tables import PatternSet
from tacitus.settings import settings

THREAT_ROOT = "13"


def code_sentence(
    sent: Span,
    sent_index: int,
    actor_of: ActorOf,
    patterns: PatternSet | None = None,
) -> list[Coded]:
    strong: list[Coded] = []
    weak: list[Coded] = []
    for fr in find_frames(sent, patterns):
        speaker_actor, src_pairs, tgt_pairs, source_rule, target_rule = frame_actors(fr, actor_of)
        src_keys = {a.key for _, a in src_pairs}
        if not codable(fr, [a for _, a in src_pairs], [a for _, a in tgt_pairs]):
            continue
        reported_by = speaker_actor
        if reported_by is not None and reported_by.key in src_keys:
            reported_by = None
        recoding = apply_recodes("actors", Recoding(
            fr.code, fr.modality, fr.rule, frame=fr, speaker=speaker_actor, src_pairs=src_pairs,
            tgt_pairs=tgt_pairs, coded_source_keys=src_keys, reported_by=reported_by,
            source_rule=source_rule, target_rule=target_rule, actor_of=actor_of,
        ))
        coded = build_event(fr, recoding, sent, sent_index, actor_of)
        if _hypothetical_act(coded):
            continue
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


def _hypothetical_act(coded: Coded) -> bool:
    """An act said to happen only under a condition or as a possibility: no event, unless a
    threat (a conditional act is what a threat is) or the settings keep them."""
    ev = coded.event
    return ev.modality == "hypothetical" and ev.root_code != THREAT_ROOT and not settings().events.keep_hypothetical


def code_doc(doc: Any, actor_of: ActorOf, article_id: str, patterns: PatternSet | None = None) -> list[Coded]:
    out: list[Coded] = []
    for si, sent in enumerate(doc.sents):
        out.extend(code_sentence(sent, si, actor_of, patterns))
    for n, c in enumerate(out, 1):
        c.event.id = f"{article_id}-{n}"
    return out
