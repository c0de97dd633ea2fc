"""The `tacitus` command: a thin layer over the library.

Every command maps to documented functions (`tacitus.ingest.read_inputs`,
`tacitus.scale.code_stream`, `tacitus.store.Store`, `tacitus.export`, `tacitus.eval`).
Errors reach the user as one line; exit status 0 = all good, 1 = some inputs failed,
2 = usage or fatal error.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

from tacitus import __version__
from tacitus.errors import Errors, InputError, TacitusError, printable

EXIT_OK, EXIT_INPUT_ERRORS, EXIT_FATAL = 0, 1, 2
# check-half figures repeated on the last line of a `tacitus eval` table report
HEADLINE_FIGURES = 6


# -- shared helpers ----------------------------------------------------------------------
def _iso_date(value: str) -> str:
    from datetime import date

    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {value!r}") from None


def _positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more: {value!r}")
    return n


class _Progress:
    """A rich progress bar on a terminal; silent when stderr is piped."""

    def __init__(self, label: str, enabled: bool | None = None) -> None:
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.label = label
        self.articles = 0
        self.errors = 0
        self.started = time.perf_counter()
        self._progress: Any = None

    def __enter__(self) -> _Progress:
        if self.enabled:
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                transient=False,
            )
            self._progress.start()
            self._task = self._progress.add_task(self._describe())
        return self

    def _describe(self) -> str:
        rate = self.articles / max(time.perf_counter() - self.started, 1e-9)
        return f"{self.label}: {self.articles} articles, {rate:.1f}/s, {self.errors} errors"

    def advance(self, articles: int = 0, errors: int = 0) -> None:
        self.articles += articles
        self.errors += errors
        if self._progress is not None:
            self._progress.update(self._task, description=self._describe())

    def reading(self, path: str, nbytes: int) -> None:
        """A long read in progress (blank lines, skipped records): the bar moves with it."""
        if self._progress is not None:
            self._progress.update(
                self._task, description=f"{self._describe()}; reading {os.path.basename(path)} ({nbytes / 1e6:.0f} MB)"
            )

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()


class _ErrorLog(list):  # type: ignore[type-arg]
    """The run's InputErrors (read and coding failures): each printed as one line when it
    happens, so a long batch reports failures as it goes."""

    def append(self, item: InputError) -> None:
        super().append(item)
        print(f"error: {item}", file=sys.stderr)


def _read(paths: Sequence[str], date: str | None, max_bytes: int | None, errors: list[InputError],
          progress: _Progress | None = None) -> Iterator[Any]:
    from tacitus import ingest

    kwargs: dict[str, Any] = {"default_date": date}
    if max_bytes:
        kwargs["max_bytes"] = max_bytes
    if progress is not None:
        kwargs["progress"] = progress.reading
    for item in ingest.read_inputs(list(paths), **kwargs):
        if isinstance(item, InputError):
            errors.append(item)
        else:
            yield item


def _user_files(args: argparse.Namespace) -> Any:
    from tacitus.settings import settings
    from tacitus.userfiles import UserFiles

    # the settings travel with the files: worker processes do not share main's --settings
    return UserFiles(actors=tuple(args.actors), patterns=tuple(args.patterns), settings=settings())


def _code(args: argparse.Namespace, articles: Iterable[Any], errors: list[InputError]) -> Iterator[list[Any]]:
    """Coded chunks; an article that fails in any stage goes to ``errors``, the rest go on."""
    from tacitus.runs import code_chunks

    yield from code_chunks(articles, jobs=args.jobs, engine=getattr(args, "engine", "local"),
                           address=args.address, user=_user_files(args), errors=errors)


# -- tacitus code ------------------------------------------------------------------------
def _shorten(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _actors_label(actors: list[dict[str, Any]]) -> str:
    return " + ".join(a.get("code") or a.get("name") or a.get("text") for a in actors) or "—"


def _print_table(records: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=max(160, Console().width))
    for rec in records:
        title = rec.get("title") or rec.get("path") or rec["id"]
        table = Table(
            title=f"{title} — published {rec.get('published') or 'unknown'} — {len(rec['events'])} events",
            show_lines=True,
        )
        for col in ("source", "action", "target", "modality", "date", "place", "evidence"):
            table.add_column(col, overflow="fold")
        for ev in rec["events"]:
            place = ev.get("place") or {}
            table.add_row(
                _actors_label(ev["source"]),
                f"{ev['code']} {ev.get('name') or ''}".strip(),
                _actors_label(ev["target"]),
                ev["modality"],
                ev.get("date") or "",
                ", ".join(x for x in (place.get("name"), place.get("country")) if x),
                _shorten(ev["text"]),
            )
        console.print(table)
        if rec.get("removed"):
            console.print(f"[dim]removed boilerplate: {len(rec['removed'])} piece(s)[/dim]")


def cmd_code(args: argparse.Namespace) -> int:
    errors: list[InputError] = _ErrorLog()
    records: list[dict[str, Any]] = []
    fmt = args.format
    out = sys.stdout
    coded: list[Any] = []
    if args.shards and args.engine == "ray":
        from tacitus.scale import ray_engine

        # Ray workers write the shards themselves: nothing funnels through this process
        n = ray_engine.run_to_parquet(_read(args.inputs, args.date, args.max_bytes, errors),
                                      args.shards, user=_user_files(args), address=args.address, errors=errors)
        print(printable(f"{args.shards}: {n} coded articles in Parquet shards"), file=sys.stderr)
        return _finish(errors)
    if args.shards:
        from tacitus.scale.shards import write_shards

        n = sum(write_shards(chunk, args.shards, name=f"part-{i:05d}")
                for i, chunk in enumerate(_code(args, _read(args.inputs, args.date, args.max_bytes, errors), errors)))
        print(printable(f"{args.shards}: {n} coded articles in Parquet shards"), file=sys.stderr)
        return _finish(errors)
    for chunk in _code(args, _read(args.inputs, args.date, args.max_bytes, errors), errors):
        for art in chunk:
            if fmt == "jsonl":
                out.write(json.dumps(art.to_dict(), ensure_ascii=False) + "\n")
            elif fmt in ("json", "table"):
                records.append(art.to_dict())
            else:
                coded.append(art)
    if args.explain and fmt == "table":
        from tacitus.trace import explain

        out.write("\n".join(explain(rec) for rec in records))
    elif fmt == "json":
        payload: Any = records[0] if len(records) == 1 else records
        out.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "table":
        _print_table(records)
    elif fmt == "gdelt":
        from tacitus.export import gdelt

        gdelt.write_gdelt_stream(coded, out)
    elif fmt == "plover":
        from tacitus.export import plover

        for rec in plover.plover_records(coded):
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return _finish(errors)


def _finish(errors: list[InputError]) -> int:
    if errors:
        print(f"{len(errors)} input(s) failed; the others were processed", file=sys.stderr)
        return EXIT_INPUT_ERRORS
    return EXIT_OK


# -- tacitus ingest ----------------------------------------------------------------------
def cmd_ingest(args: argparse.Namespace) -> int:
    from tacitus.runs import IngestProgress, ingest_paths
    from tacitus.store import Store

    with Store(args.db) as store, _Progress("ingest") as bar, _sigterm_interrupts():

        def report(p: IngestProgress) -> None:
            if p.reading is not None:
                bar.reading(p.reading, p.nbytes)
            else:
                bar.advance(p.articles - bar.articles, p.errors - bar.errors)

        result = ingest_paths(
            args.inputs, store, default_date=args.date, actors=args.actors, patterns=args.patterns,
            jobs=args.jobs, engine=args.engine, address=args.address, max_bytes=args.max_bytes,
            recode=args.recode, on_error=lambda e: print(f"error: {e}", file=sys.stderr),
            progress=report)
    counts = result.store_counts
    print(printable(
        f"{args.db}: {result.new} new, {result.replaced} replaced, {result.unchanged} unchanged "
        f"article(s); store holds {counts['articles']} articles, {counts['events']} events "
        f"({counts['event_mentions']} mentions); {len(result.errors)} error(s)"),
        file=sys.stderr,
    )
    return _finish(result.errors)


@contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """SIGTERM ends an ingest as Ctrl-C does: the run is marked interrupted, not lost."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


