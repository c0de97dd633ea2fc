"""Read queries behind the API: filters, sorting and keyset pagination over the store.

Every user value travels as a bound parameter; the only SQL text that varies comes from
whitelists in this module (sort keys, time buckets). Events are selected by
``tacitus.store.filters.EventFilter``, as in ``tacitus query events`` and the store's
``query_events``, so the API and the CLI select the same events for the same filter.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import duckdb

from tacitus.api.fast import FastEvents
from tacitus.store import rollups
from tacitus.store.columns import API_LIST_COLUMNS, API_MENTION_COLUMNS
from tacitus.store.filters import DERIVED, EventFilter, where_sql

# Columns of /api/events rows and of one mention in /api/events/{id}: selections from the
# store's one declaration of its event columns.
EVENT_LIST_COLUMNS = API_LIST_COLUMNS
MENTION_COLUMNS = API_MENTION_COLUMNS

ARTICLE_LIST_COLUMNS = (
    "id", "title", "url", "source", "published", "language", "n_events", "tone_score",
)

# sort name -> (SQL key for ascending order, SQL key for descending order, cast of the
# cursor value). Keys are never NULL so keyset comparisons stay total: unknown values sort
# last in both directions.
EVENT_SORTS: dict[str, tuple[str, str, str]] = {
    "date": ("coalesce(event_date, DATE '9999-12-31')",
             "coalesce(event_date, DATE '0001-01-01')", "DATE"),
    "goldstein": ("coalesce(goldstein, 1e9)", "coalesce(goldstein, -1e9)", "DOUBLE"),
    "confidence": ("coalesce(confidence, 1e9)", "coalesce(confidence, -1e9)", "DOUBLE"),
    "mentions": ("mentions", "mentions", "BIGINT"),
    "sources": ("sources", "sources", "BIGINT"),
    "articles": ("articles", "articles", "BIGINT"),
}
ARTICLE_SORTS: dict[str, tuple[str, str, str]] = {
    "published": ("coalesce(published_date, DATE '9999-12-31')",
                  "coalesce(published_date, DATE '0001-01-01')", "DATE"),
    "events": ("coalesce(n_events, 0)", "coalesce(n_events, 0)", "BIGINT"),
}
TIME_BUCKETS = ("day", "week", "month", "year")


class Reader:
    """The cursors one request reads through: on the store file, and on the events table
    (the snapshot's when there is one, else the store's ``events`` view). Each is opened on
    first use and closed with the reader."""

    def __init__(self, store: duckdb.DuckDBPyConnection,
                 snapshot: duckdb.DuckDBPyConnection | None = None) -> None:
        self._sources = {"store": store, "events": snapshot or store}
        self.snapshot = snapshot is not None
        self._open: dict[str, duckdb.DuckDBPyConnection] = {}

    def _cursor(self, name: str) -> duckdb.DuckDBPyConnection:
        if name not in self._open:
            self._open[name] = self._sources[name].cursor()
        return self._open[name]

    @property
    def store(self) -> duckdb.DuckDBPyConnection:
        return self._cursor("store")

    @property
    def events(self) -> duckdb.DuckDBPyConnection:
        return self._cursor("events")

    def close(self) -> None:
        for cur in self._open.values():
            cur.close()
        self._open.clear()


def snapshot_events(store: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """An in-memory copy of the store's ``events`` table, sorted by date, with its rollup
    tables (``tacitus.store.rollups``) and the name and country of each actor code.

    A served store cannot change (DuckDB's lock keeps writers out while the API holds the
    file), so computing this once at start-up is exact. Sorting by
    date lets DuckDB's min/max zone maps skip row groups for date filters. Each sort order
    gets a rank column, so a page is found by scanning a few narrow columns and its wide rows
    are then fetched by number through an index (a top-N over all columns scans every text
    and list column: 50-130 ms at 100,000 events, against 5-10 ms this way).
    """
    cur = store.cursor()
    try:
        cur.execute("SET enable_progress_bar = false")
        rel = cur.sql(
            "SELECT * EXCLUDE (record) REPLACE (CAST(mentions AS BIGINT) AS mentions, "
            "CAST(sources AS BIGINT) AS sources, CAST(articles AS BIGINT) AS articles) "
            "FROM events ORDER BY event_date NULLS LAST, id")
        # the method's name changed in DuckDB 2.0
        table = (getattr(rel, "to_arrow_table", None) or rel.arrow)()
    finally:
        cur.close()
    ranks = []
    for name, (asc_key, desc_key, _) in EVENT_SORTS.items():
        ranks.append(f'row_number() OVER (ORDER BY {asc_key} ASC, id ASC) AS "{_rank_column(name, False)}"')
        ranks.append(f'row_number() OVER (ORDER BY {desc_key} DESC, id DESC) AS "{_rank_column(name, True)}"')
    snap = duckdb.connect(":memory:")
    snap.execute("SET enable_progress_bar = false")
    snap.register("events_arrow", table)
    derived = ", ".join(f"{expr} AS {name}" for name, expr in DERIVED.items())
    snap.execute(f"CREATE TABLE events AS SELECT row_number() OVER () AS __rn, *, {derived}, "
                 f"{', '.join(ranks)} "
                 "FROM events_arrow ORDER BY event_date NULLS LAST, id")
    snap.unregister("events_arrow")
    # point look-ups: rows of a page by number, an event by id
    snap.execute("CREATE UNIQUE INDEX events_rn ON events (__rn)")
    snap.execute("CREATE UNIQUE INDEX events_id ON events (id)")
    # the rollups too, in an order whose zone maps skip row groups for the usual filter
    # (date ranges; the country of the per-country rows), and the actors' names
    copies = {table: f"SELECT * FROM {table} ORDER BY {ROLLUP_ORDER.get(table, 'event_date')} NULLS LAST"
              for table in rollups.ROLLUP_TABLES}
    copies["actor_names"] = ACTOR_NAMES_SQL.format(where="")
    cur = store.cursor()
    try:
        for table, select in copies.items():
            rel = cur.sql(select)
            snap.register("copy_arrow", (getattr(rel, "to_arrow_table", None) or rel.arrow)())
            snap.execute(f"CREATE TABLE {table} AS SELECT * FROM copy_arrow")
            snap.unregister("copy_arrow")
    finally:
        cur.close()
    return snap


# A first page is looked for among the first RANK_PROBE x (limit + 1) ranks of its sort order
# before all of them (a top-N over every row: 12 ms at 100,000 events, against 1-3 ms).
RANK_PROBE = 20

# Snapshot order of a rollup table where it is not the event date (zone maps then skip row
# groups of other countries).
ROLLUP_ORDER = {"rollup_day_countries": "country, event_date"}


def _rank_column(sort_name: str, desc: bool) -> str:
    """Snapshot column holding each event's position in one sort order (unique, 1-based)."""
    return f"__{'d' if desc else 'a'}_{sort_name}"


