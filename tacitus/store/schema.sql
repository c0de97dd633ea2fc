-- tacitus store schema, version 3 (DuckDB). Documented in docs/STORE.md.
-- Version 2 added runs.status, version 3 the rollup tables. Older layouts are migrated on open for writing
-- (tacitus.store.Store._migrate); stores of a newer version are refused.
-- One row per article; every annotation table keys on article_id so that replacing an
-- article is one DELETE per table and one INSERT, inside one transaction.

CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);

CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY,
    content_hash VARCHAR NOT NULL,
    url VARCHAR, source VARCHAR, title VARCHAR,
    published VARCHAR, published_date DATE,
    language VARCHAR, path VARCHAR, coder VARCHAR,
    text VARCHAR NOT NULL,
    removed JSON,
    tone_score DOUBLE, tone_positive DOUBLE, tone_negative DOUBLE,
    themes VARCHAR[],
    n_events INTEGER,
    record JSON NOT NULL,
    run_id VARCHAR,
    ingested_at TIMESTAMP DEFAULT current_timestamp
);

-- Every coded event as found in one article (a mention of a real-world event). Its columns
-- (names, types, meanings) are declared once in tacitus/store/columns.py (MENTION_COLUMNS);
-- tacitus.store.schema_sql() writes them in place of the marker below.
CREATE TABLE IF NOT EXISTS event_mentions (
{event_mentions_columns}
);
CREATE INDEX IF NOT EXISTS event_mentions_article ON event_mentions (article_id);
CREATE INDEX IF NOT EXISTS event_mentions_cluster ON event_mentions (cluster_id);
CREATE INDEX IF NOT EXISTS event_mentions_dyad ON event_mentions (dyad_key);
CREATE INDEX IF NOT EXISTS event_mentions_date ON event_mentions (event_date);
CREATE INDEX IF NOT EXISTS event_mentions_root ON event_mentions (root_code);

CREATE TABLE IF NOT EXISTS actors (
    article_id VARCHAR NOT NULL, event_id VARCHAR NOT NULL,
    side VARCHAR NOT NULL, idx INTEGER NOT NULL,
    text VARCHAR, start_char INTEGER, end_char INTEGER,
    name VARCHAR, code VARCHAR, country VARCHAR, role VARCHAR, "group" VARCHAR
);
CREATE INDEX IF NOT EXISTS actors_article ON actors (article_id);
CREATE INDEX IF NOT EXISTS actors_code ON actors (code);

CREATE TABLE IF NOT EXISTS entities (
    article_id VARCHAR NOT NULL, idx INTEGER NOT NULL,
    text VARCHAR, start_char INTEGER, end_char INTEGER, type VARCHAR, name VARCHAR,
    actor_code VARCHAR, actor_country VARCHAR, actor_name VARCHAR
);
CREATE INDEX IF NOT EXISTS entities_article ON entities (article_id);

CREATE TABLE IF NOT EXISTS places (
    article_id VARCHAR NOT NULL, idx INTEGER NOT NULL,
    text VARCHAR, start_char INTEGER, end_char INTEGER, name VARCHAR,
    country VARCHAR, admin1 VARCHAR, lat DOUBLE, lon DOUBLE, geonames_id BIGINT, feature VARCHAR
);
CREATE INDEX IF NOT EXISTS places_article ON places (article_id);

CREATE TABLE IF NOT EXISTS dates (
    article_id VARCHAR NOT NULL, idx INTEGER NOT NULL,
    text VARCHAR, start_char INTEGER, end_char INTEGER, value VARCHAR, precision VARCHAR
);
CREATE INDEX IF NOT EXISTS dates_article ON dates (article_id);

CREATE TABLE IF NOT EXISTS quotes (
    article_id VARCHAR NOT NULL, idx INTEGER NOT NULL,
    text VARCHAR, start_char INTEGER, end_char INTEGER,
    speaker_text VARCHAR, speaker_name VARCHAR, speaker_code VARCHAR, verb VARCHAR, kind VARCHAR
);
CREATE INDEX IF NOT EXISTS quotes_article ON quotes (article_id);

CREATE TABLE IF NOT EXISTS counts (
    article_id VARCHAR NOT NULL, idx INTEGER NOT NULL,
    value BIGINT, approximate BOOLEAN, kind VARCHAR, object VARCHAR, country VARCHAR,
    text VARCHAR, start_char INTEGER, end_char INTEGER, since VARCHAR
);
CREATE INDEX IF NOT EXISTS counts_article ON counts (article_id);

CREATE TABLE IF NOT EXISTS errors (
    run_id VARCHAR, path VARCHAR, line INTEGER, reason VARCHAR,
    occurred_at TIMESTAMP DEFAULT current_timestamp
);
-- the stage that failed: 'read', or the coding stage ('clean', 'nlp', 'actors', ...)
ALTER TABLE errors ADD COLUMN IF NOT EXISTS stage VARCHAR;

CREATE TABLE IF NOT EXISTS runs (
    id VARCHAR PRIMARY KEY, command VARCHAR,
    started_at TIMESTAMP, finished_at TIMESTAMP,
    articles_new INTEGER, articles_replaced INTEGER, articles_unchanged INTEGER,
    errors INTEGER, coder VARCHAR,
    status VARCHAR  -- running | finished | interrupted | failed
);

-- One real-world event per cluster (a table kept up to date by each write transaction for
-- the clusters it touches: see tacitus.store.Store._update_events; CLUSTER_SQL rebuilds it). The representative is the
-- earliest, then most confident mention; NumMentions/NumSources/NumArticles in GDELT's sense.
CREATE TABLE IF NOT EXISTS events AS
SELECT cluster_id AS id, id AS mention_id,
       * EXCLUDE (id, cluster_id, dyad_key, record),
       1 AS mentions, 1 AS sources, 1 AS articles, record
FROM event_mentions WHERE false;
CREATE INDEX IF NOT EXISTS events_id ON events (id);
CREATE INDEX IF NOT EXISTS events_date ON events (event_date);

-- Rollups of table events (version 3): per event date and the dimensions a filter may name,
-- the sums the API's timeline, network and top actors need. Refreshed by each write
-- transaction for the event dates it touches: see tacitus/store/rollups.py and docs/STORE.md.
CREATE TABLE IF NOT EXISTS rollup_days (
    event_date DATE, quad_class INTEGER, code VARCHAR,
    events BIGINT, mentions BIGINT, goldstein_sum DECIMAL(18, 3), goldstein_n BIGINT
);
CREATE TABLE IF NOT EXISTS rollup_day_countries (
    event_date DATE, quad_class INTEGER, code VARCHAR, country VARCHAR,
    events BIGINT, mentions BIGINT, goldstein_sum DECIMAL(18, 3), goldstein_n BIGINT
);
CREATE TABLE IF NOT EXISTS rollup_dyads (
    event_date DATE, quad_class INTEGER, code VARCHAR, countries VARCHAR[],
    source VARCHAR, target VARCHAR,
    events BIGINT, mentions BIGINT, goldstein_sum DECIMAL(18, 3), goldstein_n BIGINT
);
CREATE TABLE IF NOT EXISTS rollup_actors (
    event_date DATE, quad_class INTEGER, code VARCHAR, countries VARCHAR[], actor VARCHAR,
    events BIGINT, as_source BIGINT, as_target BIGINT, mentions BIGINT,
    goldstein_sum DECIMAL(18, 3), goldstein_n BIGINT
);
