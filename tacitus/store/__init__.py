"""Store: the public records in one embedded DuckDB file.

Idempotent by article id (a hash of normalised text and url, or the input's own id): an
unchanged article is skipped, a changed one replaces its old rows. Each batch is written in
one transaction, so a run killed at any moment leaves whole articles only. DuckDB allows one
writer per file; readers (the API) open it read-only.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import duckdb

from tacitus.errors import InputError, TacitusError
from tacitus.model import Actor, Article, Event, article_from_dict, input_hash

SCHEMA_VERSION = "1"

# Column order of the rows built by Store._article_rows, per table.
_INSERT_COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": ("id", "content_hash", "url", "source", "title", "published", "published_date",
                 "language", "path", "coder", "text", "removed", "tone_score", "tone_positive",
                 "tone_negative", "themes", "n_events", "record", "run_id"),
    "event_mentions": (
        "id", "article_id", "cluster_id", "dyad_key", "code", "root_code", "name", "quad_class",
        "goldstein", "plover_event", "plover_mode", "source_code", "source_country", "source_name",
        "source_text", "target_code", "target_country", "target_name", "target_text",
        "source_codes", "target_codes", "countries", "modality", "reported_by_code",
        "reported_by_name", "date", "event_date", "date_precision", "place_name", "place_country",
        "place_admin1", "lat", "lon", "geonames_id", "place_feature", "sentence", "start_char",
        "end_char", "text", "trigger", "trigger_start", "trigger_end", "rule", "confidence",
        "article_mentions", "source_domain", "url", "published", "record"),
    "actors": ("article_id", "event_id", "side", "idx", "text", "start_char", "end_char", "name",
               "code", "country", "role", "group"),
    "entities": ("article_id", "idx", "text", "start_char", "end_char", "type", "name",
                 "actor_code", "actor_country", "actor_name"),
    "places": ("article_id", "idx", "text", "start_char", "end_char", "name", "country", "admin1",
               "lat", "lon", "geonames_id", "feature"),
    "dates": ("article_id", "idx", "text", "start_char", "end_char", "value", "precision"),
    "quotes": ("article_id", "idx", "text", "start_char", "end_char", "speaker_text",
               "speaker_name", "speaker_code", "verb", "kind"),
    "counts": ("article_id", "idx", "value", "approximate", "kind", "object", "country", "text",
               "start_char", "end_char", "since"),
}
DEFAULT_DB = "tacitus.duckdb"

EVENT_COLUMNS = (
    "id", "article_id", "date", "date_precision", "code", "root_code", "name", "quad_class",
    "goldstein", "plover_event", "plover_mode", "modality",
    "source_code", "source_country", "source_name", "target_code", "target_country",
    "target_name", "reported_by_code", "place_name", "place_country", "place_admin1", "lat",
    "lon", "geonames_id", "sentence", "start_char", "end_char", "trigger", "rule",
    "confidence", "mentions", "sources", "articles", "url", "text",
)


# Rebuilds the rows of table ``events`` for the clusters listed in the parameter.
CLUSTER_SQL = """
INSERT INTO events
WITH ranked AS (
    SELECT m.*,
           row_number() OVER (PARTITION BY cluster_id
                              ORDER BY published NULLS LAST, confidence DESC, id) AS rank_in_cluster,
           sum(article_mentions) OVER (PARTITION BY cluster_id) AS n_mentions,
           count(DISTINCT article_id) OVER (PARTITION BY cluster_id) AS n_articles,
           count(DISTINCT coalesce(source_domain, article_id)) OVER (PARTITION BY cluster_id) AS n_sources
    FROM event_mentions m
    WHERE cluster_id IN (SELECT unnest(?))
)
SELECT cluster_id AS id, id AS mention_id,
       * EXCLUDE (id, cluster_id, dyad_key, rank_in_cluster, n_mentions, n_articles, n_sources, record),
       n_mentions AS mentions, n_sources AS sources, n_articles AS articles, record