# -- tacitus query -----------------------------------------------------------------------
def _emit_rows(rows: list[dict[str, Any]], fmt: str) -> None:
    if fmt == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
    elif fmt == "jsonl":
        for r in rows:
            print(json.dumps(r, ensure_ascii=False, default=str))
    elif fmt == "csv":
        buf = io.StringIO()
        if rows:
            w = csv.DictWriter(buf, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
        sys.stdout.write(buf.getvalue())
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"{len(rows)} events", show_lines=False)
        for col in ("date", "source", "code", "name", "target", "modality", "place", "mentions", "evidence"):
            table.add_column(col, overflow="fold")
        for r in rows:
            table.add_row(
                str(r.get("date") or ""), r.get("source_code") or r.get("source_name") or "—",
                r.get("code") or "", r.get("name") or "",
                r.get("target_code") or r.get("target_name") or "—", r.get("modality") or "",
                ", ".join(str(x) for x in (r.get("place_name"), r.get("place_country")) if x),
                str(r.get("mentions") or ""), _shorten(r.get("text") or "", 70),
            )
        Console(width=max(160, Console().width)).print(table)


def _event_filter(args: argparse.Namespace) -> Any:
    from tacitus.store.filters import EventFilter

    return EventFilter(
        since=args.since, until=args.until, country=args.country, actor=args.actor,
        code=args.code, quad_class=args.quad_class, place_country=args.place_country,
        modality=args.modality, text=args.q,
    )


