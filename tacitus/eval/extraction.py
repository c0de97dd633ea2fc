"""`tacitus eval extraction`: article body extraction from HTML pages, token F1.

Gold: ``extraction/scrapinghub/`` (the Scrapinghub article-extraction benchmark: HTML pages
and their hand-checked article body). Each page goes through what ``tacitus ingest`` does
to an HTML file (decode, trafilatura extraction, boilerplate cleaning); the clean text is
compared with the gold body as bags of lower-cased word tokens, per page. Language is not
checked here: the benchmark has some non-English pages and extraction is scored on all.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
from collections import Counter
from pathlib import Path

from tacitus.eval.halves import score_halves
from tacitus.eval.report import Report, Table, prf
from tacitus.ingest.clean import clean_text
from tacitus.ingest.decode import decode_bytes
from tacitus.ingest.formats import declared_charset
from tacitus.ingest.html import extract_page

GOLD_DIR = Path("extraction") / "scrapinghub"
_TOKEN = re.compile(r"\w+")
# Pages listed in the per-page table (the worst first): enough to see what goes wrong.
WORST_SHOWN = 10


def tokens(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(text.lower()))


def page_scores(predicted: str, gold: str) -> tuple[float, float, float]:
    """Token precision, recall and F1 of one page (bag of words, counts clipped)."""
    p, g = tokens(predicted), tokens(gold)
    tp = sum((p & g).values())
    return prf(tp, sum(p.values()) - tp, sum(g.values()) - tp)


def extract_body(data: bytes, url: str | None = None) -> str:
    """The clean article text tacitus gets from one HTML page ("" when none)."""
    decoded = decode_bytes(data, declared_charset(data))
    if decoded.text is None:
        return ""
    page = extract_page(decoded.text, url)
    if page is None:
        return ""
    return clean_text(page.text)[0]


def evaluate(gold_root: Path, limit: int | None = None, show: str = "check") -> Report:
    """Token F1 per page; ``show`` picks the half ("check", "tune", "all") the tables describe."""
    root = Path(gold_root) / GOLD_DIR
    truth = json.loads((root / "ground-truth.json").read_text("utf-8"))
    keys = sorted(truth)[:limit] if limit else sorted(truth)
    pages = []  # (page key, precision, recall, f1, url): the item id is the page key
    for key in keys:
        path = root / "html" / f"{key}.html.gz"
        with gzip.open(path, "rb") as fh:
            data = fh.read()
        entry = truth[key]
        body = extract_body(data, entry.get("url"))
        p, r, f = page_scores(body, entry.get("articleBody") or "")
        pages.append((key, round(p, 4), round(r, 4), round(f, 4), entry.get("url")))
    report = Report(
        title="extraction: HTML page → article body (scrapinghub), token F1 per page",
        notes=[
            "tokens: lower-cased \\w+ words compared as bags (counts clipped), per page; "
            "means are over pages",
            "pipeline: charset detection, trafilatura (no comments), tacitus boilerplate rules",
        ],
    )
    score_halves(report, pages, key=lambda page: page[0], score=score, show=show, title="scrapinghub pages")
    return report


def score(pages: list[tuple[str, float, float, float, str | None]]) -> tuple[list[Table], dict[str, float]]:
    """Summary and worst pages of some scored pages ``(key, precision, recall, f1, url)``."""
    ps = [page[1] for page in pages]
    rs = [page[2] for page in pages]
    fs = [page[3] for page in pages]
    metrics = {
        "pages": float(len(pages)),
        "f1_mean": statistics.fmean(fs) if fs else 0.0,
        "f1_median": statistics.median(fs) if fs else 0.0,
        "precision_mean": statistics.fmean(ps) if ps else 0.0,
        "recall_mean": statistics.fmean(rs) if rs else 0.0,
        "empty_pages": float(sum(1 for page in pages if page[2] == 0.0)),
    }
    summary = Table("summary", ["metric", "value"], [[k, round(v, 4)] for k, v in metrics.items()])
    worst = Table(
        "worst pages",
        ["page", "precision", "recall", "f1", "url"],
        [[key[:12], p, r, f, url] for key, p, r, f, url in sorted(pages, key=lambda page: page[3])[:WORST_SHOWN]],
    )
    return [summary, worst], metrics
