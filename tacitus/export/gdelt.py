"""GDELT 2.0 files: Events (61 columns), Mentions (16) and GKG 2.1 (27).

Written column for column as GDELT publishes them (tab-separated, no header, files named
``YYYYMMDDHHMMSS.export.CSV``, ``.mentions.CSV`` and ``.gkg.csv``), so that existing GDELT
readers load them. The column names and types are data (``tacitus/data/export/
gdelt_columns.tsv``); ``read_gdelt`` parses such a file back into typed rows.

Conventions, following the GDELT codebooks:
- GlobalEventID is a stable 60-bit integer derived from our event id (same event, same id).
  Exported from a store (``write_gdelt_store``) the event id is the stored event's (the
  dedupe cluster's): Events holds one row per real-world event, written from its first
  report, with NumMentions, NumSources and NumArticles of the whole cluster; Mentions one
  row per article that reports it. From articles alone (``write_gdelt``, ``tacitus code``)
  each coded event is its own. IsRootEvent is 1 when the event is in the lead paragraph of
  its first report (``tacitus.export.stored.is_root_event``). SQLDATE is the event's own
  date, else the article's publication date; a month or year precision date is written
  with day (and month) 01, as GDELT has no partial dates.
- QuadClass follows the CAMEO root code (01–05 → 1, 06–09 → 2, 10–14 → 3, 15–20 → 4).
- Geography uses FIPS 10-4 country codes; ADM1 codes are the FIPS country code followed by
  the GeoNames admin-1 code (for the US the state's postal code), and FeatureID is the
  country/ADM1 code for countries and regions, else the GeoNames id (GDELT uses GNS/GNIS).
  Actor1Geo/Actor2Geo are the place named nearest to the actor inside the event's sentence
  (empty, type 0, when the sentence names none); a GKG count's location is the place named
  nearest to it within ``COUNT_PLACE_CHARS``, else the country of the people counted.
- GKG V1.5Tone: tone, positive, negative, polarity, activity reference density (not computed:
  0), self/group reference density (share of words that are pronouns), word count.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlparse

import duckdb

from tacitus.errors import Errors
from tacitus.export.stored import Mention, article_mentions, stored_articles
from tacitus.model import Actor, Article, Event, Place

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "export"
TABLES = ("events", "mentions", "gkg")
SUFFIXES = {"events": ".export.CSV", "mentions": ".mentions.CSV", "gkg": ".gkg.csv"}
# GDELT publishes a batch every 15 minutes; default stamps are floored to it.
BATCH_MINUTES = 15
# How far (characters) from a count a place may be named to be the count's location; about
# one sentence, like GDELT's nearest-location rule.
COUNT_PLACE_CHARS = 150
# Pronouns counted for GKG's self/group reference density.
_PRONOUN = re.compile(
    r"\b(?:i|me|my|mine|we|us|our|ours|you|your|yours|he|him|his|she|her|hers|it|its|they|them|their|theirs)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")


def _rows(name: str) -> list[list[str]]:
    out = []
    with open(DATA_DIR / name, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                out.append(line.split("\t"))
    return out


@lru_cache(maxsize=1)
def columns() -> dict[str, list[tuple[str, str]]]:
    """Column (name, type) lists of the three GDELT tables, in file order."""
    cols: dict[str, list[tuple[str, str]]] = {t: [] for t in TABLES}
    for table, _index, name, kind in sorted(_rows("gdelt_columns.tsv"), key=lambda r: (r[0], int(r[1]))):
        cols[table].append((name, kind))
    return cols


@dataclass(frozen=True)
class _Country:
    iso2: str
    fips: str
    name: str


@lru_cache(maxsize=1)
def _countries() -> dict[str, _Country]:
    return {r[0]: _Country(r[1], r[2], r[3].strip()) for r in _rows("iso3_fips.tsv")}


@lru_cache(maxsize=1)
def _quad() -> dict[str, int]:
    return {r[0]: int(r[1]) for r in _rows("quad_class.tsv")}


@lru_cache(maxsize=1)
def _count_types() -> dict[str, str]:
    return {r[0]: r[1] for r in _rows("gdelt_count_types.tsv")}


def global_event_id(event_id: str) -> int:
    """A stable positive integer for an event id (60 bits of its SHA-1)."""
    return int(hashlib.sha1(event_id.encode("utf-8")).hexdigest()[:15], 16)


def default_stamp(now: datetime | None = None) -> str:
    """``YYYYMMDDHHMMSS`` of the current 15-minute batch (UTC)."""
    now = now or datetime.now(timezone.utc)
    now = now.replace(minute=now.minute - now.minute % BATCH_MINUTES, second=0, microsecond=0)
    return now.strftime("%Y%m%d%H%M%S")


def quad_class(event: Event) -> int | None:
    root = event.root_code or event.code[:2]
    return _quad().get(root[:2], event.quad_class)


def _clean(value: Any) -> str:
    """A field value as GDELT writes it: no tabs or line breaks, empty for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return _num(value)
    return re.sub(r"[\t\r\n]+", " ", str(value))


