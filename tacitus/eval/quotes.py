"""`tacitus eval quotes`: direct quotations and their speakers against PolNeAR.

PolNeAR (Newell et al., LREC 2018) marks every attribution in US political news: its
source (speaker), cue (verb) and content. A gold *direct quotation* is an attribution whose
content is entirely inside quotation marks. It is *found* when our quotations cover at
least ``COVER`` of its characters, and its speaker is *right* when the speaker span of a
covering quotation overlaps the gold source span. A predicted quotation is *correct* when
at least ``COVER`` of it lies inside some gold attribution content (direct or not).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tacitus.eval.halves import score_halves
from tacitus.eval.report import Report, Table

# Share of characters that must overlap for a quotation to match (see module docstring).
COVER = 0.5
SPLIT = "dev"
_OPEN = "“\"'‘„«"
_CLOSE = "”\"'’»"


@dataclass
class Attribution:
    content: list[tuple[int, int]]
    source: list[tuple[int, int]] = field(default_factory=list)
    cue: list[tuple[int, int]] = field(default_factory=list)


def _spans(spec: str) -> list[tuple[int, int]]:
    out = []
    for part in spec.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return out


def parse_ann(text: str) -> list[Attribution]:
    """Attributions (content, source, cue spans) of one PolNeAR brat ``.ann`` file."""
    spans: dict[str, list[tuple[int, int]]] = {}
    events: list[dict[str, str]] = []
    for line in text.splitlines():
        if line.startswith("T"):
            parts = line.split("\t")
            if len(parts) < 2:
                continue
            label, _, spec = parts[1].partition(" ")
            try:
                spans[parts[0]] = _spans(spec)
            except ValueError:
                continue
        elif line.startswith("E"):
            parts = line.split("\t")
            if len(parts) < 2:
                continue
            roles = {}
            for arg in parts[1].split():
                role, _, ref = arg.partition(":")
                roles[re.sub(r"\d+$", "", role)] = ref
            events.append(roles)
    out = []
    for roles in events:
        content = spans.get(roles.get("Content", ""))
        if not content:
            continue
        out.append(Attribution(content, spans.get(roles.get("Source", ""), []), spans.get(roles.get("Cue", ""), [])))
    return out


def is_direct(text: str, content: list[tuple[int, int]]) -> bool:
    """Whether the attributed content lies entirely inside quotation marks."""
    first = text[content[0][0] : content[0][1]].lstrip()
    last = text[content[-1][0] : content[-1][1]].rstrip().rstrip(".,;:!?")
    return bool(first) and first[0] in _OPEN and bool(last) and last[-1] in _CLOSE


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _covered(target: list[tuple[int, int]], by: list[tuple[int, int]]) -> float:
    size = sum(e - s for s, e in target)
    if not size:
        return 0.0
    hit = 0
    for t in target:
        marks = [0] * (t[1] - t[0])
        for b in by:
            for i in range(max(t[0], b[0]), min(t[1], b[1])):
                marks[i - t[0]] = 1
        hit += sum(marks)
    return hit / size


def documents(gold_root: Path, split: str = SPLIT) -> list[tuple[str, str, list[Attribution]]]:
    """(name, text, attributions) for each text of a PolNeAR split, one annotator each."""
    base = gold_root / "quotes" / "polnear" / split
    docs = []
    anns = sorted((base / "attributions").glob("*.ann"))
    for text_path in sorted((base / "text").glob("*.txt")):
        stem = text_path.stem
        ann = next((a for a in anns if a.stem.rsplit("_", 1)[0] == stem), None)
        if ann is None:
            continue
        text = text_path.read_text(encoding="utf-8")
        docs.append((stem, text, parse_ann(ann.read_text(encoding="utf-8"))))
    return docs


def score_document(text: str, gold: list[Attribution], quotes: list[Any]) -> dict[str, int]:
    """Counts for one document given our quotations (objects with start/end/speaker/kind)."""
    counts = dict.fromkeys(
        ("gold_direct", "found", "with_source", "speaker_right", "pred", "pred_correct",
         "pred_direct", "pred_direct_correct", "gold_indirect", "indirect_found", "indirect_with_source",
         "indirect_speaker_right", "pred_indirect", "pred_indirect_correct"), 0)
    contents = [g.content for g in gold]
    marked = [q for q in quotes if q.kind != "indirect"]
    unmarked = [q for q in quotes if q.kind == "indirect"]
    for q in quotes:
        span = [(q.start, q.end)]
        ok = any(_covered(span, c) >= COVER for c in contents)
        if q.kind == "indirect":
            counts["pred_indirect"] += 1
            counts["pred_indirect_correct"] += ok
            continue
        counts["pred"] += 1
        counts["pred_correct"] += ok
        if q.kind == "direct":
            counts["pred_direct"] += 1
            counts["pred_direct_correct"] += ok
    for g in gold:
        if not is_direct(text, g.content):
            counts["gold_indirect"] += 1
            covering = [q for q in unmarked if _covered([(q.start, q.end)], g.content) > 0]
            if _covered(g.content, [(q.start, q.end) for q in covering]) < COVER:
                continue
            counts["indirect_found"] += 1
            if g.source:
                counts["indirect_with_source"] += 1
                counts["indirect_speaker_right"] += any(
                    q.speaker is not None and any(_overlap((q.speaker.start, q.speaker.end), s) for s in g.source)
                    for q in covering)
            continue
        counts["gold_direct"] += 1
        covering = [q for q in marked if _covered([(q.start, q.end)], g.content) > 0]
        if _covered(g.content, [(q.start, q.end) for q in covering]) < COVER:
            continue
        counts["found"] += 1
        if not g.source:
            continue
        counts["with_source"] += 1
        if any(q.speaker is not None and any(_overlap((q.speaker.start, q.speaker.end), s) for s in g.source)
               for q in covering):
            counts["speaker_right"] += 1
    return counts


def evaluate(gold_root: Path, limit: int | None = None, split: str = SPLIT, show: str = "check") -> Report:
    """Direct-quotation recall/precision and speaker accuracy on a PolNeAR split (dev);
    ``show`` picks the half ("check", "tune", "all") the tables describe."""
    from tacitus import actors, knowledge, nlp

    docs = documents(Path(gold_root), split)
    if limit is not None:
        docs = docs[:limit]
    coder = actors.load_coder([])
    model = nlp.load_nlp()
    counted: list[tuple[str, dict[str, int]]] = []  # (document name, counts): the halves' items
    for (name, text, gold), doc in zip(docs, nlp.annotate((d[1] for d in docs), model), strict=True):
        date = _date_of(name)
        mentions = actors.resolve_mentions(doc, coder, date)
        quotes = knowledge.find_quotes(doc, mentions.actor_of)
        counted.append((name, score_document(text, gold, quotes)))
    report = Report(
        title=f"quotes: PolNeAR {split} ({len(docs)} documents)",
        notes=[
            "gold direct quotation: attribution content entirely inside quotation marks",
            f"found: our quotations cover >= {COVER:.0%} of its characters; speaker right: "
            "speaker span overlaps the gold source span (share of found quotations with a gold source)",
            "precision: share of our quotations lying >= "
            f"{COVER:.0%} inside some gold attribution content (direct or indirect)",
            "indirect: gold attributions not entirely quoted, against our unquoted reported speech",
        ],
    )
    score_halves(report, counted, key=lambda nc: nc[0], score=score, show=show, title=f"PolNeAR {split} documents")
    return report


def score(counted: list[tuple[str, dict[str, int]]]) -> tuple[list[Table], dict[str, float]]:
    """Tables and headline figures of some documents' counts (from ``score_document``)."""
    t: dict[str, int] = {}
    rows = []
    for name, counts in counted:
        for k, v in counts.items():
            t[k] = t.get(k, 0) + v
        rows.append([name, counts["gold_direct"], counts["found"], counts["speaker_right"], counts["pred"]])
    recall = t.get("found", 0) / t["gold_direct"] if t.get("gold_direct") else 0.0
    p_all = t.get("pred_correct", 0) / t["pred"] if t.get("pred") else 0.0
    p_direct = t.get("pred_direct_correct", 0) / t["pred_direct"] if t.get("pred_direct") else 0.0
    f1 = 2 * p_direct * recall / (p_direct + recall) if p_direct + recall else 0.0
    speaker = t.get("speaker_right", 0) / t["with_source"] if t.get("with_source") else 0.0
    found_right = t.get("speaker_right", 0) / t["gold_direct"] if t.get("gold_direct") else 0.0
    tables = [
        Table("totals", ["measure", "value"], [[k, v] for k, v in sorted(t.items())]),
        Table("documents", ["document", "gold direct", "found", "speaker right", "predicted"], rows),
    ]
    metrics = {
        "direct_recall": round(recall, 4),
        "quote_precision": round(p_all, 4),
        "direct_precision": round(p_direct, 4),
        "direct_f1": round(f1, 4),
        "speaker_accuracy": round(speaker, 4),
        "found_with_right_speaker": round(found_right, 4),
        "indirect_recall": _ratio(t, "indirect_found", "gold_indirect"),
        "indirect_precision": _ratio(t, "pred_indirect_correct", "pred_indirect"),
        "indirect_speaker_accuracy": _ratio(t, "indirect_speaker_right", "indirect_with_source"),
    }
    return tables, metrics


def _ratio(t: dict[str, int], num: str, den: str) -> float:
    return round(t.get(num, 0) / t[den], 4) if t.get(den) else 0.0


def _date_of(name: str) -> str | None:
    m = re.search(r"_(\d{4}-\d{2}-\d{2})_", name)
    return m.group(1) if m else None
