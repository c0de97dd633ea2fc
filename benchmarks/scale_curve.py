"""Scale curves (issue 18): time and memory against article length and against store size.

    python benchmarks/scale_curve.py [--lengths 1 4 16 64 256 1024] [--sizes 1000 3000 10000 30000]
                                     [--shift-days 7] [--coded 300] [--coded-cache FILE]
                                     [--code-articles 1000 3000] [--json FILE] [--skip-length] [--skip-store]

    python benchmarks/scale_curve.py --lengths 1 16 --sizes 1000 3000 --coded 100   # a quick run
    python benchmarks/scale_curve.py --skip-length --sizes 1000 3000 10000 30000 100000   # issue 18's 100k

The defaults take about 15-20 minutes of CPU (the 1 MB article ~1.5 min, the store to 30k
~12 min); the 100k checkpoint adds about 45 minutes more.

**Length.** Articles of about 1, 4, 16, 64, 256 and 1024 KB (UTF-8) are built by joining
Reuters-21578 stories (``../shared/corpus``, as `tacitus bench` finds it) with blank lines
between them, in corpus order. Each is coded in a fresh child process through the path the
CLI takes (``tacitus.runs.code_chunks``, ``-j 1``): the child imports tacitus, loads the
pipeline and codes a one-sentence warm-up article (what every process pays once, reported as
startup), then codes the long article alone; the coding's wall and CPU seconds are timed
inside the child, so startup and its noise are not in them. Peak RSS is the child's
``ru_maxrss`` (``os.wait4``), shown next to the RSS after warm-up. The child also writes a
digest of its coded records, so a change to the code can be checked to leave them alone.

**Store size.** A few hundred real Reuters stories are coded once (cached with
``--coded-cache``), then written again and again through ``Store.write_articles`` as new
articles: fresh ids, urls and event ids, published and event dates shifted ``--shift-days``
per copy (7, the default: only month- and year-precision dates of copies still meet; 1:
consecutive copies of an event fall inside cross-article dedupe's 3-day publication-date
window and join its cluster, so every cluster chains across all copies, the worst case). Writes go in batches of ``--write-batch``
articles (16, the chunk `tacitus ingest` writes), so everything that runs per ingest write
runs here too: the stored-hash look-up, cross-article clustering against the stored
mentions of the same dyads, the ``events`` rebuild of touched clusters, the rollup refresh
of touched days and DuckDB's index maintenance. Reported per 1,000 articles at each
checkpoint: batch seconds, cumulative seconds, this process's RSS and the store file's size.

``--code-articles 1000 3000`` also times whole ``tacitus code -j 1`` processes on that many
real stories (CPU and wall; minutes each on a 2-core machine).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

try:  # the tacitus on PYTHONPATH (another checkout: a before/after comparison), else this one
    import tacitus
except ImportError:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import tacitus
ROOT = Path(tacitus.__file__).resolve().parents[1]

from tacitus.model import Article  # noqa: E402

LENGTHS_KB = (1, 4, 16, 64, 256, 1024)
SIZES = (1000, 3000, 10000, 30000)
# ingest writes each coded chunk in its own transaction (tacitus.scale.CHUNK_SIZE)
WRITE_BATCH = 16
PUBLISHED = "1987-03-01"


def _mb(kb: float) -> float:
    """ru_maxrss in MB (kilobytes on Linux, bytes on macOS)."""
    return round(kb / 1024 / (1024 if sys.platform == "darwin" else 1), 1)


def _load_avg() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


# -- article length -------------------------------------------------------------------------
def reuters_stories(n: int) -> list[Article]:
    """The first ``n`` Reuters-21578 stories with a body, as ``tacitus.ingest`` reads them."""
    from tacitus.scale.bench import default_corpus, load_articles

    if default_corpus() is None:
        raise SystemExit("Reuters-21578 not found: run from a checkout with shared/corpus/reuters21578 above it")
    arts, _ = load_articles(None, n)
    return arts


def long_text(stories: Sequence[Article], size: int) -> str:
    """Whole stories joined by blank lines up to about ``size`` UTF-8 bytes; the story that
    would pass the size is cut at its last sentence end inside it (a bare sentence cut,
    never mid-word, so the text stays prose)."""
    parts: list[str] = []
    used = 0
    for story in stories:
        text = story.text.strip()
        need = size - used - (2 if parts else 0)
        if need <= 0:
            break
        data = text.encode("utf-8")
        if len(data) > need:
            head = data[:need].decode("utf-8", errors="ignore")
            cut = max(head.rfind(". "), head.rfind(".\n"))
            if cut > 0:
                parts.append(head[: cut + 1])
            break
        parts.append(text)
        used += len(data) + (2 if len(parts) > 1 else 0)
    else:
        raise SystemExit(f"not enough stories for {size} bytes; load more")
    return "\n\n".join(parts)


# What each length's child runs: load, warm up, then code one article, timed inside.
_CHILD = r"""
import hashlib, json, resource, sys, time
t0 = time.perf_counter()
from tacitus.model import Article
from tacitus.runs import code_chunks
from tacitus.scale._preload import WARM_UP_TEXT
def code(article):
    return [a for chunk in code_chunks([article], jobs=1) for a in chunk]