class BadParameter(ValueError):
    """A query parameter that passed type checks but cannot be used (bad cursor, sort)."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        self.message = message


def filter_params(f: EventFilter) -> dict[str, str]:
    """The filter as this API's query-string values (for links and the dashboard): the
    evidence text is ``q`` here."""
    return {("q" if k == "text" else k): v for k, v in f.as_dict().items()}


def jsonable(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _rows(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cur.description]
    return [{n: jsonable(v) for n, v in zip(names, row, strict=True)} for row in cur.fetchall()]


# -- cursors ---------------------------------------------------------------------------
def encode_cursor(sort: str, key: Any, row_id: str) -> str:
    raw = json.dumps([sort, jsonable(key), row_id], separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, sort: str) -> tuple[Any, str]:
    """The (key, id) a page ends at; BadParameter for anything this module did not write."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        got_sort, key, row_id = json.loads(raw.decode("utf-8"))
    except (ValueError, TypeError, UnicodeDecodeError) as exc:
        raise BadParameter("cursor", "not a cursor returned by this API") from exc
    if got_sort != sort:
        raise BadParameter("cursor", f"cursor was made for sort={got_sort!r}, not {sort!r}")
    if not isinstance(row_id, str) or not isinstance(key, (str, int, float)) or isinstance(key, bool):
        raise BadParameter("cursor", "not a cursor returned by this API")
    return key, row_id


def parse_sort(sort: str, table: dict[str, tuple[str, str, str]]) -> tuple[str, bool]:
    """('date', True) for '-date'; BadParameter naming the allowed values otherwise."""
    desc = sort.startswith("-")
    name = sort[1:] if desc else sort
    if name not in table:
        allowed = ", ".join(f"{n}, -{n}" for n in table)
        raise BadParameter("sort", f"unknown sort {sort!r}; one of: {allowed}")
    return name, desc