def cmd_query(args: argparse.Namespace) -> int:
    from tacitus.store import Store

    with Store(args.db, read_only=True) as store:
        rows = store.query_events(_event_filter(args), limit=args.limit, mentions=args.mentions)
    _emit_rows(rows, args.format)
    return EXIT_OK


# -- tacitus export ----------------------------------------------------------------------
def cmd_export(args: argparse.Namespace) -> int:
    from tacitus import export
    from tacitus.export import gdelt, plover
    from tacitus.store import Store, events_sql

    if not (args.to or args.gdelt or args.plover or args.records):
        raise Errors.E041.error()
    # every target checked before anything is written; folders must be new or empty (or,
    # with --overwrite, hold an earlier export, which is cleared): exports never mix runs
    to_folder = bool(args.to) and export.table_format(args.to) == "parquet-partitioned"
    with Store(args.db, read_only=True) as store:
        for path in (args.to if args.to and not to_folder else None, args.plover, args.records):
            if path:
                export.check_file_target(path)
        if to_folder:
            export.prepare_folder(args.to, args.overwrite, "partitions")
        if args.gdelt:
            export.prepare_folder(args.gdelt, args.overwrite, "gdelt")
        if args.to:
            sql, params = events_sql(_event_filter(args), mentions=args.mentions)
            sql = export.with_is_root(sql, mentions=args.mentions)
            n = export.copy_query(store.con, sql, params, args.to, overwrite=args.overwrite)
            print(printable(f"{args.to}: {n} events"), file=sys.stderr)
        if args.records:
            n = export.write_records(store.iter_articles(), args.records)
            print(printable(f"{args.records}: {n} articles"), file=sys.stderr)
        if args.gdelt:
            with export.file_errors(args.gdelt):
                paths = gdelt.write_gdelt_store(store.con, Path(args.gdelt))
            for p in paths:
                print(printable(p), file=sys.stderr)
        if args.plover:
            with export.file_errors(args.plover):
                n = plover.write_plover_store(store.con, Path(args.plover))
            print(printable(f"{args.plover}: {n} PLOVER records"), file=sys.stderr)
    return EXIT_OK


