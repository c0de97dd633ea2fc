"""`tacitus eval actors`: actor coding against the gold records' actor codes.

Three sets are built from ``gold/events``:

* PLOVER GSR dev: each source/target with its text and CAMEO code + sector. The actor
  text is found in the sentence and coded as a span (its head when the span gives nothing).
* PETRARCH2 GSR dev: sentences with source/target codes but no spans; a gold code counts as
  found when one actor coded in the sentence carries it.
* ConfliBERT source/target train spans: no codes, so only detection (a span codes as an
  actor at all).

Per actor: *country accuracy* (the three-letter country or IGO part) and *full-code
accuracy* (country part and first role both right, CAMEO top level). The report also
counts how many ISO countries have a head of state and a head of government in office on
``COVERAGE_DATE``, split by how fresh the source is.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tacitus.actors import load_coder, resolve_mentions
from tacitus.actors.lexicon import Entry
from tacitus.eval.halves import score_halves
from tacitus.eval.report import Report, Table
from tacitus.model import Actor
from tacitus.nlp import load_nlp

COVERAGE_DATE = "2026-07-01"
# Offices that make someone head of state / head of government (lower-case substrings).
HEAD_OF_STATE = ("president", "king", "queen", "monarch", "emir", "sultan", "supreme leader",
                 "head of state", "governor-general", "pope", "leader", "chairman", "emperor",
                 "captain regent")
HEAD_OF_GOVERNMENT = ("prime minister", "premier", "chancellor", "chief executive", "chief adviser",
                      "head of government", "taoiseach", "council of ministers")
# Sources whose open-ended rows were checked to hold in 2026 (curated terms, 2026 scrape).
FRESH_SOURCES = ("wikipedia:", "open-data-archive", "unitedstates/congress-legislators")
NON_COUNTRY_PREFIXES = ("IGO", "NGO", "IMG", "MNC")


@dataclass
class Case:
    set: str
    text: str
    date: str | None
    actor_text: str | None
    code: str  # gold country/IGO part
    role: str | None
    # the item of the tune/check halves: PLOVER record id, PETRARCH2 sentence id
    doc: str = ""


@dataclass
class Outcome:
    """One gold actor coded: (detected, country right, full code right), or unlocatable."""

    detected: bool = False
    country: bool = False
    full: bool = False
    unlocatable: bool = False
    label: str = ""
    gold: str = ""
    coded: str = ""


@dataclass
class Item:
    """The actors of one gold record (PLOVER record, PETRARCH2 sentence, ConfliBERT sentence):
    the item of the tune/check halves."""

    set: str
    id: str
    outcomes: list[Outcome] = field(default_factory=list)
    spans: int = 0  # ConfliBERT: gold spans ...
    spans_detected: int = 0  # ... coded as an actor


def _gold_role(sector: str | None) -> str | None:
    if not sector or not sector[:3].isalpha() or not sector[:3].isupper():
        return None
    return sector[:3]


def plover_cases(root: Path) -> list[Case]:
    path = root / "events" / "plover_gsr_dev.json"
    if not path.exists():
        return []
    out = []
    for r in json.loads(path.read_text(encoding="utf-8")):
        text = r.get("text")
        if not text:
            continue
        for side in ("source", "target"):
            for a in r.get(side) or []:
                code = (a.get("code") or "").strip()
                if not code or not a.get("actorText"):
                    continue
                out.append(Case("plover", text, r.get("date"), a["actorText"], code[:3].upper(),
                                _gold_role(a.get("sector")), str(r.get("id") or text)))
    return out


_SENT_RE = re.compile(r'<Sentence[^>]*id="([^"]+)"[^>]*>(.*?)</Sentence>', re.S)
_CODING_RE = re.compile(r'<EventCoding[^>]*sourcecode="([^"]*)"[^>]*targetcode="([^"]*)"')
_TEXT_RE = re.compile(r"<Text>(.*?)</Text>", re.S)


def petrarch_cases(root: Path) -> list[Case]:
    path = root / "events" / "petrarch2_gsr_validation_dev.xml"
    if not path.exists():
        return []
    raw = path.read_text(encoding="utf-8", errors="replace")
    out = []
    # Each <Sentence .../> header is followed by its codings and text until the next header.
    blocks = re.split(r"(?=<Sentence )", raw)
    for block in blocks[1:]:
        m = re.match(r'<Sentence[^>]*id="([^"]+)"', block)
        t = _TEXT_RE.search(block)
        if not m or not t:
            continue
        sid = m.group(1)
        date = None
        d = re.match(r"[A-Z]+(\d{2})(\d{2})(\d{2})", sid)
        if d:
            date = f"20{d.group(1)}-{d.group(2)}-{d.group(3)}"
        text = " ".join(t.group(1).split())
        seen = set()
        for src, tgt in _CODING_RE.findall(block):
            for code in (src, tgt):
                if code and code not in seen:
                    seen.add(code)
                    # the set is made of sentences (one per AFP story, the rest PETRARCH2
                    # validation-suite sentences): the sentence id is the item of the halves
                    out.append(Case("petrarch", text, date, None, code[:3].upper(), _role_part(code), sid))
    return out


def _role_part(code: str) -> str | None:
    rest = code[3:6].upper()
    return rest if len(rest) == 3 else None


def conflibert_spans(root: Path, limit: int | None) -> list[tuple[str, list[tuple[int, int]]]]:
    """Sentences with their gold source/target spans (character offsets)."""
    path = root / "events" / "conflibert_source_target_train.conll"
    if not path.exists():
        return []
    out: list[tuple[str, list[tuple[int, int]]]] = []
    words: list[str] = []
    tags: list[str] = []

    def flush() -> None:
        if not words:
            return
        text, spans, pos, cur = "", [], [], None
        for w in words:
            if text:
                text += " "
            pos.append(len(text))
            text += w
        for k, tag in enumerate(tags + ["O"]):
            if cur is not None and not tag.startswith("I-"):
                spans.append((pos[cur[0]], pos[cur[1]] + len(words[cur[1]])))
                cur = None
            if tag.startswith("B-") and tag[2:] in ("S", "T"):
                cur = [k, k]
            elif tag.startswith("I-") and cur is not None:
                cur[1] = k
        out.append((text, spans))

    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.strip():
            flush()
            words, tags = [], []
            if limit and len(out) >= limit:
                break
            continue
        parts = line.rsplit(" ", 1)
        if len(parts) == 2:
            words.append(parts[0])
            tags.append(parts[1])
    flush()
    return out[:limit] if limit else out


def _country_part(a: Actor | None) -> str | None:
    if a is None or not a.code:
        return None
    return a.code[:3]


def _score(case: Case, found: list[Actor]) -> tuple[bool, bool, bool]:
    """(detected, country right, full code right) for one gold actor."""
    if not found:
        return False, False, False
    if case.code == "---":  # gold says: no country
        country = any(a.country is None and not (a.code or "").startswith(NON_COUNTRY_PREFIXES) for a in found)
        full = any(a.country is None and a.code == case.role for a in found)
        return True, country, full
    country = any(_country_part(a) == case.code for a in found)
    full = any(_country_part(a) == case.code and (a.role or None) == case.role for a in found)
    return True, country, full


def code_cases(cases: list[Case], nlp: Any, coder: Any) -> list[Item]:
    """Code each gold actor's sentence and score it; one item per gold record, in order."""
    items: dict[tuple[str, str], Item] = {}
    docs: dict[tuple[str, str | None], object] = {}
    for case in cases:
        item = items.setdefault((case.set, case.doc), Item(case.set, case.doc or case.text))
        key = (case.text, case.date)
        if key not in docs:
            doc = nlp(case.text)
            docs[key] = (doc, resolve_mentions(doc, coder, case.date))
        doc, mentions = docs[key]  # type: ignore[misc]
        if case.actor_text is not None:
            start = case.text.find(case.actor_text)
            if start < 0:
                item.outcomes.append(Outcome(unlocatable=True))
                continue
            span = doc.char_span(start, start + len(case.actor_text), alignment_mode="expand")
            actor = mentions.actor_of(span) if span is not None else None
            if actor is None and span is not None:
                actor = mentions.actor_of(span.root)
            found = [actor] if actor else []
            label = case.actor_text
        else:
            found = [a for t in doc if (a := mentions.actor_of(t)) is not None]
            label = "(sentence)"
        detected, country, full = _score(case, found)
        coded = ", ".join(sorted({a.code or "?" for a in found})) or "-"
        item.outcomes.append(Outcome(detected, country, full, False, label[:60], case.code + (case.role or ""), coded[:60]))
    return list(items.values())