def _num(x: float | None, places: int = 4) -> str:
    if x is None:
        return ""
    text = f"{x:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _sub(value: str | None, banned: str) -> str:
    """Text safe inside a delimited GKG sub-field."""
    text = re.sub(r"\s+", " ", value or "").strip()
    return "".join(" " if c in banned else c for c in text)


def _date_parts(value: str | None) -> tuple[int, int, int] | None:
    if not value:
        return None
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    if not m:
        return None
    return int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)


def _domain(article: Article) -> str:
    if article.source:
        return article.source
    if article.url:
        return urlparse(article.url).netloc.removeprefix("www.")
    return ""


def _identifier(article: Article) -> tuple[int, str]:
    """(collection identifier, document identifier): 1 = web URL, 2 = citation only."""
    if article.url and re.match(r"https?://", article.url):
        return 1, article.url
    citation = "; ".join(x for x in (article.source, article.title, article.published, article.path) if x)
    return 2, citation or f"tacitus:{article.id}"


def geo_fields(place: Place | None) -> dict[str, Any]:
    """GDELT geo fields (Type, FullName, CountryCode, ADM1Code, ADM2Code, Lat, Long, FeatureID)."""
    empty = {"Type": 0, "FullName": "", "CountryCode": "", "ADM1Code": "", "ADM2Code": "",
             "Lat": None, "Long": None, "FeatureID": ""}
    if place is None or not place.country:
        return empty
    country = _countries().get(place.country)
    fips = country.fips if country else ""
    country_name = country.name if country else place.country
    us = country is not None and country.iso2 == "US"
    code = (place.admin1_code or "").partition(".")[2] if place.admin1_code and "." in place.admin1_code \
        else (place.admin1_code or "")
    adm1 = f"{fips}{code}" if fips and code else ""
    feature = place.feature or ""
    if feature in ("country", "PCLI", "PCL"):
        gtype, full, fid, adm1 = 1, country_name, fips, fips
    elif feature in ("admin1", "ADM1"):
        gtype = 2 if us else 5
        full, fid = f"{place.name or place.text}, {country_name}", adm1
    else:
        gtype = 3 if us else 4
        full = ", ".join(p for p in (place.name or place.text, place.admin1, country_name) if p)
        fid = str(place.geonames_id) if place.geonames_id else ""
    return {"Type": gtype, "FullName": full, "CountryCode": fips, "ADM1Code": adm1, "ADM2Code": "",
            "Lat": place.lat, "Long": place.lon, "FeatureID": fid}


def _actor_fields(prefix: str, actors: list[Actor]) -> dict[str, Any]:
    out = {f"{prefix}{k}": "" for k in ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode",
                                       "Religion1Code", "Religion2Code", "Type1Code", "Type2Code", "Type3Code")}
    if not actors:
        return out
    a = actors[0]
    code = a.code or ""
    rest = code[3:] if a.country and code.startswith(a.country) else code
    chunks = [rest[i : i + 3] for i in range(0, len(rest), 3) if len(rest[i : i + 3]) == 3]
    types = [c for c in chunks if c != a.group]
    if a.role and a.role not in types:
        types.insert(0, a.role)
    out.update({
        f"{prefix}Code": code,
        f"{prefix}Name": (a.name or a.text or "").upper(),
        f"{prefix}CountryCode": a.country or "",
        f"{prefix}KnownGroupCode": a.group or "",
    })
    for i, t in enumerate(types[:3], start=1):
        out[f"{prefix}Type{i}Code"] = t
    return out


