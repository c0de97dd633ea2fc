"""Throughput benchmark: bare spaCy (the floor) against tacitus `code` and `ingest`.

Run with ``tacitus bench`` or ``python benchmarks/throughput.py``. Everything is measured in
one run on the same texts with the same model, so the ratios are comparable.
"""

from __future__ import annotations

import copy
import os
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tacitus.model import Article


def default_corpus() -> Path | None:
    here = Path.cwd().resolve()
    for base in (here, *here.parents):
        cand = base / "shared" / "corpus" / "reuters21578"
        if cand.exists():
            return cand
    return None


def load_articles(source: str | None, n: int) -> tuple[list[Article], str]:
    """The first ``n`` articles of a JSONL file/folder, else Reuters, else the example repeated."""
    from tacitus import ingest

    origin = source or (str(default_corpus()) if default_corpus() else None)
    if origin:
        arts: list[Article] = []
        for item in ingest.read_inputs([origin]):
            if isinstance(item, Article):
                arts.append(item)
                if len(arts) >= n:
                    break
        return arts, origin
    example = Path(__file__).resolve().parents[2] / "examples" / "military-times-afghanistan-ceasefire.txt"
    text = example.read_text(encoding="utf-8")
    return [Article(id=f"example-{i}", text=text, published="2019-07-19") for i in range(n)], str(example)


def _peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    kb = resource.getrusage(who).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 1024 / 1024


def run(source: str | None = None, n: int = 200, jobs: Sequence[int] = (1, 2)) -> dict[str, Any]:
    from tacitus.pipeline import code_articles, get_pipeline
    from tacitus.scale import WorkerPool
    from tacitus.store import Store

    articles, origin = load_articles(source, n)
    if not articles:
        raise SystemExit(f"no articles found in {origin}")
    # what `code` sees after cleaning: measure spaCy on exactly those texts
    from tacitus import ingest

    texts = [ingest.clean_article(copy.deepcopy(a)).text for a in articles]

    t0 = time.perf_counter()
    pipe = get_pipeline()
    startup = time.perf_counter() - t0

    nlp = pipe.nlp_model
    list(nlp.pipe(texts[:8]))  # warm-up
    t0 = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=pipe.batch_size))
    t_spacy = time.perf_counter() - t0

    results: dict[str, Any] = {
        "corpus": origin, "articles": len(articles), "tokens": tokens,
        "startup_s": round(startup, 3), "cpus": os.cpu_count(),
        "runs": [],
    }

    def row(name: str, seconds: float) -> dict[str, Any]:
        return {
            "run": name, "seconds": round(seconds, 3),
            "articles_per_s": round(len(articles) / seconds, 2),
            "tokens_per_s": round(tokens / seconds, 1),
            "ratio_to_spacy": round(t_spacy / seconds, 3),
        }

    results["runs"].append(row("spacy nlp.pipe (floor)", t_spacy))

    pipe.timings.clear()
    t0 = time.perf_counter()
    coded = list(code_articles([copy.deepcopy(a) for a in articles]))
    t_code1 = time.perf_counter() - t0
    results["runs"].append(row("tacitus code -j 1", t_code1))
    results["profile_s"] = {k: round(v, 3) for k, v in sorted(pipe.timings.items(), key=lambda kv: -kv[1])}
    results["events"] = sum(len(a.events) for a in coded)

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        with Store(Path(tmp) / "bench.duckdb") as store:
            store.write_articles(coded)
        t_write = time.perf_counter() - t0
    results["runs"].append(row("tacitus ingest -j 1 (code + DuckDB)", t_code1 + t_write))
    results["store_write_s"] = round(t_write, 3)

    for j in jobs:
        if j <= 1:
            continue
        t0 = time.perf_counter()
        with WorkerPool(j) as pool:
            pool.warm()
            start = time.perf_counter() - t0
            t0 = time.perf_counter()
            n_out = sum(len(chunk) for chunk in pool.code([copy.deepcopy(a) for a in articles]))
            t = time.perf_counter() - t0
            results["peak_rss_mb_worker"] = round(pool.peak_rss_mb(), 1)
        assert n_out == len(articles)
        r = row(f"tacitus code -j {j} (warm workers)", t)
        r["speedup_vs_j1"] = round(t_code1 / t, 3)
        r["worker_start_s"] = round(start, 2)
        results["runs"].append(r)

    results["peak_rss_mb_main"] = round(_peak_rss_mb(), 1)
    results.setdefault("peak_rss_mb_worker", None)
    return results


def render(results: dict[str, Any]) -> str:
    lines = [
        f"corpus: {results['corpus']} — {results['articles']} articles, {results['tokens']} tokens, "
        f"{results['events']} events; startup {results['startup_s']} s; cpus {results['cpus']}",
        "",
        "| run | seconds | articles/s | tokens/s | × spaCy | speed-up vs -j 1 | worker start s |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results["runs"]:
        lines.append(f"| {r['run']} | {r['seconds']} | {r['articles_per_s']} | {r['tokens_per_s']} | "
                     f"{r['ratio_to_spacy']} | {r.get('speedup_vs_j1', '')} | {r.get('worker_start_s', '')} |")
    lines += ["", "profile (seconds per stage, -j 1): " + ", ".join(f"{k} {v}" for k, v in results["profile_s"].items()),
              f"peak RSS: main {results['peak_rss_mb_main']} MB, largest worker {results['peak_rss_mb_worker']} MB"]
    return "\n".join(lines)
