"""Silver-standard training sentences: selection from an openly usable news corpus, the
coding passes, adjudication and agreement.

Texts are never stored in the repository: a sentence is ``(doc, start, end)`` into the clean
text tacitus makes of the corpus article (``read_inputs`` then ``clean_article``), so anyone with
the corpus rebuilds it exactly; spans inside it are offsets too.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Stories worth coding: words of diplomacy, coercion and conflict. A story needs several, so
# commodity and market reports (most of Reuters-21578) are left out.
POLITICAL_WORDS = re.compile(
    r"\b(minister|government|president|prime|premier|talks|negotiat\w*|troops?|army|military|"
    r"police|rebels?|guerrillas?|sanctions?|embargo|embass\w+|ambassador|treaty|accord|"
    r"parliament|congress|senate|protest\w*|demonstrat\w+|strikes?|attack\w*|war|ceasefire|"
    r"cease-fire|diplomat\w*|opposition|summit|visit\w*|arrest\w*|retaliat\w*|tariffs?|"
    r"veto\w*|condemn\w*|accus\w+|warn\w*|threat\w*|urg\w+|demand\w*|reject\w*|agree\w*|"
    r"pact|alliance|nato|united nations|opec)\b", re.I)
MIN_POLITICAL_WORDS = 6
MIN_SENTENCE_WORDS = 5
MAX_SENTENCE_WORDS = 90


@dataclass(frozen=True)
class SilverSentence:
    sid: str
    doc: str
    start: int
    end: int
    text: str
    title: str | None
    published: str | None


def sentence_id(doc: str, start: int, end: int) -> str:
    return f"{doc}:{start}-{end}"


def _keep_story(title: str | None, text: str) -> bool:
    return len(POLITICAL_WORDS.findall(f"{title or ''} {text}")) >= MIN_POLITICAL_WORDS


def _rank(doc: str, seed: str) -> str:
    # a seeded, order-free shuffle: the same corpus and seed always give the same stories
    return hashlib.sha256(f"{seed}:{doc}".encode()).hexdigest()


def select_sentences(corpus: str | Path, n_sentences: int, seed: str = "silver-1",
                     skip_docs: Iterable[str] = ()) -> list[SilverSentence]:
    """Whole political stories of ``corpus``, in seeded order, until ``n_sentences`` sentences
    (all sentences of a story are kept, so coders see the context)."""
    from tacitus import ingest
    from tacitus.model import Article
    from tacitus.nlp import annotate, load_nlp

    skip = set(skip_docs)
    stories = []
    for item in ingest.read_inputs([str(corpus)]):
        if not isinstance(item, Article) or item.id in skip:
            continue
        # the corpus holds some stories twice (same content, same id): code each once
        skip.add(item.id)
        art = ingest.clean_article(item)
        if art.text and _keep_story(art.title, art.text):
            stories.append(art)
    stories.sort(key=lambda a: _rank(a.id, seed))
    out: list[SilverSentence] = []
    nlp = load_nlp()
    for art in stories:
        if len(out) >= n_sentences:
            break
        doc = next(annotate([art.text], nlp))
        for sent in doc.sents:
            text = sent.text.strip()
            words = len(text.split())
            if not (MIN_SENTENCE_WORDS <= words <= MAX_SENTENCE_WORDS):
                continue
            start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
            end = start + len(text)
            out.append(SilverSentence(sentence_id(art.id, start, end), art.id, start, end,
                                      " ".join(text.split()), art.title, art.published))
    return out


def write_chunks(sentences: list[SilverSentence], folder: Path, size: int, prefix: str = "chunk") -> list[Path]:
    """Sentence lists for the coders, ``size`` sentences a file, never splitting a story."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    chunk: list[SilverSentence] = []

    def flush() -> None:
        if chunk:
            p = folder / f"{prefix}-{len(paths) + 1:02d}.jsonl"
            with p.open("w", encoding="utf-8") as fh:
                for s in chunk:
                    fh.write(json.dumps(s.__dict__, ensure_ascii=False) + "\n")
            paths.append(p)
            chunk.clear()

    for i, s in enumerate(sentences):
        chunk.append(s)
        last_of_story = i + 1 == len(sentences) or sentences[i + 1].doc != s.doc
        if len(chunk) >= size and last_of_story:
            flush()
    flush()
    return paths


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{n}: not JSON ({exc.msg})") from None