def _nearest(places: list[Place], offset: int, within: int | None = None) -> Place | None:
    """The place named closest to a character offset (optionally at most ``within`` away)."""
    best = None
    best_d = None
    for p in places:
        if geo_fields(p)["Type"] == 0:
            continue
        d = 0 if p.start <= offset < p.end else min(abs(p.start - offset), abs(p.end - offset))
        if (within is None or d <= within) and (best_d is None or d < best_d):
            best, best_d = p, d
    return best


def event_row(event: Event, article: Article, stamp: str) -> dict[str, Any]:
    """One GDELT Events record (column name → value)."""
    parts = _date_parts(event.date) or _date_parts(article.published)
    row: dict[str, Any] = {"GLOBALEVENTID": global_event_id(event.id)}
    if parts:
        y, m, d = parts
        row.update(SQLDATE=y * 10000 + m * 100 + d, MonthYear=y * 100 + m, Year=y,
                   FractionDate=round(y + (m * 30 + d) / 365, 4))
    else:
        row.update(SQLDATE=None, MonthYear=None, Year=None, FractionDate=None)
    row.update(_actor_fields("Actor1", event.source))
    row.update(_actor_fields("Actor2", event.target))
    code = event.code or ""
    row.update(
        IsRootEvent=1 if event.is_root else 0,
        EventCode=code,
        EventBaseCode=code[:3] if len(code) >= 3 else code,
        EventRootCode=event.root_code or code[:2],
        QuadClass=quad_class(event),
        GoldsteinScale=event.goldstein,
        NumMentions=event.mentions,
        NumSources=event.sources,
        NumArticles=event.articles,
        AvgTone=article.tone.score,
    )
    in_sentence = [p for p in article.places if event.start <= p.start and p.end <= event.end]
    a1 = _nearest(in_sentence, event.source[0].start) if event.source else None
    a2 = _nearest(in_sentence, event.target[0].start) if event.target else None
    for prefix, place in (("Actor1Geo_", a1), ("Actor2Geo_", a2), ("ActionGeo_", event.place)):
        for k, v in geo_fields(place).items():
            row[prefix + k] = v
    row["DATEADDED"] = int(stamp)
    row["SOURCEURL"] = _identifier(article)[1]
    return row


def mention_row(event: Event, article: Article, stamp: str, first_stamp: str | None = None) -> dict[str, Any]:
    """One GDELT Mentions record: this article's mention of the event."""
    kind, ident = _identifier(article)
    return {
        "GLOBALEVENTID": global_event_id(event.id),
        "EventTimeDate": int(first_stamp or stamp),
        "MentionTimeDate": int(stamp),
        "MentionType": kind,
        "MentionSourceName": _domain(article) or ident,
        "MentionIdentifier": ident,
        "SentenceID": event.sentence + 1,
        "Actor1CharOffset": event.source[0].start if event.source else -1,
        "Actor2CharOffset": event.target[0].start if event.target else -1,
        "ActionCharOffset": event.trigger_start if event.trigger_start is not None else event.start,
        "InRawText": 1,
        "Confidence": int(round(100 * (event.confidence or 0.0))),
        "MentionDocLen": len(article.text),
        "MentionDocTone": article.tone.score,
        "MentionDocTranslationInfo": "",
        "Extras": "",
    }


def _geo_block(g: dict[str, Any], v2: bool) -> str:
    fields = [str(g["Type"]), _sub(g["FullName"], "#;"), g["CountryCode"], g["ADM1Code"]]
    if v2:
        fields.append(g["ADM2Code"])
    fields += [_num(g["Lat"]), _num(g["Long"]), _sub(g["FeatureID"], "#;")]
    return "#".join(fields)


