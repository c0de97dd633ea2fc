"""``tacitus train``: train the event scorer, reproducibly, on 2 cores.

Training examples are the events the rule coder prints, each labelled right or wrong against
a coding it never saw:

* the silver set (``silver/``: Reuters-21578 sentences coded by two independent passes): an
  event is right when either pass has an event of its root in its sentence, the same lenient
  rule as ``tacitus eval articles`` precision;
* the *tune* halves of the sentence gold sets (never the check halves, never the article
  gold): PETRARCH2 GSR (root among the gold roots), PLOVER GSR (the event's PLOVER type is the
  gold type), ConfliBERT pentaclass (the event's class is the gold class).

The model is a logistic regression fitted by full-batch gradient descent (no randomness: the
same examples give the same weights), with L2 regularisation; features seen fewer than
``MIN_FEATURE_COUNT`` times are left out.

The shipped scorer calibrates the confidence of every event: it reads how the record was coded,
not the sentence's words (with words, the 1987 wire copy's vocabulary decided, and the
probabilities on today's articles were worse), and silver examples carry a domain feature
(``origin=silver``) that takes up the silver set's own base rate (a quarter of the rule events on
economic wire copy are right, against about half on political news); the feature never fires at
coding time and is not shipped.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from tacitus.learn.scorer import EventScorer, event_features
from tacitus.model import Article, Event

MIN_FEATURE_COUNT = 2
L2 = 1.0
ITERATIONS = 600
LEARNING_RATE = 0.5
ANCHOR_CHARS = 40


@dataclass
class Example:
    features: list[str]
    right: bool
    origin: str  # which set it came from
    group: str  # the sentence (or article) it came from: held-out splits never cut a group


def _fold(text: str) -> str:
    return " ".join(text.split())


def same_sentence(a: str, b: str) -> bool:
    a, b = _fold(a), _fold(b)
    return a[:ANCHOR_CHARS] in b or b[:ANCHOR_CHARS] in a


# --------------------------------------------------------------------------- examples


def _code(articles: list[Article]) -> list[Article]:
    """The articles coded by the rules (and the root arbiter), never by a shipped scorer: the
    scorer learns from the rules' own confidence."""
    from dataclasses import replace

    from tacitus.scale import code_stream
    from tacitus.settings import settings, use_settings

    now = settings()
    out: list[Article] = []
    with use_settings(replace(now, learned=replace(now.learned, event_scorer=False))):
        for chunk in code_stream(articles, jobs=1, errors=[]):
            out.extend(chunk)
    return out


def silver_examples(silver: Path, corpus: Path) -> list[Example]:
    """Examples from the adjudicated silver set (texts rebuilt from the corpus)."""
    from tacitus import ingest
    from tacitus.learn.silver import read_jsonl, sentence_text

    sentences = list(read_jsonl(silver / "sentences.jsonl"))
    passes = [{r["sid"]: r for r in read_jsonl(silver / f"pass_{p}.jsonl")} for p in ("a", "b")]
    docs = {s["doc"] for s in sentences}
    articles = [a for a in ingest.read_inputs([str(corpus)]) if isinstance(a, Article) and a.id in docs]
    by_doc: dict[str, list[tuple[str, set[str]]]] = {}
    texts = {a.id: ingest.clean_article(a).text for a in articles}
    for s in sentences:
        roots = {ev["root"] for p in passes for ev in p[s["sid"]]["events"]}
        by_doc.setdefault(s["doc"], []).append((sentence_text(texts[s["doc"]], s["start"], s["end"]), roots))
    out = []
    for art in _code(articles):
        for ev in art.events:
            hit = next(((t, roots) for t, roots in by_doc.get(art.id, []) if same_sentence(ev.text, t)), None)
            if hit is None:  # a sentence the selection left out (too short or too long)
                continue
            out.append(Example(event_features(ev), ev.root_code in hit[1], "silver", f"silver:{art.id}"))
    return out


