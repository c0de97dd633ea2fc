"""Store: the public records in one embedded DuckDB file.

Idempotent by article id (a hash of normalised text and url, or the input's own id): an
unchanged article is skipped, a changed one (other input, or another coder fingerprint)
replaces its old rows. Within one run the first record of an id wins (``FirstById``). Each
batch is written in one transaction, so a run killed at any moment leaves whole articles
only. DuckDB allows one writer per file; readers (the API) open it read-only. The layout is
versioned (``SCHEMA_VERSION`` in table ``meta``): an older one is migrated when opened for
writing, a newer one is refused untouched.
"""

from __future__ import annotations

import errno
import json
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timezone
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import duckdb

from tacitus.dedupe import (  # noqa: F401 - re-exported: the store's clustering rule
    StoredMention,
    assign_clusters,
    cluster_key,
    content_words,
    dates_compatible,
    dyad_key,
    evidence_similarity,
)
from tacitus.dedupe import date_or_none as _date_or_none
from tacitus.dedupe.dates import date_window
from tacitus.errors import Errors, InputError, TacitusError
from tacitus.model import Actor, Article, Event, article_from_dict, input_hash
from tacitus.settings import DateWindows
from tacitus.store import rollups
from tacitus.store.columns import EVENTS_BY_NAME, MENTION_COLUMNS, QUERY_COLUMNS, mention_table_sql
from tacitus.store.filters import EventFilter, where_sql

# Version 2 added runs.status, version 3 the rollup tables (filled from ``events`` on
# migration); raise it whenever the layout changes, and say in
# ``_BACKFILL`` how rows of an older layout get a value for the new columns.
SCHEMA_VERSION = "3"
_BACKFILL = {
    ("runs", "status"): "CASE WHEN finished_at IS NULL THEN 'interrupted' ELSE 'finished' END",
}
# Tables only the writer's bookkeeping reads: readers of an older layout need not care.
_BOOKKEEPING = ("meta", "runs", "errors")

# Column order of the rows built by Store._article_rows, per table.
_INSERT_COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": ("id", "content_hash", "url", "source", "title", "published", "published_date",
                 "language", "path", "coder", "text", "removed", "tone_score", "tone_positive",
                 "tone_negative", "themes", "n_events", "record", "run_id"),
    "event_mentions": tuple(c.name for c in MENTION_COLUMNS),
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

# Write-ahead log size at which a writer checkpoints (DuckDB's default: 16 MiB). Each
# checkpoint merges a table's partly filled row groups into full ones, rewriting (and
# recompressing) up to a whole row group (122,880 rows) of every table written since the
# last one: the articles' text and records above all. With the default that happened about
# every 500 articles written, and its cost grew with the store (0.9 s of CPU at 3,000 stored
# articles, 3.7 s at 15,000), so the write cost per article grew with the store. At 256 MiB
# (about 8,000 articles of ~33 KB of log each) the same merge runs 16 times less often. The
# log is replayed after a crash as before; closing the store checkpoints as before.
CHECKPOINT_THRESHOLD = "256MiB"

# The columns of an event query by default (`tacitus query events`, `tacitus export --to`).
EVENT_COLUMNS = QUERY_COLUMNS


# Rebuilds the rows of table ``events`` for the clusters listed in the parameter (given
# twice). Which mention represents a cluster and its counts are worked out on the few narrow
# columns they need; only the representatives' whole rows are read: reading every mention's
# whole row (the record JSON above all) made the rebuild three times slower, and it grew
# with the clusters' sizes.
# Both queries below pick a cluster's representative and count it the same way: one order and
# one count, written once.
_REPRESENTATIVE_ORDER = "published NULLS LAST, confidence DESC, id"
_COUNTED = """counted AS (
    SELECT cluster_id, sum(article_mentions) AS n_mentions, count(DISTINCT article_id) AS n_articles,
           count(DISTINCT coalesce(source_domain, article_id)) AS n_sources
    FROM narrow GROUP BY cluster_id
)"""