ROOTS = {f"{n:02d}" for n in range(1, 21)}
ROLES = {"GOV", "MIL", "COP", "JUD", "LEG", "OPP", "REB", "CVL", "MED", "BUS", "NGO", "IGO", "ELI"}
MODALITIES = {"asserted", "future", "requested", "hypothetical", "negated", "historical"}
_ISO3 = re.compile(r"^[A-Z]{3}$")


def validate_pass(chunk: Path, coded: Path) -> list[str]:
    """Problems of one coder's output for one chunk: every sentence coded exactly once, every
    field in its vocabulary, every span an exact substring of its sentence."""
    sentences = {s["sid"]: s["text"] for s in read_jsonl(chunk)}
    problems: list[str] = []
    seen: set[str] = set()
    try:
        rows = list(read_jsonl(coded))
    except (OSError, ValueError) as exc:
        return [str(exc)]
    for n, row in enumerate(rows, 1):
        where = f"{coded}:{n}"
        sid = row.get("sid")
        if sid not in sentences:
            problems.append(f"{where}: unknown sid {sid!r}")
            continue
        if sid in seen:
            problems.append(f"{where}: sid {sid} coded twice")
        seen.add(sid)
        events = row.get("events")
        if not isinstance(events, list):
            problems.append(f"{where}: 'events' must be a list")
            continue
        for k, ev in enumerate(events):
            problems += [f"{where} event {k}: {p}" for p in _event_problems(ev, sentences[sid])]
    problems += [f"{coded}: sentence {sid} not coded" for sid in sentences if sid not in seen]
    return problems


def _event_problems(ev: dict[str, Any], text: str) -> list[str]:
    out: list[str] = []
    root, code = ev.get("root"), ev.get("code")
    if root not in ROOTS:
        out.append(f"root {root!r} is not 01..20")
    if code is not None and not (isinstance(code, str) and code.startswith(str(root)) and code.isdigit()):
        out.append(f"code {code!r} does not start with its root {root!r}")
    if ev.get("modality") not in MODALITIES:
        out.append(f"modality {ev.get('modality')!r} unknown")
    for side in ("source", "target"):
        span, country, role = ev.get(f"{side}_text"), ev.get(f"{side}_country"), ev.get(f"{side}_role")
        if span is not None and span not in text:
            out.append(f"{side}_text {span!r} is not in the sentence")
        if country is not None and not (_ISO3.match(country) or country in ("IGO", "NGO")):
            out.append(f"{side}_country {country!r} is not ISO3/IGO/NGO")
        if role is not None and role not in ROLES:
            out.append(f"{side}_role {role!r} unknown")
    return out


# --------------------------------------------------------------------------- passes and agreement

SIDES = ("source", "target")
EVENT_FIELDS = ("root", "code", "modality") + tuple(f"{side}_{k}" for side in SIDES for k in ("country", "role"))


def pass_record(row: dict[str, Any], text: str) -> dict[str, Any]:
    """A coder's line with its spans as ``[start, end]`` offsets into the sentence text, and no
    copied text (the corpus licence lets us ship labels, not its words)."""
    events = []
    for ev in row["events"]:
        out = {k: ev.get(k) for k in EVENT_FIELDS}
        for side in SIDES:
            span = ev.get(f"{side}_text")
            pos = text.find(span) if span else -1
            out[f"{side}_span"] = [pos, pos + len(span)] if span and pos >= 0 else None
        events.append(out)
    return {"sid": row["sid"], "events": events}


def _key(ev: dict[str, Any]) -> tuple[Any, Any]:
    # the agreement rule of the project's two-coder article gold: same sentence, same root,
    # same source country (null == null)
    return ev["root"], ev.get("source_country")


