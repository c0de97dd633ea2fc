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
from dataclasses import dataclass, field
from datetime import datetime
from itertools import combinations
from pathlib import Path

from tacitus.eval.halves import score_halves
from tacitus.eval.report import Report, Table
from tacitus.model import Article, article_id

MAX_GAP_DAYS = 3
DEFAULT_GROUPS = 60


def _date(raw: str) -> str | None:
    try:
        return datetime.strptime(raw.strip()[:11], "%d-%b-%Y").date().isoformat()
    except ValueError:
        return None


def build_set(corpus: Path, groups: int) -> tuple[list[Article], dict[str, str], dict[str, str]]:
    """Articles, their story label (copies of one story share a label) and each label's
    headline (the story's id in the tune/check halves: the corpus gives stories no id)."""
    by_title: dict[str, list[tuple[str, str]]] = defaultdict(list)
    singles: list[tuple[str, str, str]] = []
    for path in sorted(corpus.glob("reut2-*.json")):
        for item in json.loads(path.read_text(encoding="utf-8", errors="replace")):
            body, title = (item.get("body") or "").strip(), (item.get("title") or "").strip()
            date = _date(item.get("date") or "")
            if body and title and date and len(body) > 200:
                by_title[title].append((date, body))
    stories: list[tuple[str, list[tuple[str, str]]]] = []
    for title, copies in by_title.items():
        copies = sorted(set(copies))
        first = copies[0]
        same = [c for c in copies
                if c[1][:60] == first[1][:60]
                and (datetime.fromisoformat(c[0]) - datetime.fromisoformat(first[0])).days <= MAX_GAP_DAYS]
        if len(same) > 1:
            stories.append((title, same))
        else:
            singles.append((title, first[0], first[1]))
    # political and economic news with actors: keep stories whose text names a government
    def political(text: str) -> bool:
        return bool(re.search(r"\b(minister|government|president|officials?|troops|talks)\b", text, re.I))

    stories = [s for s in stories if political(s[1][0][1])][:groups]
    distractors = [s for s in singles if political(s[2])][:groups]
    articles: list[Article] = []
    labels: dict[str, str] = {}
    titles: dict[str, str] = {}
    for i, (title, copies) in enumerate(stories):
        titles[f"story{i}"] = title
        for j, (date, body) in enumerate(copies):
            a = Article(id=article_id(body, f"reuters://{i}/{j}"), text=body, published=date,
                        url=f"https://reuters.example/{i}/{j}", source=f"copy{j}.reuters")
            articles.append(a)
            labels[a.id] = f"story{i}"
    for k, (title, date, body) in enumerate(distractors):
        titles[f"single{k}"] = title
        a = Article(id=article_id(body, f"reuters://single/{k}"), text=body, published=date,
                    url=f"https://reuters.example/single/{k}")
        articles.append(a)
        labels[a.id] = f"single{k}"
    return articles, labels, titles


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


@dataclass
class Story:
    """One story (its copies) or one distractor and its coded mentions: the item of the halves."""

    label: str
    title: str  # the item id
    articles: int = 0
    # (article id, cluster id, code, normalised evidence sentence)
    mentions: list[tuple[str, str, str, str]] = field(default_factory=list)


def score(stories: list[Story]) -> tuple[list[Table], dict[str, float]]:
    """Merge recall, duplicates removed and cross-story merges among some stories' mentions
    (a cross-story pair counts when both its stories are among them)."""
    by_cluster: dict[str, list[tuple[str, str]]] = defaultdict(list)
    dup_total = dup_merged = 0
    for story in stories:
        cluster_of: dict[tuple[str, str, str], str] = {}
        for aid, cid, code, text in story.mentions:
            by_cluster[cid].append((story.label, text))
            cluster_of[(aid, code, text)] = cid
        if not story.label.startswith("story"):
            continue
        keyed: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        for (aid, code, text), cid in cluster_of.items():
            keyed[(code, text)].append((aid, cid))
        # duplicate pairs: different copies, same sentence and code
        for members in keyed.values():
            for (a1, c1), (a2, c2) in combinations(members, 2):
                if a1 != a2:
                    dup_total += 1
                    dup_merged += c1 == c2
    cross = sum(1 for members in by_cluster.values() for m1, m2 in combinations(members, 2)
                if m1[0] != m2[0] and m1[1] != m2[1])
    mentions = sum(len(s.mentions) for s in stories)
    n_events = len(by_cluster)
    recall = dup_merged / dup_total if dup_total else 0.0
    table = Table(
        name="Reuters re-issued stories",
        columns=["articles", "event mentions", "events after dedupe", "duplicates removed",
                 "duplicate pairs", "merged", "merge recall", "cross-story merges (upper bound of wrong)"],
        rows=[[sum(s.articles for s in stories), mentions, n_events, mentions - n_events, dup_total,
               dup_merged, recall, cross]],
    )
    metrics = {
        "merge_recall": round(recall, 4),
        "duplicates_removed": float(mentions - n_events),
        "cross_story_merges": float(cross),
    }
    return [table], metrics


def evaluate(gold_root: Path, limit: int | None = None, show: str = "check") -> Report:
    """Dedupe figures; ``limit`` is the number of stories (and of distractors); ``show`` picks
    the half ("check", "tune", "all") the table describes. The item of the halves is the story
    (its headline): all copies of a story, and all their mentions, share a half."""
    from tacitus.pipeline import code_articles
    from tacitus.store import Store

    corpus = gold_root.parent / "corpus" / "reuters21578"
    report = Report(title="dedupe — Reuters-21578 re-issued stories")
    if not corpus.exists():
        report.notes.append(f"corpus not found: {corpus}")
        return report
    articles, labels, titles = build_set(corpus, limit or DEFAULT_GROUPS)
    coded = list(code_articles(articles))
    with Store(":memory:") as store:
        store.write_articles(coded)
        rows = store.con.execute("SELECT article_id, cluster_id, code, text FROM event_mentions").fetchall()
    stories = {label: Story(label, title) for label, title in titles.items()}
    for a in articles:
        stories[labels[a.id]].articles += 1
    for aid, cid, code, text in rows:
        stories[labels[aid]].mentions.append((aid, cid, code, _norm(text)))
    score_halves(report, list(stories.values()), key=lambda s: s.title, score=score, show=show,
                 title="Reuters stories")
    report.notes.append("cross-story merges of a half: pairs whose two stories both lie in it "
                        "(pairs across the halves count in the all-items figure only)")
    return report
