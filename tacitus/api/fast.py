"""A columnar index of the API's events snapshot: filters as numpy masks, aggregates as
bincounts, each event's JSON written once.

Per request the SQL path (``tacitus.api.queries``) spends most of its CPU in DuckDB scans and
in turning result rows into Python objects and JSON (profiled in benchmarks/RESULTS_API.md):
10-40 ms a request at 100,000 events. A served store cannot change (DuckDB's lock keeps
writers out), so ``FastEvents.build`` reads the snapshot once into flat arrays:

* per event (in event date order, undated last): the day number, ids of its CAMEO code,
  place country and modality, its QuadClass, mentions, and its Goldstein value in thousandths
  (the exact ``DECIMAL(18, 3)`` the rollups sum), the position in each sort order;
* per (event, actor code) and per (event, country) pairs: a row and an id, sorted by row
  (an actor prefix is a range of ids, since ids follow the codes' sort order); per
  (event, source code, target code) triple: a row and a dyad id;
* every event's ``/api/events`` row as JSON, written by DuckDB at build time.

A filter is then a slice of rows for its date range (binary search in the sorted days) and a
boolean mask for the rest; the text and place-name filters are the snapshot's own SQL terms,
run by DuckDB on the slice, so their case folding is DuckDB's. The answers are those of the
SQL path, value for value (``tests/api/test_fast.py`` compares them on random filters): the
same groups, the same sort and tie order, Goldstein means from the same exact sums and
rounded as SQL ``round`` (``_round3_away``) or Python ``round`` (``_round3_even``) round them.

What the index cannot answer exactly it declines (``None``) and the caller asks SQL: a store
whose values fall outside what it models (undated events not last, non-finite numbers, dates
Python cannot hold, actor codes containing ``|``), filter values that are not plain dates,
pages whose cursor names no stored event.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from tacitus.store.columns import EVENTS_BY_NAME
from tacitus.store.filters import EventFilter, where_sql

EPOCH = date(1970, 1, 1)
INTERVALS = ("day", "week", "month", "year")
# sort name -> its columns' kind in the cursor (see queries.EVENT_SORTS)
SORT_KINDS = {"date": "date", "goldstein": "double", "confidence": "double",
              "mentions": "int", "sources": "int", "articles": "int"}
# Rows above this share of the table are paged by walking the sort order; below it by
# sorting the selected rows' positions (a narrow filter would walk the whole order).
WALK_SHARE = 1 / 16
# JSON of numbers sums exactly as float64 while below 2**53.
EXACT_SUM = 2**53
_PLAIN_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MILLI = Decimal("0.001")
_NO_NAME: dict[str, Any] = {"name": None, "country": None}


@dataclass(frozen=True)
class Selection:
    """Rows ``lo`` .. ``hi`` - 1 (index order) where ``mask`` (length hi - lo) is true; every
    one of them when ``mask`` is None."""

    lo: int
    hi: int
    mask: np.ndarray | None = None

    @cached_property
    def index(self) -> np.ndarray:
        """The selected rows (found once: several aggregates gather by them)."""
        if self.mask is None:
            return np.arange(self.lo, self.hi, dtype=np.int64)
        return np.flatnonzero(self.mask) + self.lo

    def rows(self) -> np.ndarray:
        return self.index

    def count(self) -> int:
        return self.hi - self.lo if self.mask is None else len(self.index)

    def pick(self, values: np.ndarray, hi: int | None = None) -> np.ndarray:
        """``values`` (one per row) of the selected rows below ``hi``."""
        end = min(self.hi, self.hi if hi is None else hi)
        if end <= self.lo:
            return values[:0]
        if self.mask is None:
            return values[self.lo:end]
        index = self.index
        if end < self.hi:
            index = index[:np.searchsorted(index, end)]
        return values[index]


@dataclass
class _Pairs:
    """(row, id) pairs sorted by row: which ids a row has (codes, countries, dyads), with
    per-pair weights to sum (the row's mentions, say) gathered once, and where each row's
    pairs start."""

    rows: np.ndarray
    ids: np.ndarray
    n: int
    weights: dict[str, np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.start = np.searchsorted(self.rows, np.arange(self.n + 1))

    def in_rows(self, lo: int, hi: int) -> tuple[int, int]:
        return int(self.start[lo]), int(self.start[hi])

    def of(self, sel: Selection) -> slice | np.ndarray:
        """The selected rows' pairs: a slice for a range of rows, else their indexes
        (gathered per selected row, so a narrow selection costs little)."""
        if sel.mask is None:
            return slice(*self.in_rows(sel.lo, sel.hi))
        rows = sel.index
        first = self.start[rows]
        counts = self.start[rows + 1] - first
        total = int(counts.sum())
        # each row's first pair, repeated once per pair, plus the pair's rank in its row
        return np.repeat(first - (np.cumsum(counts) - counts), counts) + np.arange(total)

    def group_cells(self, group_of_row: np.ndarray, n_groups: int, size: int) -> None:
        """Sum the pairs per (group of rows, id) cell, group by group: ``sums`` of whole
        groups then adds cells, not pairs."""
        width = max(size, 1)
        key = group_of_row[self.rows] * width + self.ids
        cells, inverse = np.unique(key, return_inverse=True)
        self.cell_ids = cells % width
        self.cell_start = np.searchsorted(cells // width, np.arange(n_groups + 1))
        self.cell_sums = {"n": np.bincount(inverse, minlength=len(cells)).astype(np.float64)}
        for name, w in self.weights.items():
            self.cell_sums[name] = np.bincount(inverse, weights=w, minlength=len(cells))

    def sums(self, sel: Selection, size: int, names: tuple[str, ...],
             groups: tuple[int, int] | None = None) -> dict[str, np.ndarray]:
        """Per id: ``n``, the number of selected pairs, and the sum of each named weight;
        from the cells of ``groups`` (first, last + 1) when the selection is those groups."""
        if groups is not None:
            c0, c1 = int(self.cell_start[groups[0]]), int(self.cell_start[groups[1]])
            ids = self.cell_ids[c0:c1]
            out = {"n": np.bincount(ids, weights=self.cell_sums["n"][c0:c1], minlength=size).astype(np.int64)}
            for name in names:
                out[name] = np.bincount(ids, weights=self.cell_sums[name][c0:c1], minlength=size)
            return out
        which = self.of(sel)
        ids = self.ids[which]
        out = {"n": np.bincount(ids, minlength=size)}
        for name in names:
            out[name] = np.bincount(ids, weights=self.weights[name][which], minlength=size)
        return out

    def postings(self, n_ids: int) -> tuple[np.ndarray, np.ndarray]:
        """Rows per id: the rows sorted by (id, row) and where each id's begin."""
        order = np.lexsort((self.rows, self.ids))
        return self.rows[order], np.searchsorted(self.ids[order], np.arange(n_ids + 1))


def _round3_even(x: np.ndarray) -> np.ndarray:
    """Python's ``round(v, 3)`` of each value: the nearest multiple of 0.001 of the exact
    binary value, ties to even. Exact from the float product where it is not within its
    rounding error of a tie; Python's own ``round`` elsewhere. NaN stays NaN."""
    return _round3(x, lambda v: round(v, 3))


def _round3_away(x: np.ndarray) -> np.ndarray:
    """DuckDB's ``round(v, 3)`` of a DOUBLE (2.0): like ``_round3_even``, ties away from zero
    (``tests/api/test_fast.py`` holds it to DuckDB's)."""
    return _round3(x, lambda v: float(Decimal(v).quantize(_MILLI, ROUND_HALF_UP)))


def _round3(x: np.ndarray, exact: Any) -> np.ndarray:
    with np.errstate(invalid="ignore", over="ignore"):
        v = x * 1000.0
        frac = np.abs(v - np.trunc(v))
        # |fl(v) - exact product| <= |v| * 2**-53: further than that from .5, fl(v) and the
        # exact product round to the same integer
        sure = np.isfinite(v) & (np.abs(v) < 2.0**52) & (np.abs(frac - 0.5) > np.abs(v) * 2.0**-51)
        out = np.rint(v) / 1000.0
    if not sure.all():
        flat_x, flat_out = x.reshape(-1), out.reshape(-1)
        for i in np.flatnonzero(~sure & ~np.isnan(x)).tolist():
            flat_out[i] = exact(float(flat_x[i]))
    return out


def _or_none(values: np.ndarray) -> list[Any]:
    """The values as Python floats, None for NaN (SQL's NULL: a mean of no values)."""
    return [None if v != v else v for v in values.tolist()]


# repr of every multiple of 0.001 in -10 .. 10 (the Goldstein scale, so every mean): writing
# a float costs several times what copying its text does
_TABLE_HALF = 10_000
_REPR_TABLE = np.array([repr(k / 1000) for k in range(-_TABLE_HALF, _TABLE_HALF + 1)], dtype=object)


def _json_numbers(values: np.ndarray) -> np.ndarray:
    """Values for ``%s`` in a JSON text, each as the json module writes it (``repr``; a
    multiple of 0.001 in the Goldstein range from a table), ``null`` for NaN."""
    with np.errstate(invalid="ignore"):
        milli = np.rint(values * 1000)
        listed = (np.abs(milli) <= _TABLE_HALF) & (values == milli / 1000)
    if listed.all():
        return _REPR_TABLE[milli.astype(np.int64) + _TABLE_HALF]
    out = np.full(values.shape, "null", dtype=object)
    out[listed] = _REPR_TABLE[milli[listed].astype(np.int64) + _TABLE_HALF]
    other = ~listed & ~np.isnan(values)
    out[other] = values[other].astype(object)
    return out


def _ids(values: pa.Array) -> tuple[list[Any], np.ndarray]:
    """Distinct non-null values in sort order, and each value's index among them (-1: null)."""
    distinct = sorted(v for v in pc.unique(values).to_pylist() if v is not None)
    if not distinct:
        return [], np.full(len(values), -1, dtype=np.int32)
    index = pc.index_in(values, value_set=pa.array(distinct, type=values.type))
    return distinct, index.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int32)