def gold_tune_examples(gold_root: Path) -> list[Example]:
    """Examples from the tune halves of the sentence gold sets."""
    from tacitus.eval import events as ev_eval
    from tacitus.eval.halves import half_of
    from tacitus.events.tables import pentaclass
    from tacitus.ingest import article_from_text

    base = gold_root / ev_eval.EVENTS_DIR
    sets: list[tuple[str, list[ev_eval.Sentence], Callable[[Event, Any], bool]]] = []

    def gsr_right(ev: Event, gold: Any) -> bool:
        return ev.root_code in {c[0][:2] for c in gold["codings"]}

    def plover_right(ev: Event, gold: Any) -> bool:
        return ev.plover.event == gold

    def penta_right(ev: Event, gold: Any) -> bool:
        return pentaclass(ev.code) == gold

    for name, fname, reader, right in (
        ("gsr", ev_eval.GSR_FILE, ev_eval.read_petrarch_records, gsr_right),
        ("plover", ev_eval.PLOVER_FILE, ev_eval.read_plover, plover_right),
        ("pentaclass", ev_eval.PENTACLASS_FILE, ev_eval.read_pentaclass, penta_right),
    ):
        path = base / fname
        if path.exists():
            sets.append((name, [s for s in reader(path) if half_of(s.text) == "tune"], right))
    out = []
    for name, sents, right in sets:
        articles = [article_from_text(s.text, published=s.published, id=f"{name}-{k}") for k, s in enumerate(sents)]
        coded = {a.id: a for a in _code(articles)}
        for k, s in enumerate(sents):
            art = coded.get(f"{name}-{k}")
            for ev in art.events if art else []:
                out.append(Example(event_features(ev), right(ev, s.gold), name, f"{name}:{k}"))
    return out


# --------------------------------------------------------------------------- fitting


def fit(examples: list[Example], l2: float = L2, iterations: int = ITERATIONS) -> dict[str, float]:
    """Logistic-regression weights (feature -> weight) by full-batch gradient descent."""
    counts = Counter(f for ex in examples for f in set(ex.features))
    vocab = sorted(f for f, c in counts.items() if c >= MIN_FEATURE_COUNT or f == "bias")
    index = {f: i for i, f in enumerate(vocab)}
    rows = [sorted({index[f] for f in ex.features if f in index}) for ex in examples]
    row_of = np.repeat(np.arange(len(rows)), [len(r) for r in rows])
    cols = np.fromiter((c for r in rows for c in r), dtype=np.int64)
    y = np.array([ex.right for ex in examples], dtype=np.float64)
    n = max(len(examples), 1)
    w = np.zeros(len(vocab))
    g2 = np.zeros(len(vocab))
    reg = np.full(len(vocab), l2 / n)
    reg[index["bias"]] = 0.0
    for _ in range(iterations):
        z = np.bincount(row_of, weights=w[cols], minlength=len(rows))
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        grad = np.bincount(cols, weights=(p - y)[row_of], minlength=len(vocab)) / n + reg * w
        # Adagrad: rare features (most of them) still move
        g2 += grad * grad
        w -= LEARNING_RATE * grad / (np.sqrt(g2) + 1e-8)
    return {f: round(float(x), 5) for f, x in zip(vocab, w, strict=True) if abs(x) >= 1e-4}


def log_loss(scorer: EventScorer, examples: Iterable[Example]) -> float:
    total = n = 0.0
    for ex in examples:
        p = min(max(probe_p(scorer, ex), 1e-9), 1 - 1e-9)
        total -= math.log(p if ex.right else 1 - p)
        n += 1
    return total / n if n else 0.0


