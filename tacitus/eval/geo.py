"""`tacitus eval geo`: toponym detection and resolution on gold/geo (LGL, GeoVirus).

Detection: a gold toponym is found when a place span overlaps it (precision over our places,
recall over gold toponyms). Accuracy@161 km: of the found gold toponyms that have
coordinates, the share whose place lies within 161 km (100 miles, the usual threshold).
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tacitus import geo
from tacitus.eval.halves import score_halves
from tacitus.eval.report import Report, Table, prf
from tacitus.model import Article
from tacitus.nlp import annotate, load_nlp

ACCURACY_KM = 161.0
EARTH_RADIUS_KM = 6371.0


@dataclass
class GoldToponym:
    start: int
    end: int
    text: str
    lat: float | None
    lon: float | None


@dataclass
class GoldDoc:
    text: str
    toponyms: list[GoldToponym] = field(default_factory=list)
    # the article's id in its set (LGL docid, GeoVirus source URL); its text where it has none
    id: str = ""


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text not in (None, "") else None
    except ValueError:
        return None


def read_lgl(path: Path) -> Iterator[GoldDoc]:
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        doc = GoldDoc(text, id=art.get("docid") or text)
        for t in art.iter("toponym"):
            g = t.find("gaztag")
            lat = _float(g.findtext("lat")) if g is not None else None
            lon = _float(g.findtext("lon")) if g is not None else None
            s, e = int(t.findtext("start") or 0), int(t.findtext("end") or 0)
            doc.toponyms.append(GoldToponym(s, e, t.findtext("phrase") or "", lat, lon))
        yield doc


def read_geovirus(path: Path) -> Iterator[GoldDoc]:
    """GeoVirus offsets are 1-based: start-1 .. end-1 is the 0-based, end-exclusive span."""
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        # GeoVirus has no ids; its source URL names the Wikinews article (a few articles
        # share one, and so stay in one half)
        doc = GoldDoc(text, id=(art.findtext("source") or "").strip() or text)
        for loc in art.iter("location"):
            s, e = int(loc.findtext("start") or 1) - 1, int(loc.findtext("end") or 1) - 1
            lat, lon = _float(loc.findtext("lat")), _float(loc.findtext("lon"))
            doc.toponyms.append(GoldToponym(s, e, loc.findtext("name") or "", lat, lon))
        yield doc


@dataclass
class Tally:
    tp_pred: int = 0
    fp: int = 0
    tp_gold: int = 0
    fn: int = 0
    with_coords: int = 0
    within: int = 0
    errors: list[str] = field(default_factory=list)


def score_doc(gold: GoldDoc, places: list, tally: Tally) -> None:
    for p in places:
        if any(p.start < t.end and t.start < p.end for t in gold.toponyms):
            tally.tp_pred += 1
        else:
            tally.fp += 1
    for t in gold.toponyms:
        hits = [p for p in places if p.start < t.end and t.start < p.end]
        if not hits:
            tally.fn += 1
            continue
        tally.tp_gold += 1
        if t.lat is None or t.lon is None:
            continue
        tally.with_coords += 1
        p = hits[0]
        if p.lat is not None and haversine_km(p.lat, p.lon, t.lat, t.lon) <= ACCURACY_KM:
            tally.within += 1
        elif len(tally.errors) < 2000:
            tally.errors.append(
                f"{t.text!r} → {p.name} ({p.country}, {p.feature}) gold {t.lat},{t.lon}"
            )


READERS = {"lgl": ("lgl.xml", read_lgl), "geovirus": ("GeoVirus.xml", read_geovirus)}
# resolution errors listed in the report
ERRORS_SHOWN = 20
_COUNTS = ("tp_pred", "fp", "tp_gold", "fn", "with_coords", "within")


@dataclass
class DocResult:
    """One gold article scored: the item of the tune/check halves."""

    set: str
    id: str
    tally: Tally


def _add(total: Tally, tally: Tally) -> None:
    for k in _COUNTS:
        setattr(total, k, getattr(total, k) + getattr(tally, k))


def _figures(t: Tally) -> tuple[float, float, float]:
    """Precision (over our places), recall (over gold toponyms), accuracy@161 km."""
    p, _, _ = prf(t.tp_pred, t.fp, 0)
    r = t.tp_gold / (t.tp_gold + t.fn) if t.tp_gold + t.fn else 0.0
    acc = t.within / t.with_coords if t.with_coords else 0.0
    return p, r, acc


def score(results: list[DocResult]) -> tuple[list[Table], dict[str, float]]:
    """Tables and headline figures (per set and over both) of some scored articles."""
    table = Table(
        "toponyms", ["set", "docs", "gold", "precision", "recall", "acc@161km", "resolved_n"]
    )
    errors = Table(f"sample resolution errors (first {ERRORS_SHOWN})", ["set", "error"])
    metrics: dict[str, float] = {}
    total = Tally()
    for name in READERS:
        mine = [r for r in results if r.set == name]
        if not mine:
            continue
        tally = Tally()
        for r in mine:
            _add(tally, r.tally)
            errors.rows.extend([name, e] for e in r.tally.errors[: ERRORS_SHOWN - len(errors.rows)])
        p, r, acc = _figures(tally)
        table.rows.append(
            [name, len(mine), tally.tp_gold + tally.fn, round(p, 4), round(r, 4), round(acc, 4), tally.with_coords]
        )
        metrics[f"{name}_precision"] = round(p, 4)
        metrics[f"{name}_recall"] = round(r, 4)
        metrics[f"{name}_accuracy_161km"] = round(acc, 4)
        _add(total, tally)
    p, r, acc = _figures(total)
    metrics["detection_precision"] = round(p, 4)
    metrics["detection_recall"] = round(r, 4)
    metrics["accuracy_161km"] = round(acc, 4)
    return [table, errors], metrics


def evaluate(gold_root: Path, limit: int | None = None, show: str = "check") -> Report:
    """Toponym detection and resolution; ``show`` picks the half ("check", "tune", "all") the
    tables describe. The item of the halves is the article (LGL docid, GeoVirus URL)."""
    nlp = load_nlp()
    report = Report(title="geo: toponym detection and resolution (gold/geo)")
    results: list[DocResult] = []
    for name, (fname, reader) in READERS.items():
        path = Path(gold_root) / "geo" / fname
        if not path.exists():
            report.notes.append(f"{name}: {path} missing")
            continue
        docs = list(reader(path))[:limit] if limit else list(reader(path))
        for gold, doc in zip(docs, annotate((d.text for d in docs), nlp), strict=True):
            places = geo.find_places(doc, Article(id="gold", text=gold.text))
            tally = Tally()
            score_doc(gold, places, tally)
            results.append(DocResult(name, gold.id or gold.text, tally))
    score_halves(report, results, key=lambda r: r.id, score=score, show=show, title="LGL + GeoVirus articles")
    return report