def _pairs(lists: pa.ChunkedArray | pa.Array, codes: list[str] | None = None
           ) -> tuple[list[str], _Pairs]:
    """The (row, id) pairs of a list column (null elements left out), ids into ``codes``
    (default: the column's own distinct values)."""
    if isinstance(lists, pa.ChunkedArray):
        lists = lists.combine_chunks()
    rows = pc.list_parent_indices(lists).to_numpy().astype(np.int64)
    flat = pc.list_flatten(lists)
    if codes is None:
        codes, ids = _ids(flat)
    else:
        ids = (pc.index_in(flat, value_set=pa.array(codes, type=pa.string())).fill_null(-1)
               .to_numpy(zero_copy_only=False).astype(np.int32))
    keep = ids >= 0
    return codes, _Pairs(rows[keep], ids[keep], len(lists))


def _np(col: pa.ChunkedArray, dtype: Any, null: Any) -> np.ndarray:
    return col.fill_null(null).to_numpy().astype(dtype)


def _day_number(value: date | str) -> int | None:
    """Days since 1970-01-01 of a filter date; None for a string that is not YYYY-MM-DD
    (DuckDB's CAST accepts forms this does not, so those go to SQL)."""
    if isinstance(value, str):
        if not _PLAIN_DATE.match(value):
            return None
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return None
    return (value - EPOCH).days


