"""The shared data model: the public record of DESIGN.md (contract, version 1).

Every stage reads and fills these plain dataclasses; ``to_dict`` gives the public JSON
record with every contract field present (``None`` or empty where unknown). Fields may be
added, never renamed or removed.
"""

from __future__ import annotations

import copy
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

RECORD_VERSION = 1

MODALITIES = (
    "asserted",
    "future",
    "intended",
    "requested",
    "hypothetical",
    "negated",
    "historical",
)


_ATOMS = (str, int, float, type(None))
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def plain(obj: Any) -> Any:
    """``dataclasses.asdict(obj)``, the same value built in a fraction of the time: the
    records' own types (dataclasses, lists, dicts, strings, numbers) are converted without
    ``asdict``'s generic recursion; anything else goes through ``asdict``'s own rules."""
    if isinstance(obj, _ATOMS):
        return obj
    cls = type(obj)
    if cls is list:
        return [plain(x) for x in obj]
    if cls is dict:
        return {plain(k): plain(v) for k, v in obj.items()}
    names = _FIELD_NAMES.get(cls)
    if names is None:
        if not (is_dataclass(obj) and not isinstance(obj, type)):
            if isinstance(obj, tuple) and hasattr(obj, "_fields"):
                return cls(*[plain(x) for x in obj])
            if isinstance(obj, (list, tuple)):
                return cls(plain(x) for x in obj)
            if isinstance(obj, dict):
                return cls((plain(k), plain(v)) for k, v in obj.items())
            return copy.deepcopy(obj)
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(obj))
    return {n: plain(getattr(obj, n)) for n in names}


@dataclass
class Actor:
    text: str
    start: int
    end: int
    name: str | None = None
    code: str | None = None
    country: str | None = None
    role: str | None = None
    group: str | None = None
    # extensions (not in contract v1, additive)
    rule: str | None = None
    confidence: float | None = None

    @property
    def key(self) -> str:
        """What identifies the actor for dyads and dedupe: its code, and its canonical name
        when it is a known person or group (two USAGOV officials are not one actor)."""
        if self.code and self.name:
            return f"{self.code}:{self.name}"
        return self.code or self.name or self.text


@dataclass
class Place:
    text: str
    start: int
    end: int
    name: str | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    feature: str | None = None
    # extensions
    admin1_code: str | None = None
    confidence: float | None = None


@dataclass
class DateRef:
    text: str
    start: int
    end: int
    value: str | None = None
    precision: str | None = None  # day | week | month | quarter | season | year
    # extension: the expression is background, well before publication
    historical: bool = False


@dataclass
class Entity:
    text: str
    start: int
    end: int
    type: str
    name: str | None = None
    actor: Actor | None = None


@dataclass
class PloverType:
    event: str | None = None
    mode: str | None = None
    context: list[str] = field(default_factory=list)


@dataclass
class Event:
    id: str
    code: str
    root_code: str
    name: str | None = None
    quad_class: int | None = None
    goldstein: float | None = None
    plover: PloverType = field(default_factory=PloverType)
    source: list[Actor] = field(default_factory=list)
    target: list[Actor] = field(default_factory=list)
    modality: str = "asserted"
    reported_by: Actor | None = None
    date: str | None = None
    date_precision: str | None = None
    place: Place | None = None
    sentence: int = 0
    start: int = 0
    end: int = 0
    text: str = ""
    trigger: str | None = None
    rule: str | None = None
    confidence: float = 0.0
    # extensions: trigger span in the article text, dedupe counts
    trigger_start: int | None = None
    trigger_end: int | None = None
    mentions: int = 1
    sources: int = 1
    articles: int = 1
    is_root: bool = False
    # extensions: how the place and the date were found (see docs/RECORD.md)
    place_rule: str | None = None
    date_rule: str | None = None
    # extension: how the event was coded, rule by rule (see docs/RECORD.md, ``tacitus.trace``)
    trace: dict[str, Any] = field(default_factory=dict)
    # extension: the evidence of every other mention of the same incident in this article that
    # dedupe merged into this event, in text order: {sentence, start, end, text, trigger_start,
    # trigger_end, rule, confidence} (GDELT keeps one Mentions row per article; the sentences
    # are what a reader checks)
    other_mentions: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Quote:
    text: str
    start: int
    end: int
    speaker: Actor | None = None
    verb: str | None = None
    # extensions: "direct" | "partial" | "indirect"
    kind: str = "direct"


