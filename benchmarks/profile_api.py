"""Where a request's CPU goes in the API server (a script, not a test).

    python benchmarks/profile_api.py [--db /tmp/tacitus-bench.duckdb] [--requests 400]

Builds the app over the store at ``--db`` (``benchmarks/load_api.py`` builds one), then sends
the load generator's request mix (``load_api.request_mix``, fixed seed) one at a time straight
into the ASGI application, in this process, no sockets:

1. as served: CPU ms per request per endpoint (process CPU time, every thread), and inside
   it the query functions (``tacitus.api.queries``, and ``tacitus.api.fast``'s index where
   there is one: filters, pages, aggregates and their JSON text), the DuckDB calls and the
   ``json`` module's encoding, timed by wrapping them;
2. the same requests under cProfile with the threadpool hops made inline (cProfile sees one
   thread only), the time grouped by where it is spent: DuckDB calls, JSON, numpy,
   FastAPI/pydantic/Starlette, asyncio/anyio, the rest of tacitus.

The HTTP server's own share (uvicorn and h11 parsing, sockets) is not in these figures:
``load_api.py`` reports the server processes' CPU per request, which includes it.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import functools
import json
import pstats
import random
import statistics
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import duckdb

sys.path.insert(0, str(Path(__file__).parent))

import load_api  # noqa: E402

from tacitus.api import create_app  # noqa: E402
from tacitus.api import queries as queries_module  # noqa: E402

try:
    from tacitus.api import fast as fast_module  # noqa: E402
except ImportError:  # a tacitus before the columnar index
    fast_module = None  # type: ignore[assignment]

_local = threading.local()
# the endpoint of the request being served (requests are sent one at a time)
_current = [""]
_totals: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))


def _timed(part: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` adding its thread CPU time to ``part`` of the current request (outermost call
    only: a query function calling another counts once)."""
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        flag = "inside_" + part
        if getattr(_local, flag, False):
            return fn(*args, **kwargs)
        setattr(_local, flag, True)
        t0 = time.thread_time()
        try:
            return fn(*args, **kwargs)
        finally:
            setattr(_local, flag, False)
            _totals[_current[0]][part] += time.thread_time() - t0
    return wrapper


def _instrument() -> None:
    for name in ("list_events", "get_event", "timeline", "top_actors", "network", "places"):
        setattr(queries_module, name, _timed("query", getattr(queries_module, name)))
    if fast_module is not None:
        for name in ("select", "sql_rows", "page", "cursor_position", "rows_json", "rows_dicts", "timeline",
                     "timeline_json", "top_actors", "network"):
            if hasattr(fast_module.FastEvents, name):
                setattr(fast_module.FastEvents, name, _timed("query", getattr(fast_module.FastEvents, name)))
        queries_module.fast_page = _timed("query", queries_module.fast_page)
    for name in ("execute", "sql"):
        setattr(duckdb.DuckDBPyConnection, name, _timed("duckdb", getattr(duckdb.DuckDBPyConnection, name)))
    for name in ("fetchall", "fetchone", "fetchnumpy", "fetch_arrow_table"):
        if hasattr(duckdb.DuckDBPyConnection, name):
            setattr(duckdb.DuckDBPyConnection, name,
                    _timed("duckdb", getattr(duckdb.DuckDBPyConnection, name)))
    json.dumps = _timed("json", json.dumps)  # type: ignore[assignment]
    import starlette.responses
    starlette.responses.json.dumps = json.dumps  # type: ignore[attr-defined]


def requests(n: int, seed: int) -> list[tuple[str, str]]:
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        path, params = load_api.request_mix(rnd)
        out.append((path, urlencode(params)))
    return out


async def call(app: Any, path: str, query: str) -> tuple[int, bytes]:
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": query.encode(),
        "root_path": "", "headers": [(b"host", b"127.0.0.1")], "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 8000),
    }
    status = 0
    body = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            body.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, b"".join(body)


async def run_all(app: Any, reqs: list[tuple[str, str]], cpu: dict[str, list[float]]) -> None:
    for path, query in reqs:
        _current[0] = path
        t0 = time.process_time()
        status, _ = await call(app, path, query)
        cpu[path].append(time.process_time() - t0)
        if status != 200:
            raise SystemExit(f"{path}?{query}: {status}")


