"""The root arbiter: which CAMEO root a clause the rules coded as a bare statement really is.

"The minister said the plan was a dangerous provocation" is coded by the rules as a statement
(01) unless a pattern or the judgement rule catches it; the arbiter reads the sentence's words
and word pairs and gives, for each root it knows (appeal, intent, cooperation, demand,
criticism, rejection, threat, reduced relations), the probability that the sentence holds an
event of that root. A statement whose best root clears the threshold is recoded to that root's
base code; the rule gains ``~model:root-arbiter`` and ``trace.arbiter`` records the model, the
root, its probability and the code it replaced.

One logistic model per root (one-vs-rest) over the sentence's words, trained on the silver set
(``tacitus train --model root-arbiter``) and shipped as JSON weights
(``tacitus/data/learn/root_arbiter.json``); pure Python at run time.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from tacitus.model import Event

MODEL_FILE = Path(__file__).resolve().parent.parent / "data" / "learn" / "root_arbiter.json"
MODEL_FORMAT = 1
MARK = "model:root-arbiter"
# the roots a bare statement is most often mistaken for (by the silver set's counts)
ROOTS = ("02", "03", "05", "10", "11", "12", "13", "16")
# only a bare statement: a specific one (012 pessimism, 016 denial ...) already says what it is
BARE_STATEMENT = "010"

Recode = Callable[[Event, str, str], Event]


_WORD = re.compile(r"[a-z][a-z'-]+")


def sentence_features(text: str) -> list[str]:
    """Words and adjacent word pairs of a sentence (lower case), and a bias. (Leaving names
    out was tried: articles tune F1 0.379 -> 0.375.)"""
    words = _WORD.findall(text.lower())
    return ["bias", *sorted({f"w={w}" for w in words} | {f"b={a}_{b}" for a, b in zip(words, words[1:], strict=False)})]


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True)
class RootArbiter:
    """Per-root weights and the probability a root needs to replace a statement."""

    weights: dict[str, dict[str, float]]
    threshold: float
    name: str

    @cached_property
    def _vocabulary(self) -> frozenset[str]:
        """Every feature some root weighs."""
        return frozenset().union(*self.weights.values())

    def probabilities(self, text: str) -> dict[str, float]:
        # a feature no root weighs adds 0.0 to every sum, which leaves a float sum exactly as
        # it was: dropped once here rather than looked up under each root
        vocabulary = self._vocabulary
        feats = [f for f in sentence_features(text) if f in vocabulary]
        return {root: _sigmoid(sum(w.get(f, 0.0) for f in feats)) for root, w in self.weights.items()}

    def best(self, text: str) -> tuple[str, float]:
        probs = self.probabilities(text)
        root = max(sorted(probs), key=lambda r: probs[r])
        return root, probs[root]

    def to_json(self) -> dict[str, Any]:
        return {"format": MODEL_FORMAT, "name": self.name, "threshold": self.threshold,
                "weights": {r: dict(sorted(w.items())) for r, w in sorted(self.weights.items())}}


def read_arbiter(path: Path) -> RootArbiter:
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != MODEL_FORMAT:
        raise ValueError(f"{path}: root arbiter format {data.get('format')!r}, expected {MODEL_FORMAT}")
    weights = {str(r): {k: float(v) for k, v in w.items()} for r, w in data["weights"].items()}
    return RootArbiter(weights, float(data["threshold"]), str(data["name"]))


@cache
def shipped_arbiter() -> RootArbiter | None:
    """The root arbiter shipped in the package, or None when none is shipped."""
    return read_arbiter(MODEL_FILE) if MODEL_FILE.exists() else None


def arbitrate(events: Iterable[Event], arbiter: RootArbiter | None, recode: Recode) -> list[Event]:
    """The events, with each bare statement (010) whose sentence the arbiter gives another root
    at or above its threshold recoded to that root's base code by ``recode(event, code, mark)``
    (the events stage's ``with_code``, passed by the pipeline)."""
    if arbiter is None:
        return list(events)
    out = []
    for ev in events:
        if ev.code == BARE_STATEMENT:
            root, p = arbiter.best(ev.text)
            if p >= arbiter.threshold:
                was = ev.code
                ev = recode(ev, f"{root}0", MARK)
                ev.trace["arbiter"] = {"model": arbiter.name, "root": root, "p": round(p, 4), "from": was}
        out.append(ev)
    return out