def _agree_field(a: Any, b: Any) -> Any:
    return a if a == b else None


def adjudicate(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """One sentence's adjudicated coding: the events both passes found (fields where they
    differ are dropped to null, spans kept where they overlap) and how many each found alone."""
    b_left = list(b["events"])
    agreed = []
    for ev in a["events"]:
        partner = next((x for x in b_left if _key(x) == _key(ev)), None)
        if partner is None:
            continue
        b_left.remove(partner)
        merged = {k: _agree_field(ev.get(k), partner.get(k)) for k in EVENT_FIELDS}
        merged["root"], merged["source_country"] = ev["root"], ev.get("source_country")
        for side in SIDES:
            sa, sb = ev.get(f"{side}_span"), partner.get(f"{side}_span")
            overlap = sa and sb and sa[0] < sb[1] and sb[0] < sa[1]
            # the shorter of two overlapping spans: both coders read those words as the actor
            merged[f"{side}_span"] = min(sa, sb, key=lambda s: s[1] - s[0]) if overlap else None
        agreed.append(merged)
    only_a = len(a["events"]) - len(agreed)
    return {"sid": a["sid"], "events": agreed, "only_a": only_a, "only_b": len(b_left)}


def agreement(adjudicated: list[dict[str, Any]]) -> dict[str, float]:
    """Event agreement (agreed / mean events per pass) and sentence-level agreement on whether a
    sentence has an event (percent and Cohen's kappa)."""
    n = len(adjudicated)
    agreed = sum(len(r["events"]) for r in adjudicated)
    n_a = agreed + sum(r["only_a"] for r in adjudicated)
    n_b = agreed + sum(r["only_b"] for r in adjudicated)
    has_a = [bool(r["events"]) or r["only_a"] > 0 for r in adjudicated]
    has_b = [bool(r["events"]) or r["only_b"] > 0 for r in adjudicated]
    same = sum(x == y for x, y in zip(has_a, has_b, strict=True)) / n if n else 0.0
    pa, pb = (sum(has_a) / n, sum(has_b) / n) if n else (0.0, 0.0)
    chance = pa * pb + (1 - pa) * (1 - pb)
    kappa = (same - chance) / (1 - chance) if chance < 1 else 1.0
    return {
        "sentences": n, "events_a": n_a, "events_b": n_b, "events_agreed": agreed,
        "event_agreement": round(2 * agreed / (n_a + n_b), 4) if n_a + n_b else 0.0,
        "sentence_agreement": round(same, 4), "sentence_kappa": round(kappa, 4),
    }


def locate_docs(corpus: str | Path, docs: set[str]) -> dict[str, tuple[str, int]]:
    """Where each story is in the corpus: file name and record number (1-based), so a reader of
    the silver set finds it even without tacitus's content-hash ids."""
    from tacitus import ingest
    from tacitus.model import Article

    out = {}
    for item in ingest.read_inputs([str(corpus)]):
        if isinstance(item, Article) and item.id in docs and item.id not in out:
            out[item.id] = (Path(item.path or "").name, int(item.line or 0))
    return out


def collect(chunks: Path, passes: Path, out: Path, corpus: Path | None = None) -> dict[str, float]:
    """Every chunk both passes finished and validated: store the sentences (ids and offsets),
    both passes (offsets, no text) and the adjudicated set under ``out``; return the agreement.
    A sentence repeated (a story the corpus holds twice) is kept once."""
    out.mkdir(parents=True, exist_ok=True)
    sentences: list[dict[str, Any]] = []
    adjudicated: list[dict[str, Any]] = []
    stored: dict[str, list[dict[str, Any]]] = {"a": [], "b": []}
    seen_text: set[tuple[str, str]] = set()
    for chunk in sorted(chunks.glob("chunk-*.jsonl")):
        coded = {p: passes / f"pass-{p}" / chunk.name for p in ("a", "b")}
        if not all(c.exists() and not validate_pass(chunk, c) for c in coded.values()):
            continue
        rows = {s["sid"]: s for s in read_jsonl(chunk)}
        by_pass = {p: {r["sid"]: pass_record(r, rows[r["sid"]]["text"]) for r in read_jsonl(c)} for p, c in coded.items()}
        for sid, s in rows.items():
            if (s["doc"], s["text"]) in seen_text:
                continue
            seen_text.add((s["doc"], s["text"]))
            sentences.append({"sid": sid, "doc": s["doc"], "start": s["start"], "end": s["end"],
                              "published": s["published"], "chunk": chunk.stem, "text": s["text"]})
            for p in ("a", "b"):
                stored[p].append(by_pass[p][sid])
            adjudicated.append(adjudicate(by_pass["a"][sid], by_pass["b"][sid]))

    if corpus is not None:
        # a sentence of a story's second copy (one id, slightly other text) cannot be rebuilt
        # from the corpus: left out with its codings
        texts = load_texts(corpus, {s["doc"] for s in sentences})
        kept = {s["sid"] for s in sentences
                if s["doc"] in texts and sentence_text(texts[s["doc"]], s["start"], s["end"]) == s["text"]}
        sentences = [s for s in sentences if s["sid"] in kept]
        for p in ("a", "b"):
            stored[p] = [r for r in stored[p] if r["sid"] in kept]
        adjudicated = [r for r in adjudicated if r["sid"] in kept]
        where = locate_docs(corpus, {s["doc"] for s in sentences})
        for s in sentences:
            s["file"], s["record"] = where.get(s["doc"], (None, None))

    for s in sentences:
        del s["text"]  # the corpus's words are not stored

    def dump(name: str, rows: list[dict[str, Any]]) -> None:
        with (out / name).open("w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")

    dump("sentences.jsonl", sentences)
    dump("pass_a.jsonl", stored["a"])
    dump("pass_b.jsonl", stored["b"])
    dump("adjudicated.jsonl", adjudicated)
    stats = agreement(adjudicated)
    (out / "agreement.json").write_text(json.dumps(stats, indent=2) + "\n", encoding="utf-8")
    return stats


def sentence_text(clean_text: str, start: int, end: int) -> str:
    """The sentence as the coders saw it: the clean text's span with white space folded."""
    return " ".join(clean_text[start:end].split())


def load_texts(corpus: str | Path, docs: set[str]) -> dict[str, str]:
    """The clean texts of ``docs``, rebuilt from the corpus the way ``select_sentences`` made them."""
    from tacitus import ingest
    from tacitus.model import Article

    out = {}
    for item in ingest.read_inputs([str(corpus)]):
        # a story the corpus holds twice under one id: the first copy, as ``select_sentences``
        if isinstance(item, Article) and item.id in docs and item.id not in out:
            out[item.id] = ingest.clean_article(item).text
    return out


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(prog="python -m tacitus.learn.silver")
    sub = ap.add_subparsers(dest="cmd", required=True)
    sel = sub.add_parser("select", help="write sentence chunks for the coders")
    sel.add_argument("corpus")
    sel.add_argument("out", type=Path)
    sel.add_argument("-n", type=int, default=6000)
    sel.add_argument("--size", type=int, default=300)
    sel.add_argument("--seed", default="silver-1")
    val = sub.add_parser("validate", help="check one coder's output for one chunk")
    val.add_argument("chunk", type=Path)
    val.add_argument("coded", type=Path)
    col = sub.add_parser("collect", help="adjudicate the chunks both passes finished")
    col.add_argument("chunks", type=Path)
    col.add_argument("passes", type=Path)
    col.add_argument("out", type=Path)
    col.add_argument("--corpus", type=Path, help="record each story's file and record number")
    args = ap.parse_args(argv)
    if args.cmd == "collect":
        print(json.dumps(collect(args.chunks, args.passes, args.out, args.corpus), indent=2))
        return 0
    if args.cmd == "select":
        sentences = select_sentences(args.corpus, args.n, args.seed)
        for p in write_chunks(sentences, args.out, args.size):
            print(p)
        return 0
    problems = validate_pass(args.chunk, args.coded)
    for p in problems[:50]:
        print(p)
    print(f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
