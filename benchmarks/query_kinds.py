"""Query time per filter kind, one process, no HTTP (a script, not a test).

    python benchmarks/query_kinds.py [--db /tmp/tacitus-bench.duckdb] [--repeat 30]

For each filter kind (none, country, actor prefix, code, date range, text, a combination)
draws ``--repeat`` random filters (``load_api.request_filters`` values) and prints the median
CPU milliseconds (this process's CPU time: steadier than the clock on a shared machine) of each API query function on the in-memory snapshot (the aggregates from the
rollups where the filter allows, and, in a tacitus that has them, from the events table too),
and, in a tacitus that has it, of the columnar index's answer to the same request (the
filter's selection, then the page's rows as JSON text, the timeline as JSON text, the top
actors or the network). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import inspect
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import load_api  # noqa: E402

from tacitus.api import app as app_module  # noqa: E402
from tacitus.api import queries  # noqa: E402
from tacitus.store import Store  # noqa: E402
from tacitus.store.filters import EventFilter  # noqa: E402


def _range(rnd: random.Random) -> dict[str, str]:
    start = load_api.FIRST_DAY + timedelta(days=rnd.randrange(load_api.DAYS))
    return {"since": start.isoformat(),
            "until": (start + timedelta(days=rnd.randint(1, 365))).isoformat()}


KINDS: dict[str, Callable[[random.Random], dict[str, str]]] = {
    "none": lambda rnd: {},
    "country": lambda rnd: {"country": rnd.choice(load_api.COUNTRIES)},
    "actor prefix": lambda rnd: {"actor": rnd.choice(load_api.ACTORS)[0][:rnd.randint(3, 6)]},
    "code": lambda rnd: {"code": rnd.choice(load_api.EVENTS)[0][:rnd.choice([1, 2, 3])]},
    "date range": _range,
    "text": lambda rnd: {"text": rnd.choice(load_api.TERMS)},
    "country+code+dates": lambda rnd: {"country": rnd.choice(load_api.COUNTRIES),
                                       "code": rnd.choice(load_api.EVENTS)[1], **_range(rnd)},
}


def _median_ms(fn: Callable[[EventFilter], object], filters: list[EventFilter]) -> float:
    times = []
    for f in filters:
        t0 = time.process_time()
        fn(f)
        times.append((time.process_time() - t0) * 1000)
    return statistics.median(times)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--db", type=Path, default=Path("/tmp/tacitus-bench.duckdb"))
    p.add_argument("--repeat", type=int, default=30)
    args = p.parse_args()
    with Store(args.db, read_only=True) as store:
        t0 = time.perf_counter()
        snap = queries.snapshot_events(store.con)
        print(f"snapshot in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        if hasattr(queries, "fast_index"):
            t0 = time.perf_counter()
            queries.fast_index(snap)
            print(f"columnar index in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        # as the server runs it (a tacitus before QUERY_THREADS: DuckDB's default)
        threads = getattr(app_module, "QUERY_THREADS", None)
        if threads:
            snap.execute(f"SET threads = {threads}")
        r = queries.Reader(store.con, snap)
        calls: dict[str, Callable[[EventFilter], object]] = {
            "events (limit 100)": lambda f: queries.list_events(r, f, "-date", 100),
            "timeline": lambda f: queries.timeline(r, f),
            "actors": lambda f: queries.top_actors(r, f),
            "network": lambda f: queries.network(r, f),
        }
        # a tacitus with rollups: the aggregates from the events table too
        if "use_rollups" in inspect.signature(queries.timeline).parameters:
            calls.update({
                "timeline (events)": lambda f: queries.timeline(r, f, use_rollups=False),
                "actors (events)": lambda f: queries.top_actors(r, f, use_rollups=False),
                "network (events)": lambda f: queries.network(r, f, use_rollups=False),
            })
        # a tacitus with the columnar index: its answers too
        fx = queries.fast_index(snap) if hasattr(queries, "fast_index") else None
        if fx is not None:
            def index_page(f: EventFilter) -> object:
                rows, _ = queries.fast_page(fx, snap, f, "-date", 100)
                return fx.rows_json(rows)

            calls.update({
                "events (index)": index_page,
                "timeline (index)": lambda f: fx.timeline_json(fx.select(f, snap), "day"),
                "actors (index)": lambda f: fx.top_actors(fx.select(f, snap), 20),
                "network (index)": lambda f: fx.network(fx.select(f, snap), 100, 1),
            })
        print("| filter | " + " | ".join(calls) + " |")
        print("|---|" + "---:|" * len(calls))
        for kind, draw in KINDS.items():
            rnd = random.Random(kind)
            filters = [EventFilter(**draw(rnd)) for _ in range(args.repeat)]
            print(f"| {kind} | " + " | ".join(f"{_median_ms(fn, filters):.1f}" for fn in calls.values())
                  + " |", flush=True)
        r.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
