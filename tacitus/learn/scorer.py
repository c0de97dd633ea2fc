"""The event scorer: P(an event the rules coded is right), from what the record already says.

A logistic model over sparse features of the event (trigger rule, root, modality, how each
actor was coded, the trigger word, a few facts of the sentence; the sentence's words only when
the model was trained with them). It is trained by ``tacitus train`` (``tacitus/learn/train.py``)
and shipped as a small JSON file of weights (``tacitus/data/learn/event_scorer.json``); no
third-party learning library is needed at run time or to train. The shipped model calibrates:
its probability becomes the event's confidence, and its threshold (0) drops nothing.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from tacitus.model import Actor, Event

MODEL_FILE = Path(__file__).resolve().parent.parent / "data" / "learn" / "event_scorer.json"
MODEL_FORMAT = 1
PRONOUNS = frozenset("he she it they we i you him her them us his its their our".split())
_WORD = re.compile(r"[a-z][a-z'-]+")


def _rule_kind(rule: str | None) -> str:
    # "person-unknown +context:AFG" -> "person-unknown": how the actor was found, not which one
    return (rule or "none").split(" ")[0].split(":")[0]


def _actor_features(side: str, actors: list[Actor]) -> list[str]:
    if not actors:
        return [f"{side}=none"]
    a = actors[0]
    out = [
        f"{side}_n={min(len(actors), 3)}",
        f"{side}_role={a.role or 'none'}",
        f"{side}_country={'yes' if a.country else 'no'}",
        f"{side}_rule={_rule_kind(a.rule)}",
    ]
    if a.text.lower() in PRONOUNS:
        out.append(f"{side}_pronoun")
    return out


def event_features(ev: Event, words: bool = True) -> list[str]:
    """The event's features (strings; the model weighs each one it knows); ``words``: also the
    sentence's words."""
    root = ev.root_code
    rule = ev.rule or "none"
    trigger_rule, *recodes = rule.split("~")
    text = ev.text or ""
    trig = (ev.trigger or "").lower()
    src_role = ev.source[0].role if ev.source else "none"
    feats = [
        "bias",
        f"root={root}",
        f"code={ev.code}",
        f"rule={trigger_rule}",
        f"family={trigger_rule.split('.')[0]}",
        f"mod={ev.modality}",
        f"reported={ev.reported_by is not None}",
        f"trig={trig}",
        f"root_trig={root}|{trig}",
        f"root_srole={root}|{src_role}",
        f"root_mod={root}|{ev.modality}",
        f"conf={min(int(ev.confidence * 10), 9)}",
        f"sent={min(ev.sentence, 4)}",
        f"len={min(len(text.split()) // 10, 5)}",
    ]
    feats += [f"recode={r}" for r in recodes]
    if "+" in trigger_rule:
        feats.append("composed")
    feats += _actor_features("src", ev.source) + _actor_features("tgt", ev.target)
    if ev.source and ev.target and ev.source[0].country and ev.source[0].country == ev.target[0].country:
        feats.append("same_country")
    if any(q in text for q in ('"', "\u201c", "\u201d")):
        feats.append("quote")
    if words:
        feats += sorted({f"w={w}" for w in _WORD.findall(text.lower())})
    return feats


@dataclass(frozen=True)
class EventScorer:
    """Weights of a trained scorer and the threshold below which an event is dropped."""

    weights: dict[str, float]
    threshold: float
    name: str
    words: bool = True  # whether the model reads the sentence's words

    def probability(self, ev: Event) -> float:
        z = sum(self.weights.get(f, 0.0) for f in event_features(ev, self.words))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> dict[str, Any]:
        return {"format": MODEL_FORMAT, "name": self.name, "threshold": self.threshold, "words": self.words,
                "weights": dict(sorted(self.weights.items()))}


def read_scorer(path: Path) -> EventScorer:
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != MODEL_FORMAT:
        raise ValueError(f"{path}: event scorer format {data.get('format')!r}, expected {MODEL_FORMAT}")
    return EventScorer({k: float(v) for k, v in data["weights"].items()}, float(data["threshold"]), str(data["name"]),
                       bool(data.get("words", True)))


@cache
def shipped_scorer() -> EventScorer | None:
    """The scorer shipped in the package, or None when none is shipped."""
    return read_scorer(MODEL_FILE) if MODEL_FILE.exists() else None


def score_events(events: Iterable[Event], scorer: EventScorer | None) -> list[Event]:
    """Events the scorer keeps, each with its probability as confidence and the scorer named in
    its trace; without a scorer, the events unchanged."""
    if scorer is None:
        return list(events)
    kept = []
    for ev in events:
        p = scorer.probability(ev)
        ev.trace["scorer"] = {"model": scorer.name, "rule_confidence": ev.confidence, "p": round(p, 4)}
        if p < scorer.threshold:
            continue
        ev.confidence = round(p, 4)
        kept.append(ev)
    return kept
