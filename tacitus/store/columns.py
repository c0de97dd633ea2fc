"""The event columns of the store, declared once: name, DuckDB type and meaning.

``MENTION_COLUMNS`` is table ``event_mentions`` in order (``schema_sql`` writes its CREATE
TABLE from it, the writer fills its rows by these names). Table ``events`` is derived from it
in SQL (``schema.sql``, ``CLUSTER_SQL``): the cluster id as ``id``, the representative's id
as ``mention_id``, the mention columns but the clustering keys, then the counts
(``EVENT_ONLY_COLUMNS``); ``EVENT_TABLE_COLUMNS`` spells that order out, and a test holds it
to the layout DuckDB creates.

Every other list of event columns (the rows of ``tacitus query`` and ``tacitus export --to``,
the API's list and mention views) is a deliberate selection, named here as a tuple of names
and checked against these declarations on import (``select``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # DuckDB type, as information_schema spells it
    description: str
    required: bool = False  # NOT NULL in event_mentions


MENTION_COLUMNS: tuple[Column, ...] = (
    Column("id", "VARCHAR", "mention id: `<article id>-<n>`, the public record's Event.id", True),
    Column("article_id", "VARCHAR", "the article the mention is in", True),
    Column("cluster_id", "VARCHAR", "the real-world event (store cluster) it belongs to", True),
    Column("dyad_key", "VARCHAR", "root code, dyad and place country: what clustering compares", True),
    Column("code", "VARCHAR", "CAMEO event code, e.g. 0256"),
    Column("root_code", "VARCHAR", "CAMEO root code, e.g. 02"),
    Column("name", "VARCHAR", "CAMEO name of the code"),
    Column("quad_class", "INTEGER", "QuadClass: 1 verbal cooperation .. 4 material conflict"),
    Column("goldstein", "DOUBLE", "Goldstein scale value of the code (-10 .. 10)"),
    Column("plover_event", "VARCHAR", "PLOVER event type"),
    Column("plover_mode", "VARCHAR", "PLOVER mode"),
    Column("source_code", "VARCHAR", "CAMEO actor code of the first source actor"),
    Column("source_country", "VARCHAR", "ISO alpha-3 country of the first source actor"),
    Column("source_name", "VARCHAR", "canonical name of the first source actor"),
    Column("source_text", "VARCHAR", "the article's words for the first source actor"),
    Column("target_code", "VARCHAR", "CAMEO actor code of the first target actor"),
    Column("target_country", "VARCHAR", "ISO alpha-3 country of the first target actor"),
    Column("target_name", "VARCHAR", "canonical name of the first target actor"),
    Column("target_text", "VARCHAR", "the article's words for the first target actor"),
    Column("source_codes", "VARCHAR[]", "actor codes of every source actor"),
    Column("target_codes", "VARCHAR[]", "actor codes of every target actor"),
    Column("countries", "VARCHAR[]", "countries of every actor on either side, sorted"),
    Column("modality", "VARCHAR", "asserted, future, intended, requested, hypothetical, negated or historical"),
    Column("reported_by_code", "VARCHAR", "actor code of who reports it (\"officials said\")"),
    Column("reported_by_name", "VARCHAR", "name of who reports it"),
    Column("date", "VARCHAR", "the event's own date: YYYY-MM-DD, YYYY-MM or YYYY"),
    Column("event_date", "DATE", "`date` as a DATE (the first day of a month or year)"),
    Column("date_precision", "VARCHAR", "day, month or year"),
    Column("place_name", "VARCHAR", "where it happened"),
    Column("place_country", "VARCHAR", "ISO alpha-3 country of the place"),
    Column("place_admin1", "VARCHAR", "first-level division of the place"),
    Column("lat", "DOUBLE", "latitude of the place"),
    Column("lon", "DOUBLE", "longitude of the place"),
    Column("geonames_id", "BIGINT", "GeoNames id of the place"),
    Column("place_feature", "VARCHAR", "kind of place (city, admin1, country, ...)"),
    Column("sentence", "INTEGER", "index of the evidence sentence in the article"),
    Column("start_char", "INTEGER", "start of the evidence sentence in the article text"),
    Column("end_char", "INTEGER", "end of the evidence sentence in the article text"),
    Column("text", "VARCHAR", "the evidence sentence"),
    Column("trigger", "VARCHAR", "the words that fired the rule"),
    Column("trigger_start", "INTEGER", "start of the trigger in the article text"),
    Column("trigger_end", "INTEGER", "end of the trigger in the article text"),
    Column("rule", "VARCHAR", "the rule that coded the event"),
    Column("confidence", "DOUBLE", "how sure the coder is (0 .. 1)"),
    Column("article_mentions", "INTEGER", "times the article tells the event (its mentions after in-article dedupe)"),
    Column("source_domain", "VARCHAR", "the article's source, else its URL's domain"),
    Column("url", "VARCHAR", "the article's URL"),
    Column("published", "VARCHAR", "the article's publication date"),
    Column("record", "JSON", "the public record of the event (JSON)", True),
)

# Columns of ``events`` that ``event_mentions`` lacks.
EVENT_ONLY_COLUMNS: tuple[Column, ...] = (
    Column("mention_id", "VARCHAR", "the representative mention: earliest published, then most confident"),
    Column("mentions", "INTEGER", "mentions in every article (GDELT's NumMentions)"),
    Column("sources", "INTEGER", "distinct source domains reporting it (NumSources)"),
    Column("articles", "INTEGER", "distinct articles reporting it (NumArticles)"),
)

# Mention columns that identify the cluster rather than describe the event: ``events`` drops
# them (its ``id`` is the cluster id).
_CLUSTERING_ONLY = ("cluster_id", "dyad_key")


def _by_name(columns: Iterable[Column]) -> dict[str, Column]:
    return {c.name: c for c in columns}


MENTIONS_BY_NAME = _by_name(MENTION_COLUMNS)
_EVENT_ONLY = _by_name(EVENT_ONLY_COLUMNS)
EVENT_TABLE_COLUMNS: tuple[Column, ...] = (
    Column("id", "VARCHAR", "event id: the cluster id, shared by all its mentions"),
    _EVENT_ONLY["mention_id"],
    *(c for c in MENTION_COLUMNS if c.name not in ("id", "record", *_CLUSTERING_ONLY)),
    _EVENT_ONLY["mentions"], _EVENT_ONLY["sources"], _EVENT_ONLY["articles"],
    MENTIONS_BY_NAME["record"],
)
EVENTS_BY_NAME = _by_name(EVENT_TABLE_COLUMNS)


def select(names: Sequence[str], table: dict[str, Column] = EVENTS_BY_NAME) -> tuple[str, ...]:
    """``names`` as a column list, each checked to be declared (a typo fails on import)."""
    unknown = [n for n in names if n not in table]
    if unknown:
        raise KeyError(f"undeclared event column(s): {', '.join(unknown)}")
    return tuple(names)


def mention_table_sql() -> str:
    """The column definitions of ``CREATE TABLE event_mentions``."""
    return ",\n".join(f'    "{c.name}" {c.type}' + (" NOT NULL" if c.required else "")
                      for c in MENTION_COLUMNS)


# One row per event in `tacitus query events` and `tacitus export --to` (in this order).
QUERY_COLUMNS = select((
    "id", "article_id", "date", "date_precision", "code", "root_code", "name", "quad_class",
    "goldstein", "plover_event", "plover_mode", "modality",
    "source_code", "source_country", "source_name", "target_code", "target_country",
    "target_name", "reported_by_code", "place_name", "place_country", "place_admin1", "lat",
    "lon", "geonames_id", "sentence", "start_char", "end_char", "trigger", "rule",
    "confidence", "mentions", "sources", "articles", "url", "text",
))

# Rows of the API's /api/events (every column but the clustering keys, lists and record).
API_LIST_COLUMNS = select((
    "id", "mention_id", "article_id", "date", "event_date", "date_precision", "code",
    "root_code", "name", "quad_class", "goldstein", "plover_event", "plover_mode", "modality",
    "source_code", "source_country", "source_name", "source_text", "target_code",
    "target_country", "target_name", "target_text", "source_codes", "target_codes",
    "reported_by_code", "reported_by_name", "place_name", "place_country", "place_admin1",
    "lat", "lon", "geonames_id", "sentence", "start_char", "end_char", "text", "trigger",
    "trigger_start", "trigger_end", "rule", "confidence", "mentions", "sources", "articles",
    "url", "published",
))

# One mention in the API's /api/events/{id} (its actors come from table ``actors``).
API_MENTION_COLUMNS = select((
    "id", "article_id", "cluster_id", "code", "root_code", "name", "quad_class", "goldstein",
    "plover_event", "plover_mode", "modality", "reported_by_code", "reported_by_name", "date",
    "date_precision", "place_name", "place_country", "place_admin1", "lat", "lon",
    "geonames_id", "sentence", "start_char", "end_char", "text", "trigger", "trigger_start",
    "trigger_end", "rule", "confidence", "article_mentions", "source_domain", "url", "published",
), MENTIONS_BY_NAME)