def _page(
    con: duckdb.DuckDBPyConnection,
    relation: str,
    columns: Sequence[str],
    where: list[str],
    params: list[Any],
    sort: str,
    sorts: dict[str, tuple[str, str, str]],
    limit: int,
    cursor: str | None,
    ranked: bool = False,
) -> tuple[list[dict[str, Any]], str | None]:
    """One page in (key, id) order after the cursor's row; ``ranked`` relations (the events
    snapshot) have that order precomputed, see ``snapshot_events``."""
    name, desc = parse_sort(sort, sorts)
    asc_key, desc_key, cast = sorts[name]
    key = desc_key if desc else asc_key
    where, params = list(where), list(params)
    if cursor:
        value, row_id = decode_cursor(cursor, sort)
        op = "<" if desc else ">"
        where.append(f"({key} {op} CAST(? AS {cast}) OR ({key} = CAST(? AS {cast}) AND id {op} ?))")
        params += [value, value, row_id]
    direction = "DESC" if desc else "ASC"
    cols = ", ".join(f'"{c}"' for c in columns)
    try:
        if ranked:
            rank = _rank_column(name, desc)
            found = []
            if not cursor:
                # the first ranks first: a page of a usual filter lies among them, and in date
                # order their zone maps skip every other row group (the snapshot is sorted by
                # date); too few rows there, and the page is looked for among all
                probe = where + [f'"{rank}" <= ?']
                found = con.execute(
                    f'SELECT __rn, {key} AS __key FROM {relation}{where_sql(probe)} '
                    f'ORDER BY "{rank}" LIMIT ?', params + [RANK_PROBE * (limit + 1), limit + 1]).fetchall()
            if len(found) <= limit:
                found = con.execute(
                    f'SELECT __rn, {key} AS __key FROM {relation}{where_sql(where)} '
                    f'ORDER BY "{rank}" LIMIT ?', params + [limit + 1]).fetchall()
            rows = []
            if found:
                marks = ", ".join("?" * len(found))
                by_rn = {r.pop("__rn"): r for r in _rows(con.execute(
                    f"SELECT {cols}, __rn FROM {relation} WHERE __rn IN ({marks})",
                    [rn for rn, _ in found]))}
                for rn, k in found:
                    rows.append({**by_rn[rn], "__key": jsonable(k)})
        else:
            rows = _rows(con.execute(
                f"SELECT {cols}, {key} AS __key FROM {relation}{where_sql(where)} "
                f"ORDER BY __key {direction}, id {direction} LIMIT ?", params + [limit + 1]))
    except duckdb.ConversionException as exc:
        raise BadParameter("cursor", "not a cursor returned by this API") from exc
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor(sort, rows[-1]["__key"], rows[-1]["id"])
    for r in rows:
        del r["__key"]
    return rows, next_cursor


# -- events ----------------------------------------------------------------------------
def fast_index(snapshot: duckdb.DuckDBPyConnection) -> FastEvents | None:
    """The columnar index of a snapshot (``tacitus.api.fast``); None where the store holds
    values it does not model (then every request takes the SQL path)."""
    return FastEvents.build(snapshot, EVENT_LIST_COLUMNS, EVENT_SORTS, _rank_column)


def fast_page(fx: FastEvents, snapshot: duckdb.DuckDBPyConnection, f: EventFilter,
              sort: str = "-date", limit: int = 100, cursor: str | None = None,
              sql_rows: Any = None) -> tuple[list[int], str | None] | None:
    """``list_events`` from the columnar index: the page's rows (index numbers, for
    ``FastEvents.rows_json``) and the next cursor; None where the index declines. Bad sorts
    and cursors fail as in ``list_events``. ``sql_rows``: see ``FastEvents.select``."""
    name, desc = parse_sort(sort, EVENT_SORTS)
    start = 0
    if cursor:
        value, row_id = decode_cursor(cursor, sort)
        asc_key, desc_key, cast = EVENT_SORTS[name]
        try:
            found = fx.cursor_position(snapshot, (name, desc), desc_key if desc else asc_key,
                                       cast, value, row_id)
        except duckdb.ConversionException as exc:
            raise BadParameter("cursor", "not a cursor returned by this API") from exc
        if found is None:
            return None
        start = found
    sel = fx.select(f, snapshot, sql_rows)
    if sel is None:
        return None
    rows = fx.page(sel, (name, desc), limit, start).tolist()
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor(sort, fx.sort_key(name, desc, rows[-1]), fx.ids[rows[-1]])
    return rows, next_cursor