def _country_geo(iso3: str | None) -> dict[str, Any]:
    return geo_fields(Place(text=iso3 or "", start=0, end=0, country=iso3, feature="country")) if iso3 \
        else geo_fields(None)


def gkg_row(article: Article, stamp: str, n: int) -> dict[str, Any]:
    """One GDELT GKG 2.1 record for an article."""
    kind, ident = _identifier(article)
    parts = _date_parts(article.published)
    date = (parts[0] * 10000 + parts[1] * 100 + parts[2]) * 1000000 if parts else int(stamp)
    types = _count_types()
    v1c, v2c, amounts = [], [], []
    for c in article.counts:
        near = _nearest(article.places, c.start, COUNT_PLACE_CHARS)
        geo = geo_fields(near) if near is not None else _country_geo(c.country)
        block = "#".join([types.get(c.kind, c.kind.upper()), str(c.value), _sub(c.object, "#;,"),
                          _geo_block(geo, False)])
        v1c.append(block)
        v2c.append(f"{block}#{c.start}")
        amounts.append(f"{c.value},{_sub(c.object, ',;')},{c.start}")
    themes = list(dict.fromkeys(article.themes))
    v2themes = [f"{e['theme']},{e['start']}" for e in article.theme_evidence]
    v1loc: list[str] = []
    v2loc = []
    for p in article.places:
        g = geo_fields(p)
        if g["Type"] == 0:
            continue
        block = _geo_block(g, False)
        if block not in v1loc:
            v1loc.append(block)
        v2loc.append(f"{_geo_block(g, True)}#{p.start}")
    persons, orgs, names = [], [], []
    for e in article.entities:
        name = _sub(e.name or e.text, ",;#")
        if not name:
            continue
        if e.type == "PERSON":
            persons.append((name, e.start))
        elif e.type == "ORG":
            orgs.append((name, e.start))
        if e.type in ("PERSON", "ORG", "NORP", "GPE", "FAC", "EVENT", "LAW", "LOC"):
            names.append((name, e.start))
    t = article.tone
    words = len(_WORD.findall(article.text)) or t.word_count
    pronouns = 100.0 * len(_PRONOUN.findall(article.text)) / words if words else 0.0
    tone = ",".join(_num(x) for x in (t.score, t.positive, t.negative, t.polarity, 0.0, pronouns)) \
        + f",{t.word_count}"
    precision_code = {"day": 4, "month": 2, "year": 1}
    dates = []
    for d in article.dates:
        dp = _date_parts(d.value)
        if dp is None or d.precision not in precision_code:
            continue
        res = precision_code[d.precision]
        month = dp[1] if res in (2, 4) else 0
        day = dp[2] if res == 4 else 0
        dates.append(f"{res}#{month}#{day}#{dp[0]}#{d.start}")
    # GDELT's Quotations are quoted words only: our unmarked reported speech is left out
    quotes = [f"{q.start}|{q.end - q.start}|{_sub(q.verb, '|#')}|{_sub(q.text, '|#')}" for q in article.quotes
              if q.kind != "indirect"]
    title = _sub(article.title, "<>")
    return {
        "GKGRECORDID": f"{stamp}-{n}",
        "DATE": date,
        "SourceCollectionIdentifier": kind,
        "SourceCommonName": _domain(article) or ident,
        "DocumentIdentifier": ident,
        "Counts": _join(v1c),
        "V2Counts": _join(v2c),
        "Themes": _join(themes),
        "V2Themes": _join(v2themes),
        "Locations": _join(v1loc),
        "V2Locations": _join(v2loc),
        "Persons": _join(list(dict.fromkeys(p for p, _ in persons))),
        "V2Persons": _join([f"{p},{o}" for p, o in persons]),
        "Organizations": _join(list(dict.fromkeys(p for p, _ in orgs))),
        "V2Organizations": _join([f"{p},{o}" for p, o in orgs]),
        "V2Tone": tone,
        "Dates": _join(dates),
        "GCAM": f"wc:{t.word_count}",
        "SharingImage": "",
        "RelatedImages": "",
        "SocialImageEmbeds": "",
        "SocialVideoEmbeds": "",
        "Quotations": "#".join(quotes),
        "AllNames": _join([f"{p},{o}" for p, o in names]),
        "Amounts": _join(amounts),
        "TranslationInfo": "",
        "Extras": f"<PAGE_TITLE>{title}</PAGE_TITLE>" if title else "",
    }


