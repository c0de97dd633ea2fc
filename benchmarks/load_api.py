"""Load benchmark for the HTTP API (a script, not a test).

    python benchmarks/load_api.py [--db /tmp/tacitus-bench.duckdb] [--events 100000]
                                  [--clients 50] [--seconds 60] [--out benchmarks/RESULTS_API.md]

Builds (once, cached at --db) a store of synthetic events written through
``Store.write_articles`` (in date order), serves it with uvicorn on 127.0.0.1 in a child
process, then runs ``--clients`` concurrent keep-alive connections for ``--seconds`` from
``--client-procs`` other processes (bare asyncio HTTP clients) against ``/api/events``,
``/api/timeline``, ``/api/actors`` and ``/api/network`` with varied random filters
(``request_filters``), and reports requests/s, p50/p99 latency, errors, distinct requests
per endpoint and the load average.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlencode

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
    # in date order, as a news feed arrives: each batch then touches a few weeks of event
    # dates, so the per-write rollup refresh covers those only
    arts = sorted(synthetic_articles(n_events), key=lambda a: (a.published or "", a.id))
    with Store(path) as store:
        for i in range(0, len(arts), BATCH_ARTICLES):
            store.write_articles(arts[i:i + BATCH_ARTICLES])
    print(f"built {path} with {n_events} events in {time.perf_counter() - t0:.0f} s", file=sys.stderr)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


COUNTRIES = sorted({a[1] for a in ACTORS if a[1]} | {p[1] for p in PLACES})
TERMS = ["attacked", "Kabul", "aid", "met with", "Taliban", "signed", "Geneva", "arrested"]
FIRST_DAY, DAYS = date(2023, 1, 1), 730
# endpoint -> share of requests
ENDPOINTS = {"/api/events": 0.4, "/api/timeline": 0.3, "/api/actors": 0.15, "/api/network": 0.15}


def request_filters(rnd: random.Random) -> dict[str, str]:
    """A varied filter: each kind drawn independently (so combinations occur), with random
    values: a country, an actor code prefix of random length, a CAMEO code or root, a date
    range of random start and length (1-365 days), a text term; about 1 in 8 has none."""
    filters: dict[str, str] = {}
    if rnd.random() < 0.35:
        filters["country"] = rnd.choice(COUNTRIES)
    if rnd.random() < 0.2:
        code = rnd.choice(ACTORS)[0]
        filters["actor"] = code[:rnd.randint(3, len(code))]
    if rnd.random() < 0.3:
        code = rnd.choice(EVENTS)[0]
        filters["code"] = code[:rnd.choice([1, 2, 2, 3])]
    if rnd.random() < 0.45:
        start = FIRST_DAY + timedelta(days=rnd.randrange(DAYS))
        filters["since"] = start.isoformat()
        if rnd.random() < 0.8:
            filters["until"] = (start + timedelta(days=rnd.randint(1, 365))).isoformat()
    if rnd.random() < 0.1:
        filters["q"] = rnd.choice(TERMS)
    return filters


def request_mix(rnd: random.Random) -> tuple[str, dict[str, str]]:
    """One request: an endpoint by ``ENDPOINTS`` shares, its filters and options."""
    path = rnd.choices(list(ENDPOINTS), weights=list(ENDPOINTS.values()))[0]
    params = request_filters(rnd)
    if path == "/api/events":
        params["limit"] = str(rnd.choice([50, 100, 200]))
        if rnd.random() < 0.3:
            params["sort"] = rnd.choice(["date", "-goldstein", "-mentions", "confidence"])
    elif path == "/api/timeline" and rnd.random() < 0.3:
        params["interval"] = rnd.choice(["week", "month"])
    return path, params


async def _client(port: int, deadline: float, seed: int, out: list[tuple[str, float, bool, str]]) -> None:
    """One keep-alive HTTP/1.1 connection sending requests back to back. A bare asyncio
    client: an HTTP library's own work per request would take CPU from the server on a
    small machine."""
    rnd = random.Random(seed)
    conn: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
    while time.perf_counter() < deadline:
        path, params = request_mix(rnd)
        target = path + "?" + urlencode(params)
        t0 = time.perf_counter()
        ok = False
        try:
            if conn is None:
                conn = await asyncio.open_connection("127.0.0.1", port)
            reader, writer = conn
            writer.write(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode("ascii"))
            head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
            length = next(int(h.split(":", 1)[1]) for h in head[1:]
                          if h.lower().startswith("content-length:"))
            await reader.readexactly(length)
            ok = head[0].split()[1] == "200"
        except (OSError, asyncio.IncompleteReadError, StopIteration, ValueError, IndexError):
            if conn is not None:
                conn[1].close()
            conn = None
        out.append((path, time.perf_counter() - t0, ok, repr(sorted(params.items()))))
    if conn is not None:
        conn[1].close()


def client_process(port: int, clients: int, seconds: float, first_seed: int, out_path: str) -> None:
    """``clients`` concurrent connections in this process for ``seconds``; the results
    (endpoint, seconds, ok, request) and this process's CPU seconds as JSON in ``out_path``."""
    results: list[tuple[str, float, bool, str]] = []

    async def main() -> float:
        deadline = time.perf_counter() + seconds
        t0 = time.perf_counter()
        await asyncio.gather(*(_client(port, deadline, first_seed + i, results) for i in range(clients)))
        return time.perf_counter() - t0

    cpu0 = time.process_time()
    elapsed = asyncio.run(main())
    Path(out_path).write_text(json.dumps({"elapsed": elapsed, "results": results,
                                          "cpu": time.process_time() - cpu0}), encoding="utf-8")


def tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by process ``pid`` and its live descendants
    (uvicorn's worker processes), from /proc; 0 where /proc is not there."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0.0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            stat = Path(f"/proc/{p}/stat").read_text()
            fields = stat[stat.rindex(")") + 2:].split()
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError, IndexError):
            continue
    return total


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def run(db: Path, clients: int, seconds: float, workers: int, cache_bytes: int,
        client_procs: int = 1) -> tuple[dict[str, dict[str, float]], float, dict[str, float]]:
    """The report per endpoint, the 1-minute load average at the end of the run and the CPU
    seconds the server processes and the client processes used during the run."""
    port = free_port()
    cmd = [sys.executable, "-m", "uvicorn", "--factory", "tacitus.api:app_from_env",
           "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
           "--workers", str(workers)]
    env = {**os.environ, "TACITUS_DB": str(db), "TACITUS_API_CACHE": str(cache_bytes)}
    proc = subprocess.Popen(cmd, env=env)
    base = f"http://127.0.0.1:{port}"
    results: list[tuple[str, float, bool, str]] = []
    try:
        for _ in range(300):
            try:
                if httpx.get(base + "/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise SystemExit("server did not start")
        # warm-up, not measured: every worker answers a few requests
        for _ in range(4 * workers):
            httpx.get(base + "/api/timeline", timeout=60)
        cpu: dict[str, float] = {"server": -tree_cpu(proc.pid), "clients": 0.0}
        with tempfile.TemporaryDirectory() as tmp:
            share = [clients // client_procs + (i < clients % client_procs) for i in range(client_procs)]
            procs = []
            for i, n in enumerate(share):
                out = os.path.join(tmp, f"clients{i}.json")
                procs.append((multiprocessing.Process(
                    target=client_process, args=(port, n, seconds, 1000 * i, out)), out))
            for p, _ in procs:
                p.start()
            elapsed = 0.0
            for p, out in procs:
                p.join()
                got = json.loads(Path(out).read_text(encoding="utf-8"))
                elapsed = max(elapsed, got["elapsed"])
                results += [tuple(r) for r in got["results"]]
                cpu["clients"] += got["cpu"]
        cpu["server"] += tree_cpu(proc.pid)
        load = os.getloadavg()[0]
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    report: dict[str, dict[str, float]] = {}
    for name in (*ENDPOINTS, "all"):
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
    return report, load, cpu


def write_results(out: Path, report: dict[str, dict[str, float]], args: argparse.Namespace,
                  n_events: int, load_before: float, load_after: float,
                  cpu: dict[str, float]) -> None:
    total = report["all"]
    n = max(total["requests"], 1)
    lines = [
        f"### {args.clients} clients, {args.workers} worker(s), cache "
        f"{'off' if not args.cache_bytes else 'on'}",
        "",
        f"Run {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.node() or 'host'}: "
        f"{os.cpu_count()} CPU cores, Python {platform.python_version()}, "
        f"{args.workers} uvicorn worker(s), response cache "
        f"{'off' if not args.cache_bytes else str(args.cache_bytes // 2**20) + ' MB'}, "
        f"load average {load_before:.1f} before the run, {load_after:.1f} (1 min) at its end; "
        f"clients in {args.client_procs} separate process(es). "
        f"Distinct requests: {total['distinct']:.0f} of {total['requests']:.0f} "
        f"({100 * total['distinct'] / max(total['requests'], 1):.0f}%). "
        f"CPU per request: {1000 * cpu['server'] / n:.1f} ms in the server processes, "
        f"{1000 * cpu['clients'] / n:.1f} ms in the clients'.",
        f"Command: `python benchmarks/load_api.py --events {args.events} --clients "
        f"{args.clients} --seconds {args.seconds:.0f} --workers {args.workers}"
        f"{' --cache-bytes ' + str(args.cache_bytes) if args.cache_bytes else ''}`",
        "",
        "| endpoint | requests | distinct | requests/s | p50 ms | p99 ms | mean ms | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in report.items():
        lines.append(f"| {name} | {r['requests']:.0f} | {r['distinct']:.0f} | {r['rps']:.1f} | "
                     f"{r['p50']:.0f} | {r['p99']:.0f} | {r['mean']:.0f} | {r['errors']:.0f} |")
    with out.open("a", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n\n")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--db", type=Path, default=Path("/tmp/tacitus-bench.duckdb"))
    p.add_argument("--events", type=int, default=100_000)
    p.add_argument("--clients", type=int, default=50)
    p.add_argument("--client-procs", type=int, default=1,
                   help="client processes (the clients are split between them)")
    p.add_argument("--seconds", type=float, default=60.0)
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--cache-bytes", type=int, default=0,
                   help="server response cache (default 0: every request runs its query)")
    p.add_argument("--out", type=Path, default=None, help="append a Markdown report here")
    args = p.parse_args()
    build_store(args.db, args.events)
    load_before = os.getloadavg()[0]
    report, load_after, cpu = run(args.db, args.clients, args.seconds, args.workers,
                                  args.cache_bytes, args.client_procs)
    for name, r in report.items():
        print(f"{name:15s} {r['requests']:7.0f} req ({r['distinct']:.0f} distinct) {r['rps']:8.1f} req/s  "
              f"p50 {r['p50']:6.0f} ms  p99 {r['p99']:6.0f} ms  errors {r['errors']:.0f}")
    n = max(report["all"]["requests"], 1)
    print(f"CPU per request: {1000 * cpu['server'] / n:.1f} ms server, {1000 * cpu['clients'] / n:.1f} ms clients")
    print(f"load average {load_before:.1f} before, {load_after:.1f} at the end")
    if args.out:
        write_results(args.out, report, args, args.events, load_before, load_after, cpu)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