# -- tacitus eval ------------------------------------------------------------------------
def cmd_eval(args: argparse.Namespace) -> int:
    from tacitus.eval import EVALS, run_eval

    names = EVALS if args.name == "all" else (args.name,)
    reports = []
    for name in names:
        try:
            reports.append(run_eval(name, Path(args.gold) if args.gold else None, args.limit, show=args.half))
        except TacitusError as exc:
            if args.name != "all":
                raise
            print(f"skipped {name}: {exc.message}", file=sys.stderr)
    if args.format == "json":
        print(json.dumps([r.to_dict() for r in reports], indent=2, default=str))
        return EXIT_OK
    if args.format == "markdown":
        print("\n\n".join(r.to_markdown() for r in reports))
        return EXIT_OK
    from rich.console import Console
    from rich.table import Table

    console = Console(width=max(140, Console().width))
    for report in reports:
        console.rule(report.title)
        for t in report.tables:
            table = Table(title=t.name)
            for c in t.columns:
                table.add_column(str(c))
            for row in t.rows:
                table.add_row(*[f"{v:.3f}" if isinstance(v, float) else str(v) for v in row])
            console.print(table)
        for note in report.notes:
            console.print(f"[dim]{note}[/dim]")
        check = [(k[: -len("_check")], v) for k, v in report.metrics.items() if k.endswith("_check")]
        if check:
            # the honest figures last, where a reader's eye (or `tail`) lands
            console.print("check half: " + ", ".join(f"{k} {v:.3f}" for k, v in check[:HEADLINE_FIGURES]))
    return EXIT_OK


# -- tacitus serve -----------------------------------------------------------------------
def cmd_serve(args: argparse.Namespace) -> int:
    from tacitus.api import serve

    serve(args.db, host=args.host, port=args.port, allowed_hosts=args.allowed_host)
    return EXIT_OK