def _join(items: list[str]) -> str:
    """GDELT's semicolon lists end with a semicolon."""
    return ";".join(items) + ";" if items else ""


def _line(table: str, row: dict[str, Any]) -> str:
    return "\t".join(_clean(row.get(name)) for name, _ in columns()[table]) + "\n"


def gdelt_rows(items: Iterable[tuple[Article, list[Mention]]], stamp: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(table, row) for every record of the three tables, in article order: an Events row
    where an event is first reported, a Mentions row for every mention, a GKG row per article."""
    for n, (art, mentions) in enumerate(items):
        for m in mentions:
            if m.first:
                yield "events", event_row(m.event, art, stamp)
            yield "mentions", mention_row(m.event, art, stamp)
        yield "gkg", gkg_row(art, stamp, n)


def write_gdelt(articles: Iterable[Article], out_dir: Path, stamp: str | None = None) -> list[Path]:
    """Write ``STAMP.export.CSV``, ``STAMP.mentions.CSV`` and ``STAMP.gkg.csv`` into ``out_dir``
    for coded articles (each event id its own event)."""
    return _write_tables(article_mentions(articles), out_dir, stamp)


def write_gdelt_store(con: duckdb.DuckDBPyConnection, out_dir: Path, stamp: str | None = None) -> list[Path]:
    """The three GDELT files of a store: one Events row per stored (deduplicated) event."""
    return _write_tables(stored_articles(con), out_dir, stamp)


def _write_tables(items: Iterable[tuple[Article, list[Mention]]], out_dir: Path, stamp: str | None) -> list[Path]:
    stamp = stamp or default_stamp()
    if not re.fullmatch(r"\d{14}", stamp):
        raise Errors.E042.error(stamp=stamp)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {t: out_dir / f"{stamp}{SUFFIXES[t]}" for t in TABLES}
    handles = {t: open(p, "w", encoding="utf-8", newline="") for t, p in paths.items()}
    try:
        for table, row in gdelt_rows(items, stamp):
            handles[table].write(_line(table, row))
    finally:
        for h in handles.values():
            h.close()
    return [paths[t] for t in TABLES]


def write_gdelt_stream(articles: Iterable[Article], out: TextIO, stamp: str | None = None) -> int:
    """Write the Events table only to a text stream (``tacitus code --format gdelt``)."""
    stamp = stamp or default_stamp()
    n = 0
    for table, row in gdelt_rows(article_mentions(articles), stamp):
        if table == "events":
            out.write(_line(table, row))
            n += 1
    return n


def parse_line(table: str, line: str) -> dict[str, Any]:
    """Typed fields of one line of a GDELT table; raises ``TacitusError`` when malformed."""
    cols = columns()[table]
    fields = line.rstrip("\r\n").split("\t")
    if len(fields) != len(cols):
        raise Errors.E043.error("fields", table=table, found=len(fields), expected=len(cols))
    row: dict[str, Any] = {}
    for (name, kind), value in zip(cols, fields, strict=True):
        if kind == "INTEGER":
            row[name] = _typed(int, value, name)
        elif kind == "FLOAT":
            row[name] = _typed(float, value, name)
        else:
            row[name] = value
    return row


def _typed(cast: Any, value: str, name: str) -> Any:
    if value == "":
        return None
    try:
        return cast(value)
    except ValueError:
        raise Errors.E043.error("number", name=name, value=value) from None


def read_gdelt(path: Path, table: str | None = None) -> list[dict[str, Any]]:
    """Rows of a GDELT file (the table is guessed from the file name when not given)."""
    path = Path(path)
    if table is None:
        table = next((t for t, s in SUFFIXES.items() if path.name.lower().endswith(s.lower())), None)
        if table is None:
            raise Errors.E043.error("file_name", path=path)
    with open(path, encoding="utf-8", newline="") as fh:
        return [parse_line(table, line) for line in fh if line.strip("\r\n")]
