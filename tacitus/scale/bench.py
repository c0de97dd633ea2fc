"""Throughput benchmark: bare spaCy (the floor) against tacitus `code` and `ingest`.

Run with ``tacitus bench`` or ``python benchmarks/throughput.py``. Everything is measured in
one run on the same texts with the same model, so the ratios are comparable.
"""

from __future__ import annotations

import copy
import json
import os
import resource
import statistics
import subprocess
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


# What bare spaCy does as a whole process: import, load the model, annotate the texts of a
# JSONL file (none: one sentence). The floor for `tacitus code` run the same way.
_BARE_SPACY = """
import json, sys
import spacy
nlp = spacy.load(sys.argv[1])
if len(sys.argv) > 2:
    with open(sys.argv[2], encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh]
    print(sum(len(d) for d in nlp.pipe(texts, batch_size=int(sys.argv[3]))))
else:
    print(len(nlp("The president met the minister in Kabul on Monday.")))
"""
STARTUP_SENTENCE = "The president met the minister in Kabul on Monday.\n"


def _timed_process(argv: list[str], env: dict[str, str] | None = None) -> float:
    """Wall seconds of one process, its output discarded (it must succeed)."""
    return _timed_process_cpu(argv, env)[0]


def _timed_process_cpu(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one process and its children: CPU time is
    what a busy shared machine disturbs least."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _tacitus(*args: str) -> list[str]:
    return [sys.executable, "-m", "tacitus", *args]


def startup_processes(runs: int = 3) -> dict[str, Any]:
    """Whole processes on one sentence, side by side: bare spaCy (import, load, annotate)
    against `tacitus code` (import, load model and knowledge, code, print). Run in pairs, in
    alternating order, so both share the machine's load; the first `tacitus` run with an
    empty knowledge cache (which builds it) is shown apart."""
    from tacitus.nlp import model_name

    model = model_name()
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "one.txt"
        one.write_text(STARTUP_SENTENCE, encoding="utf-8")
        code = _tacitus("code", str(one), "--date", "2019-07-19", "--format", "jsonl")
        cold = _timed_process(code, {**os.environ, "TACITUS_CACHE_DIR": str(Path(tmp) / "cache")})
        _timed_process(code)  # the user's cache, built if need be
        times: dict[str, list[tuple[float, float]]] = {"bare": [], "tacitus": []}
        for i in range(runs):
            pair = [("bare", [sys.executable, "-c", _BARE_SPACY, model]), ("tacitus", code)]
            for who, argv in pair if i % 2 == 0 else pair[::-1]:
                times[who].append(_timed_process_cpu(argv))
    bare, tac = times["bare"], times["tacitus"]
    ratios = [t[0] / b[0] for b, t in zip(bare, tac, strict=True)]
    cpu_ratios = [t[1] / b[1] for b, t in zip(bare, tac, strict=True)]
    return {
        "runs": runs,
        "bare_spacy_s": [round(x[0], 3) for x in bare], "tacitus_s": [round(x[0], 3) for x in tac],
        "bare_spacy_cpu_s": [round(x[1], 3) for x in bare], "tacitus_cpu_s": [round(x[1], 3) for x in tac],
        "ratio": [round(r, 3) for r in ratios], "ratio_median": round(statistics.median(ratios), 3),
        "cpu_ratio": [round(r, 3) for r in cpu_ratios], "cpu_ratio_median": round(statistics.median(cpu_ratios), 3),
        "cold_cache_s": round(cold, 3),
    }


def whole_process(articles: list[Article], jobs: Sequence[int], batch_size: int) -> list[dict[str, Any]]:
    """`tacitus code -j N` as a user runs it (one process from start to printed records)
    against bare spaCy as a whole process on the same texts, side by side."""
    from tacitus.nlp import model_name

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "articles.jsonl"
        with src.open("w", encoding="utf-8") as fh:
            for a in articles:
                fh.write(json.dumps({"id": a.id, "title": a.title, "published": a.published,
                                     "text": a.text}, ensure_ascii=False) + "\n")
        bare, bare_cpu = _timed_process_cpu([sys.executable, "-c", _BARE_SPACY, model_name(), str(src), str(batch_size)])
        rows.append({"run": "spacy process (import, load, nlp.pipe)", "seconds": round(bare, 3),
                     "cpu_s": round(bare_cpu, 3), "articles_per_s": round(len(articles) / bare, 2),
                     "ratio_to_spacy": 1.0, "cpu_ratio_to_spacy": 1.0})
        first = None
        for j in jobs:
            t, cpu = _timed_process_cpu(_tacitus("code", str(src), "--format", "jsonl", "-j", str(j)))
            first = first or t
            rows.append({"run": f"tacitus code -j {j} process", "seconds": round(t, 3), "cpu_s": round(cpu, 3),
                         "articles_per_s": round(len(articles) / t, 2), "ratio_to_spacy": round(bare / t, 3),
                         "cpu_ratio_to_spacy": round(bare_cpu / cpu, 3) if j == 1 else None,
                         "speedup_vs_first": round(first / t, 3)})
    return rows


def _peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    kb = resource.getrusage(who).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 1024 / 1024


def run(source: str | None = None, n: int = 200, jobs: Sequence[int] = (1, 2), startup_runs: int = 3,
        whole: int = 0) -> dict[str, Any]:
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

    # what the stages build on first use, built before timing (as the -j N workers have it
    # from the fork server)
    from tacitus.pipeline import code_text
    from tacitus.scale._preload import WARM_UP_TEXT

    code_text(WARM_UP_TEXT, "2019-07-19")
    pipe.timings.clear()
    t0, c0 = time.perf_counter(), time.process_time()
    coded = list(code_articles([copy.deepcopy(a) for a in articles]))
    t_code1, cpu_code1 = time.perf_counter() - t0, time.process_time() - c0
    results["cpu_s_j1"] = round(cpu_code1, 3)
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
            cpu0 = pool.cpu_seconds()
            t0, c0 = time.perf_counter(), time.process_time()
            n_out = sum(len(chunk) for chunk in pool.code([copy.deepcopy(a) for a in articles]))
            t, main_cpu = time.perf_counter() - t0, time.process_time() - c0
            cpu1 = pool.cpu_seconds()
            results["peak_rss_mb_worker"] = round(pool.peak_rss_mb(), 1)
        assert n_out == len(articles)
        r = row(f"tacitus code -j {j} (warm workers)", t)
        r["speedup_vs_j1"] = round(t_code1 / t, 3)
        r["worker_start_s"] = round(start, 2)
        # CPU seconds the workers (and this process, feeding them) spent on the same
        # articles: on a machine shared with other work the wall-clock speed-up understates
        # what the cores would give; (CPU -j 1 / CPU -j N) × N is what N idle cores would
        workers_cpu = sum(c - cpu0.get(pid, 0.0) for pid, c in cpu1.items())
        r["cpu_s"] = round(workers_cpu + main_cpu, 3)
        r["cpu_workers_seen"] = len(cpu1)
        seen_all = len(cpu1) == j and set(cpu0) == set(cpu1)
        r["cpu_speedup_bound"] = round(cpu_code1 / (workers_cpu + main_cpu) * j, 3) if seen_all else None
        results["runs"].append(r)

    results["peak_rss_mb_main"] = round(_peak_rss_mb(), 1)
    results.setdefault("peak_rss_mb_worker", None)
    if startup_runs:
        results["startup"] = startup_processes(startup_runs)
    if whole:
        more, _ = load_articles(source, whole) if whole > len(articles) else (articles[:whole], origin)
        results["whole_process"] = {"articles": len(more),
                                    "runs": whole_process(more, sorted({1, *jobs}), pipe.batch_size)}
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
    for r in results["runs"]:
        if r.get("cpu_s") is not None:
            lines += ["", f"CPU: -j 1 {results['cpu_s_j1']} s; {r['run']}: {r['cpu_s']} s in {r['cpu_workers_seen']} "
                      f"workers and this process; speed-up on idle cores at that CPU cost: {r['cpu_speedup_bound']}×"]
    lines += ["", "profile (seconds per stage, -j 1): " + ", ".join(f"{k} {v}" for k, v in results["profile_s"].items()),
              f"peak RSS: main {results['peak_rss_mb_main']} MB, largest worker {results['peak_rss_mb_worker']} MB"]
    st = results.get("startup")
    if st:
        def join(xs: list[float]) -> str:
            return ", ".join(map(str, xs))

        lines += ["", f"startup, one sentence, whole process ({st['runs']} pairs, alternating): tacitus code / "
                  f"bare spaCy wall median {st['ratio_median']} (pairs {join(st['ratio'])}), CPU median "
                  f"{st['cpu_ratio_median']} (pairs {join(st['cpu_ratio'])})",
                  f"  wall s: bare spaCy {join(st['bare_spacy_s'])}; tacitus code {join(st['tacitus_s'])}",
                  f"  CPU s: bare spaCy {join(st['bare_spacy_cpu_s'])}; tacitus code {join(st['tacitus_cpu_s'])}",
                  f"  first tacitus run with an empty knowledge cache (builds it): {st['cold_cache_s']} s"]
    wp = results.get("whole_process")
    if wp:
        lines += ["", f"whole process, {wp['articles']} articles:", "",
                  "| run | seconds | CPU s | articles/s | × spaCy process | × spaCy process (CPU) | speed-up vs -j 1 |",
                  "|---|---|---|---|---|---|---|"]
        for r in wp["runs"]:
            lines.append(f"| {r['run']} | {r['seconds']} | {r['cpu_s']} | {r['articles_per_s']} | {r['ratio_to_spacy']} | "
                         f"{r.get('cpu_ratio_to_spacy') or ''} | {r.get('speedup_vs_first', '')} |")
    return "\n".join(lines)