class FastEvents:
    """The index (see the module's docstring); ``build`` makes one from a snapshot or says
    None where the store holds what it does not model."""

    def __init__(self) -> None:
        self.n = 0
        # timeline_json's format string per pattern of QuadClass groups present
        self._templates: dict[int, str] = {}

    # -- building ---------------------------------------------------------------------
    @classmethod
    def build(cls, snap: duckdb.DuckDBPyConnection, columns: tuple[str, ...],
              sorts: dict[str, tuple[str, str, str]],
              rank_column: Any) -> FastEvents | None:
        """The index of the snapshot's ``events`` table (``queries.snapshot_events``):
        ``columns`` are the rows ``/api/events`` serves, ``sorts`` and ``rank_column`` the
        sort orders and their precomputed rank columns."""
        cur = snap.cursor()
        try:
            return cls()._build(cur, columns, sorts, rank_column)
        finally:
            cur.close()
            # the Arrow tables read while building are gone; their pool kept the memory
            # (about 100 MB at 100,000 events)
            pa.default_memory_pool().release_unused()

    def _build(self, cur: duckdb.DuckDBPyConnection, columns: tuple[str, ...],
               sorts: dict[str, tuple[str, str, str]], rank_column: Any) -> FastEvents | None:
        ranks = {(name, desc): rank_column(name, desc) for name in sorts for desc in (False, True)}
        rank_sql = ", ".join(f'"{r}"' for r in ranks.values())
        try:
            t = cur.sql(
                "SELECT __rn, event_date, code, quad_class, place_country, modality, "
                "CAST(mentions AS BIGINT) AS mentions, CAST(sources AS BIGINT) AS sources, "
                "CAST(articles AS BIGINT) AS articles, goldstein, confidence, "
                # the exact value the rollups sum (rollups.GOLDSTEIN_SUM_TYPE), in thousandths
                "CAST(CAST(goldstein AS DECIMAL(18, 3)) * 1000 AS BIGINT) AS gmilli, "
                f"countries, source_codes, target_codes, id, {rank_sql} "
                "FROM events ORDER BY event_date NULLS LAST, __rn").to_arrow_table()
        except duckdb.Error:
            return None  # e.g. a Goldstein value beyond DECIMAL(18, 3)
        n = self.n = t.num_rows
        for name in ("mentions", "sources", "articles", "id", "__rn"):
            if t[name].null_count:
                return None
        rn = _np(t["__rn"], np.int64, 0)
        self.row_of_rn = np.full(int(rn.max()) + 1 if n else 1, -1, dtype=np.int64)
        self.row_of_rn[rn] = np.arange(n)
        self.rn = rn
        # the snapshot's row numbers follow this index's order (it is sorted the same way):
        # a text search can then name the date range's rows by number, and DuckDB's zone
        # maps skip the rest
        self.rn_follows = bool(np.all(np.diff(rn) > 0))

        # dates: dated rows first, ascending (the query's order)
        self.n_dated = n - t["event_date"].null_count
        days = t["event_date"].cast(pa.int32()).fill_null(0).to_numpy().astype(np.int64)
        self.days = days[:self.n_dated]
        if self.n_dated and not (date.min - EPOCH).days <= self.days[0] <= self.days[-1] <= (date.max - EPOCH).days:
            return None  # dates Python cannot hold: the SQL path says what happens then

        # per-row ids of single values
        self.codes, self.code_id = _ids(t["code"].combine_chunks())
        self.place_countries, self.place_country_id = _ids(t["place_country"].combine_chunks())
        self.modalities, self.modality_id = _ids(t["modality"].combine_chunks())
        quads, quad_id = _ids(t["quad_class"].combine_chunks())
        self.quads = quads
        self.quad_value = _np(t["quad_class"], np.int64, 0)
        self.quad_known = quad_id >= 0
        # timeline groups: the known QuadClasses in order, then the unknown
        self.quad_group = np.where(quad_id >= 0, quad_id, len(quads)).astype(np.int64)
        self.quad_labels = [str(q) for q in quads] + ["none"]

        self.mentions = _np(t["mentions"], np.int64, 0)
        self.gmilli = _np(t["gmilli"], np.int64, 0)
        # as floats: bincount weights
        self.has_g = t["gmilli"].is_valid().to_numpy(zero_copy_only=False).astype(np.float64)
        if (int(np.abs(self.gmilli).sum()) >= EXACT_SUM or int(np.abs(self.mentions).sum()) >= EXACT_SUM
                or int(self.mentions.min(initial=0)) < 0):
            return None
        self.quad_coop = (self.quad_known & (self.quad_value <= 2)).astype(np.float64)
        self.quad_conflict = (self.quad_known & (self.quad_value >= 3)).astype(np.float64)

        # lists: countries; actor codes of each side in one code space
        self.countries, self.country_pairs = _pairs(t["countries"])
        self.country_index = {c: i for i, c in enumerate(self.countries)}
        src_flat = pc.list_flatten(t["source_codes"].combine_chunks())
        tgt_flat = pc.list_flatten(t["target_codes"].combine_chunks())
        self.actor_codes = sorted({c for c in pc.unique(src_flat).to_pylist() if c is not None}
                                  | {c for c in pc.unique(tgt_flat).to_pylist() if c is not None})
        # a code holding the separator the SQL prefix test joins codes with would match
        # across codes there; only SQL says what it matches
        self.prefix_ok = not any("|" in c for c in self.actor_codes)
        _, self.source_pairs = _pairs(t["source_codes"], self.actor_codes)
        _, self.target_pairs = _pairs(t["target_codes"], self.actor_codes)
        self._dyads()
        # either side's codes in one list (top actors), each pair knowing its side
        rows = np.concatenate([self.source_pairs.rows, self.target_pairs.rows])
        by_row = np.argsort(rows, kind="stable")
        self.actor_pairs = _Pairs(
            rows[by_row], np.concatenate([self.source_pairs.ids, self.target_pairs.ids])[by_row], n,
            {"source": np.concatenate([np.ones(len(self.source_pairs.rows)),
                                       np.zeros(len(self.target_pairs.rows))])[by_row]})
        # rows per country and per actor code (each side, either side): a filter's rows
        # in a date range are a binary search away
        self.country_postings = self.country_pairs.postings(len(self.countries))
        self.code_postings = {name: pairs.postings(len(self.actor_codes)) for name, pairs in
                              (("actor", self.actor_pairs), ("source", self.source_pairs),
                               ("target", self.target_pairs))}
        for pairs, extra in ((self.actor_pairs, ()), (self.dyad_pairs, ("coop", "conflict"))):
            row_weights = {"mentions": self.mentions, "gmilli": self.gmilli, "has_g": self.has_g,
                           "coop": self.quad_coop, "conflict": self.quad_conflict}
            for name in ("mentions", "gmilli", "has_g", *extra):
                pairs.weights[name] = row_weights[name][pairs.rows].astype(np.float64)

        # sort orders
        self.order: dict[tuple[str, bool], np.ndarray] = {}
        self.position: dict[tuple[str, bool], np.ndarray] = {}
        for key, column in ranks.items():
            rank = _np(t[column], np.int64, 0)
            position = rank - 1
            if not np.array_equal(np.sort(position), np.arange(n)):
                return None
            order = np.empty(n, dtype=np.int64)
            order[position] = np.arange(n)
            self.order[key] = order
            self.position[key] = position
        self.sort_values = {
            "date": (days, t["event_date"].is_valid().to_numpy(zero_copy_only=False)),
            "goldstein": (_np(t["goldstein"], np.float64, 0.0), t["goldstein"].is_valid().to_numpy(zero_copy_only=False)),
            "confidence": (_np(t["confidence"], np.float64, 0.0), t["confidence"].is_valid().to_numpy(zero_copy_only=False)),
            "mentions": (self.mentions, None),
            "sources": (_np(t["sources"], np.int64, 0), None),
            "articles": (_np(t["articles"], np.int64, 0), None),
        }
        # a tuple of strings: the garbage collector stops walking it after one look
        self.ids = tuple(t["id"].to_pylist())

        self._timeline_keys(cur)
        self._pair_cells()
        self._rows_json(cur, columns)
        self._actor_names(cur)
        return self

    def _dyads(self) -> None:
        """Every (source code, target code) of an event, self-dyads left out, as a dyad id
        in (source, target) order."""
        s, t = self.source_pairs, self.target_pairs
        n_codes = max(len(self.actor_codes), 1)
        t_start = np.searchsorted(t.rows, np.arange(self.n + 1))
        t_count = np.diff(t_start)
        per_source = t_count[s.rows]
        src_rep = np.repeat(np.arange(len(s.rows)), per_source)
        offset = np.arange(len(src_rep)) - np.repeat(np.cumsum(per_source) - per_source, per_source)
        tgt_idx = t_start[s.rows[src_rep]] + offset
        src_id = s.ids[src_rep].astype(np.int64)
        tgt_id = t.ids[tgt_idx].astype(np.int64)
        keep = src_id != tgt_id
        key = src_id[keep] * n_codes + tgt_id[keep]
        self.dyad_keys, dyad_id = np.unique(key, return_inverse=True)
        self.dyad_pairs = _Pairs(s.rows[src_rep][keep], dyad_id.astype(np.int64), self.n)
        self.dyad_source = (self.dyad_keys // n_codes).tolist()
        self.dyad_target = (self.dyad_keys % n_codes).tolist()

    def _timeline_keys(self, cur: duckdb.DuckDBPyConnection) -> None:
        """Per interval, each dated row's (bucket, QuadClass group) number and the buckets'
        dates, truncated by DuckDB's ``date_trunc`` as the SQL path does."""
        distinct, day_index = np.unique(self.days, return_inverse=True)
        self.bucket_labels: dict[str, list[str]] = {}
        self.bucket_label_array: dict[str, np.ndarray] = {}
        self.bucket_key: dict[str, np.ndarray] = {}
        self.cell_key: dict[str, np.ndarray] = {}
        nq = len(self.quad_labels)
        # per (day, QuadClass group) cell, day by day: the sums a timeline adds up, so that a
        # filter of dates only sums a few cells per day instead of every event
        self.day_start = np.searchsorted(self.days, distinct).tolist() + [self.n_dated]
        cells = day_index * nq + self.quad_group[:self.n_dated]
        size = len(distinct) * nq
        dated = slice(0, self.n_dated)
        self.cell_sums = {
            "events": np.bincount(cells, minlength=size).astype(np.float64),
            "mentions": np.bincount(cells, weights=self.mentions[dated], minlength=size),
            "gmilli": np.bincount(cells, weights=self.gmilli[dated], minlength=size),
            "has_g": np.bincount(cells, weights=self.has_g[dated], minlength=size),
        }
        day_list = [EPOCH + timedelta(days=int(d)) for d in distinct.tolist()]
        for interval in INTERVALS:
            if not day_list:
                self.bucket_labels[interval] = []
                self.bucket_label_array[interval] = np.zeros(0, dtype=object)
                self.bucket_key[interval] = self.cell_key[interval] = np.zeros(0, dtype=np.int64)
                continue
            start_of = dict(cur.execute(
                f"SELECT d, CAST(date_trunc('{interval}', d) AS DATE) "
                "FROM (SELECT unnest(CAST(? AS DATE[])) AS d)", [day_list]).fetchall())
            starts = [start_of[d] for d in day_list]
            labels = sorted(set(starts))
            where = {d: i for i, d in enumerate(labels)}
            bucket_of_day = np.array([where[d] for d in starts], dtype=np.int64)
            self.bucket_labels[interval] = [d.isoformat() for d in labels]
            self.bucket_label_array[interval] = np.array(self.bucket_labels[interval], dtype=object)
            self.bucket_key[interval] = bucket_of_day[day_index] * nq + self.quad_group[:self.n_dated]
            self.cell_key[interval] = (bucket_of_day[:, None] * nq + np.arange(nq)).ravel()

    def _pair_cells(self) -> None:
        """The actor and dyad pairs summed per day and code (or dyad), undated events as one
        last group: a filter of dates only (or none) sums a day's cells, not its events'
        pairs (the rollups' idea, in memory)."""
        self.group_start = self.day_start + ([self.n] if self.n > self.n_dated else [])
        n_groups = len(self.group_start) - 1
        group_of_row = np.repeat(np.arange(n_groups), np.diff(self.group_start))
        self.actor_pairs.group_cells(group_of_row, n_groups, len(self.actor_codes))
        self.dyad_pairs.group_cells(group_of_row, n_groups, len(self.dyad_keys))

    def _groups(self, sel: Selection) -> tuple[int, int] | None:
        """The day groups (first, last + 1) a selection of dates only is made of; None for
        another selection."""
        if sel.mask is not None or sel.hi <= sel.lo:
            return None
        d0, d1 = bisect_left(self.group_start, sel.lo), bisect_left(self.group_start, sel.hi)
        if d1 >= len(self.group_start) or self.group_start[d0] != sel.lo or self.group_start[d1] != sel.hi:
            return None
        return d0, d1

    def _rows_json(self, cur: duckdb.DuckDBPyConnection, columns: tuple[str, ...]) -> None:
        """Each row's ``/api/events`` JSON object, in index order, as one buffer and offsets.
        A row with a non-finite number gets none (JSON has no NaN; the SQL path decides)."""
        cols = ", ".join(f'"{c}"' for c in columns)
        doubles = [c for c in columns if EVENTS_BY_NAME[c].type == "DOUBLE"]
        finite = " AND ".join(f'(("{c}" IS NULL) OR isfinite("{c}"))' for c in doubles) or "true"
        t = cur.sql(
            f"SELECT CASE WHEN {finite} THEN to_json(struct_pack({cols})) END AS j "
            "FROM events ORDER BY event_date NULLS LAST, __rn").to_arrow_table()
        j = t["j"].combine_chunks().cast(pa.large_string())
        self.json_ok = j.is_valid().to_numpy(zero_copy_only=False)
        buffers = j.buffers()
        offsets = np.frombuffer(buffers[1], dtype=np.int64)[j.offset:j.offset + len(j) + 1]
        self.json_start = offsets[:-1].copy()
        self.json_end = offsets[1:].copy()
        self.json_blob = buffers[2].to_pybytes() if buffers[2] is not None else b""

    def _actor_names(self, cur: duckdb.DuckDBPyConnection) -> None:
        self.names = {c: {"name": n, "country": k} for c, n, k in
                      cur.execute("SELECT code, name, country FROM actor_names").fetchall()}

    # -- filters ----------------------------------------------------------------------
    @staticmethod
    def needs_sql(f: EventFilter) -> bool:
        """Whether the filter has terms this index leaves to DuckDB (text, place name:
        ``sql_rows``)."""
        return bool(f.text or f.place)

    def _date_range(self, f: EventFilter) -> tuple[int, int] | None:
        """Rows ``lo`` .. ``hi`` - 1: the filter's date range (every row without one); None
        for a date that is not plain YYYY-MM-DD."""
        lo, hi = 0, self.n
        if f.since or f.until:
            hi = self.n_dated
            if f.since:
                s = _day_number(f.since)
                if s is None:
                    return None
                lo = int(np.searchsorted(self.days, s, "left"))
            if f.until:
                u = _day_number(f.until)
                if u is None:
                    return None
                hi = int(np.searchsorted(self.days, u, "right"))
            hi = max(hi, lo)
        return lo, hi

    def sql_rows(self, snap: duckdb.DuckDBPyConnection, f: EventFilter) -> np.ndarray | None:
        """The rows in the filter's date range that its text and place-name terms select,
        found by DuckDB on the snapshot (its ``lower``, its ``contains``): for ``select``,
        which may run elsewhere (DuckDB lets go of the GIL while it scans). None where
        ``select`` will decline anyway."""
        found = self._date_range(f)
        if found is None:
            return None
        lo, hi = found
        if hi <= lo:
            return np.zeros(0, dtype=np.int64)
        where, params = EventFilter(text=f.text, place=f.place).where(precomputed=True)
        if self.rn_follows and (lo, hi) != (0, self.n):
            where.append("__rn BETWEEN ? AND ?")
            params += [int(self.rn[lo]), int(self.rn[hi - 1])]
        cur = snap.cursor()
        try:
            rn = cur.execute(f"SELECT __rn FROM events{where_sql(where)}", params).fetchnumpy()["__rn"]
        finally:
            cur.close()
        rows = self.row_of_rn[np.asarray(rn, dtype=np.int64)]
        return rows[(rows >= lo) & (rows < hi)]

    def select(self, f: EventFilter, snap: duckdb.DuckDBPyConnection | None = None,
               sql_rows: np.ndarray | None = None) -> Selection | None:
        """The rows filter ``f`` selects (``EventFilter.where``'s meaning); None where this
        index cannot tell exactly. The text and place-name terms are DuckDB's: ``sql_rows``
        if given (``sql_rows``), else run on ``snap``; None without either."""
        found = self._date_range(f)
        if found is None:
            return None
        lo, hi = found
        masks: list[np.ndarray] = []
        if f.country:
            wanted = self.country_index.get(f.country.upper())
            masks.append(self._rows_of(self.country_postings, wanted, wanted + 1, lo, hi)
                         if wanted is not None else np.zeros(hi - lo, dtype=bool))
        for value, side in ((f.actor, "actor"), (f.source, "source"), (f.target, "target")):
            if value:
                prefix = value.upper()
                if not self.prefix_ok or "|" in prefix:
                    return None
                a, b = _prefix_range(self.actor_codes, prefix)
                masks.append(self._rows_of(self.code_postings[side], a, b, lo, hi))
        if f.code:
            a, b = _prefix_range(self.codes, f.code)
            ids = self.code_id[lo:hi]
            masks.append((ids >= a) & (ids < b))
        if f.quad_class is not None:
            masks.append(self.quad_known[lo:hi] & (self.quad_value[lo:hi] == int(f.quad_class)))
        if f.place_country:
            masks.append(self._equals(self.place_countries, self.place_country_id,
                                      f.place_country.upper(), lo, hi))
        if f.modality:
            masks.append(self._equals(self.modalities, self.modality_id, f.modality, lo, hi))
        if self.needs_sql(f):
            if sql_rows is None:
                if snap is None:
                    return None
                sql_rows = self.sql_rows(snap, f)
                if sql_rows is None:
                    return None
            m = np.zeros(hi - lo, dtype=bool)
            m[sql_rows - lo] = True
            masks.append(m)
        mask = None
        for m in masks:
            mask = m if mask is None else mask & m
        return Selection(lo, hi, mask)

    @staticmethod
    def _rows_of(postings: tuple[np.ndarray, np.ndarray], a: int, b: int, lo: int, hi: int) -> np.ndarray:
        """A mask of rows ``lo`` .. ``hi`` - 1 that have any of ids ``a`` .. ``b`` - 1."""
        rows, start = postings
        m = np.zeros(hi - lo, dtype=bool)
        if b - a == 1:
            block = rows[start[a]:start[b]]  # one id: its rows are sorted
            block = block[np.searchsorted(block, lo):np.searchsorted(block, hi)]
        else:
            block = rows[start[a]:start[b]]
            block = block[(block >= lo) & (block < hi)]
        m[block - lo] = True
        return m

    @staticmethod
    def _equals(values: list[str], ids: np.ndarray, wanted: str, lo: int, hi: int) -> np.ndarray:
        i = bisect_left(values, wanted)
        if i == len(values) or values[i] != wanted:
            return np.zeros(hi - lo, dtype=bool)
        return ids[lo:hi] == i

    # -- /api/events --------------------------------------------------------------------
    def page(self, sel: Selection, sort: tuple[str, bool], limit: int, start: int = 0) -> np.ndarray:
        """The first ``limit`` + 1 selected rows in sort order from position ``start`` on."""
        want = limit + 1
        count = sel.count()
        if count == 0:
            return np.zeros(0, dtype=np.int64)
        if count <= self.n * WALK_SHARE:
            rows = sel.rows()
            pos = self.position[sort][rows]
            keep = pos >= start
            rows, pos = rows[keep], pos[keep]
            if len(rows) > want:
                part = np.argpartition(pos, want - 1)[:want]
                rows, pos = rows[part], pos[part]
            return rows[np.argsort(pos, kind="stable")]
        full = np.zeros(self.n, dtype=bool)
        if sel.mask is None:
            full[sel.lo:sel.hi] = True
        else:
            full[sel.lo:sel.hi] = sel.mask
        order = self.order[sort]
        found: list[np.ndarray] = []
        have = 0
        # chunks big enough that a usual filter's page is in the first
        step = max(4096, int(want * self.n / count * 2))
        for p in range(start, self.n, step):
            chunk = order[p:p + step]
            hit = chunk[full[chunk]]
            found.append(hit)
            have += len(hit)
            if have >= want:
                break
        rows = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
        return rows[:want]

    def cursor_position(self, snap: duckdb.DuckDBPyConnection, sort: tuple[str, bool],
                        key_sql: str, cast: str, value: Any, row_id: str) -> int | None:
        """The position after a cursor's (key, id) in the sort order: that of the stored
        event it names (DuckDB casting and comparing the key as the SQL path does); None
        where no stored event has that id and key."""
        cur = snap.cursor()
        try:
            found = cur.execute(f"SELECT __rn FROM events WHERE id = ? AND {key_sql} = CAST(? AS {cast})",
                                [row_id, value]).fetchone()
        finally:
            cur.close()
        if not found:
            return None
        return int(self.position[sort][self.row_of_rn[found[0]]]) + 1

    def sort_key(self, name: str, desc: bool, row: int) -> Any:
        """The row's value of the sort key, as the SQL path's cursor holds it (unknown values
        replaced as ``queries.EVENT_SORTS`` replaces them)."""
        values, known = self.sort_values[name]
        kind = SORT_KINDS[name]
        if known is not None and not known[row]:
            if kind == "date":
                return "0001-01-01" if desc else "9999-12-31"
            return -1e9 if desc else 1e9
        if kind == "date":
            return (EPOCH + timedelta(days=int(values[row]))).isoformat()
        if kind == "double":
            return float(values[row])
        return int(values[row])

    def rows_json(self, rows: list[int]) -> list[bytes] | None:
        """The rows' JSON objects; None if one has none."""
        if rows and not self.json_ok[rows].all():
            return None
        blob, start, end = self.json_blob, self.json_start[rows].tolist(), self.json_end[rows].tolist()
        return [blob[a:b] for a, b in zip(start, end, strict=True)]

    def rows_dicts(self, rows: list[int]) -> list[dict[str, Any]] | None:
        found = self.rows_json(rows)
        return None if found is None else [json.loads(r) for r in found]

    # -- aggregates ---------------------------------------------------------------------
    def _timeline(self, sel: Selection, interval: str) -> tuple[np.ndarray, ...] | None:
        """Per bucket with events: its index, events per QuadClass group, mentions, mean
        Goldstein of the bucket and of each group (NaN: none); None for no buckets."""
        nq = len(self.quad_labels)
        size = len(self.bucket_labels[interval]) * nq
        cells = self._day_cells(sel)
        if cells is not None:
            a, b = cells[0] * nq, cells[1] * nq
            keys = self.cell_key[interval][a:b]

            def total(name: str) -> np.ndarray:
                return np.bincount(keys, weights=self.cell_sums[name][a:b], minlength=size)
        else:
            keys = sel.pick(self.bucket_key[interval], self.n_dated)
            row_values = {"mentions": self.mentions, "gmilli": self.gmilli, "has_g": self.has_g}

            def total(name: str) -> np.ndarray:
                if name == "events":
                    return np.bincount(keys, minlength=size)
                return np.bincount(keys, weights=sel.pick(row_values[name], self.n_dated), minlength=size)
        if size == 0 or keys.size == 0:
            return None
        events = total("events").astype(np.int64).reshape(-1, nq)
        mentions = total("mentions").reshape(-1, nq)
        gsum = total("gmilli").reshape(-1, nq) / 1000.0
        gn = total("has_g").reshape(-1, nq)
        used = np.flatnonzero(events.sum(axis=1))
        events, mentions, gsum, gn = events[used], mentions[used], gsum[used], gn[used]
        # the bucket's total as queries.timeline adds it: its groups' sums (as DOUBLE) in
        # QuadClass order, as floats
        total = np.zeros(len(used))
        for q in range(nq):
            total = total + np.where(gn[:, q] > 0, gsum[:, q], 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            quad_means = _round3_even(gsum / gn)
            bucket_means = _round3_even(total / gn.sum(axis=1))
        return used, events, mentions.sum(axis=1).astype(np.int64), bucket_means, quad_means

    def _day_cells(self, sel: Selection) -> tuple[int, int] | None:
        """The days (first, last + 1) whose events a selection of dates only selects, all of
        them; None for another selection."""
        hi = min(sel.hi, self.n_dated)
        if sel.mask is not None or hi <= sel.lo:
            return None
        d0, d1 = bisect_left(self.day_start, sel.lo), bisect_left(self.day_start, hi)
        if d1 >= len(self.day_start) or self.day_start[d0] != sel.lo or self.day_start[d1] != hi:
            return None
        return d0, d1

    def timeline(self, sel: Selection, interval: str) -> list[dict[str, Any]]:
        """``queries.timeline``'s buckets."""
        found = self._timeline(sel, interval)
        if found is None:
            return []
        used, events, mentions, bucket_means, quad_means = found
        labels, quad_labels, nq = self.bucket_labels[interval], self.quad_labels, len(self.quad_labels)
        means = _or_none(quad_means.ravel())
        out = []
        for i, (b, row, n_mentions, mean) in enumerate(zip(
                used.tolist(), events.tolist(), mentions.tolist(), _or_none(bucket_means), strict=True)):
            out.append({"date": labels[b], "events": sum(row), "mentions": n_mentions,
                        "goldstein": mean,
                        "quad": {quad_labels[q]: {"events": n, "goldstein": means[i * nq + q]}
                                 for q, n in enumerate(row) if n}})
        return out

    def timeline_json(self, sel: Selection, interval: str) -> str:
        """``timeline`` as the JSON array JSONResponse would write for it (the same text but
        for how a float is spelled), written without building its dicts: one format string
        per pattern of QuadClass groups present, applied once to every value (at 730 daily
        buckets, 5 times faster than the dicts and their encoding)."""
        found = self._timeline(sel, interval)
        if found is None:
            return "[]"
        used, events, mentions, bucket_means, quad_means = found
        nq = len(self.quad_labels)
        present = events > 0
        # per bucket: date, events, mentions, mean, then each group's events and mean
        values = np.empty((len(used), 4 + 2 * nq), dtype=object)
        values[:, 0] = self.bucket_label_array[interval][used]
        values[:, 1] = events.sum(axis=1)
        values[:, 2] = mentions
        values[:, 3] = _json_numbers(bucket_means)
        values[:, 4::2] = events
        values[:, 5::2] = _json_numbers(quad_means.ravel()).reshape(quad_means.shape)
        keep = np.concatenate([np.ones((len(used), 4), dtype=bool), np.repeat(present, 2, axis=1)], axis=1)
        patterns = (present * (1 << np.arange(nq))).sum(axis=1).tolist()
        templates = self._templates
        for p in set(patterns) - templates.keys():
            quads = ",".join('"' + self.quad_labels[q] + '":{"events":%d,"goldstein":%s}'
                             for q in range(nq) if p >> q & 1)
            templates[p] = '{"date":"%s","events":%d,"mentions":%d,"goldstein":%s,"quad":{' + quads + "}}"
        return "[" + ",".join([templates[p] for p in patterns]) % tuple(values[keep].tolist()) + "]"

    def top_actors(self, sel: Selection, limit: int) -> list[dict[str, Any]]:
        """``queries.top_actors``'s rows."""
        n_codes = len(self.actor_codes)
        if n_codes == 0:
            return []
        sums = self.actor_pairs.sums(sel, n_codes, ("source", "mentions", "gmilli", "has_g"),
                                     self._groups(sel))
        events = sums["n"]
        used = np.flatnonzero(events)
        top = used[np.lexsort((used, -events[used]))][:limit]
        with np.errstate(invalid="ignore", divide="ignore"):
            means = _or_none(_round3_away((sums["gmilli"][top] / 1000.0) / sums["has_g"][top]))
        out = []
        for c, n, as_source, mentions, mean in zip(
                top.tolist(), events[top].tolist(), sums["source"][top].tolist(),
                sums["mentions"][top].tolist(), means, strict=True):
            code = self.actor_codes[c]
            out.append({"code": code, "events": n, "as_source": int(as_source),
                        "as_target": n - int(as_source), "mentions": int(mentions),
                        "goldstein": mean, **self.names.get(code, _NO_NAME)})
        return out

    def network(self, sel: Selection, limit: int, min_events: int) -> dict[str, Any]:
        """``queries.network``'s nodes and edges."""
        sums = self.dyad_pairs.sums(sel, len(self.dyad_keys),
                                    ("mentions", "gmilli", "has_g", "coop", "conflict"), self._groups(sel))
        events = sums["n"]
        used = np.flatnonzero(events >= max(min_events, 1))
        top = used[np.lexsort((used, -events[used]))][:limit]
        with np.errstate(invalid="ignore", divide="ignore"):
            means = _or_none(_round3_away((sums["gmilli"][top] / 1000.0) / sums["has_g"][top]))
        codes = self.actor_codes
        edges = []
        for d, n, mentions, mean, coop, conflict in zip(
                top.tolist(), events[top].tolist(), sums["mentions"][top].tolist(), means,
                sums["coop"][top].tolist(), sums["conflict"][top].tolist(), strict=True):
            edges.append({"source": codes[self.dyad_source[d]], "target": codes[self.dyad_target[d]],
                          "events": n, "mentions": int(mentions), "goldstein": mean,
                          "cooperation": int(coop), "conflict": int(conflict)})
        degree: dict[str, int] = {}
        for e in edges:
            degree[e["source"]] = degree.get(e["source"], 0) + e["events"]
            degree[e["target"]] = degree.get(e["target"], 0) + e["events"]
        nodes = [{"code": c, "events": degree[c], **self.names.get(c, _NO_NAME)} for c in sorted(degree)]
        return {"nodes": nodes, "edges": edges}


def _prefix_range(values: list[str], prefix: str) -> tuple[int, int]:
    """The index range of the sorted ``values`` that start with ``prefix`` (contiguous:
    code point order keeps a prefix's strings together)."""
    a = bisect_left(values, prefix)
    last = ord(prefix[-1])
    if last < 0x10FFFF:
        # every string with the prefix sorts before the prefix with its last character's
        # successor, and every string between the two has the prefix
        return a, bisect_left(values, prefix[:-1] + chr(last + 1), a)
    b = a
    while b < len(values) and values[b].startswith(prefix):
        b += 1
    return a, b