def code_spans(sentences: list[tuple[str, list[tuple[int, int]]]], nlp: Any, coder: Any) -> list[Item]:
    """ConfliBERT sentences (no ids: the text is the id) with how many gold spans code as actors."""
    items = []
    for text, spans in sentences:
        doc = nlp(text)
        mentions = resolve_mentions(doc, coder, None)
        item = Item("conflibert", text, spans=len(spans))
        for s, e in spans:
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is not None and (mentions.actor_of(span) or mentions.actor_of(span.root)):
                item.spans_detected += 1
        items.append(item)
    return items


def score(items: list[Item]) -> tuple[list[Table], dict[str, float]]:
    """The accuracy table, the first errors and the figures of some coded items."""
    per_set: dict[str, Counter[str]] = {}
    errors = Table("errors (first 40)", ["set", "actor", "gold", "coded"])
    cb: Counter[str] = Counter()
    for item in items:
        if item.set == "conflibert":
            cb["gold"] += item.spans
            cb["detected"] += item.spans_detected
            continue
        c = per_set.setdefault(item.set, Counter())
        for o in item.outcomes:
            if o.unlocatable:
                c["unlocatable"] += 1
                continue
            c["gold"] += 1
            c["detected"] += o.detected
            c["country"] += o.country
            c["full"] += o.full
            if not o.full and len(errors.rows) < 40:
                errors.rows.append([item.set, o.label, o.gold, o.coded])
    table = Table("actor coding", ["set", "gold actors", "detected", "country acc", "full-code acc", "unlocatable"])
    metrics: dict[str, float] = {}
    tot: Counter[str] = Counter()
    for name, c in per_set.items():
        n = c["gold"] or 1
        table.rows.append([name, c["gold"], round(c["detected"] / n, 3), round(c["country"] / n, 3),
                           round(c["full"] / n, 3), c["unlocatable"]])
        metrics[f"{name}_country_acc"] = round(c["country"] / n, 4)
        metrics[f"{name}_full_code_acc"] = round(c["full"] / n, 4)
        tot.update(c)
    if tot["gold"]:
        metrics["country_acc"] = round(tot["country"] / tot["gold"], 4)
        metrics["full_code_acc"] = round(tot["full"] / tot["gold"], 4)
        metrics["detection"] = round(tot["detected"] / tot["gold"], 4)
    if cb["gold"]:
        table.rows.append(["conflibert spans", cb["gold"], round(cb["detected"] / cb["gold"], 3), "-", "-", 0])
        metrics["conflibert_span_detection"] = round(cb["detected"] / cb["gold"], 4)
    return [table, errors], metrics


