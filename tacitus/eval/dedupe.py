"""`tacitus eval dedupe`: does one real-world event stay one event across re-issued reports?

The set is built from the Reuters-21578 throughput corpus (``shared/corpus``), which holds
stories re-issued under the same headline (full and shortened bodies, the next day, with
corrections). Copies of one story (same headline, same opening, published within 3 days)
report the same events; stories under other headlines are distinct.

- *duplicate pairs*: mentions in two copies of one story with the same evidence sentence
  and CAMEO code. Merge recall = share of these pairs put in one cluster.
- *cross-story merges*: pairs of mentions in one cluster that come from different stories
  and different sentences. Most are wrong merges; a few are one event told by two stories,
  so this is an upper bound on wrong merges.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import datetime
from itertools import combinations
from pathlib import Path

from tacitus.eval.report import Report, Table
from tacitus.model import Article, article_id

MAX_GAP_DAYS = 3
DEFAULT_GROUPS = 60


def _date(raw: str) -> str | None:
    try:
        return datetime.strptime(raw.strip()[:11], "%d-%b-%Y").date().isoformat()
    except ValueError:
        return None


def build_set(corpus: Path, groups: int) -> tuple[list[Article], dict[str, str]]:
    """Articles and their story label: copies of one story share a label."""
    by_title: dict[str, list[tuple[str, str]]] = defaultdict(list)
    singles: list[tuple[str, str, str]] = []
    for path in sorted(corpus.glob("reut2-*.json")):
        for item in json.loads(path.read_text(encoding="utf-8", errors="replace")):
            body, title = (item.get("body") or "").strip(), (item.get("title") or "").strip()
            date = _date(item.get("date") or "")
            if body and title and date and len(body) > 200:
                by_title[title].append((date, body))
    stories: list[list[tuple[str, str]]] = []
    for title, copies in by_title.items():
        copies = sorted(set(copies))
        first = copies[0]
        same = [c for c in copies
                if c[1][:60] == first[1][:60]
                and (datetime.fromisoformat(c[0]) - datetime.fromisoformat(first[0])).days <= MAX_GAP_DAYS]
        if len(same) > 1:
            stories.append(same)
        else:
            singles.append((title, first[0], first[1]))
    # political and economic news with actors: keep stories whose text names a government
    def political(text: str) -> bool:
        return bool(re.search(r"\b(minister|government|president|officials?|troops|talks)\b", text, re.I))

    stories = [s for s in stories if political(s[0][1])][:groups]
    distractors = [s for s in singles if political(s[2])][:groups]
    articles: list[Article] = []
    labels: dict[str, str] = {}
    for i, copies in enumerate(stories):
        for j, (date, body) in enumerate(copies):
            a = Article(id=article_id(body, f"reuters://{i}/{j}"), text=body, published=date,
                        url=f"https://reuters.example/{i}/{j}", source=f"copy{j}.reuters")
            articles.append(a)
            labels[a.id] = f"story{i}"
    for k, (_title, date, body) in enumerate(distractors):
        a = Article(id=article_id(body, f"reuters://single/{k}"), text=body, published=date,
                    url=f"https://reuters.example/single/{k}")
        articles.append(a)
        labels[a.id] = f"single{k}"
    return articles, labels


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def evaluate(gold_root: Path, limit: int | None = None) -> Report:
    from tacitus.pipeline import code_articles
    from tacitus.store import Store

    corpus = gold_root.parent / "corpus" / "reuters21578"
    report = Report(title="dedupe — Reuters-21578 re-issued stories")
    if not corpus.exists():
        report.notes.append(f"corpus not found: {corpus}")
        return report
    articles, labels = build_set(corpus, limit or DEFAULT_GROUPS)
    coded = list(code_articles(articles))
    with Store(":memory:") as store:
        store.write_articles(coded)
        rows = store.con.execute(
            "SELECT id, article_id, cluster_id, code, text FROM event_mentions"
        ).fetchall()
        n_events = store.con.execute("SELECT count(*) FROM events").fetchone()[0]
    by_cluster: dict[str, list[tuple[str, str, str, str]]] = defaultdict(list)
    for _mid, aid, cid, code, text in rows:
        by_cluster[cid].append((labels[aid], aid, code, _norm(text)))
    cluster_of = {(labels[aid], aid, code, _norm(text)): cid for _m, aid, cid, code, text in rows}

    # duplicate pairs: same story, different copies, same sentence and code
    dup_total = dup_merged = 0
    keyed: dict[tuple[str, str, str], list[tuple[str, str]]] = defaultdict(list)
    for (label, aid, code, text), cid in cluster_of.items():
        if label.startswith("story"):
            keyed[(label, code, text)].append((aid, cid))
    for members in keyed.values():
        for (a1, c1), (a2, c2) in combinations(members, 2):
            if a1 != a2:
                dup_total += 1
                dup_merged += c1 == c2
    cross = 0
    cross_pairs = 0
    for members in by_cluster.values():
        for m1, m2 in combinations(members, 2):
            cross_pairs += 1
            if m1[0] != m2[0] and m1[3] != m2[3]:
                cross += 1
    mentions = len(rows)
    recall = dup_merged / dup_total if dup_total else 0.0
    report.tables.append(Table(
        name="Reuters re-issued stories",
        columns=["articles", "event mentions", "events after dedupe", "duplicates removed",
                 "duplicate pairs", "merged", "merge recall", "cross-story merges (upper bound of wrong)"],
        rows=[[len(articles), mentions, n_events, mentions - n_events, dup_total, dup_merged,
               recall, cross]],
    ))
    report.metrics = {
        "merge_recall": round(recall, 4),
        "duplicates_removed": float(mentions - n_events),
        "cross_story_merges": float(cross),
    }
    return report