CLUSTER_SQL = f"""
INSERT INTO events BY NAME
WITH narrow AS (
    SELECT id, cluster_id, published, confidence, article_mentions, article_id, source_domain
    FROM event_mentions WHERE cluster_id IN (SELECT unnest(?))
), first AS (
    SELECT id FROM (
        SELECT id, row_number() OVER (PARTITION BY cluster_id ORDER BY {_REPRESENTATIVE_ORDER}) AS rank_in_cluster
        FROM narrow)
    WHERE rank_in_cluster = 1
), {_COUNTED}
SELECT m.cluster_id AS id, m.id AS mention_id,
       m.* EXCLUDE (id, cluster_id, dyad_key, record),
       c.n_mentions AS mentions, c.n_sources AS sources, c.n_articles AS articles, m.record
FROM event_mentions m JOIN first f ON m.id = f.id JOIN counted c ON c.cluster_id = m.cluster_id
WHERE m.cluster_id IN (SELECT unnest(?))
"""

# Each write keeps ``events`` up to date for the clusters it touched without rebuilding
# their rows: the representative and counts of each are worked out on the narrow columns
# (as in ``CLUSTER_SQL``), then a cluster whose representative is unchanged gets new counts,
# one whose representative was just written gets that row from the batch in memory, and only
# one whose representative is another stored mention (after a replacement) reads it from
# ``event_mentions``. Reading the representatives' whole rows from ``event_mentions`` on
# every write scanned that table's wide columns, a cost that grew with the store.
REPRESENTATIVES_SQL = f"""
WITH narrow AS (
    SELECT id, cluster_id, published, confidence, article_mentions, article_id, source_domain, event_date
    FROM event_mentions WHERE cluster_id IN (SELECT unnest(?))
), first AS (
    SELECT cluster_id, id, event_date FROM (
        SELECT cluster_id, id, event_date,
               row_number() OVER (PARTITION BY cluster_id ORDER BY {_REPRESENTATIVE_ORDER}) AS rank_in_cluster
        FROM narrow)
    WHERE rank_in_cluster = 1
), {_COUNTED}
SELECT f.cluster_id, f.id, f.event_date, c.n_mentions, c.n_sources, c.n_articles
FROM first f JOIN counted c ON c.cluster_id = f.cluster_id
"""

# The ``events`` rows of representatives read from ``{mentions}`` (``event_mentions``, or the
# batch being written), with their clusters' counts given as parameters.
REPRESENTED_SQL = """
INSERT INTO events BY NAME
SELECT m.cluster_id AS id, m.id AS mention_id,
       m.* EXCLUDE (id, cluster_id, dyad_key, record),
       c.n_mentions AS mentions, c.n_sources AS sources, c.n_articles AS articles, m.record
FROM {mentions} m
JOIN (SELECT unnest(?) AS id, unnest(?) AS n_mentions, unnest(?) AS n_sources, unnest(?) AS n_articles) c
  ON m.id = c.id
WHERE m.id IN (SELECT unnest(?))
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


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url).netloc.lower()
    return host[4:] if host.startswith("www.") else host or None


def _window_sql(column: str) -> str:
    """SQL for the date window (``tacitus.dedupe.date_window``) of the precision in ``column``."""
    named = [f.name for f in fields(DateWindows) if f.name != "other"]
    cases = " ".join(f"WHEN '{name}' THEN {date_window(name)}" for name in named)
    return f"(CASE {column} {cases} ELSE {date_window(None)} END)"


def _first(actors: Sequence[Actor], attr: str) -> Any:
    return getattr(actors[0], attr) if actors else None


# -- layout and versions -------------------------------------------------------------------
Layout = dict[str, dict[str, tuple[str, bool, "str | None"]]]


def schema_sql() -> str:
    """``schema.sql`` with the ``event_mentions`` columns of ``tacitus.store.columns``."""
    text = resources.files("tacitus.store").joinpath("schema.sql").read_text(encoding="utf-8")
    return text.replace("{event_mentions_columns}", mention_table_sql())


def _layout(con: duckdb.DuckDBPyConnection) -> Layout:
    """Table → column → (type, nullable, default) of the connection's own database."""
    out: Layout = {}
    for table, column, dtype, nullable, default in con.execute(
        "SELECT table_name, column_name, data_type, is_nullable = 'YES', column_default "
        "FROM information_schema.columns "
        "WHERE table_catalog = current_database() AND table_schema = 'main' "
        "ORDER BY table_name, ordinal_position"
    ).fetchall():
        out.setdefault(table, {})[column] = (dtype, bool(nullable), default)
    return out


