"""PLOVER JSONL: one record per coded event, with the field names of the PLOVER manual.

Required fields (``id``, ``date``, ``actor``, ``event``) are always present; an event with
no PLOVER category is not written. Entities carry ``code`` (the 3-character country or
top-level code), ``sector`` (the role, e.g. GOV, MIL), ``entity_text`` and
``identifier_text`` (the canonical name). ``size`` holds the counts of dead, injured and
arrested people stated inside the event's sentence; ``text_info`` its sentence number
and character span. Fields PLOVER does not name (``cameo``, ``modality``, ``confidence``,
``rule``, ``article_id``) are added, as the manual allows, and so are the dedupe counts:
``mention_id`` (the event as coded in ``article_id``), ``mentions``, ``sources``,
``articles`` (GDELT's NumMentions, NumSources, NumArticles) and ``is_root`` (told in the
lead paragraph). Exported from a store (``write_plover_store``) there is one record per
real-world event: ``id`` is the stored event's id, the record is written from its first
report and the counts cover every article that reports it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import duckdb

from tacitus.errors import Errors
from tacitus.export.stored import Mention, article_mentions, stored_articles
from tacitus.model import Actor, Article, Event, Place

CODEBOOK = "plover-base"
REQUIRED = ("id", "date", "actor", "event")
# Count kinds that fill PLOVER's size object.
SIZE_KINDS = {"killed": "dead", "casualties": "dead", "wounded": "injured", "arrested": "arrested"}
# PLOVER location resolution: 1 country, 2 province, 3 district, 4 city.
_RESOLUTION = {"country": 1, "admin1": 2, "admin2": 3}


def _entity(actor: Actor) -> dict[str, Any]:
    code = actor.country or (actor.code[:3] if actor.code else None)
    out: dict[str, Any] = {"code": code, "sector": actor.role, "entity_text": actor.text,
                           "identifier_text": actor.name}
    if actor.group:
        out["group"] = actor.group
    if actor.code:
        out["cameo"] = actor.code
    return {k: v for k, v in out.items() if v is not None}


def _location(place: Place | None) -> dict[str, Any] | None:
    if place is None:
        return None
    out = {
        "extracted_place": place.text,
        "resolved_place": place.name,
        "geonameid": place.geonames_id,
        "lat": place.lat,
        "lon": place.lon,
        "province": place.admin1,
        "country_code": place.country,
        "feature_code": place.feature,
        "resolution": _RESOLUTION.get(place.feature or "", 4 if place.lat is not None else None),
    }
    return {k: v for k, v in out.items() if v is not None}


def _size(event: Event, article: Article) -> dict[str, int]:
    size: dict[str, int] = {}
    for c in article.counts:
        key = SIZE_KINDS.get(c.kind)
        if key and event.start <= c.start and c.end <= event.end:
            size[key] = max(size.get(key, 0), c.value)
    return size


def plover_record(event: Event, article: Article) -> dict[str, Any] | None:
    """The PLOVER record of one event, or None when it has no PLOVER category."""
    if not event.plover or not event.plover.event:
        return None
    rec: dict[str, Any] = {
        "id": event.id,
        "has_event": True,
        "date": event.date or (article.published or "")[:10] or None,
        "actor": [_entity(a) for a in event.source],
        "recipient": [_entity(a) for a in event.target],
        "event": [event.plover.event],
        "mode": [event.plover.mode] if event.plover.mode else [],
        "context": list(event.plover.context),
        "event_text": [event.text],
        "quad_code": event.quad_class,
        "event_scale": event.goldstein,
        "text_info": {"sequence": event.sentence + 1, "start": event.start, "end": event.end},
        "cite_info": {k: v for k, v in {
            "url": article.url, "title": article.title, "publication": article.source,
            "language": article.language, "coder": article.coder, "codebook": CODEBOOK,
        }.items() if v is not None},
        "cameo": event.code,
        "modality": event.modality,
        "confidence": event.confidence,
        "rule": event.rule,
        "article_id": article.id,
    }
    loc = _location(event.place)
    if loc:
        rec["event_loc"] = loc
    size = _size(event, article)
    if size:
        rec["size"] = size
    if article.coder:
        rec["coder"] = article.coder
    return rec


def _records(items: Iterable[tuple[Article, list[Mention]]], every: bool) -> Iterator[dict[str, Any]]:
    for art, mentions in items:
        for m in mentions:
            if not (every or m.first):
                continue
            rec = plover_record(m.event, art)
            if rec is not None:
                rec.update(mention_id=m.mention_id, mentions=m.event.mentions, sources=m.event.sources,
                           articles=m.event.articles, is_root=m.event.is_root)
                yield rec


def plover_records(articles: Iterable[Article]) -> Iterator[dict[str, Any]]:
    """PLOVER records of every event with a PLOVER category, in article order."""
    return _records(article_mentions(articles), every=True)


def plover_store_records(con: duckdb.DuckDBPyConnection) -> Iterator[dict[str, Any]]:
    """PLOVER records of a store: one per stored (deduplicated) event with a PLOVER category."""
    return _records(stored_articles(con), every=False)


def write_plover(articles: Iterable[Article], path: Path) -> int:
    """Write PLOVER JSONL to ``path``; returns the number of records."""
    return _write(plover_records(articles), path)


def write_plover_store(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Write a store's events as PLOVER JSONL to ``path``; returns the number of records."""
    return _write(plover_store_records(con), path)


def _write(records: Iterable[dict[str, Any]], path: Path) -> int:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    return n


def parse_record(line: str) -> dict[str, Any]:
    """One PLOVER JSONL line, checked for the required fields; raises ``TacitusError``."""
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        raise Errors.E044.error("not_json", reason=exc.msg) from None
    if not isinstance(rec, dict):
        raise Errors.E044.error("not_object")
    missing = [k for k in REQUIRED if k not in rec]
    if missing:
        raise Errors.E044.error("missing", fields=", ".join(missing))
    if not isinstance(rec["actor"], list) or not isinstance(rec["event"], list):
        raise Errors.E044.error("not_lists")
    return rec


def read_plover(path: Path) -> list[dict[str, Any]]:
    """Records of a PLOVER JSONL file."""
    with open(path, encoding="utf-8") as fh:
        return [parse_record(line) for line in fh if line.strip()]