def evaluate(gold_root: Path, limit: int | None = None, show: str = "check") -> Report:
    """Actor coding accuracy; ``show`` picks the half ("check", "tune", "all") the tables
    describe. The item of the halves is the gold record: PLOVER record id, PETRARCH2 sentence
    id, ConfliBERT sentence text. Coverage and load time stay outside the halves."""
    nlp = load_nlp()
    coder = load_coder([])
    cases = plover_cases(gold_root) + petrarch_cases(gold_root)
    if limit:
        cases = cases[:limit]
    items = code_cases(cases, nlp, coder) + code_spans(conflibert_spans(gold_root, limit or None), nlp, coder)
    report = Report(
        "actors: country and full-code accuracy on gold actor codes",
        notes=[f"coverage counted on {COVERAGE_DATE}; 'fresh' = curated terms or the 2026 leaders file, "
               "'any' also counts Wikidata 2021 rows still open when scraped (2022)",
               "PETRARCH2: a gold code counts as found when any actor coded in its sentence carries it"],
    )
    score_halves(report, items, key=lambda it: it.id, score=score, show=show,
                 title="PLOVER records, PETRARCH2 and ConfliBERT sentences")
    cov_table, cov = coverage(coder.lexicon.entries.values(), COVERAGE_DATE)
    report.tables.append(cov_table)
    report.metrics.update(cov)
    report.metrics["load_seconds"] = round(coder.load_seconds, 3)
    return report


def coverage(entry_lists: object, date: str) -> tuple[Table, dict[str, float]]:
    """How many ISO countries have a head of state and of government in office on ``date``."""
    import pycountry

    iso = {c.alpha_3 for c in pycountry.countries}
    hos: dict[str, set[str]] = {"fresh": set(), "any": set()}
    hog: dict[str, set[str]] = {"fresh": set(), "any": set()}
    has_pm_office: set[str] = set()
    presidents: dict[str, set[str]] = {"fresh": set(), "any": set()}
    seen: set[tuple[object, ...]] = set()
    for lst in entry_lists:  # type: ignore[union-attr]
        for raw in lst:
            e = Entry._make(raw)
            if e.kind != "person" or not e.office or not e.country or e.country not in iso:
                continue
            if (e.name, e.start, e.office) in seen:
                continue
            seen.add((e.name, e.start, e.office))
            # "president; head of government": each office of a row counts on its own
            offices = [o.strip() for o in e.office.lower().split(";")]
            is_hog = any(w in o for o in offices for w in HEAD_OF_GOVERNMENT)
            is_hos = any(any(w in o for w in HEAD_OF_STATE) and not any(w in o for w in HEAD_OF_GOVERNMENT)
                         for o in offices)
            office = " ".join(o for o in offices if not any(w in o for w in HEAD_OF_GOVERNMENT))
            if e.code[3:6] != "GOV" or not e.start or not e.valid_on(date):
                continue
            if is_hog:
                has_pm_office.add(e.country)
            tiers = ["any"] + (["fresh"] if (e.source or "").startswith(FRESH_SOURCES) else [])
            for tier in tiers:
                if is_hos:
                    hos[tier].add(e.country)
                    if "president" in office:
                        presidents[tier].add(e.country)
                if is_hog:
                    hog[tier].add(e.country)
    metrics: dict[str, float] = {"iso_countries": float(len(iso))}
    table = Table(f"heads in office on {date}", ["source tier", "head of state", "head of government", "both"])
    for tier in ("fresh", "any"):
        # A president with no prime minister in office heads the government too.
        gov = hog[tier] | (presidents[tier] - has_pm_office)
        both = hos[tier] & gov
        table.rows.append([tier, len(hos[tier]), len(gov), len(both)])
        metrics[f"countries_head_of_state_{tier}"] = float(len(hos[tier]))
        metrics[f"countries_head_of_government_{tier}"] = float(len(gov))
        metrics[f"countries_both_heads_{tier}"] = float(len(both))
    return table, metrics