FROM ranked WHERE rank_in_cluster = 1
"""


@dataclass
class WriteResult:
    new: int = 0
    replaced: int = 0
    unchanged: int = 0

    def __iadd__(self, other: WriteResult) -> WriteResult:
        self.new += other.new
        self.replaced += other.replaced
        self.unchanged += other.unchanged
        return self


def content_hash(article: Article, coder: str | None = None) -> str:
    """The stored article's hash: set on reading (``Article.input_hash``), else computed."""
    return article.input_hash or input_hash(article, coder)


def _actor_key(actors: Sequence[Actor]) -> str:
    return "+".join(sorted({a.key for a in actors}))


# How far apart (days) two mentions' dates may be and still be one event, by the precision of
# the date: a date read from the text is exact; the publication date stands in for "recently"
# (re-issued wire stories run a day or two apart, calibrated on Reuters-21578 repeats).
DATE_WINDOW_DAYS = {"day": 0, "published": 2, "month": 31, "year": 366}
DEFAULT_DATE_WINDOW_DAYS = 2


def dyad_key(event: Event) -> str:
    """What two mentions must share to be one event: CAMEO root, the dyad (actor codes,
    order-free within a side) and the place country. Dates are compared separately."""
    place_country = event.place.country if event.place else ""
    parts = (event.root_code, _actor_key(event.source), _actor_key(event.target), place_country or "")
    return "d" + hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:16]


def cluster_key(event: Event) -> str:
    """The id a new cluster gets from its first mention: the dyad key and the date."""
    return "c" + hashlib.sha1(f"{dyad_key(event)}|{event.date or ''}".encode()).hexdigest()[:16]


# An event missing one side ("officials said", "an attack") says too little to be matched on
# its dyad alone: its evidence must also share this share of content words with the other
# mention's (Jaccard; re-issued copies score 1.0, different statements of one office on one
# day mostly under 0.2 — calibrated with `tacitus eval dedupe`).
MIN_EVIDENCE_SIMILARITY = 0.35


def content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 3)


def evidence_similarity(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _window(precision: str | None) -> int:
    return DATE_WINDOW_DAYS.get(precision or "", DEFAULT_DATE_WINDOW_DAYS)


def dates_compatible(d1: str | None, p1: str | None, d2: str | None, p2: str | None) -> bool:
    """Two event dates can be one event's: within the wider of their precision windows."""
    a, b = _date_or_none(d1), _date_or_none(d2)
    if a is None or b is None:
        return a is None and b is None
    gap = abs((datetime.fromisoformat(a) - datetime.fromisoformat(b)).days)
    return gap <= max(_window(p1), _window(p2))


def _date_or_none(value: str | None) -> str | None:
    """A DATE column value from an ISO string of day, month or year precision."""
    if not value:
        return None
    v = value[:10]
    if len(v) == 4 and v.isdigit():
        return f"{v}-01-01"
    if len(v) == 7:
        return f"{v}-01"
    try:
        datetime.strptime(v, "%Y-%m-%d")
    except ValueError:
        return None
    return v


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url).netloc.lower()
    return host[4:] if host.startswith("www.") else host or None


def _first(actors: Sequence[Actor], attr: str) -> Any:
    return getattr(actors[0], attr) if actors else None