@dataclass
class Count:
    value: int
    approximate: bool
    kind: str
    object: str | None
    country: str | None
    text: str
    start: int
    end: int
    # extension: the time frame when stated ("since 2001")
    since: str | None = None


@dataclass
class Tone:
    score: float = 0.0
    positive: float = 0.0
    negative: float = 0.0
    # extensions in GDELT's manner
    polarity: float = 0.0
    word_count: int = 0


@dataclass
class Article:
    id: str
    text: str
    url: str | None = None
    source: str | None = None
    title: str | None = None
    published: str | None = None
    language: str | None = "en"
    removed: list[str] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    dates: list[DateRef] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    counts: list[Count] = field(default_factory=list)
    tone: Tone = field(default_factory=Tone)
    themes: list[str] = field(default_factory=list)
    # extensions: where it came from, what coded it
    path: str | None = None
    coder: str | None = None
    record_version: int = RECORD_VERSION
    theme_evidence: list[dict[str, Any]] = field(default_factory=list)
    # hash of the input as read (before cleaning and coding) and the coder fingerprint:
    # decides re-ingest
    input_hash: str | None = None
    # extension: the line (JSONL, CSV) or item (JSON list) of ``path`` the article came from
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return plain(self)


def normalise_text(text: str) -> str:
    """Text as compared for identity: NFC, whitespace collapsed, stripped."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def article_id(text: str, url: str | None = None) -> str:
    """Stable id of an article: a hash of its normalised text and url."""
    h = hashlib.sha1()
    h.update(normalise_text(text).encode("utf-8"))
    if url:
        h.update(b"\x00" + url.strip().encode("utf-8"))
    return h.hexdigest()[:16]


def input_hash(article: Article, coder: str | None = None) -> str:
    """Hash of an article as read (text and metadata) and the coder fingerprint
    (``tacitus.fingerprint``): what decides whether a stored article must be coded again."""
    h = hashlib.sha1()
    for part in (article.text, article.url, article.title, article.published, article.source,
                 coder or article.coder):
        h.update((part or "").encode("utf-8") + b"\x00")
    return h.hexdigest()


def actor_from_dict(d: dict[str, Any] | None) -> Actor | None:
    if d is None:
        return None
    return Actor(**d)


def place_from_dict(d: dict[str, Any] | None) -> Place | None:
    if d is None:
        return None
    return Place(**d)


def article_from_dict(d: dict[str, Any]) -> Article:
    """Rebuild an Article from its public record (inverse of ``to_dict``)."""
    d = dict(d)
    d["entities"] = [
        Entity(**{**e, "actor": actor_from_dict(e.get("actor"))}) for e in d.get("entities", [])
    ]
    d["places"] = [Place(**p) for p in d.get("places", [])]
    d["dates"] = [DateRef(**x) for x in d.get("dates", [])]
    events = []
    for e in d.get("events", []):
        e = dict(e)
        e["plover"] = PloverType(**(e.get("plover") or {}))
        e["source"] = [Actor(**a) for a in e.get("source", [])]
        e["target"] = [Actor(**a) for a in e.get("target", [])]
        e["reported_by"] = actor_from_dict(e.get("reported_by"))
        e["place"] = place_from_dict(e.get("place"))
        events.append(Event(**e))
    d["events"] = events
    d["quotes"] = [
        Quote(**{**q, "speaker": actor_from_dict(q.get("speaker"))}) for q in d.get("quotes", [])
    ]
    d["counts"] = [Count(**c) for c in d.get("counts", [])]
    d["tone"] = Tone(**(d.get("tone") or {}))
    return Article(**d)
