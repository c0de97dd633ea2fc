"""`tacitus eval articles`: the whole coder on real news articles, the headline measure.

Gold: ``gold/articles/`` — real articles, each coded independently by two coders (``coder_a.json``,
``coder_b.json``) after its ``CODING_GUIDE.md``. An event is gold when both coders found it:
same article, same sentence, same CAMEO root, same source country (null == null).

The system side is the public record exactly as ``tacitus code --format jsonl`` prints it: the
articles are read by the same reader (``input.jsonl``), cleaned and coded by the same pipeline,
and only the record's fields are scored (``events[].text``, ``root_code``, actor countries,
``date``, ``place.country``).

* recall: a gold event is found when an output event of its sentence has its root and the gold
  source country among the countries of its source or target actors;
* precision (lenient): an output event is right when either coder has an event of its root in
  its sentence;
* on the found events: target country, date (same day; same month or year where gold gives only
  that; events the coders marked ``historical`` are not scored) and place country (null ==
  null counts as right; ``articles_place_country_given`` scores only the events for which a
  coder gives a place country).

Two texts are "the same sentence" when the first ``ANCHOR_CHARS`` characters of one lie in the
other (whitespace folded), either way round: the coders quote part of a sentence, and the
system's sentence splitter may cut a sentence the coders kept whole.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tacitus.eval.halves import score_halves
from tacitus.eval.report import Report, Table

ARTICLES_DIR = "articles"
INPUT_FILE = "input.jsonl"
CODER_FILES = ("coder_a.json", "coder_b.json")
# the gold README: "its first 40 characters are enough" to find a coder's sentence
ANCHOR_CHARS = 40
# the coders' sentences: text up to a full stop, question or exclamation mark (and a closing
# quote) followed by white space, or a line break; this reproduces the README's agreed count
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’]?\s+|\n+")
BARE_STATEMENT_ROOT = "01"
# calibration: the bar is "events at confidence >= 0.8 are right >= 85 % of the time";
# the reliability table shows the right share in each confidence band
CONFIDENT = 0.8
CONFIDENCE_BANDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9)


@dataclass
class CoderEvent:
    """One coder's event, with the sentence (by the coders' split) that holds its quote."""

    raw: dict[str, Any]
    sentence: str

    @property
    def root(self) -> str:
        return str(self.raw["root"])


@dataclass
class GoldEvent:
    """An event both coders found: their two codings of it."""

    a: CoderEvent
    b: CoderEvent

    @property
    def root(self) -> str:
        return self.a.root

    @property
    def source_country(self) -> str | None:
        return self.a.raw.get("source_country")

    def values(self, key: str) -> set[Any]:
        return {self.a.raw.get(key), self.b.raw.get(key)}


@dataclass
class ArticleItem:
    """One article: its gold, both coders' events (for precision) and the system's output."""

    id: str
    gold: list[GoldEvent]
    either: list[CoderEvent]
    output: list[dict[str, Any]] = field(default_factory=list)


def _fold(text: str) -> str:
    return " ".join(text.split())


def _anchor(text: str) -> str:
    return _fold(text)[:ANCHOR_CHARS]


def same_sentence(system_text: str, coder: CoderEvent) -> bool:
    """The output event's evidence sentence is the coder's sentence (see the module docstring)."""
    sys_text = _fold(system_text)
    return _anchor(coder.raw["sentence_has"]) in sys_text or _anchor(sys_text) in _fold(coder.sentence)


def coder_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans as the coders' scoring rule cuts them."""
    starts = [0] + [m.end() for m in SENTENCE_END.finditer(text)]
    ends = starts[1:] + [len(text)]
    return [(s, e) for s, e in zip(starts, ends, strict=True) if s < e]


Located = list[tuple[tuple[str, int], CoderEvent]]


def _locate(events: list[dict[str, Any]], texts: dict[str, str]) -> Located:
    out = []
    spans = {aid: coder_sentences(t) for aid, t in texts.items()}
    for e in events:
        text = texts.get(e["article"])
        if text is None:
            continue
        pos = text.find(e["sentence_has"])
        if pos < 0:
            continue
        idx = max(i for i, (s, _) in enumerate(spans[e["article"]]) if s <= pos)
        s, end = spans[e["article"]][idx]
        out.append(((e["article"], idx), CoderEvent(e, text[s:end])))
    return out


def agreed_events(texts: dict[str, str], coder_a: list[dict[str, Any]], coder_b: list[dict[str, Any]]) -> list[GoldEvent]:
    """Events both coders found (same article, sentence, root and source country), paired in
    the coders' order; an event one coder gave twice and the other once counts once."""
    return _agree(_locate(coder_a, texts), _locate(coder_b, texts))


def _agree(located_a: Located, located_b: Located) -> list[GoldEvent]:
    def key(loc: tuple[str, int], ev: CoderEvent) -> tuple[Any, ...]:
        return (*loc, ev.root, ev.raw.get("source_country"))

    by_key_b: dict[tuple[Any, ...], list[CoderEvent]] = defaultdict(list)
    for loc, ev in located_b:
        by_key_b[key(loc, ev)].append(ev)
    gold = []
    for loc, ev in located_a:
        partners = by_key_b.get(key(loc, ev))
        if partners:
            gold.append(GoldEvent(ev, partners.pop(0)))
    return gold