@lru_cache(maxsize=1)
def expected_layout() -> Layout:
    """The layout ``schema.sql`` creates (built once, in memory)."""
    con = duckdb.connect(":memory:")
    try:
        con.execute(schema_sql())
        return _layout(con)
    finally:
        con.close()


def _no_space(exc: BaseException) -> bool:
    return (isinstance(exc, OSError) and exc.errno == errno.ENOSPC) or (
        "no space left on device" in str(exc).lower()
    )


# -- one id, one article per run --------------------------------------------------------
@dataclass
class FirstById:
    """Within one run the first record of an id is kept. ``check`` says, for each article
    read (``input_hash`` set): True (first of its id: keep it), False (the same content
    again: nothing to do) or an ``InputError`` naming file and line (same id, other
    content: not stored, so re-runs never flip between the two)."""

    _first: dict[str, tuple[str, int, int | None]] = field(default_factory=dict)
    _paths: dict[str | None, int] = field(default_factory=dict)

    def check(self, art: Article) -> bool | InputError:
        h = (art.input_hash or content_hash(art))[:16]
        first = self._first.get(art.id)
        if first is None:
            path_no = self._paths.setdefault(art.path, len(self._paths))
            self._first[art.id] = (h, path_no, art.line)
            return True
        if first[0] == h:
            return False
        first_path = next(p for p, n in self._paths.items() if n == first[1]) or "input"
        where = f"{first_path}:{first[2]}" if first[2] is not None else first_path
        return InputError(
            art.path or "input",
            f"duplicate id {art.id!r} with different content; the first, at {where}, is kept",
            art.line,
        )