code(Article(id="warm-up", text=WARM_UP_TEXT, published="2019-07-19"))
startup = time.perf_counter() - t0
rss_warm = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
text = open(sys.argv[1], encoding="utf-8").read()
w0, c0 = time.perf_counter(), time.process_time()
coded = code(Article(id="long", text=text, published=sys.argv[2]))
wall, cpu = time.perf_counter() - w0, time.process_time() - c0
records = [json.dumps(a.to_dict(), ensure_ascii=False, sort_keys=True) for a in coded]
print(json.dumps({"startup_s": startup, "wall_s": wall, "cpu_s": cpu, "rss_warm_kb": rss_warm,
                  "events": sum(len(a.events) for a in coded), "coded": len(coded),
                  "digest": hashlib.sha256("\n".join(records).encode()).hexdigest()[:16]}))
"""


def code_in_child(path: Path, published: str = PUBLISHED) -> dict[str, Any]:
    """Run the child on one text file; its report plus its own peak RSS (``os.wait4``)."""
    with tempfile.TemporaryFile("w+") as out:
        proc = subprocess.Popen([sys.executable, "-c", _CHILD, str(path), published], stdout=out,
                                env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "0"})
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise SystemExit(f"child failed on {path} (exit {proc.returncode})")
        out.seek(0)
        report: dict[str, Any] = json.loads(out.read().strip().splitlines()[-1])
    report["peak_rss_kb"] = usage.ru_maxrss
    return report


def length_curve(lengths_kb: Sequence[int], repeats: int = 1) -> list[dict[str, Any]]:
    """One row per length: the best of ``repeats`` children by coding CPU (a shared machine
    only ever adds time)."""
    biggest = max(lengths_kb) * 1024
    stories = reuters_stories(max(50, biggest // 500))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for kb in lengths_kb:
            text = long_text(stories, kb * 1024)
            path = Path(tmp) / f"{kb}k.txt"
            path.write_text(text, encoding="utf-8")
            runs = [code_in_child(path) for _ in range(repeats)]
            best = min(runs, key=lambda r: r["cpu_s"])
            size_kb = len(text.encode("utf-8")) / 1024
            rows.append({
                "target_kb": kb, "kb": round(size_kb, 1), "chars": len(text),
                "wall_s": round(best["wall_s"], 3), "cpu_s": round(best["cpu_s"], 3),
                "cpu_s_per_kb": round(best["cpu_s"] / size_kb, 4), "wall_s_per_kb": round(best["wall_s"] / size_kb, 4),
                "events": best["events"], "events_per_kb": round(best["events"] / size_kb, 3),
                "peak_rss_mb": _mb(best["peak_rss_kb"]), "rss_after_warm_up_mb": _mb(best["rss_warm_kb"]),
                "startup_s": round(best["startup_s"], 2), "coded": best["coded"], "digest": best["digest"],
                "cpu_s_all": [round(r["cpu_s"], 3) for r in runs], "load": _load_avg(),
            })
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    return rows


# -- store size -----------------------------------------------------------------------------
def coded_records(n: int, cache: Path | None) -> list[dict[str, Any]]:
    """``n`` real Reuters stories coded once (``-j 1``), as public records; read from
    ``cache`` when it holds at least ``n``, else coded and written there."""
    if cache and cache.exists():
        recs = [json.loads(line) for line in cache.read_text(encoding="utf-8").splitlines() if line]
        if len(recs) >= n:
            return recs[:n]
    from tacitus.runs import code_chunks

    # a story repeated word for word in the corpus has the same id: stored once, so kept once
    stories = list({a.id: a for a in reversed(reuters_stories(n))}.values())[::-1]
    recs = [a.to_dict() for chunk in code_chunks(stories, jobs=1) for a in chunk]
    if cache:
        cache.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    return recs


def _shift(value: str | None, days: int) -> str | None:
    """An ISO date of day, month or year precision moved by ``days``, same precision."""
    if not value or days == 0:
        return value
    head = value[:10]
    try:
        if len(head) == 10:
            return (date.fromisoformat(head) + timedelta(days=days)).isoformat() + value[10:]
        if len(head) == 7:
            return (date.fromisoformat(head + "-01") + timedelta(days=days)).isoformat()[:7]
        if len(head) == 4 and head.isdigit():
            return str((date(int(head), 1, 1) + timedelta(days=days)).year)
    except ValueError:
        pass
    return value


def copy_record(rec: dict[str, Any], copy: int, shift_days: int = 7) -> Article:
    """Copy ``copy`` of a coded record as a new article: new article and event ids and url,
    dates moved ``copy * shift_days`` days later."""
    from tacitus.model import article_from_dict

    new = json.loads(json.dumps(rec))
    aid = f"{rec['id']}-c{copy}"
    new["id"] = aid
    new["url"] = f"https://copy{copy % 97}.example.org/{aid}"
    new["input_hash"] = hashlib.sha1(f"{rec.get('input_hash')}|{copy}".encode()).hexdigest()
    days = copy * shift_days
    new["published"] = _shift(rec.get("published"), days)
    for ev in new["events"]:
        ev["id"] = f"{aid}-{ev['id'].rsplit('-', 1)[-1]}"
        ev["date"] = _shift(ev.get("date"), days)
    for d in new.get("dates", []):
        d["value"] = _shift(d.get("value"), days)
    return article_from_dict(new)


def copies(recs: Sequence[dict[str, Any]], n: int, shift_days: int = 7) -> Iterator[Article]:
    """``n`` articles: the records, then their next copy, and so on."""
    for i in range(n):
        yield copy_record(recs[i % len(recs)], i // len(recs), shift_days)


def store_curve(recs: Sequence[dict[str, Any]], sizes: Sequence[int], write_batch: int = WRITE_BATCH,
                db: Path | None = None, shift_days: int = 7) -> list[dict[str, Any]]:
    """Write ``max(sizes)`` copied articles into a new store; one row per 1,000 articles
    written (time of that thousand), marked at each checkpoint of ``sizes``."""
    from tacitus.store import Store

    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = db or Path(tmp) / "scale.duckdb"
        if path.exists():
            raise SystemExit(f"{path} exists: give a new file")
        total = max(sizes)
        cumulative = 0.0
        t_thousand = c_thousand = 0.0
        events = 0
        batch: list[Article] = []
        written = 0
        with Store(path) as store:
            for art in copies(recs, total, shift_days):
                batch.append(art)
                upto = written + len(batch)
                if len(batch) < write_batch and upto < total and upto % 1000 and upto not in sizes:
                    continue
                events += sum(len(a.events) for a in batch)
                w0, c0 = time.perf_counter(), time.process_time()
                result = store.write_articles(batch)
                dt = time.perf_counter() - w0
                t_thousand += dt
                c_thousand += time.process_time() - c0
                cumulative += dt
                assert result.new == len(batch), result
                written += len(batch)
                batch = []
                if written % 1000 == 0 or written in sizes:
                    rows.append({
                        "articles": written, "events": events, "thousand_s": round(t_thousand, 3),
                        "thousand_cpu_s": round(c_thousand, 3), "cumulative_s": round(cumulative, 2),
                        "rss_mb": _mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss),
                        "file_mb": round(sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 2**20, 1),
                        "checkpoint": written in sizes, "load": _load_avg(),
                    })
                    t_thousand = c_thousand = 0.0
                    print(json.dumps(rows[-1]), file=sys.stderr, flush=True)  # a long run shows its progress
            counts = store.counts()
            digest = store_digest(store)
        rows[-1]["store_counts"] = counts
        rows[-1]["store_digest"] = digest
    return rows


def store_digest(store: Any) -> str:
    """A hash of what clustering decides: each mention's cluster, the ``events`` rows and the
    rollups (equal before and after a change to the write path means the same store)."""
    h = hashlib.sha256()
    queries = ["SELECT id, cluster_id FROM event_mentions ORDER BY id", "SELECT * FROM events ORDER BY id"]
    queries += [f"SELECT * FROM {t} ORDER BY ALL" for t in ("rollup_days", "rollup_day_countries",
                                                           "rollup_dyads", "rollup_actors")]
    for sql in queries:
        cur = store.con.execute(sql)
        while rows := cur.fetchmany(10000):
            h.update(repr(rows).encode())
    return h.hexdigest()[:16]


def code_processes(ns: Sequence[int]) -> list[dict[str, Any]]:
    """Whole `tacitus code -j 1` processes on the first N stories (JSONL input)."""
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in ns:
            src = Path(tmp) / f"{n}.jsonl"
            with src.open("w", encoding="utf-8") as fh:
                for a in reuters_stories(n):
                    fh.write(json.dumps({"id": a.id, "title": a.title, "published": a.published,
                                         "text": a.text}, ensure_ascii=False) + "\n")
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "tacitus", "code", str(src), "--format", "jsonl", "-j", "1"],
                           check=True, stdout=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(ROOT)})
            wall = time.perf_counter() - t0
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            out.append({"articles": n, "wall_s": round(wall, 1), "cpu_s": round(cpu, 1),
                        "cpu_ms_per_article": round(cpu / n * 1000, 1), "load": _load_avg()})
            print(json.dumps(out[-1]), file=sys.stderr, flush=True)
    return out


# -- report ---------------------------------------------------------------------------------
def render(results: dict[str, Any]) -> str:
    lines = [f"command: `{results['command']}`", f"machine: {results['machine']}; load average at start "
             f"{results['load_start']}, at end {results['load_end']}", ""]
    if results.get("length"):
        lines += ["| length | chars | coding wall s | coding CPU s | CPU s/KB | events | events/KB | peak RSS MB "
                  "| RSS after warm-up MB |", "|---|---|---|---|---|---|---|---|---|"]
        for r in results["length"]:
            lines.append(f"| {r['kb']} KB | {r['chars']} | {r['wall_s']} | {r['cpu_s']} | {r['cpu_s_per_kb']} | "
                         f"{r['events']} | {r['events_per_kb']} | {r['peak_rss_mb']} | {r['rss_after_warm_up_mb']} |")
        lines.append("")
    if results.get("store"):
        lines += [f"store: {results['store_source']}", "",
                  "| articles | events | s since the last row (1k) | CPU s, same | cumulative s | RSS MB | file MB |",
                  "|---|---|---|---|---|---|---|"]
        for r in results["store"]:
            if r["checkpoint"]:
                lines.append(f"| {r['articles']} | {r['events']} | {r['thousand_s']} | {r['thousand_cpu_s']} | "
                             f"{r['cumulative_s']} | {r['rss_mb']} | {r['file_mb']} |")
        lines += ["", "store counts at the end: " + json.dumps(results["store"][-1].get("store_counts", {})),
                  f"store digest (clusters, events, rollups): {results['store'][-1].get('store_digest')}", ""]
    if results.get("code"):
        lines += ["| `tacitus code -j 1` articles | wall s | CPU s | CPU ms/article |", "|---|---|---|---|"]
        lines += [f"| {r['articles']} | {r['wall_s']} | {r['cpu_s']} | {r['cpu_ms_per_article']} |"
                  for r in results["code"]]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--lengths", type=int, nargs="*", default=list(LENGTHS_KB), metavar="KB",
                   help="article lengths in KB (default 1 4 16 64 256 1024)")
    p.add_argument("--repeats", type=int, default=1, help="children per length, the least CPU kept (default 1)")
    p.add_argument("--sizes", type=int, nargs="*", default=list(SIZES), metavar="N",
                   help="store checkpoints in articles (default 1000 3000 10000 30000; issue 18 asks for 100000 too)")
    p.add_argument("--coded", type=int, default=300, help="real stories coded once for the store curve (default 300)")
    p.add_argument("--coded-cache", type=Path, help="JSONL cache of those coded records (read when present)")
    p.add_argument("--shift-days", type=int, default=7,
                   help="days each copy's dates move on from the last (default 7: only month- and "
                        "year-precision dates still meet; 1: every copy within the publication-date window "
                        "of the next, so clusters chain across all copies, the worst case)")
    p.add_argument("--write-batch", type=int, default=WRITE_BATCH, help="articles per store write (default 16)")
    p.add_argument("--db", type=Path, help="store file to create (default: a temporary one, removed)")
    p.add_argument("--code-articles", type=int, nargs="*", default=[], metavar="N",
                   help="also time whole `tacitus code -j 1` processes on N stories")
    p.add_argument("--skip-length", action="store_true")
    p.add_argument("--skip-store", action="store_true")
    p.add_argument("--json", type=Path, help="also write the results as JSON")
    args = p.parse_args(argv)

    results: dict[str, Any] = {
        "command": "python benchmarks/scale_curve.py " + " ".join(sys.argv[1:] if argv is None else argv),
        "machine": f"{os.cpu_count()} cpus, {platform.python_implementation()} {platform.python_version()}",
        "load_start": _load_avg(),
    }
    if not args.skip_length and args.lengths:
        results["length"] = length_curve(args.lengths, args.repeats)
    if not args.skip_store and args.sizes:
        recs = coded_records(args.coded, args.coded_cache)
        results["store_source"] = (f"{len(recs)} coded Reuters stories ({sum(len(r['events']) for r in recs)} events) "
                                   f"written again as new articles, dates +{args.shift_days} day(s) per copy, {args.write_batch} per write")
        results["store"] = store_curve(recs, sorted(args.sizes), args.write_batch, args.db, args.shift_days)
    if args.code_articles:
        results["code"] = code_processes(args.code_articles)
    results["load_end"] = _load_avg()
    print(render(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