def read_set(base: Path) -> tuple[list[dict[str, Any]], list[ArticleItem]]:
    """The input records and one item per article (gold and both coders' events)."""
    records = [json.loads(line) for line in (base / INPUT_FILE).read_text("utf-8").splitlines() if line.strip()]
    texts = {r["id"]: r["text"] for r in records}
    located = [_locate(json.loads((base / name).read_text("utf-8")), texts) for name in CODER_FILES]
    gold: dict[str, list[GoldEvent]] = defaultdict(list)
    for g in _agree(located[0], located[1]):
        gold[g.a.raw["article"]].append(g)
    either: dict[str, list[CoderEvent]] = defaultdict(list)
    for (article, _), ev in located[0] + located[1]:
        either[article].append(ev)
    return records, [ArticleItem(r["id"], gold[r["id"]], either[r["id"]]) for r in records]


def code_input(path: Path) -> dict[str, list[dict[str, Any]]]:
    """The public records' events per article id, read and coded as ``tacitus code`` does."""
    from tacitus import ingest
    from tacitus.errors import InputError
    from tacitus.scale import code_stream

    articles = [a for a in ingest.read_inputs([str(path)]) if not isinstance(a, InputError)]
    out: dict[str, list[dict[str, Any]]] = {}
    for chunk in code_stream(articles, jobs=1):
        for art in chunk:
            rec = art.to_dict()
            out[rec["id"]] = rec["events"]
    return out


# --------------------------------------------------------------------------- scoring


def _countries(actors: Iterable[dict[str, Any]]) -> set[str | None]:
    return {a.get("country") for a in actors}


def evidence_texts(ev: dict[str, Any]) -> list[str]:
    """The sentences a printed event gives as its evidence: its own and those of the other
    mentions of the same incident that dedupe merged into it."""
    return [ev["text"], *(m["text"] for m in ev.get("other_mentions") or [])]


def _finds(ev: dict[str, Any], g: GoldEvent) -> bool:
    if ev.get("root_code") != g.root or not any(
        same_sentence(t, g.a) or same_sentence(t, g.b) for t in evidence_texts(ev)
    ):
        return False
    countries = _countries(ev["source"]) | _countries(ev["target"])
    if not ev["source"]:
        countries.add(None)
    return g.source_country in countries


def _target_right(ev: dict[str, Any], g: GoldEvent) -> bool:
    got = _countries(ev["target"]) or {None}
    return bool(got & g.values("target_country"))


def _date_scored(g: GoldEvent) -> bool:
    return bool(g.values("date") - {None}) and "historical" not in g.values("modality")


def _date_right(ev: dict[str, Any], g: GoldEvent) -> bool:
    got = ev.get("date") or ""
    return any(got[: len(d)] == d for d in g.values("date") - {None})


def _place_right(ev: dict[str, Any], g: GoldEvent) -> bool:
    got = (ev.get("place") or {}).get("country")
    return got in g.values("place_country")


def _best_match(events: list[dict[str, Any]], g: GoldEvent) -> dict[str, Any] | None:
    """Of the output events that find ``g``, the one that gets most of its other fields right."""
    hits = [ev for ev in events if _finds(ev, g)]
    if not hits:
        return None
    return max(hits, key=lambda ev: (_target_right(ev, g), _date_right(ev, g), _place_right(ev, g)))


def _right(ev: dict[str, Any], either: list[CoderEvent]) -> bool:
    return any(c.root == ev.get("root_code") and same_sentence(t, c) for c in either for t in evidence_texts(ev))