GROUPS = (
    # DuckDB's methods are not seen by cProfile as C calls; the timing wrappers around them
    # (``_instrument``) hold their time
    ("DuckDB calls (inside the timing wrappers)", ("profile_api",)),
    ("duckdb", ("duckdb", "DuckDBPyConnection", "DuckDBPyRelation")),
    ("json", ("json/", "json.encoder", "'dumps'", "'loads'", "JSONEncoder")),
    ("numpy", ("numpy", "ndarray", "method 'nonzero'", "bincount", "searchsorted", "argsort",
               "lexsort", "cumsum", "'take'", "'reduce'", "argpartition")),
    ("fastapi/pydantic/starlette", ("fastapi", "pydantic", "starlette")),
    ("asyncio/anyio", ("asyncio", "anyio", "concurrent", "threading")),
    ("tacitus", ("tacitus",)),
)


def _group(key: tuple[str, int, str]) -> str:
    text = f"{key[0]}:{key[2]}"
    for name, needles in GROUPS:
        if any(n in text for n in needles):
            return name
    return "other (builtins, typing, enum, ...)"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--db", type=Path, default=Path("/tmp/tacitus-bench.duckdb"))
    p.add_argument("--requests", type=int, default=400)
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--top", type=int, default=25, help="functions to list from cProfile")
    args = p.parse_args()
    load_api.build_store(args.db, 100_000)
    _instrument()
    app = create_app(str(args.db), cache_bytes=0)
    reqs = requests(args.requests, args.seed)
    loop = asyncio.new_event_loop()
    loop.run_until_complete(run_all(app, reqs[:20], defaultdict(list)))  # warm-up
    _totals.clear()
    cpu: dict[str, list[float]] = defaultdict(list)
    loop.run_until_complete(run_all(app, reqs, cpu))
    print("## As served, CPU ms per request\n")
    print("| endpoint | requests | mean | median | p90 | query functions | of which DuckDB calls | JSON | rest (FastAPI, threads, ...) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    every: list[float] = []
    for path in (*load_api.ENDPOINTS,):
        times = cpu[path]
        every += times
        n = len(times)
        q = _totals[path]["query"] / n * 1000
        j = _totals[path]["json"] / n * 1000
        d = _totals[path]["duckdb"] / n * 1000
        mean = statistics.fmean(times) * 1000
        print(f"| {path} | {n} | {mean:.2f} | {statistics.median(times) * 1000:.2f} | "
              f"{sorted(times)[int(0.9 * (n - 1))] * 1000:.2f} | {q:.2f} | {d:.2f} | {j:.2f} | "
              f"{mean - q - j:.2f} |")
    q_all = sum(t["query"] for t in _totals.values()) / len(every) * 1000
    j_all = sum(t["json"] for t in _totals.values()) / len(every) * 1000
    d_all = sum(t["duckdb"] for t in _totals.values()) / len(every) * 1000
    mean_all = statistics.fmean(every) * 1000
    print(f"| all | {len(every)} | {mean_all:.2f} | {statistics.median(every) * 1000:.2f} | "
          f"{sorted(every)[int(0.9 * (len(every) - 1))] * 1000:.2f} | {q_all:.2f} | {d_all:.2f} | {j_all:.2f} | "
          f"{mean_all - q_all - j_all:.2f} |")

    # the same requests with the threadpool hops inline, under cProfile
    import fastapi.concurrency
    import fastapi.dependencies.utils
    import fastapi.routing
    import starlette.concurrency

    async def inline(func: Callable[..., Any], *a: Any, **kw: Any) -> Any:
        return func(*a, **kw)

    for mod in (fastapi.routing, fastapi.dependencies.utils, fastapi.concurrency, starlette.concurrency):
        if hasattr(mod, "run_in_threadpool"):
            mod.run_in_threadpool = inline  # type: ignore[attr-defined]
    cpu_inline: dict[str, list[float]] = defaultdict(list)
    loop.run_until_complete(run_all(app, reqs[:20], defaultdict(list)))
    loop.run_until_complete(run_all(app, reqs, cpu_inline))
    total_inline = sum(sum(v) for v in cpu_inline.values())
    print(f"\nThe same with the threadpool hops inline: {total_inline / len(reqs) * 1000:.2f} ms "
          f"CPU per request (as served: {mean_all:.2f})\n")
    prof = cProfile.Profile()
    prof.enable()
    loop.run_until_complete(run_all(app, reqs, defaultdict(list)))
    prof.disable()
    stats = pstats.Stats(prof)
    by_group: dict[str, float] = defaultdict(float)
    for key, (_cc, _nc, tt, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        by_group[_group(key)] += tt
    whole = sum(by_group.values())
    print("| where (own time, cProfile) | share |")
    print("|---|---:|")
    for name, t in sorted(by_group.items(), key=lambda kv: -kv[1]):
        print(f"| {name} | {100 * t / whole:.0f}% |")
    print()
    stats.sort_stats("tottime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