class Store:
    """One DuckDB file. ``Store(path)`` writes; ``Store(path, read_only=True)`` reads.

    Opening for writing creates the file (removed again if the create fails, or if the
    ``with`` block creating it fails before any article is stored), migrates an older
    layout, and refuses a store of a newer tacitus without writing to it."""

    def __init__(self, path: str | Path = DEFAULT_DB, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        self.created = self.path != ":memory:" and not Path(self.path).exists()
        if read_only and self.created:
            raise Errors.E020.error(path=self.path)
        try:
            config = {} if read_only else {"checkpoint_threshold": CHECKPOINT_THRESHOLD}
            self.con = duckdb.connect(self.path, read_only=read_only, config=config)
        except duckdb.IOException as exc:
            self._remove_created()
            if _no_space(exc):
                raise self._disk_full() from exc
            if "lock" in str(exc).lower():
                raise Errors.E021.error(path=self.path) from exc
            raise Errors.E022.error(path=self.path, reason=exc) from exc
        except duckdb.Error as exc:
            self._remove_created()
            raise Errors.E022.error(path=self.path, reason=exc) from exc
        try:
            with self._io():
                if read_only:
                    self._check_readable()
                else:
                    self._ensure_schema()
        except BaseException:
            self.con.close()
            self._remove_created()
            raise

    # -- lifecycle ---------------------------------------------------------------------
    def _disk_full(self) -> TacitusError:
        return Errors.E026.error(path=self.path)

    @contextmanager
    def _io(self) -> Iterator[None]:
        """Disk full, however DuckDB or the OS says it, becomes one clear error."""
        try:
            yield
        except TacitusError:
            raise
        except (OSError, duckdb.Error) as exc:
            if _no_space(exc):
                raise self._disk_full() from exc
            raise

    def _remove_created(self) -> None:
        """Remove the file (and its write-ahead log) this Store created."""
        if self.created:
            for suffix in ("", ".wal"):
                Path(self.path + suffix).unlink(missing_ok=True)

    def stored_version(self) -> int | None:
        """The layout version in ``meta``; None for a database without table ``meta``,
        0 for one without a version marker."""
        if not self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_catalog = current_database() "
            "AND table_schema = 'main' AND table_name = 'meta'"
        ).fetchone()[0]:
            return None
        row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is None or row[0] is None:
            return 0
        try:
            return int(row[0])
        except ValueError:
            raise Errors.E024.error("unknown_version", path=self.path, version=row[0]) from None

    def _refuse_newer(self, version: int) -> None:
        if version > int(SCHEMA_VERSION):
            raise Errors.E024.error("newer", path=self.path, version=version, supported=SCHEMA_VERSION)

    def _check_readable(self) -> None:
        version = self.stored_version()
        if version is None:
            raise Errors.E023.error("no_schema", path=self.path)
        self._refuse_newer(version)
        actual = _layout(self.con)
        gaps: list[str] = []
        for table, columns in expected_layout().items():
            if table in _BOOKKEEPING:
                continue
            if table not in actual:
                gaps.append(table)
            else:
                gaps += [f"{table}.{c}" for c in columns if c not in actual[table]]
        if gaps:
            raise Errors.E025.error("unmigrated", path=self.path, version=version, gaps=", ".join(gaps[:3]))

    def _migration_plan(self, version: int) -> tuple[list[tuple[str, str, str, str | None]], bool, bool]:
        """Columns to add to existing tables, whether ``events`` (derived from
        ``event_mentions``) and the rollups (derived from ``events``) must be rebuilt; refuses a layout that cannot be migrated."""
        actual = _layout(self.con)
        add: list[tuple[str, str, str, str | None]] = []
        rebuild_events = False
        # a store without the rollup tables gets them filled from its events
        rebuild_rollups = any(t not in actual for t in rollups.ROLLUP_TABLES)
        problems: list[str] = []
        for table, columns in expected_layout().items():
            have = actual.get(table)
            if have is None:
                continue  # created by schema.sql
            for column, (dtype, nullable, default) in columns.items():
                if column in have and have[column][0] == dtype:
                    continue
                if table == "events":
                    rebuild_events = True
                elif table in rollups.ROLLUP_TABLES:
                    rebuild_rollups = True
                elif column in have:
                    problems.append(f"{table}.{column} is {have[column][0]}, not {dtype}")
                elif nullable or default is not None:
                    add.append((table, column, dtype, default))
                else:
                    problems.append(f"{table}.{column} is missing and cannot be filled in")
        if problems:
            raise Errors.E025.error("unmigratable", path=self.path, version=version, problems="; ".join(problems[:3]))
        return add, rebuild_events, rebuild_rollups

    def _ensure_schema(self) -> None:
        version = self.stored_version()
        if version is None:
            if _layout(self.con):
                raise Errors.E023.error("foreign", path=self.path)
            version = int(SCHEMA_VERSION)
        self._refuse_newer(version)
        add, rebuild_events, rebuild_rollups = self._migration_plan(version)
        self.con.execute("BEGIN")
        try:
            for table, column, dtype, default in add:
                self.con.execute(
                    f'ALTER TABLE {table} ADD COLUMN "{column}" {dtype}'
                    + (f" DEFAULT {default}" if default is not None else ""))
                if (table, column) in _BACKFILL:
                    self.con.execute(f'UPDATE {table} SET "{column}" = {_BACKFILL[table, column]}')
            if rebuild_events:
                self.con.execute("DROP TABLE events")
            for table in rollups.ROLLUP_TABLES if rebuild_rollups else ():
                self.con.execute(f"DROP TABLE IF EXISTS {table}")
            self.con.execute(schema_sql())
            if rebuild_events:
                self._refresh_events([c for (c,) in self.con.execute(
                    "SELECT DISTINCT cluster_id FROM event_mentions ORDER BY 1").fetchall()])
            if rebuild_events or rebuild_rollups:
                rollups.rebuild(self.con)
            self.con.execute(
                "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [SCHEMA_VERSION]
            )
            self.con.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        try:
            self.con.execute("ROLLBACK")
        except duckdb.Error:
            pass  # no transaction left to roll back (DuckDB ends it on a failed COMMIT)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        # a run that fails (not one interrupted by the user) on a store it created leaves no
        # empty store behind
        failed_create = (
            exc_type is not None and not issubclass(exc_type, KeyboardInterrupt) and self.created
            and self._no_articles()
        )
        self.close()
        if failed_create:
            self._remove_created()

    def _no_articles(self) -> bool:
        try:
            return not self.con.execute("SELECT count(*) FROM articles").fetchone()[0]
        except duckdb.Error:
            return True  # unreadable after the failure: nothing worth keeping

    # -- runs and errors ---------------------------------------------------------------
    def start_run(self, command: str, coder: str | None = None) -> str:
        """A new run, status ``running``. Runs still ``running`` belong to a process that
        died (one writer at a time): they are marked ``interrupted``."""
        run_id = uuid.uuid4().hex[:12]
        with self._io():
            self.con.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
            self.con.execute(
                "INSERT INTO runs (id, command, started_at, coder, status) VALUES (?, ?, ?, ?, 'running')",
                [run_id, command, datetime.now(timezone.utc).replace(tzinfo=None), coder],
            )
        return run_id

    def finish_run(self, run_id: str, result: WriteResult, errors: int, status: str = "finished") -> None:
        with self._io():
            self.con.execute(
                "UPDATE runs SET finished_at = ?, articles_new = ?, articles_replaced = ?, "
                "articles_unchanged = ?, errors = ?, status = ? WHERE id = ?",
                [datetime.now(timezone.utc).replace(tzinfo=None), result.new, result.replaced,
                 result.unchanged, errors, status, run_id],
            )

    def record_errors(self, run_id: str | None, errors: Iterable[InputError]) -> None:
        rows = [[run_id, e.path, e.line, e.reason, e.stage] for e in errors]
        if rows:
            with self._io():
                self.con.executemany(
                    "INSERT INTO errors (run_id, path, line, reason, stage) VALUES (?, ?, ?, ?, ?)", rows
                )

    @contextmanager
    def run(self, command: str, coder: str | None, errors: list[InputError]) -> Iterator[RunLog]:
        """One ingest run: errors appended to ``errors`` are stored as each batch is written;
        on leaving, the run is marked ``finished``, or ``interrupted`` (Ctrl-C, SIGTERM) or
        ``failed`` with the errors reported up to then."""
        log = RunLog(self, self.start_run(command, coder), errors)
        try:
            yield log
        except BaseException as exc:
            log.close("interrupted" if isinstance(exc, KeyboardInterrupt) else "failed")
            raise
        log.close("finished")

    # -- writing -----------------------------------------------------------------------
    def known_hashes(self, ids: Sequence[str]) -> dict[str, str]:
        if not ids:
            return {}
        rows = self.con.execute(
            "SELECT id, content_hash FROM articles WHERE id IN (SELECT unnest(?))", [list(ids)]
        ).fetchall()
        return dict(rows)

    def write_articles(self, articles: Iterable[Article], run_id: str | None = None,
                       recode: bool = False) -> WriteResult:
        """Store coded articles in one transaction: new ones added, changed ones replaced
        (with ``recode``, stored ones are replaced even when unchanged). Within the batch the
        first article of an id wins."""
        articles = list(articles)
        result = WriteResult()
        known = self.known_hashes([a.id for a in articles])
        todo: list[tuple[Article, str]] = []
        seen: set[str] = set()
        for art in articles:
            h = content_hash(art)
            if art.id in seen or (not recode and known.get(art.id) == h):
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
        with self._io():
            self._write(todo, known, run_id)
        return result

    def _write(self, todo: list[tuple[Article, str]], known: dict[str, str], run_id: str | None) -> None:
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
            # the rollups of every date an event leaves or joins
            days = self._update_events(sorted(touched), rows["event_mentions"])
            rollups.refresh(self.con, days)
            self.con.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    def _update_events(self, cluster_ids: list[str], written: list[list[Any]]) -> set[date | None]:
        """Bring the ``events`` rows of these clusters up to date after their mentions changed
        (``written``: the mention rows just inserted, as ``_article_rows`` built them); the
        same rows as deleting them and running ``CLUSTER_SQL`` (see ``REPRESENTATIVES_SQL``).
        Returns the event dates of the rows before and after: the rollup days to refresh."""
        if not cluster_ids:
            return set()
        held = {cid: (mid, day, (n_m, n_s, n_a)) for cid, mid, day, n_m, n_s, n_a in self.con.execute(
            "SELECT id, mention_id, event_date, mentions, sources, articles FROM events "
            "WHERE id IN (SELECT unnest(?))", [cluster_ids]).fetchall()}
        days = {day for _, day, _ in held.values()}
        new_ids = {r[0] for r in written}
        recount: list[tuple[str, tuple[int, int, int]]] = []
        from_batch: list[tuple[str, tuple[int, int, int]]] = []
        from_store: list[tuple[str, tuple[int, int, int]]] = []
        drop: list[str] = []
        for cid, mid, day, n_m, n_s, n_a in self.con.execute(REPRESENTATIVES_SQL, [cluster_ids]).fetchall():
            days.add(day)
            counts = (n_m, n_s, n_a)
            before = held.pop(cid, None)
            if before is not None and before[0] == mid and mid not in new_ids:
                if before[2] != counts:
                    recount.append((cid, counts))
                continue
            if before is not None:
                drop.append(cid)
            (from_batch if mid in new_ids else from_store).append((mid, counts))
        drop += list(held)  # clusters left without a mention
        if drop:
            self.con.execute("DELETE FROM events WHERE id IN (SELECT unnest(?))", [drop])
        if recount:
            self.con.execute(
                "UPDATE events SET mentions = c.n_m, sources = c.n_s, articles = c.n_a FROM "
                "(SELECT unnest(?) AS id, unnest(?) AS n_m, unnest(?) AS n_s, unnest(?) AS n_a) c "
                "WHERE events.id = c.id",
                [[c for c, _ in recount], *([n[i] for _, n in recount] for i in range(3))])
        if from_batch:
            ids = {mid for mid, _ in from_batch}
            with self._registered("event_mentions", [r for r in written if r[0] in ids], "_tacitus_mentions"):
                self._insert_represented("_tacitus_mentions", from_batch)
        if from_store:
            self._insert_represented("event_mentions", from_store)
        return days

    def _insert_represented(self, mentions: str, reps: list[tuple[str, tuple[int, int, int]]]) -> None:
        ids = [mid for mid, _ in reps]
        self.con.execute(REPRESENTED_SQL.format(mentions=mentions),
                         [ids, *([n[i] for _, n in reps] for i in range(3)), ids])

    def _refresh_events(self, cluster_ids: list[str]) -> None:
        """Recompute the ``events`` rows of these clusters from their mentions."""
        if cluster_ids:
            self.con.execute("DELETE FROM events WHERE id IN (SELECT unnest(?))", [cluster_ids])
            self.con.execute(CLUSTER_SQL, [cluster_ids, cluster_ids])

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
            source, target, by = ev.source, ev.target, ev.reported_by
            mention = {
                "id": ev.id, "article_id": aid, "cluster_id": clusters[ev.id], "dyad_key": dyad_key(ev),
                "code": ev.code, "root_code": ev.root_code, "name": ev.name, "quad_class": ev.quad_class,
                "goldstein": ev.goldstein, "plover_event": ev.plover.event, "plover_mode": ev.plover.mode,
                "source_code": _first(source, "code"), "source_country": _first(source, "country"),
                "source_name": _first(source, "name"), "source_text": _first(source, "text"),
                "target_code": _first(target, "code"), "target_country": _first(target, "country"),
                "target_name": _first(target, "name"), "target_text": _first(target, "text"),
                "source_codes": [a.code for a in source if a.code],
                "target_codes": [a.code for a in target if a.code], "countries": countries,
                "modality": ev.modality, "reported_by_code": by.code if by else None,
                "reported_by_name": by.name if by else None,
                "date": ev.date, "event_date": _date_or_none(ev.date), "date_precision": ev.date_precision,
                "place_name": place.name if place else None, "place_country": place.country if place else None,
                "place_admin1": place.admin1 if place else None, "lat": place.lat if place else None,
                "lon": place.lon if place else None, "geonames_id": place.geonames_id if place else None,
                "place_feature": place.feature if place else None,
                "sentence": ev.sentence, "start_char": ev.start, "end_char": ev.end, "text": ev.text,
                "trigger": ev.trigger, "trigger_start": ev.trigger_start, "trigger_end": ev.trigger_end,
                "rule": ev.rule, "confidence": ev.confidence, "article_mentions": max(ev.mentions, 1),
                "source_domain": domain, "url": art.url, "published": art.published,
                "record": json.dumps(ev_rec),
            }
            # by the declared names: a column declared but not filled here fails the first write
            rows["event_mentions"].append([mention[c] for c in _INSERT_COLUMNS["event_mentions"]])
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
        columns = _INSERT_COLUMNS[table]
        with self._registered(table, rows, "_tacitus_rows"):
            quoted = ", ".join(f'"{c}"' for c in columns)
            self.con.execute(f"INSERT INTO {table} ({quoted}) SELECT {quoted} FROM _tacitus_rows")

    @contextmanager
    def _registered(self, table: str, rows: list[list[Any]], name: str) -> Iterator[None]:
        """Rows of ``table`` (in ``_INSERT_COLUMNS`` order) as an Arrow view ``name``."""
        import pyarrow as pa

        columns = _INSERT_COLUMNS[table]
        self.con.register(name, pa.table({c: [r[i] for r in rows] for i, c in enumerate(columns)}))
        try:
            yield
        finally:
            self.con.unregister(name)

    def _assign_clusters(self, events: Sequence[Event]) -> dict[str, str]:
        """Cluster ids of new events (``tacitus.dedupe.assign_clusters``) against the stored
        mentions that share their dyad key (rows written earlier in this transaction
        included), earliest published first.

        Only mentions whose date could be compatible with one of the new events' (``same_event``:
        both undated, or within the wider of the two precision windows) are read: the others
        could not change a single answer, and without this filter every write read every
        mention of its dyads ever stored, so the cost of a write grew with the store."""
        keys = sorted({dyad_key(ev) for ev in events})
        earlier: list[StoredMention] = []
        if keys:
            new = [StoredMention.of(ev, "") for ev in events]
            days = [_date_or_none(m.date) for m in new]
            rows = self.con.execute(
                "WITH q AS (SELECT unnest(?::VARCHAR[]) AS k, unnest(?::DATE[]) AS d, unnest(?::INTEGER[]) AS w) "
                "SELECT dyad_key, date, date_precision, cluster_id, text, "
                "len(source_codes) > 0 AND len(target_codes) > 0 FROM event_mentions m "
                "WHERE dyad_key IN (SELECT unnest(?)) AND EXISTS (SELECT 1 FROM q WHERE q.k = m.dyad_key AND "
                "CASE WHEN q.d IS NULL THEN m.event_date IS NULL "
                f"ELSE abs(date_diff('day', q.d, m.event_date)) <= greatest(q.w, {_window_sql('m.date_precision')}) "
                "END) ORDER BY published NULLS LAST, id",
                [[m.dyad_key for m in new], [date.fromisoformat(d) if d else None for d in days],
                 [date_window(m.date_precision) for m in new], keys],
            ).fetchall()
            earlier = [StoredMention(k, d, p, c, content_words(text or ""), bool(full))
                       for k, d, p, c, text, full in rows]
        return assign_clusters(events, earlier)

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

    def query_events(self, filter: EventFilter | None = None, **query: Any) -> list[dict[str, Any]]:
        """Events (one per real-world event; ``mentions=True`` for every mention) that
        ``filter`` selects (or the filter keywords: ``query_events(country="AFG")``), with the
        limit and columns of ``events_sql`` applied in SQL."""
        sql, params = events_sql(filter, **query)
        cur = self.con.execute(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


@dataclass
class RunLog:
    """What ``Store.run`` hands out: write batches with ``write``; ``total`` sums them."""

    store: Store
    run_id: str
    errors: list[InputError]
    total: WriteResult = field(default_factory=WriteResult)
    _recorded: int = 0

    def write(self, articles: Iterable[Article], recode: bool = False) -> WriteResult:
        result = self.store.write_articles(articles, self.run_id, recode=recode)
        self.total += result
        self.flush_errors()
        return result

    def flush_errors(self) -> None:
        self.store.record_errors(self.run_id, self.errors[self._recorded:])
        self._recorded = len(self.errors)

    def close(self, status: str) -> None:
        if status == "finished":
            self.flush_errors()
            self.store.finish_run(self.run_id, self.total, len(self.errors))
            return
        try:  # best effort: the failure may have left the store unwritable (disk full)
            self.flush_errors()
            self.store.finish_run(self.run_id, self.total, len(self.errors), status)
        except (TacitusError, duckdb.Error, OSError):
            pass


def events_sql(
    filter: EventFilter | None = None,
    *,
    limit: int | None = None,
    columns: Sequence[str] = EVENT_COLUMNS,
    mentions: bool = False,
    **fields: Any,
) -> tuple[str, list[Any]]:
    """The SELECT for an event query, in event date then id order; every user value travels
    as a bound parameter. The events are those ``filter`` selects, or, as a convenience, an
    ``EventFilter`` of the keyword ``fields`` (``since=..., actor=...``); ``columns`` are any
    of the ``events`` table's (``tacitus.store.columns``); ``mentions`` selects every mention
    instead of one row per event."""
    if filter is None:
        try:
            filter = EventFilter(**fields)
        except TypeError:
            unknown = sorted(set(fields) - set(EventFilter.__dataclass_fields__))
            raise Errors.E030.error("filter", names=", ".join(unknown)) from None
    elif fields:
        raise Errors.E030.error("both")
    table = "event_mentions" if mentions else "events"
    cols = []
    for c in columns:
        if c not in EVENTS_BY_NAME:
            raise Errors.E030.error("column", column=c)
        if mentions and c in ("mentions", "sources", "articles"):
            cols.append(f"1 AS {c}" if c != "mentions" else "article_mentions AS mentions")
        elif mentions and c == "mention_id":
            cols.append("id AS mention_id")
        elif mentions and c == "id":
            cols.append("id")
        else:
            cols.append(f'"{c}"')
    where, params = filter.where()
    sql = f"SELECT {', '.join(cols)} FROM {table}{where_sql(where)}"
    sql += " ORDER BY event_date NULLS LAST, id"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    return sql, params
