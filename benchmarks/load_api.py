"""Load benchmark for the HTTP API (a script, not a test).

    python benchmarks/load_api.py [--db /tmp/tacitus-bench.duckdb] [--events 100000]
                                  [--clients 50] [--seconds 60] [--out benchmarks/RESULTS_API.md]

Builds (once, cached at --db) a store of synthetic events written through
``Store.write_articles``, serves it with uvicorn on 127.0.0.1 in a child process, then runs
``--clients`` concurrent keep-alive clients for ``--seconds`` against ``/api/events`` and
``/api/timeline`` with a rotating mix of filters, and reports requests/s, p50/p99 latency and
errors per endpoint.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import httpx

from tacitus.model import Actor, Article, Event, Place, PloverType
from tacitus.store import Store

# Synthetic vocabulary: enough variety that filters select realistic fractions of rows.
ACTORS = [
    ("AFGGOV", "AFG", "GOV", "Afghan government"), ("AFGINSTAL", "AFG", "INS", "Taliban"),
    ("USAGOV", "USA", "GOV", "US government"), ("USAMIL", "USA", "MIL", "US military"),
    ("PAKGOV", "PAK", "GOV", "Pakistan government"), ("PAKMIL", "PAK", "MIL", "Pakistan army"),
    ("IRNGOV", "IRN", "GOV", "Iranian government"), ("RUSGOV", "RUS", "GOV", "Kremlin"),
    ("UKRMIL", "UKR", "MIL", "Ukrainian forces"), ("IGOUNO", None, "IGO", "United Nations"),
    ("SYRREB", "SYR", "REB", "Syrian rebels"), ("ISRMIL", "ISR", "MIL", "Israeli army"),
    ("NGAPOL", "NGA", "COP", "Nigerian police"), ("CHNGOV", "CHN", "GOV", "Beijing"),
]
EVENTS = [
    ("040", "04", "Consult", 1, 1.0, "CONSULT", "met with"),
    ("036", "03", "Express intent to meet", 1, 4.0, "AGREE", "plans to meet"),
    ("057", "05", "Sign formal agreement", 1, 8.0, "AGREE", "signed a deal with"),
    ("071", "07", "Provide economic aid", 2, 7.4, "AID", "sent aid to"),
    ("112", "11", "Accuse", 3, -2.0, "ACCUSE", "accused"),
    ("130", "13", "Threaten", 3, -4.4, "THREATEN", "threatened"),
    ("173", "17", "Arrest, detain", 4, -5.0, "COERCE", "arrested"),
    ("190", "19", "Use conventional military force", 4, -10.0, "ASSAULT", "attacked"),
    ("193", "19", "Fight with small arms", 4, -10.0, "ASSAULT", "clashed with"),
]
PLACES = [
    ("Kabul", "AFG", 34.53, 69.17), ("Kandahar", "AFG", 31.61, 65.71),
    ("Islamabad", "PAK", 33.72, 73.06), ("Washington", "USA", 38.9, -77.04),
    ("Tehran", "IRN", 35.69, 51.42), ("Kyiv", "UKR", 50.45, 30.52), ("Doha", "QAT", 25.29, 51.53),
    ("Damascus", "SYR", 33.51, 36.29), ("Lagos", "NGA", 6.45, 3.39), ("Geneva", "CHE", 46.2, 6.14),
]
MODALITIES = ("asserted",) * 6 + ("future", "negated", "hypothetical")
EVENTS_PER_ARTICLE = 5
BATCH_ARTICLES = 500


def synthetic_articles(n_events: int, seed: int = 7) -> list[Article]:
    """Articles of EVENTS_PER_ARTICLE one-sentence events each, spread over two years."""
    rnd = random.Random(seed)
    start = date(2023, 1, 1)
    out: list[Article] = []
    for a in range(n_events // EVENTS_PER_ARTICLE):
        day = start + timedelta(days=rnd.randrange(730))
        parts: list[str] = []
        events: list[Event] = []
        offset = 0
        for k in range(EVENTS_PER_ARTICLE):
            src, tgt = rnd.sample(ACTORS, 2)
            code, root, name, quad, gold, plover, verb = rnd.choice(EVENTS)
            place = rnd.choice(PLACES)
            sentence = f"{src[3]} {verb} {tgt[3]} near {place[0]} on {day:%B %d}."
            s0 = offset
            t0 = s0 + len(src[3]) + 1
            g0 = t0 + len(verb) + 1
            p0 = g0 + len(tgt[3]) + 6
            events.append(Event(
                id=f"a{a}-{k}", code=code, root_code=root, name=name, quad_class=quad,
                goldstein=gold, plover=PloverType(plover, None),
                source=[Actor(src[3], s0, s0 + len(src[3]), src[3], src[0], src[1], src[2])],
                target=[Actor(tgt[3], g0, g0 + len(tgt[3]), tgt[3], tgt[0], tgt[1], tgt[2])],
                modality=rnd.choice(MODALITIES), date=day.isoformat(), date_precision="day",
                place=Place(place[0], p0, p0 + len(place[0]), place[0], place[1], None,
                            place[2], place[3], None, "city"),
                sentence=k, start=s0, end=s0 + len(sentence), text=sentence,
                trigger=verb.split()[0], trigger_start=t0, trigger_end=t0 + len(verb.split()[0]),
                rule="synthetic", confidence=round(rnd.uniform(0.5, 1.0), 2),
            ))
            parts.append(sentence)
            offset += len(sentence) + 1
        text = " ".join(parts)
        out.append(Article(id=f"syn{a:07d}", text=text, url=f"https://news{a % 40}.example/{a}",
                           title=f"Synthetic report {a}", published=day.isoformat(),
                           events=events))
    return out


def build_store(path: Path, n_events: int) -> None:
    if path.exists():
        with Store(path, read_only=True) as s:
            have = s.con.execute("SELECT count(*) FROM event_mentions").fetchone()[0]
        if have >= n_events:
            return
        path.unlink()
    t0 = time.perf_counter()
    arts = synthetic_articles(n_events)
    with Store(path) as store:
        for i in range(0, len(arts), BATCH_ARTICLES):
            store.write_articles(arts[i:i + BATCH_ARTICLES])
    print(f"built {path} with {n_events} events in {time.perf_counter() - t0:.0f} s", file=sys.stderr)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def request_mix(rnd: random.Random) -> tuple[str, dict[str, str]]:
    """One request: half /api/events (with paging and filters), half /api/timeline."""
    filters: dict[str, str] = {}
    pick = rnd.random()
    if pick < 0.25:
        filters["country"] = rnd.choice(ACTORS)[1] or "USA"
    elif pick < 0.45:
        filters["code"] = rnd.choice(EVENTS)[1]
    elif pick < 0.6:
        d = date(2023, 1, 1) + timedelta(days=rnd.randrange(700))
        filters["since"], filters["until"] = d.isoformat(), (d + timedelta(days=30)).isoformat()
    elif pick < 0.7:
        filters["actor"] = rnd.choice(ACTORS)[0][:3]
    elif pick < 0.75:
        filters["q"] = rnd.choice(["attacked", "Kabul", "aid"])
    if rnd.random() < 0.5:
        filters["limit"] = str(rnd.choice([50, 100, 200]))
        return "/api/events", filters
    return "/api/timeline", filters


def client(base: str, deadline: float, seed: int,
           out: list[tuple[str, float, bool, str]]) -> None:
    rnd = random.Random(seed)
    with httpx.Client(base_url=base, timeout=30.0) as c:
        while time.perf_counter() < deadline:
            path, params = request_mix(rnd)
            t0 = time.perf_counter()
            try:
                ok = c.get(path, params=params).status_code == 200
            except httpx.HTTPError:
                ok = False
            out.append((path, time.perf_counter() - t0, ok, repr(sorted(params.items()))))


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def run(db: Path, clients: int, seconds: float, workers: int,
        cache_bytes: int) -> dict[str, dict[str, float]]:
    port = free_port()
    cmd = [sys.executable, "-m", "uvicorn", "--factory", "tacitus.api:app_from_env",
           "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
           "--workers", str(workers)]
    env = {**os.environ, "TACITUS_DB": str(db), "TACITUS_API_CACHE": str(cache_bytes)}
    proc = subprocess.Popen(cmd, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(base + "/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise SystemExit("server did not start")
        # warm-up, not measured
        httpx.get(base + "/api/timeline", timeout=60)
        results: list[tuple[str, float, bool, str]] = []
        deadline = time.perf_counter() + seconds
        threads = [threading.Thread(target=client, args=(base, deadline, i, results))
                   for i in range(clients)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - t0
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    report: dict[str, dict[str, float]] = {}
    for name in ("/api/events", "/api/timeline", "all"):
        rows = [r for r in results if name == "all" or r[0] == name]
        lat = [r[1] * 1000 for r in rows]
        report[name] = {
            "requests": len(rows), "rps": len(rows) / elapsed,
            "p50": percentile(lat, 0.5), "p99": percentile(lat, 0.99),
            "mean": statistics.fmean(lat) if lat else float("nan"),
            "errors": sum(1 for r in rows if not r[2]),
            # the most a response cache can miss: each distinct request once
            "distinct": len({(r[0], r[3]) for r in rows}),
        }
    return report


def write_results(out: Path, report: dict[str, dict[str, float]], args: argparse.Namespace,
                  n_events: int, load: float) -> None:
    lines = [
        f"## {args.clients} clients, {args.workers} worker(s), cache "
        f"{'off' if not args.cache_bytes else 'on'}",
        "",
        f"Run {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.node() or 'host'}: "
        f"{os.cpu_count()} CPU cores, Python {platform.python_version()}, "
        f"{args.workers} uvicorn worker(s), response cache "
        f"{'off' if not args.cache_bytes else str(args.cache_bytes // 2**20) + ' MB'}, "
        f"load average before the run {load:.1f}.",
        f"Store: {n_events:,} synthetic events ({n_events // EVENTS_PER_ARTICLE:,} articles) "
        "written through `Store.write_articles`.",
        f"Load: {args.clients} concurrent keep-alive clients for {args.seconds:.0f} s, half "
        "`/api/events` (limit 50-200, filters by country, CAMEO root, 30-day window, actor "
        "prefix or text), half `/api/timeline` with the same filter mix.",
        f"Command: `python benchmarks/load_api.py --events {args.events} --clients "
        f"{args.clients} --seconds {args.seconds:.0f} --workers {args.workers}"
        f"{' --cache-bytes ' + str(args.cache_bytes) if args.cache_bytes else ''}`",
        "",
        "| endpoint | requests | distinct | requests/s | p50 ms | p99 ms | mean ms | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in report.items():
        lines.append(f"| {name} | {r['requests']:.0f} | {r['distinct']:.0f} | {r['rps']:.1f} | {r['p50']:.0f} | "
                     f"{r['p99']:.0f} | {r['mean']:.0f} | {r['errors']:.0f} |")
    with out.open("a", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n\n")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--db", type=Path, default=Path("/tmp/tacitus-bench.duckdb"))
    p.add_argument("--events", type=int, default=100_000)
    p.add_argument("--clients", type=int, default=50)
    p.add_argument("--seconds", type=float, default=60.0)
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--cache-bytes", type=int, default=0,
                   help="server response cache (default 0: every request runs its query)")
    p.add_argument("--out", type=Path, default=None, help="append a Markdown report here")
    args = p.parse_args()
    build_store(args.db, args.events)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    report = run(args.db, args.clients, args.seconds, args.workers, args.cache_bytes)
    for name, r in report.items():
        print(f"{name:15s} {r['requests']:7.0f} req {r['rps']:8.1f} req/s  p50 {r['p50']:6.0f} ms  "
              f"p99 {r['p99']:6.0f} ms  errors {r['errors']:.0f}")
    if args.out:
        write_results(args.out, report, args, args.events, load)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