def score(items: list[ArticleItem]) -> tuple[list[Table], dict[str, float]]:
    per_article = []
    root_gold: Counter = Counter()
    root_found: Counter = Counter()
    root_out: Counter = Counter()
    root_right: Counter = Counter()
    tp = n_gold = n_out = n_right = 0
    field_hits: Counter = Counter()
    field_n: Counter = Counter()
    bare = 0
    band_out: Counter = Counter()
    band_right: Counter = Counter()
    squared_error = 0.0
    for it in items:
        found = 0
        for g in it.gold:
            root_gold[g.root] += 1
            ev = _best_match(it.output, g)
            if ev is None:
                continue
            found += 1
            root_found[g.root] += 1
            field_n["target"] += 1
            field_hits["target"] += _target_right(ev, g)
            field_n["place"] += 1
            field_hits["place"] += _place_right(ev, g)
            if g.values("place_country") - {None}:
                # the target: the country right where the coders give a place
                field_n["place_given"] += 1
                field_hits["place_given"] += _place_right(ev, g)
            if _date_scored(g):
                field_n["date"] += 1
                field_hits["date"] += _date_right(ev, g)
        right = 0
        for ev in it.output:
            ok = _right(ev, it.either)
            right += ok
            root_out[ev.get("root_code")] += 1
            root_right[ev.get("root_code")] += ok
            bare += ev.get("root_code") == BARE_STATEMENT_ROOT
            band = _band(ev.get("confidence") or 0.0)
            squared_error += ((ev.get("confidence") or 0.0) - ok) ** 2
            band_out[band] += 1
            band_right[band] += ok
        tp += found
        n_gold += len(it.gold)
        n_out += len(it.output)
        n_right += right
        per_article.append([it.id, len(it.gold), found, round(found / len(it.gold), 3) if it.gold else "",
                            len(it.output), right, round(right / len(it.output), 3) if it.output else ""])
    precision = n_right / n_out if n_out else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def share(k: str) -> float:
        return round(field_hits[k] / field_n[k], 4) if field_n[k] else 0.0

    metrics = {
        "articles_recall": round(recall, 4),
        "articles_precision": round(precision, 4),
        "articles_f1": round(f1, 4),
        "articles_target_country": share("target"),
        "articles_date": share("date"),
        "articles_place_country": share("place"),
        "articles_place_country_given": share("place_given"),
        "articles_bare_statement_share": round(bare / n_out, 4) if n_out else 0.0,
    }
    confident = [b for b in CONFIDENCE_BANDS if b >= CONFIDENT]
    n_confident = sum(band_out[b] for b in confident)
    metrics["articles_confident_right"] = (
        round(sum(band_right[b] for b in confident) / n_confident, 4) if n_confident else 0.0)
    metrics["articles_confident_share"] = round(n_confident / n_out, 4) if n_out else 0.0
    # Brier score: mean squared gap between confidence and right (1) / wrong (0); lower is better
    metrics["articles_confidence_brier"] = round(squared_error / n_out, 4) if n_out else 0.0
    summary = Table("summary", ["measure", "value", "of"], [
        ["recall (agreed events found)", round(recall, 3), n_gold],
        ["precision (output events either coder has)", round(precision, 3), n_out],
        ["F1", round(f1, 3), ""],
        ["target country right (found events)", share("target"), field_n["target"]],
        ["date right (found events, not historical)", share("date"), field_n["date"]],
        ["place country right (found events)", share("place"), field_n["place"]],
        ["place country right (found events whose gold has a place)", share("place_given"),
         field_n["place_given"]],
        ["bare statements (01) in the output", metrics["articles_bare_statement_share"], n_out],
        [f"right among output events at confidence >= {CONFIDENT}", metrics["articles_confident_right"],
         n_confident],
        ["Brier score of the confidence (lower is better)", metrics["articles_confidence_brier"], n_out],
    ])
    articles = Table("per article", ["article", "gold", "found", "recall", "output", "right", "precision"], per_article)
    roots = sorted(set(root_gold) | set(root_out), key=lambda r: (r is None, str(r)))
    per_root = Table("per CAMEO root", ["root", "gold", "found", "recall", "output", "right", "precision"], [
        [r, root_gold[r], root_found[r], round(root_found[r] / root_gold[r], 3) if root_gold[r] else "",
         root_out[r], root_right[r], round(root_right[r] / root_out[r], 3) if root_out[r] else ""]
        for r in roots
    ])
    bands = list(CONFIDENCE_BANDS)
    calibration = Table("calibration (output events by confidence)", ["confidence", "output", "right", "right share"], [
        [f"{lo:.1f}–{hi:.1f}" if hi <= 1 else f">= {lo:.1f}", band_out[lo], band_right[lo],
         round(band_right[lo] / band_out[lo], 3) if band_out[lo] else ""]
        for lo, hi in zip(bands, [*bands[1:], 2.0], strict=True)
    ])
    return [summary, articles, per_root, calibration], metrics


def _band(confidence: float) -> float:
    """The lower bound of the confidence band ``confidence`` falls in."""
    return max(b for b in CONFIDENCE_BANDS if confidence >= b - 1e-9) if confidence >= 0 else 0.0


def evaluate(gold_root: Path, limit: int | None = None, show: str = "check") -> Report:
    """Code the articles of ``gold_root/articles`` and score them (see the module docstring)."""
    report = Report("articles: whole real news articles against two coders")
    base = Path(gold_root) / ARTICLES_DIR
    if not (base / INPUT_FILE).exists():
        report.notes.append(f"{ARTICLES_DIR}/{INPUT_FILE} not found: skipped")
        return report
    records, items = read_set(base)
    if limit:
        items = items[:limit]
        keep = {it.id for it in items}
        with tempfile.TemporaryDirectory(prefix="tacitus-eval-") as tmp:
            path = Path(tmp) / INPUT_FILE
            path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records if r["id"] in keep), "utf-8")
            output = code_input(path)
    else:
        output = code_input(base / INPUT_FILE)
    for it in items:
        it.output = output.get(it.id, [])
    missing = [it.id for it in items if it.id not in output]
    if missing:
        report.notes.append(f"not coded (read or coding error): {', '.join(missing)}")
    score_halves(report, items, key=lambda it: it.id, score=score, show=show, title="articles")
    report.notes.append(
        "Gold = events both coders found (same article, sentence, root, source country); precision counts an "
        "output event right when either coder has its root in its sentence."
    )
    return report