# -- tacitus bench -----------------------------------------------------------------------
def cmd_bench(args: argparse.Namespace) -> int:
    from tacitus.scale import bench

    results = bench.run(args.input, args.n, tuple(args.jobs), args.startup_runs, args.whole)
    print(bench.render(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return EXIT_OK


# -- tacitus train -----------------------------------------------------------------------
def cmd_train(args: argparse.Namespace) -> int:
    from tacitus.eval import default_gold_root
    from tacitus.scale.bench import default_corpus

    gold = Path(args.gold) if args.gold else default_gold_root()
    silver = Path(args.silver)
    corpus = Path(args.corpus) if args.corpus else default_corpus()
    needed = [("silver folder", silver), ("corpus", corpus)]
    if args.model == "event-scorer":
        needed.append(("gold folder", gold))
    for what, path in needed:
        if path is None or not path.exists():
            raise Errors.E080.error(what=what, path=path)
    assert corpus is not None
    if args.model == "root-arbiter":
        from tacitus.learn.arbiter import MODEL_FILE as ARBITER_FILE
        from tacitus.learn.train import ARBITER_THRESHOLD, train_root_arbiter

        arbiter, positives = train_root_arbiter(
            silver, corpus, ARBITER_THRESHOLD if args.threshold is None else args.threshold)
        out = Path(args.out) if args.out else ARBITER_FILE
        model: Any = arbiter
        print("sentences with an agreed event of each root: "
              + ", ".join(f"{r} {n}" for r, n in sorted(positives.items())))
        size = sum(len(w) for w in arbiter.weights.values())
    else:
        from tacitus.learn.scorer import MODEL_FILE as SCORER_FILE
        from tacitus.learn.train import DEFAULT_THRESHOLD, train_event_scorer

        result = train_event_scorer(silver, corpus, gold,
                                    threshold=DEFAULT_THRESHOLD if args.threshold is None else args.threshold,
                                    cache=Path(args.examples) if args.examples else None)
        out = Path(args.out) if args.out else SCORER_FILE
        model = result.scorer
        for origin, c in sorted(result.counts.items()):
            print(f"{origin}: {c['right']} right, {c['wrong']} wrong events")
        print(f"held-out fifth: log loss {result.held_out_log_loss}, accuracy {result.held_out_accuracy}")
        size = len(result.scorer.weights)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(model.to_json(), separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {out} ({size} weights, threshold {model.threshold})")
    return EXIT_OK


# -- parser ------------------------------------------------------------------------------
def _add_input_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--date", type=_iso_date, help="publication date (YYYY-MM-DD) for inputs without one")
    p.add_argument("--actors", action="append", default=[], metavar="FILE",
                   help="user actor dictionary (CSV/YAML, or PETRARCH .actors.txt); repeatable")
    p.add_argument("--patterns", action="append", default=[], metavar="FILE",
                   help="user verb/noun pattern file (format of tacitus/data/events/patterns.tsv); repeatable")
    p.add_argument("-j", "--jobs", type=_positive_int, default=1,
                   help="worker processes (default 1; each loads the model once)")
    p.add_argument("--engine", choices=("local", "ray"), default="local",
                   help="local processes, or a Ray cluster (pip install 'tacitus[ray]')")
    p.add_argument("--address", default=None, help="Ray cluster address (with --engine ray)")
    p.add_argument("--max-bytes", type=_positive_int, default=None,
                   help="skip input files larger than this (default 20 MB)")
    _add_settings_option(p)


def _add_settings_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--settings", metavar="FILE",
                   help="TOML file of weights that override the defaults (see docs/SETTINGS.md)")
    p.add_argument("--no-model", action="store_true",
                   help="rules only: no learned model (same as learned.root_arbiter = false and "
                        "learned.event_scorer = false in --settings)")


def _add_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--since", type=_iso_date, help="events on or after this date")
    p.add_argument("--until", type=_iso_date, help="events on or before this date")
    p.add_argument("--country", help="ISO3 country of either actor, e.g. AFG")
    p.add_argument("--actor", help="actor code prefix of either side, e.g. PAK or USAGOV")
    p.add_argument("--code", help="CAMEO code prefix, e.g. 19 or 0256")
    p.add_argument("--quad-class", type=int, choices=(1, 2, 3, 4), help="QuadClass 1-4")
    p.add_argument("--place-country", help="ISO3 country where the event happened")
    p.add_argument("--modality", help="asserted, future, requested, negated, ...")
    p.add_argument("--q", help="text the evidence sentence contains")
    p.add_argument("--mentions", action="store_true", help="every mention, not one row per event")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tacitus",
        description="News articles to political event data: who did what to whom, when and where.",
    )
    parser.add_argument("--version", action="version", version=f"tacitus {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("code", help="code articles and print the events")
    p.add_argument("inputs", nargs="+", metavar="ARTICLE", help=".txt, .html, .jsonl, ... files, folders or -")
    p.add_argument("--format", choices=("table", "json", "jsonl", "gdelt", "plover"), default="table")
    p.add_argument("--explain", action="store_true",
                   help="print each event with how it was coded (its trace) instead of the table")
    p.add_argument("--shards", metavar="DIR",
                   help="write coded records as Parquet shards partitioned by day (for `tacitus ingest DIR`)")
    _add_input_options(p)
    p.set_defaults(func=cmd_code)

    p = sub.add_parser("ingest", help="code articles into the store (idempotent)")
    p.add_argument("inputs", nargs="+", metavar="PATH")
    p.add_argument("--db", default="tacitus.duckdb", help="store file (default tacitus.duckdb)")
    p.add_argument("--recode", action="store_true",
                   help="code every input article again, even those stored unchanged by this coder")
    _add_input_options(p)
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("query", help="query the store")
    p.add_argument("what", choices=("events",))
    p.add_argument("--db", default="tacitus.duckdb")
    _add_filters(p)
    p.add_argument("--limit", type=_positive_int, default=None)
    p.add_argument("--format", choices=("table", "json", "jsonl", "csv"), default="table")
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("export", help="write the store's events or records to files")
    p.add_argument("--db", default="tacitus.duckdb")
    p.add_argument("--to", help="events table: FILE.parquet, FILE.csv, FILE.jsonl, or a folder (Parquet partitioned by year/month)")
    p.add_argument("--gdelt", metavar="DIR", help="GDELT 2.0 events, mentions and GKG files")
    p.add_argument("--plover", metavar="FILE", help="PLOVER JSONL")
    p.add_argument("--records", metavar="FILE", help="full public records, JSONL")
    p.add_argument("--overwrite", action="store_true",
                   help="replace an earlier export in a --to or --gdelt folder (it is cleared first); "
                        "without it a non-empty folder is refused")
    _add_filters(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("eval", help="accuracy against the gold sets, per field")
    p.add_argument("name", help="articles (the headline: whole real articles), events, actors, geo, dates, quotes, "
                   "extraction, dedupe or all")
    p.add_argument("--gold", help="gold folder (default: $TACITUS_GOLD or ../shared/gold)")
    p.add_argument("--limit", type=_positive_int, default=None, help="use only the first N items")
    p.add_argument("--half", choices=("check", "tune", "all"), default="check",
                   help="which half of each gold set the detailed tables describe (every report also gives "
                        "tune and check figures side by side); write rules looking at the tune half only")
    p.add_argument("--format", choices=("table", "json", "markdown"), default="table")
    _add_settings_option(p)
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("bench", help="throughput against bare spaCy (articles/s, memory, profile)")
    p.add_argument("input", nargs="?", help="JSONL file or folder (default: Reuters corpus, else the example)")
    p.add_argument("-n", type=_positive_int, default=200, help="number of articles (default 200)")
    p.add_argument("--jobs", type=_positive_int, nargs="+", default=[1, 2], help="worker counts to compare")
    p.add_argument("--startup-runs", type=int, default=3, metavar="R",
                   help="pairs of whole processes on one sentence, bare spaCy vs tacitus code (default 3; 0: skip)")
    p.add_argument("--whole", type=int, default=0, metavar="N",
                   help="also time whole `tacitus code` processes (each --jobs count) on N articles against a bare spaCy process")
    p.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    p.set_defaults(func=cmd_bench)

    p = sub.add_parser("train", help="train a model of the learned layer from the silver set")
    p.add_argument("--model", choices=("root-arbiter", "event-scorer"), default="root-arbiter",
                   help="root-arbiter (recodes statements the rules could not place) or "
                        "event-scorer (calibrates every event's confidence); both ship; default root-arbiter")
    p.add_argument("--silver", default="silver", help="silver folder (default: ./silver)")
    p.add_argument("--corpus", help="the corpus the silver sentences come from (default: Reuters-21578 "
                                    "in ../shared/corpus when found)")
    p.add_argument("--gold", help="gold folder whose tune halves add examples (default: $TACITUS_GOLD or ../shared/gold)")
    p.add_argument("--threshold", type=float, default=None,
                   help="root-arbiter: recode at this probability (default 0.4); event-scorer: drop events "
                        "under this P(right) (default 0: drop nothing)")
    p.add_argument("--examples", metavar="FILE", help="cache of the coded examples (read when present, else written)")
    p.add_argument("--out", help="model file (default: the package's file, tacitus/data/learn/<model>.json)")
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("serve", help="HTTP API and dashboard over a store")
    p.add_argument("--db", default="tacitus.duckdb")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--allowed-host", action="append", default=[], metavar="NAME",
                   help="also answer requests for this Host name (e.g. events.example.org or "
                        "*.example.org); repeatable. Default: localhost names and the --host address")
    p.set_defaults(func=cmd_serve)
    return parser


def _settings(args: argparse.Namespace) -> AbstractContextManager[Any]:
    """``--settings FILE`` as the process-wide settings for the command (the coder, its
    fingerprint and the store's clustering all read them), restored after it."""
    if not getattr(args, "settings", None) and not getattr(args, "no_model", False):
        return nullcontext()
    from dataclasses import replace

    from tacitus.settings import Settings, settings, use_settings

    chosen = Settings.from_toml(args.settings) if getattr(args, "settings", None) else settings()
    if getattr(args, "no_model", False):
        chosen = replace(chosen, learned=replace(chosen.learned, root_arbiter=False, event_scorer=False))
    return use_settings(chosen)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        with _settings(args):
            return int(args.func(args))
    except TacitusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FATAL
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # output piped into `head` and closed: not an error for the user
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no bare traceback
        if os.environ.get("TACITUS_DEBUG"):
            raise
        print(printable(f"error: internal error ({type(exc).__name__}: {exc}); rerun with TACITUS_DEBUG=1 "
                        "for details and report it"), file=sys.stderr)
        return EXIT_FATAL


if __name__ == "__main__":
    sys.exit(main())