class Store:
    """One DuckDB file. ``Store(path)`` writes; ``Store(path, read_only=True)`` reads."""

    def __init__(self, path: str | Path = DEFAULT_DB, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        if read_only and self.path != ":memory:" and not Path(self.path).exists():
            raise TacitusError("E020", f"{self.path}: no such store; create it with `tacitus ingest`")
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise TacitusError(
                    "E021",
                    f"{self.path}: the store is open for writing by another process "
                    "(DuckDB allows one writer); wait for it to finish or use another --db",
                ) from exc
            raise TacitusError("E022", f"{self.path}: cannot open store: {exc}") from exc
        except duckdb.Error as exc:
            raise TacitusError("E022", f"{self.path}: cannot open store: {exc}") from exc
        if not read_only:
            self._ensure_schema()
        elif not self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'"
        ).fetchone()[0]:
            self.con.close()
            raise TacitusError("E023", f"{self.path}: not a tacitus store (no schema); create it with `tacitus ingest`")

    # -- lifecycle ---------------------------------------------------------------------
    def _ensure_schema(self) -> None:
        sql = resources.files("tacitus.store").joinpath("schema.sql").read_text(encoding="utf-8")
        self.con.execute("BEGIN")
        self.con.execute(sql)
        self.con.execute(
            "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [SCHEMA_VERSION]
        )
        self.con.execute("COMMIT")

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- runs and errors ---------------------------------------------------------------
    def start_run(self, command: str, coder: str | None = None) -> str:
        run_id = uuid.uuid4().hex[:12]
        self.con.execute(
            "INSERT INTO runs (id, command, started_at, coder) VALUES (?, ?, ?, ?)",
            [run_id, command, datetime.now(timezone.utc).replace(tzinfo=None), coder],
        )
        return run_id

    def finish_run(self, run_id: str, result: WriteResult, errors: int) -> None:
        self.con.execute(
            "UPDATE runs SET finished_at = ?, articles_new = ?, articles_replaced = ?, "
            "articles_unchanged = ?, errors = ? WHERE id = ?",
            [datetime.now(timezone.utc).replace(tzinfo=None), result.new, result.replaced,
             result.unchanged, errors, run_id],
        )

    def record_errors(self, run_id: str | None, errors: Iterable[InputError]) -> None:
        rows = [[run_id, e.path, e.line, e.reason, e.stage] for e in errors]
        if rows:
            self.con.executemany(
                "INSERT INTO errors (run_id, path, line, reason, stage) VALUES (?, ?, ?, ?, ?)", rows
            )

    # -- writing -----------------------------------------------------------------------
    def known_hashes(self, ids: Sequence[str]) -> dict[str, str]:
        if not ids:
            return {}
        rows = self.con.execute(
            "SELECT id, content_hash FROM articles WHERE id IN (SELECT unnest(?))", [list(ids)]
        ).fetchall()
        return dict(rows)

    def write_articles(self, articles: Iterable[Article], run_id: str | None = None) -> WriteResult:
        """Store coded articles in one transaction: new ones added, changed ones replaced."""
        articles = list(articles)
        result = WriteResult()
        known = self.known_hashes([a.id for a in articles])
        todo: list[tuple[Article, str]] = []
        seen: set[str] = set()
        for art in articles:
            h = content_hash(art)
            if art.id in seen or known.get(art.id) == h:
                result.unchanged += 1
                continue
            seen.add(art.id)
            if art.id in known:
                result.replaced += 1
            else:
                result.new += 1
            todo.append((art, h))
        if not todo:
            return result
        self.con.execute("BEGIN")
        try:
            replaced = [art.id for art, _ in todo if art.id in known]
            touched: set[str] = set()
            if replaced:
                touched |= {c for (c,) in self.con.execute(
                    "SELECT DISTINCT cluster_id FROM event_mentions WHERE article_id IN (SELECT unnest(?))",
                    [replaced]).fetchall()}
                self._delete_articles(replaced)
            rows: dict[str, list[list[Any]]] = {t: [] for t in _INSERT_COLUMNS}
            clusters = self._assign_clusters([ev for art, _ in todo for ev in art.events])
            touched |= set(clusters.values())
            for art, h in todo:
                self._article_rows(art, h, run_id, clusters, rows)
            for table, table_rows in rows.items():
                self._insert_rows(table, table_rows)
            self._refresh_events(sorted(touched))
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return result

    def _refresh_events(self, cluster_ids: list[str]) -> None:
        """Recompute the ``events`` rows of these clusters from their mentions."""
        if cluster_ids:
            self.con.execute("DELETE FROM events WHERE id IN (SELECT unnest(?))", [cluster_ids])
            self.con.execute(CLUSTER_SQL, [cluster_ids])

    def _delete_articles(self, ids: list[str]) -> None:
        for table in ("event_mentions", "actors", "entities", "places", "dates", "quotes", "counts", "articles"):
            col = "id" if table == "articles" else "article_id"
            self.con.execute(f"DELETE FROM {table} WHERE {col} IN (SELECT unnest(?))", [ids])

    def _article_rows(self, art: Article, h: str, run_id: str | None, clusters: dict[str, str],
                      rows: dict[str, list[list[Any]]]) -> None:
        rec = art.to_dict()
        aid = art.id
        rows["articles"].append(
            [aid, h, art.url, art.source, art.title, art.published, _date_or_none(art.published),
             art.language, art.path, art.coder, art.text, json.dumps(art.removed),
             art.tone.score, art.tone.positive, art.tone.negative, list(art.themes),
             len(art.events), json.dumps(rec), run_id],
        )
        domain = art.source or _domain(art.url)
        for ev, ev_rec in zip(art.events, rec["events"], strict=True):
            countries = sorted({a.country for a in ev.source + ev.target if a.country})
            place = ev.place
            rows["event_mentions"].append([
                ev.id, aid, clusters[ev.id], dyad_key(ev), ev.code, ev.root_code, ev.name, ev.quad_class,
                ev.goldstein, ev.plover.event, ev.plover.mode,
                _first(ev.source, "code"), _first(ev.source, "country"), _first(ev.source, "name"),
                _first(ev.source, "text"),
                _first(ev.target, "code"), _first(ev.target, "country"), _first(ev.target, "name"),
                _first(ev.target, "text"),
                [a.code for a in ev.source if a.code], [a.code for a in ev.target if a.code], countries,
                ev.modality, ev.reported_by.code if ev.reported_by else None,
                ev.reported_by.name if ev.reported_by else None,
                ev.date, _date_or_none(ev.date), ev.date_precision,
                place.name if place else None, place.country if place else None,
                place.admin1 if place else None, place.lat if place else None,
                place.lon if place else None, place.geonames_id if place else None,
                place.feature if place else None,
                ev.sentence, ev.start, ev.end, ev.text, ev.trigger, ev.trigger_start, ev.trigger_end,
                ev.rule, ev.confidence, max(ev.mentions, 1), domain, art.url, art.published,
                json.dumps(ev_rec),
            ])
            for side, group in (("source", ev.source), ("target", ev.target),
                                ("reported_by", [ev.reported_by] if ev.reported_by else [])):
                for i, a in enumerate(group):
                    rows["actors"].append([aid, ev.id, side, i, a.text, a.start, a.end, a.name, a.code,
                                           a.country, a.role, a.group])
        rows["entities"] += [
            [aid, i, e.text, e.start, e.end, e.type, e.name,
             e.actor.code if e.actor else None, e.actor.country if e.actor else None,
             e.actor.name if e.actor else None] for i, e in enumerate(art.entities)]
        rows["places"] += [
            [aid, i, p.text, p.start, p.end, p.name, p.country, p.admin1, p.lat, p.lon,
             p.geonames_id, p.feature] for i, p in enumerate(art.places)]
        rows["dates"] += [
            [aid, i, d.text, d.start, d.end, d.value, d.precision] for i, d in enumerate(art.dates)]
        rows["quotes"] += [
            [aid, i, q.text, q.start, q.end, q.speaker.text if q.speaker else None,
             q.speaker.name if q.speaker else None, q.speaker.code if q.speaker else None,
             q.verb, q.kind] for i, q in enumerate(art.quotes)]
        rows["counts"] += [
            [aid, i, c.value, c.approximate, c.kind, c.object, c.country, c.text, c.start, c.end,
             c.since] for i, c in enumerate(art.counts)]

    def _insert_rows(self, table: str, rows: list[list[Any]]) -> None:
        """One bulk INSERT per table through Arrow (DuckDB's executemany goes row by row)."""
        if not rows:
            return
        import pyarrow as pa

        columns = _INSERT_COLUMNS[table]
        arrow = pa.table({c: [r[i] for r in rows] for i, c in enumerate(columns)})
        self.con.register("_tacitus_rows", arrow)
        try:
            quoted = ", ".join(f'"{c}"' for c in columns)
            self.con.execute(f"INSERT INTO {table} ({quoted}) SELECT {quoted} FROM _tacitus_rows")
        finally:
            self.con.unregister("_tacitus_rows")

    def _assign_clusters(self, events: Sequence[Event]) -> dict[str, str]:
        """Join each event to the earliest stored cluster it matches (``same_event``; rows
        written earlier in this transaction included), else start a cluster."""
        keys = {ev.id: dyad_key(ev) for ev in events}
        candidates: dict[str, list[tuple[str | None, str | None, str, frozenset[str], bool]]] = {}
        if keys:
            rows = self.con.execute(
                "SELECT dyad_key, date, date_precision, cluster_id, text, "
                "len(source_codes) > 0 AND len(target_codes) > 0 FROM event_mentions "
                "WHERE dyad_key IN (SELECT unnest(?)) ORDER BY published NULLS LAST, id",
                [sorted(set(keys.values()))],
            ).fetchall()
            for k, d, p, c, text, full in rows:
                candidates.setdefault(k, []).append((d, p, c, content_words(text or ""), bool(full)))
        out: dict[str, str] = {}
        for ev in events:
            words = content_words(ev.text)
            full = bool(ev.source) and bool(ev.target)
            found = next(
                (c for d, p, c, w, f in candidates.get(keys[ev.id], [])
                 if dates_compatible(d, p, ev.date, ev.date_precision)
                 and (full and f or evidence_similarity(words, w) >= MIN_EVIDENCE_SIMILARITY)),
                None,
            )
            out[ev.id] = found or cluster_key(ev)
            candidates.setdefault(keys[ev.id], []).append(
                (ev.date, ev.date_precision, out[ev.id], words, full))
        return out

    # -- reading -----------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        out = {}
        for table in ("articles", "event_mentions", "events", "entities", "places", "dates", "quotes", "counts", "errors"):
            out[table] = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        return out

    def iter_articles(self, ids: Sequence[str] | None = None) -> Iterator[Article]:
        """Stored articles as full public records, in published then id order."""
        sql = "SELECT record FROM articles"
        params: list[Any] = []
        if ids is not None:
            sql += " WHERE id IN (SELECT unnest(?))"
            params.append(list(ids))
        sql += " ORDER BY published NULLS LAST, id"
        cur = self.con.execute(sql, params)
        while True:
            rows = cur.fetchmany(256)
            if not rows:
                break
            for (rec,) in rows:
                yield article_from_dict(json.loads(rec))

    def query_events(self, **query: Any) -> list[dict[str, Any]]:
        """Events (one per real-world event; ``mentions=True`` for every mention), with the
        filters, limit and columns of ``events_sql`` applied in SQL."""
        sql, params = events_sql(**query)
        cur = self.con.execute(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def events_sql(
    since: str | None = None,
    until: str | None = None,
    country: str | None = None,
    actor: str | None = None,
    code: str | None = None,
    quad_class: int | None = None,
    place_country: str | None = None,
    modality: str | None = None,
    text: str | None = None,
    limit: int | None = None,
    columns: Sequence[str] = EVENT_COLUMNS,
    mentions: bool = False,
) -> tuple[str, list[Any]]:
    """The SELECT for an event query; every user value travels as a bound parameter."""
    table = "event_mentions" if mentions else "events"
    cols = []
    for c in columns:
        if c not in EVENT_COLUMNS:
            raise TacitusError("E030", f"unknown event column {c!r}")
        if mentions and c in ("mentions", "sources", "articles"):
            cols.append(f"1 AS {c}" if c != "mentions" else "article_mentions AS mentions")
        elif mentions and c == "id":
            cols.append("id")
        else:
            cols.append(f'"{c}"')
    where, params = [], []
    if since:
        where.append("event_date >= CAST(? AS DATE)")
        params.append(since)
    if until:
        where.append("event_date <= CAST(? AS DATE)")
        params.append(until)
    if country:
        where.append("list_contains(countries, ?)")
        params.append(country.upper())
    if actor:
        # prefix match on any code of either side, without lambdas (their syntax changed
        # across DuckDB releases)
        where.append(
            "contains('|' || array_to_string(list_concat(source_codes, target_codes), '|'), '|' || ?)"
        )
        params.append(actor.upper())
    if code:
        where.append("starts_with(code, ?)")
        params.append(code)
    if quad_class is not None:
        where.append("quad_class = ?")
        params.append(int(quad_class))
    if place_country:
        where.append("place_country = ?")
        params.append(place_country.upper())
    if modality:
        where.append("modality = ?")
        params.append(modality)
    if text:
        where.append("contains(lower(text), lower(?))")
        params.append(text)
    sql = f"SELECT {', '.join(cols)} FROM {table}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY event_date NULLS LAST, id"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    return sql, params