def write_examples(path: Path, examples: list[Example]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for ex in examples:
            fh.write(json.dumps(ex.__dict__) + "\n")


def read_examples(path: Path) -> list[Example]:
    with path.open(encoding="utf-8") as fh:
        return [Example(**json.loads(line)) for line in fh if line.strip()]


# --------------------------------------------------------------------------- the command

# the shipped scorer calibrates and drops nothing: every threshold tried lowered articles F1
DEFAULT_THRESHOLD = 0.0
# chosen on the articles *tune* half (log loss and the right share at confidence >= 0.8; 3 / 10 /
# 30 / 100 tried): strong shrinkage keeps the probabilities of rare rules near the base rate
SCORER_L2 = 30.0
DOMAIN_FEATURE = "origin="
DOMAIN_ORIGINS = frozenset({"silver"})


@dataclass
class TrainResult:
    scorer: EventScorer
    counts: dict[str, dict[str, int]]  # origin -> {"right": n, "wrong": n}
    held_out_log_loss: float
    held_out_accuracy: float


def model_examples(examples: list[Example], words: bool) -> list[Example]:
    """The examples as the model sees them: without the sentence's words unless ``words``, and
    the domain feature on examples of a set with its own base rate."""
    out = []
    for ex in examples:
        feats = [f for f in ex.features if words or not f.startswith("w=")]
        if ex.origin in DOMAIN_ORIGINS:
            feats.append(DOMAIN_FEATURE + ex.origin)
        out.append(Example(feats, ex.right, ex.origin, ex.group))
    return out


def train_event_scorer(silver: Path | None, corpus: Path | None, gold_root: Path | None,
                       threshold: float = DEFAULT_THRESHOLD, name: str = "event-scorer",
                       cache: Path | None = None, words: bool = False, l2: float = SCORER_L2) -> TrainResult:
    """Collect the examples, check the model on a held-out fifth of the groups (by hash, so the
    same every run), then fit on all of them. The domain feature's weight is not kept."""
    import hashlib

    examples: list[Example] = []
    if cache is not None and cache.exists():
        examples = read_examples(cache)
    else:
        if silver is not None and corpus is not None:
            examples += silver_examples(silver, corpus)
        if gold_root is not None:
            examples += gold_tune_examples(gold_root)
        if cache is not None:
            write_examples(cache, examples)
    if not examples:
        raise ValueError("no training examples: give the silver folder and corpus, or the gold folder")
    examples = model_examples(examples, words)

    def held(ex: Example) -> bool:
        return hashlib.sha256(ex.group.encode()).digest()[0] % 5 == 0

    train_part = [ex for ex in examples if not held(ex)]
    test_part = [ex for ex in examples if held(ex)]
    probe = EventScorer(fit(train_part, l2), threshold, name, words)
    right = sum((probe_p(probe, ex) >= 0.5) == ex.right for ex in test_part)
    counts: dict[str, dict[str, int]] = {}
    for ex in examples:
        c = counts.setdefault(ex.origin, {"right": 0, "wrong": 0})
        c["right" if ex.right else "wrong"] += 1
    weights = {f: w for f, w in fit(examples, l2).items() if not f.startswith(DOMAIN_FEATURE)}
    return TrainResult(EventScorer(weights, threshold, name, words), counts,
                       round(log_loss(probe, test_part), 4),
                       round(right / len(test_part), 4) if test_part else 0.0)


def probe_p(scorer: EventScorer, ex: Example) -> float:
    z = sum(scorer.weights.get(f, 0.0) for f in ex.features)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


# --------------------------------------------------------------------------- the root arbiter

ARBITER_THRESHOLD = 0.4  # on the articles tune half 0.2-0.5 give F1 0.380-0.384; 0.4 (0.380) keeps every check floor


def arbiter_examples(silver: Path, corpus: Path) -> list[tuple[list[str], set[str], str]]:
    """(sentence features, the roots both passes agreed on, sentence id) for every silver
    sentence with an agreed event."""
    from tacitus.learn.arbiter import sentence_features
    from tacitus.learn.silver import load_texts, read_jsonl, sentence_text

    sentences = list(read_jsonl(silver / "sentences.jsonl"))
    adjudicated = {r["sid"]: r for r in read_jsonl(silver / "adjudicated.jsonl")}
    texts = load_texts(corpus, {s["doc"] for s in sentences})
    out = []
    for s in sentences:
        roots = {ev["root"] for ev in adjudicated[s["sid"]]["events"]}
        if roots and s["doc"] in texts:
            out.append((sentence_features(sentence_text(texts[s["doc"]], s["start"], s["end"])), roots, s["sid"]))
    return out


def train_root_arbiter(silver: Path, corpus: Path, threshold: float = ARBITER_THRESHOLD,
                       name: str = "root-arbiter") -> tuple[Any, dict[str, int]]:
    """One logistic model per arbiter root (that root among the sentence's agreed roots, or
    not), fitted on every silver sentence with an agreed event; with the count of positive
    sentences per root."""
    from tacitus.learn.arbiter import ROOTS, RootArbiter

    data = arbiter_examples(silver, corpus)
    weights = {}
    positives = {}
    for root in ROOTS:
        examples = [Example(feats, root in roots, "silver", sid) for feats, roots, sid in data]
        positives[root] = sum(ex.right for ex in examples)
        weights[root] = fit(examples)
    return RootArbiter(weights, threshold, name), positives
