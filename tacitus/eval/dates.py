"""`tacitus eval dates`: DATE expressions of TempEval-3 TimeBank + AQUAINT (gold/time/).

Each document is run with its creation time (DCT) as the publication date. A gold TIMEX3 of
type DATE is found when a DateRef overlaps it; its value is right when our value, written
the TimeML way (weeks "1998-W47", quarters "1998-Q3", seasons "1998-SU"), equals the gold
value (a gold value with a time of day, "1998-11-20TEV", is compared by its date).
Headline: value accuracy over found DATE expressions (TempEval-3's attribute accuracy);
end-to-end accuracy (over all gold DATEs) and detection are reported beside it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tacitus import dates
from tacitus.eval.halves import score_halves
from tacitus.eval.report import Report, Table, prf
from tacitus.nlp import annotate, load_nlp

SEASON_CODES = {"03": "SP", "06": "SU", "09": "FA", "12": "WI"}
_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
# value errors listed in the report
ERRORS_SHOWN = 400


@dataclass
class Timex:
    start: int
    end: int
    type: str
    value: str
    text: str


@dataclass
class TimeDoc:
    name: str
    dct: str
    text: str
    timexes: list[Timex] = field(default_factory=list)


def read_tml(path: Path) -> TimeDoc | None:
    raw = path.read_text(encoding="utf-8", errors="replace")
    dct_m = re.search(
        r'<TIMEX3[^>]*value="(\d{4}-\d{2}-\d{2})[^"]*"[^>]*functionInDocument="CREATION_TIME"', raw
    )
    if not dct_m:
        dct_m = re.search(r'<DCT>\s*<TIMEX3[^>]*value="(\d{4}-\d{2}-\d{2})', raw)
    if not dct_m:
        return None
    body_m = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
    if not body_m:
        return None
    body = body_m.group(1)
    out: list[str] = []
    pos = 0
    n = 0
    open_timex: tuple[int, dict[str, str]] | None = None
    timexes: list[Timex] = []
    for tm in _TAG.finditer(body):
        seg = html.unescape(body[pos : tm.start()])
        out.append(seg)
        n += len(seg)
        pos = tm.end()
        closing, name, attrs = tm.group(1), tm.group(2), tm.group(3)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (n, dict(re.findall(r'(\w+)="([^"]*)"', attrs)))
            if attrs.rstrip().endswith("/"):
                open_timex = None
        elif open_timex is not None:
            s, a = open_timex
            text = "".join(out)[s:n]
            timexes.append(Timex(s, n, a.get("type", ""), a.get("value", ""), text))
            open_timex = None
    seg = html.unescape(body[pos:])
    out.append(seg)
    return TimeDoc(path.stem, dct_m.group(1), "".join(out), timexes)


def timeml_value(value: str | None, precision: str | None) -> str | None:
    """Our (value, precision) written as a TimeML value."""
    if not value:
        return None
    if precision == "week":
        y, w, _ = date.fromisoformat(value).isocalendar()
        return f"{y:04d}-W{w:02d}"
    if precision == "quarter":
        y, m = value.split("-")[:2]
        return f"{y}-Q{(int(m) - 1) // 3 + 1}"
    if precision == "season":
        y, m = value.split("-")[:2]
        return f"{y}-{SEASON_CODES.get(m, m)}"
    return value


def _same(ours: str | None, gold: str) -> bool:
    if ours is None:
        return False
    if "T" in gold and re.match(r"\d{4}-\d{2}-\d{2}T", gold):
        gold = gold.split("T")[0]
    gold = re.sub(r"-W(\d)$", r"-W0\1", gold)  # some gold weeks are not zero-padded
    return ours == gold


@dataclass
class DocResult:
    """What our dates did on one document: the item of the tune/check halves."""

    name: str
    ours: int = 0  # our DateRefs
    ours_hit: int = 0  # ... overlapping some gold TIMEX3
    # per gold DATE: (shape, found, value right, [text, dct, gold, ours] when wrong)
    golds: list[tuple[str, bool, bool, list[str] | None]] = field(default_factory=list)


def score_document(doc_gold: TimeDoc, refs: list) -> DocResult:
    out = DocResult(doc_gold.name, ours=len(refs))
    out.ours_hit = sum(
        1 for r in refs if any(r.start < t.end and t.start < r.end for t in doc_gold.timexes)
    )
    for t in doc_gold.timexes:
        if t.type != "DATE":
            continue
        shape = re.sub(r"\d", "9", t.value)
        hits = [r for r in refs if r.start < t.end and t.start < r.end]
        if not hits:
            out.golds.append((shape, False, False, None))
            continue
        right = _same(timeml_value(hits[0].value, hits[0].precision), t.value)
        error = None if right else [t.text, doc_gold.dct, t.value, f"{hits[0].value}/{hits[0].precision}"]
        out.golds.append((shape, True, right, error))
    return out


def score(results: list[DocResult]) -> tuple[list[Table], dict[str, float]]:
    """Tables and headline figures of some documents' results."""
    found = correct = gold_n = 0
    by_type: dict[str, list[int]] = {}
    errors = Table(f"value errors (first {ERRORS_SHOWN})", ["text", "dct", "gold", "ours"])
    for res in results:
        for shape, hit, right, error in res.golds:
            gold_n += 1
            stats = by_type.setdefault(shape, [0, 0, 0])
            stats[0] += 1
            found += hit
            stats[1] += hit
            correct += right
            stats[2] += right
            if error is not None and len(errors.rows) < ERRORS_SHOWN:
                errors.rows.append(error)
    ours_n = sum(r.ours for r in results)
    ours_hit = sum(r.ours_hit for r in results)
    p, _, _ = prf(ours_hit, ours_n - ours_hit, 0)
    metrics = {
        "value_accuracy": round(correct / found, 4) if found else 0.0,
        "detection_recall": round(found / gold_n, 4) if gold_n else 0.0,
        "detection_precision": round(p, 4),
        "end_to_end_accuracy": round(correct / gold_n, 4) if gold_n else 0.0,
    }
    table = Table("DATE values by gold shape", ["shape", "gold", "found", "correct"])
    for shape, (g, f, c) in sorted(by_type.items(), key=lambda kv: -kv[1][0]):
        table.rows.append([shape, g, f, c])
    return [table, errors], metrics


def evaluate(gold_root: Path, limit: int | None = None, show: str = "check") -> Report:
    """DATE value accuracy; ``show`` picks the half ("check", "tune", "all") the tables describe."""
    folder = Path(gold_root) / "time" / "tempeval3_tbaq"
    paths = sorted(folder.glob("*/*.tml"))
    docs = [d for d in (read_tml(p) for p in paths) if d is not None]
    if limit:
        docs = docs[:limit]
    nlp = load_nlp()
    results = [
        score_document(doc_gold, dates.find_dates(doc, doc_gold.dct))
        for doc_gold, doc in zip(docs, annotate((d.text for d in docs), nlp), strict=True)
    ]
    report = Report(title="dates: TIMEX3 DATE values (TempEval-3 TimeBank + AQUAINT)")
    # the item is the document (its TimeML file name): one document's dates share a half
    score_halves(report, results, key=lambda r: r.name, score=score, show=show, title="TempEval-3 documents")
    gold_n = sum(len(r.golds) for r in results)
    report.notes.append(f"{len(docs)} documents, {gold_n} gold DATE expressions")
    return report