def list_events(r: Reader, f: EventFilter, sort: str = "-date", limit: int = 100,
                cursor: str | None = None) -> tuple[list[dict[str, Any]], str | None]:
    where, params = f.where(precomputed=r.snapshot)
    return _page(r.events, "events", EVENT_LIST_COLUMNS, where, params, sort, EVENT_SORTS, limit,
                 cursor, ranked=r.snapshot)


def highlights(mention: dict[str, Any], actors: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Trigger and actor spans relative to the evidence sentence, those inside it only."""
    s0, s1 = mention.get("start_char") or 0, mention.get("end_char") or 0
    spans = []
    if mention.get("trigger_start") is not None and mention.get("trigger_end") is not None:
        spans.append(("trigger", mention["trigger_start"], mention["trigger_end"], mention.get("trigger")))
    for a in actors:
        if a.get("start") is not None and a.get("end") is not None:
            spans.append((a["side"], a["start"], a["end"], a.get("code") or a.get("name")))
    out = []
    for kind, a, b, label in spans:
        if s0 <= a < b <= s1:
            out.append({"kind": kind, "start": a - s0, "end": b - s0, "label": label})
    out.sort(key=lambda h: (h["start"], h["end"]))
    return out


def get_event(r: Reader, event_id: str) -> dict[str, Any] | None:
    """One event (by its id, or the id of any of its mentions) with every mention."""
    cols = ", ".join(f'"{c}"' for c in EVENT_LIST_COLUMNS)
    rows = _rows(r.events.execute(f"SELECT {cols} FROM events WHERE id = ?", [event_id]))
    if not rows:
        found = r.store.execute("SELECT cluster_id FROM event_mentions WHERE id = ?", [event_id]).fetchone()
        if not found:
            return None
        rows = _rows(r.events.execute(f"SELECT {cols} FROM events WHERE id = ?", [found[0]]))
        if not rows:
            return None
    event = rows[0]
    mcols = ", ".join(f'm."{c}"' for c in MENTION_COLUMNS)
    mentions = _rows(r.store.execute(
        f"SELECT {mcols}, a.title AS article_title FROM event_mentions m "
        "LEFT JOIN articles a ON a.id = m.article_id WHERE m.cluster_id = ? "
        "ORDER BY m.published NULLS LAST, m.id", [event["id"]]))
    actors = _rows(r.store.execute(
        'SELECT event_id, side, idx, text, start_char AS start, end_char AS "end", name, code, '
        'country, role, "group" FROM actors WHERE event_id IN (SELECT unnest(?)) '
        "ORDER BY event_id, side, idx", [[m["id"] for m in mentions]]))
    by_event: dict[str, list[dict[str, Any]]] = {}
    for a in actors:
        by_event.setdefault(a.pop("event_id"), []).append(a)
    for m in mentions:
        m["actors"] = by_event.get(m["id"], [])
        m["highlights"] = highlights(m, m["actors"])
    event["evidence"] = mentions
    return event


# -- aggregates ------------------------------------------------------------------------
# Mean Goldstein of a group from its exact sum, the same in SQL on ``events`` and on the
# rollups (an average of floats would depend on the order of the terms).
_MEAN_SQL = "round(CAST({total} AS DOUBLE) / nullif({n}, 0), 3)"
_MEAN = _MEAN_SQL.format(total=rollups.GOLDSTEIN_SUM_SQL, n="count(goldstein)")


def _filtered_rollup(f: EventFilter, country_rows: bool = False) -> tuple[list[str], list[Any]]:
    """WHERE terms of filter ``f`` (rollup fields only) on a rollup table; ``country_rows``
    tables hold one row per country, tested by equality instead of list membership."""
    if not country_rows or not f.country:
        return f.where()
    where, params = replace(f, country=None).where()
    return where + ["country = ?"], params + [f.country.upper()]


def _use_rollups(f: EventFilter, use_rollups: bool) -> bool:
    return use_rollups and rollups.answers(f.as_dict())


def timeline(r: Reader, f: EventFilter, interval: str = "day",
             use_rollups: bool = True) -> list[dict[str, Any]]:
    """Per time bucket: events, mentions and mean Goldstein, in total and by QuadClass;
    from the rollups when the filter allows (``use_rollups=False``: from ``events``)."""
    if interval not in TIME_BUCKETS:
        raise BadParameter("interval", f"one of: {', '.join(TIME_BUCKETS)}")
    if _use_rollups(f, use_rollups):
        where, params = _filtered_rollup(f, country_rows=True)
        table = "rollup_day_countries" if f.country else "rollup_days"
        days = ("SELECT event_date, quad_class, sum(events) AS events, sum(mentions) AS mentions, "
                "sum(goldstein_sum) AS gsum, sum(goldstein_n) AS gn FROM " + table)
    else:
        where, params = f.where(precomputed=r.snapshot)
        days = ("SELECT event_date, quad_class, count(*) AS events, sum(mentions) AS mentions, "
                f"{rollups.GOLDSTEIN_SUM_SQL} AS gsum, count(goldstein) AS gn FROM events")
    where.append("event_date IS NOT NULL")
    # per day first: truncating a date per row costs more than the grouping itself
    rows = r.events.execute(
        f"WITH d AS ({days}{where_sql(where)} GROUP BY event_date, quad_class) "
        f"SELECT CAST(date_trunc('{interval}', event_date) AS DATE) AS bucket, quad_class, "
        "CAST(sum(events) AS BIGINT), CAST(sum(mentions) AS BIGINT), CAST(sum(gsum) AS DOUBLE), "
        "CAST(sum(gn) AS BIGINT) FROM d "
        "GROUP BY ALL ORDER BY bucket, quad_class", params).fetchall()
    out: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for day_bucket, quad, n, mentions, gsum, gn in rows:
        day = day_bucket.isoformat()
        if current is None or current["date"] != day:
            current = {"date": day, "events": 0, "mentions": 0, "goldstein": None, "quad": {},
                       "_gsum": 0.0, "_gn": 0}
            out.append(current)
        current["events"] += n
        current["mentions"] += int(mentions or 0)
        current["_gsum"] += gsum or 0.0
        current["_gn"] += gn
        current["quad"][str(quad) if quad is not None else "none"] = {
            "events": n, "goldstein": _mean(gsum, gn)}
    for c in out:
        c["goldstein"] = _mean(c.pop("_gsum"), c.pop("_gn"))
    return out


def _mean(total: float | None, n: int) -> float | None:
    """A mean Goldstein value from its sum (exact, ``rollups.GOLDSTEIN_SUM_SQL``, then a
    double: the same on both paths)."""
    return round(total / n, 3) if n and total is not None else None


# The most frequent name and country of each actor code, ties to the first in sort order
# (``mode`` would break ties by the order rows happen to be read in).
ACTOR_NAMES_SQL = """
WITH a AS (SELECT code, coalesce(name, text) AS name, country FROM actors {where}),
n AS (SELECT code, name, count(*) AS c FROM a WHERE name IS NOT NULL GROUP BY code, name),
k AS (SELECT code, country, count(*) AS c FROM a WHERE country IS NOT NULL GROUP BY code, country)
SELECT c.code, (SELECT first(name ORDER BY n.c DESC, name) FROM n WHERE n.code = c.code) AS name,
       (SELECT first(country ORDER BY k.c DESC, country) FROM k WHERE k.code = c.code) AS country
FROM (SELECT DISTINCT code FROM a WHERE code IS NOT NULL) c
"""


def _actor_names(r: Reader, codes: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The most frequent name and country stored for each actor code (from the snapshot's
    table of them when there is one)."""
    if not codes:
        return {}
    if r.snapshot:
        rows = r.events.execute("SELECT code, name, country FROM actor_names "
                                "WHERE code IN (SELECT unnest(?))", [list(codes)]).fetchall()
    else:
        rows = r.store.execute(ACTOR_NAMES_SQL.format(where="WHERE code IN (SELECT unnest(?))"),
                               [list(codes)]).fetchall()
    return {c: {"name": n, "country": k} for c, n, k in rows}


def top_actors(r: Reader, f: EventFilter, limit: int = 20,
               use_rollups: bool = True) -> list[dict[str, Any]]:
    """Actor codes by events (rows: one per code on either side of an event); from the
    rollups when the filter allows (``use_rollups=False``: from ``events``)."""
    if _use_rollups(f, use_rollups):
        where, params = _filtered_rollup(f)
        sql = (
            "SELECT actor AS code, CAST(sum(events) AS BIGINT) AS events, "
            "CAST(sum(as_source) AS BIGINT) AS as_source, CAST(sum(as_target) AS BIGINT) AS as_target, "
            "CAST(sum(mentions) AS BIGINT) AS mentions, "
            f"{_MEAN_SQL.format(total='sum(goldstein_sum)', n='sum(goldstein_n)')} AS goldstein "
            f"FROM rollup_actors{where_sql(where)} GROUP BY actor ORDER BY 2 DESC, 1 LIMIT ?")
    else:
        where, params = f.where(precomputed=r.snapshot)
        sql = (
            f"WITH f AS (SELECT source_codes, target_codes, goldstein, mentions FROM events"
            f"{where_sql(where)}), "
            "a AS (SELECT unnest(source_codes) AS code, 1 AS src, 0 AS tgt, goldstein, mentions FROM f "
            "UNION ALL SELECT unnest(target_codes), 0, 1, goldstein, mentions FROM f) "
            "SELECT code, count(*) AS events, sum(src) AS as_source, sum(tgt) AS as_target, "
            f"sum(mentions) AS mentions, {_MEAN} AS goldstein FROM a "
            "WHERE code IS NOT NULL GROUP BY code ORDER BY events DESC, code LIMIT ?")
    rows = _rows(r.events.execute(sql, params + [limit]))
    names = _actor_names(r, [row["code"] for row in rows])
    for row in rows:
        row.update(names.get(row["code"], {"name": None, "country": None}))
    return rows


def network(r: Reader, f: EventFilter, limit: int = 100,
            min_events: int = 1, use_rollups: bool = True) -> dict[str, Any]:
    """Directed dyads (every source code x every target code of an event); from the
    rollups when the filter allows (``use_rollups=False``: from ``events``)."""
    if _use_rollups(f, use_rollups):
        where, params = _filtered_rollup(f)
        edges = _rows(r.events.execute(
            "SELECT source, target, CAST(sum(events) AS BIGINT) AS events, "
            "CAST(sum(mentions) AS BIGINT) AS mentions, "
            f"{_MEAN_SQL.format(total='sum(goldstein_sum)', n='sum(goldstein_n)')} AS goldstein, "
            "CAST(coalesce(sum(events) FILTER (WHERE quad_class <= 2), 0) AS BIGINT) AS cooperation, "
            "CAST(coalesce(sum(events) FILTER (WHERE quad_class >= 3), 0) AS BIGINT) AS conflict "
            f"FROM rollup_dyads{where_sql(where)} GROUP BY source, target HAVING sum(events) >= ? "
            "ORDER BY 3 DESC, 1, 2 LIMIT ?", params + [min_events, limit]))
        return _network(r, edges)
    where, params = f.where(precomputed=r.snapshot)
    edges = _rows(r.events.execute(
        f"WITH f AS (SELECT source_codes, target_codes, goldstein, mentions, quad_class "
        f"FROM events{where_sql(where)}), "
        "s AS (SELECT unnest(source_codes) AS source, target_codes, goldstein, mentions, "
        "quad_class FROM f), "
        "st AS (SELECT source, unnest(target_codes) AS target, goldstein, mentions, quad_class "
        "FROM s) "
        "SELECT source, target, count(*) AS events, sum(mentions) AS mentions, "
        f"{_MEAN} AS goldstein, "
        "count(*) FILTER (WHERE quad_class <= 2) AS cooperation, "
        "count(*) FILTER (WHERE quad_class >= 3) AS conflict FROM st "
        "WHERE source IS NOT NULL AND target IS NOT NULL AND source <> target "
        "GROUP BY source, target HAVING count(*) >= ? "
        "ORDER BY events DESC, source, target LIMIT ?",
        params + [min_events, limit]))
    return _network(r, edges)


def _network(r: Reader, edges: list[dict[str, Any]]) -> dict[str, Any]:
    """Nodes (names, degree in events) for the edges."""
    codes = sorted({e["source"] for e in edges} | {e["target"] for e in edges})
    names = _actor_names(r, codes)
    degree: dict[str, int] = {}
    for e in edges:
        degree[e["source"]] = degree.get(e["source"], 0) + e["events"]
        degree[e["target"]] = degree.get(e["target"], 0) + e["events"]
    nodes = [{"code": c, "events": degree[c], **names.get(c, {"name": None, "country": None})}
             for c in codes]
    return {"nodes": nodes, "edges": edges}


def places(r: Reader, f: EventFilter, limit: int = 500) -> list[dict[str, Any]]:
    """Events aggregated per place (name, country and coordinates to 0.01 degree)."""
    where, params = f.where(precomputed=r.snapshot)
    where += ["lat IS NOT NULL", "lon IS NOT NULL"]
    return _rows(r.events.execute(
        "SELECT place_name AS name, place_country AS country, round(lat, 2) AS lat, "
        "round(lon, 2) AS lon, count(*) AS events, sum(mentions) AS mentions, "
        "round(avg(goldstein), 3) AS goldstein, "
        "count(*) FILTER (WHERE quad_class >= 3) AS conflict "
        f"FROM events{where_sql(where)} "
        "GROUP BY place_name, place_country, round(lat, 2), round(lon, 2) "
        "ORDER BY events DESC, name LIMIT ?", params + [limit]))


# -- articles --------------------------------------------------------------------------
def list_articles(con: duckdb.DuckDBPyConnection, since: date | None = None,
                  until: date | None = None, q: str | None = None, source: str | None = None,
                  sort: str = "-published", limit: int = 100,
                  cursor: str | None = None) -> tuple[list[dict[str, Any]], str | None]:
    where: list[str] = []
    params: list[Any] = []
    if since:
        where.append("published_date >= CAST(? AS DATE)")
        params.append(since.isoformat())
    if until:
        where.append("published_date <= CAST(? AS DATE)")
        params.append(until.isoformat())
    if q:
        where.append("(contains(lower(coalesce(title, '')), lower(?)) OR contains(lower(text), lower(?)))")
        params += [q, q]
    if source:
        where.append("lower(source) = lower(?)")
        params.append(source)
    return _page(con, "articles", ARTICLE_LIST_COLUMNS, where, params, sort, ARTICLE_SORTS,
                 limit, cursor)


# annotation kind -> table and label column
ANNOTATION_TABLES = {
    "entity": ("entities", "type"),
    "place": ("places", "country"),
    "date": ("dates", "value"),
    "quote": ("quotes", "coalesce(speaker_name, speaker_text)"),
    "count": ("counts", "kind || ' ' || CAST(value AS VARCHAR)"),
}


def get_article(con: duckdb.DuckDBPyConnection, article_id: str) -> dict[str, Any] | None:
    """The full public record plus a flat, sorted list of every annotated span; without the
    path the article was read from (a server-side file name is none of a client's business)."""
    row = con.execute("SELECT record FROM articles WHERE id = ?", [article_id]).fetchone()
    if not row:
        return None
    record = json.loads(row[0])
    record.pop("path", None)
    annotations: list[dict[str, Any]] = []
    for kind, (table, label) in ANNOTATION_TABLES.items():
        for start, end, text, lab in con.execute(
            f"SELECT start_char, end_char, text, {label} FROM {table} WHERE article_id = ? "
            "ORDER BY idx", [article_id]).fetchall():
            annotations.append({"kind": kind, "start": start, "end": end, "text": text, "label": lab})
    clusters = dict(con.execute(
        "SELECT id, cluster_id FROM event_mentions WHERE article_id = ?", [article_id]).fetchall())
    for ev in record.get("events", []):
        ev["event_id"] = clusters.get(ev["id"])
        if ev.get("trigger_start") is not None and ev.get("trigger_end") is not None:
            annotations.append({"kind": "trigger", "start": ev["trigger_start"],
                                "end": ev["trigger_end"], "text": ev.get("trigger"),
                                "label": ev.get("code")})
        for side in ("source", "target"):
            for a in ev.get(side) or []:
                annotations.append({"kind": "actor", "start": a.get("start"), "end": a.get("end"),
                                    "text": a.get("text"), "label": a.get("code") or a.get("name")})
    annotations = [a for a in annotations if a["start"] is not None and a["end"] is not None]
    annotations.sort(key=lambda a: (a["start"], -a["end"], a["kind"]))
    record["annotations"] = annotations
    return record


def health(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    (articles,) = con.execute("SELECT count(*) FROM articles").fetchone()
    mentions, clusters, dmin, dmax = con.execute(
        "SELECT count(*), count(DISTINCT cluster_id), min(event_date), max(event_date) "
        "FROM event_mentions").fetchone()
    version = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return {"status": "ok", "schema_version": version[0] if version else None,
            "articles": articles, "events": clusters, "event_mentions": mentions,
            "date_min": jsonable(dmin), "date_max": jsonable(dmax)}
