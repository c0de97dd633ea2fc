"""Rollups: small aggregate tables of table ``events``, kept up to date by every write.

The API's timeline, network and top-actors answers group every selected event; at 100,000
events that is a scan and, for the actor answers, an unnest of two lists per event on each
request. These tables hold those groups once per event date and the other dimensions a
filter may name (``ROLLUP_FIELDS``), so an answer sums a few rows per day instead:

* ``rollup_days``: per event date x QuadClass x CAMEO code: events, mentions, the sum and
  count of Goldstein values (the timeline without a country filter);
* ``rollup_day_countries``: the same per country of any actor (an event counts once for
  each of its countries; the timeline with a country filter);
* ``rollup_dyads``: per event date x QuadClass x code x the event's countries x (source code,
  target code), every source code of an event with every target code, self-dyads left out
  (``/api/network``);
* ``rollup_actors``: per event date x QuadClass x code x the event's countries x actor code:
  rows (one per code on either side), as source, as target, mentions, Goldstein sum and
  count (``/api/actors``).

The country dimension is the event's ``countries`` (every actor's, as the ``country`` filter
tests them), not the first source's and target's: those would answer a country filter only
approximately. ``Store.write_articles`` refreshes the rows of every event date whose events it changed
(old dates of replaced events included) in its own transaction, so the rollups always sum
table ``events``. A filter naming any other field (actor codes, place, modality, text) is
answered from ``events`` itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import duckdb

# EventFilter fields every rollup keeps as a dimension (dates, countries, code, QuadClass).
ROLLUP_FIELDS = frozenset({"since", "until", "country", "code", "quad_class"})

# table -> the SELECT that computes its rows from the events of some dates ({days} is
# replaced by the condition selecting them).
ROLLUP_SQL: dict[str, str] = {
    "rollup_days": """
        SELECT event_date, quad_class, code, count(*) AS events,
               CAST(sum(mentions) AS BIGINT) AS mentions,
               {gsum} AS goldstein_sum, count(goldstein) AS goldstein_n
        FROM events WHERE {days}
        GROUP BY event_date, quad_class, code""",
    "rollup_day_countries": """
        WITH c AS (SELECT event_date, quad_class, code, unnest(list_distinct(countries)) AS country,
                          mentions, goldstein
                   FROM events WHERE {days})
        SELECT event_date, quad_class, code, country, count(*) AS events,
               CAST(sum(mentions) AS BIGINT) AS mentions,
               {gsum} AS goldstein_sum, count(goldstein) AS goldstein_n
        FROM c WHERE country IS NOT NULL
        GROUP BY event_date, quad_class, code, country""",
    "rollup_dyads": """
        WITH s AS (SELECT event_date, quad_class, code, countries, unnest(source_codes) AS source,
                          target_codes, mentions, goldstein
                   FROM events WHERE {days}),
             st AS (SELECT event_date, quad_class, code, countries, source,
                           unnest(target_codes) AS target, mentions, goldstein FROM s)
        SELECT event_date, quad_class, code, countries, source, target, count(*) AS events,
               CAST(sum(mentions) AS BIGINT) AS mentions,
               {gsum} AS goldstein_sum, count(goldstein) AS goldstein_n
        FROM st WHERE source IS NOT NULL AND target IS NOT NULL AND source <> target
        GROUP BY event_date, quad_class, code, countries, source, target""",
    "rollup_actors": """
        WITH f AS (SELECT event_date, quad_class, code, countries, source_codes, target_codes,
                          mentions, goldstein
                   FROM events WHERE {days}),
             a AS (SELECT event_date, quad_class, code, countries, unnest(source_codes) AS actor,
                          1 AS src, 0 AS tgt, mentions, goldstein FROM f
                   UNION ALL
                   SELECT event_date, quad_class, code, countries, unnest(target_codes),
                          0, 1, mentions, goldstein FROM f)
        SELECT event_date, quad_class, code, countries, actor, count(*) AS events,
               CAST(sum(src) AS BIGINT) AS as_source, CAST(sum(tgt) AS BIGINT) AS as_target,
               CAST(sum(mentions) AS BIGINT) AS mentions,
               {gsum} AS goldstein_sum, count(goldstein) AS goldstein_n
        FROM a WHERE actor IS NOT NULL
        GROUP BY event_date, quad_class, code, countries, actor""",
}
ROLLUP_TABLES = tuple(ROLLUP_SQL)

# Goldstein sums are exact decimals: a float sum depends on the order of its terms, and
# rollups add the same values in another order than a scan of ``events`` does. Scale values
# have one decimal (CAMEO), so three lose nothing. Readers of ``events`` sum the same way
# (``GOLDSTEIN_SUM_SQL``) so that both give the same means to the last digit.
GOLDSTEIN_SUM_TYPE = "DECIMAL(18, 3)"
GOLDSTEIN_SUM_SQL = f"sum(CAST(goldstein AS {GOLDSTEIN_SUM_TYPE}))"

_SELECTED_DAYS = "(event_date IN (SELECT unnest(CAST(? AS DATE[]))) OR (? AND event_date IS NULL))"


def answers(filter_fields: Iterable[str]) -> bool:
    """Whether a filter setting these fields can be answered from the rollups."""
    return set(filter_fields) <= ROLLUP_FIELDS


def event_days(con: duckdb.DuckDBPyConnection, cluster_ids: list[str]) -> set[date | None]:
    """Event dates (None for undated) of the ``events`` rows of these clusters."""
    if not cluster_ids:
        return set()
    return {d for (d,) in con.execute(
        "SELECT DISTINCT event_date FROM events WHERE id IN (SELECT unnest(?))",
        [cluster_ids]).fetchall()}


def refresh(con: duckdb.DuckDBPyConnection, days: set[date | None]) -> None:
    """Recompute every rollup's rows of these event dates (None: undated events) from
    table ``events``, inside the caller's transaction."""
    if not days:
        return
    dated = sorted(d for d in days if d is not None)
    params: list[Any] = [dated, None in days]
    for table, select in ROLLUP_SQL.items():
        con.execute(f"DELETE FROM {table} WHERE {_SELECTED_DAYS}", params)
        con.execute(f"INSERT INTO {table} BY NAME "
                    f"{select.format(days=_SELECTED_DAYS, gsum=GOLDSTEIN_SUM_SQL)}", params)


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute every rollup from all of table ``events`` (a migrated store)."""
    for table, select in ROLLUP_SQL.items():
        con.execute(f"DELETE FROM {table}")
        con.execute(f"INSERT INTO {table} BY NAME {select.format(days='true', gsum=GOLDSTEIN_SUM_SQL)}")
