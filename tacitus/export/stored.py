"""Stored events as the exports see them: one real-world event (a store cluster) per row.

The store keeps every mention of an event (``event_mentions``, one per article that reports
it) and one row per real-world event (``events``: the cluster's representative, its first
report, with NumMentions, NumSources and NumArticles). ``stored_articles`` reads the articles
back with each of their events tagged with the stored event it belongs to, so that the GDELT
and PLOVER writers emit one event row per cluster and one mention row per article.

IsRootEvent follows GDELT: the event is in the lead paragraph of its first report
(``is_root_event``). The lead paragraph is the text before the first blank line; a text
without one is split at its first line break; the first sentence is always in the lead.
``LEAD_SQL`` is the same rule in DuckDB SQL, for the table exports (``--to``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

import duckdb

from tacitus.model import Article, Event, article_from_dict

_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def lead_paragraph_end(text: str) -> int | None:
    """Character offset where the lead paragraph ends, or None for a text in one piece."""
    m = _BLANK_LINE.search(text)
    if m:
        return m.start()
    i = text.find("\n")
    return i if i >= 0 else None


def is_root_event(event: Event, article: Article) -> bool:
    """GDELT's IsRootEvent: the event is told in the article's lead paragraph."""
    if event.sentence == 0:
        return True
    end = lead_paragraph_end(article.text)
    return end is not None and event.start < end


# ``lead_paragraph_end`` over a ``text`` column, as a character count (None: one piece).
# The first blank line is found by replacing it with a marker character (regexp_replace
# without 'g' replaces the first match only) and looking the marker up.
LEAD_END_SQL = (
    "CASE WHEN regexp_matches({text}, '\\n[ \\t]*\\n') "
    "THEN strpos(regexp_replace({text}, '\\n[ \\t]*\\n', chr(1)), chr(1)) - 1 "
    "WHEN strpos({text}, chr(10)) > 0 THEN strpos({text}, chr(10)) - 1 END"
)
# ``is_root_event`` over an events row ``e`` joined with its article ``a``.
IS_ROOT_SQL = ("(e.sentence = 0 OR coalesce(e.start_char < (" + LEAD_END_SQL.format(text="a.text")
               + "), false))")


@dataclass(frozen=True)
class Mention:
    """One article's mention of a stored event.

    ``event`` is the article's event with ``id`` set to the stored event's id; for the
    event's first report (``first``) it also carries the stored event's counts and
    ``is_root``, so it stands for the whole real-world event.
    """

    event: Event
    mention_id: str
    first: bool


def article_mentions(articles: Iterable[Article]) -> Iterator[tuple[Article, list[Mention]]]:
    """Articles not read from a store (``tacitus code``): each event id is its own event,
    first reported where it first occurs; the counts are the article's own."""
    seen: set[str] = set()
    for art in articles:
        out = []
        for ev in art.events:
            first = ev.id not in seen
            seen.add(ev.id)
            out.append(Mention(replace(ev, is_root=is_root_event(ev, art)), ev.id, first))
        yield art, out


# Per article: its record, and per mention the stored event (cluster) it belongs to, with the
# event's counts when this mention is the event's representative (``events.mention_id``).
_STORED_SQL = """
WITH m AS (
    SELECT m.article_id,
           list(struct_pack(mention := m.id, cluster := m.cluster_id, first := e.id IS NOT NULL,
                            mentions := e.mentions, sources := e.sources, articles := e.articles)) AS ev
    FROM event_mentions m LEFT JOIN events e ON e.mention_id = m.id AND e.id = m.cluster_id
    GROUP BY m.article_id
)
SELECT a.record, m.ev FROM articles a LEFT JOIN m ON m.article_id = a.id
ORDER BY a.published NULLS LAST, a.id
"""


def stored_articles(con: duckdb.DuckDBPyConnection, batch: int = 256) -> Iterator[tuple[Article, list[Mention]]]:
    """Every stored article (published, then id order) with its events as ``Mention``s of
    the stored events; streams in batches."""
    cur = con.cursor()
    try:
        cur.execute(_STORED_SQL)
        while True:
            rows = cur.fetchmany(batch)
            if not rows:
                break
            for record, tags in rows:
                art = article_from_dict(json.loads(record))
                by_mention: dict[str, dict[str, Any]] = {t["mention"]: t for t in tags or []}
                out = []
                for ev in art.events:
                    tag = by_mention.get(ev.id)
                    if tag is None:  # not stored as a mention: cannot happen in a store it wrote
                        continue
                    if tag["first"]:
                        stored = replace(ev, id=tag["cluster"], mentions=int(tag["mentions"]),
                                         sources=int(tag["sources"]), articles=int(tag["articles"]),
                                         is_root=is_root_event(ev, art))
                    else:
                        stored = replace(ev, id=tag["cluster"], is_root=is_root_event(ev, art))
                    out.append(Mention(stored, ev.id, bool(tag["first"])))
                yield art, out
    finally:
        cur.close()
