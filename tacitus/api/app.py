"""The FastAPI application: JSON/NDJSON/CSV endpoints over a read-only store, and the dashboard.

The store is opened once, read-only; each request runs on its own DuckDB cursor (a cursor is a
connection to the same database, so requests served on different threads never share one).
While the API holds the file open no writer can open it (DuckDB's file lock), so the data
cannot change under a running server.

Hardening: requests whose Host header is not an allowed name are refused with 400
(Starlette's ``TrustedHostMiddleware``; localhost names by default, which also defeats DNS
rebinding against a local server); every response says ``X-Content-Type-Options: nosniff``
and carries a Content-Security-Policy that admits this server's own scripts, styles and
data only and forbids framing (``frame-ancestors 'none'``); article records are served
without the server-side path they were read from.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import inspect
import io
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from enum import Enum
from importlib import resources
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tacitus.api import queries
from tacitus.api.fast import FastEvents
from tacitus.api.queries import BadParameter, Reader, snapshot_events
from tacitus.errors import Errors
from tacitus.model import MODALITIES
from tacitus.store import Store
from tacitus.store.filters import EventFilter

MAX_LIMIT = 1000
# Response cache size: 64 MB holds a few thousand typical dashboard responses (5-60 KB).
CACHE_BYTES = 64 * 1024 * 1024
# DuckDB threads per query on the in-memory snapshot.
QUERY_THREADS = 1
# Longest free-text filter: longer is not a phrase anyone searches an evidence sentence for.
MAX_TEXT = 200
ID_PATTERN = r"^[A-Za-z0-9_.:\-]{1,128}$"

# Host names a local server answers to unless told more (``tacitus serve --allowed-host``).
LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]")
# What the dashboard loads: its own script, stylesheet, icon and JSON, nothing inline (app.js
# sets styles through the CSSOM, which style-src does not govern), no plugins, no framing.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}

Modality = Enum("Modality", {m: m for m in MODALITIES}, type=str)  # type: ignore[misc]


class OutputFormat(str, Enum):
    json = "json"
    ndjson = "ndjson"
    csv = "csv"


class Interval(str, Enum):
    day = "day"
    week = "week"
    month = "month"
    year = "year"


# async: a pure function, so FastAPI calls it on the event loop rather than sending it to
# the threadpool and back (a thread hop per request)
async def event_filters(
    since: Annotated[date | None, Query(description="events on or after this date (YYYY-MM-DD)")] = None,
    until: Annotated[date | None, Query(description="events on or before this date (YYYY-MM-DD)")] = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$",
                                         description="ISO 3166-1 alpha-3 country of either actor")] = None,
    actor: Annotated[str | None, Query(pattern=r"^[A-Za-z0-9]{1,60}$",
                                       description="CAMEO actor code prefix of either side, e.g. PAK or AFGINS")] = None,
    source: Annotated[str | None, Query(pattern=r"^[A-Za-z0-9]{1,60}$",
                                        description="CAMEO actor code prefix of the source side")] = None,
    target: Annotated[str | None, Query(pattern=r"^[A-Za-z0-9]{1,60}$",
                                        description="CAMEO actor code prefix of the target side")] = None,
    code: Annotated[str | None, Query(pattern=r"^[0-9]{1,4}[A-Za-z]?$",
                                      description="CAMEO event code prefix, e.g. 19 or 0256")] = None,
    quad_class: Annotated[int | None, Query(ge=1, le=4, description="1 verbal cooperation .. 4 material conflict")] = None,
    place_country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$",
                                               description="ISO alpha-3 country of the event's place")] = None,
    place: Annotated[str | None, Query(min_length=1, max_length=MAX_TEXT,
                                       description="name of the event's place (exact, case-insensitive)")] = None,
    modality: Annotated[Modality | None, Query(description="asserted, future, negated, ...")] = None,
    q: Annotated[str | None, Query(min_length=1, max_length=MAX_TEXT,
                                   description="text in the evidence sentence (case-insensitive)")] = None,
) -> EventFilter:
    return EventFilter(since=since, until=until, country=country, actor=actor, source=source,
                       target=target, code=code,
                       quad_class=quad_class, place_country=place_country, place=place,
                       modality=modality.value if modality else None, text=q)


class _Decline(Exception):
    """A query value the plain parser leaves to FastAPI."""


def _plain(pattern: str) -> Callable[[str], str]:
    check = re.compile(pattern).fullmatch

    def parse(value: str) -> str:
        if not check(value):
            raise _Decline
        return value
    return parse


def _plain_int(low: int, high: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        if not _DIGITS(value) or not low <= int(value) <= high:
            raise _Decline
        return int(value)
    return parse


def _plain_text(high: int) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if not 1 <= len(value) <= high:
            raise _Decline
        return value
    return parse


def _plain_date(value: str) -> date:
    if not _ISO_DATE(value):
        raise _Decline
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _Decline from None


def _plain_choice(kind: type[Enum]) -> Callable[[str], Any]:
    values = {m.value: m for m in kind}  # type: ignore[attr-defined]

    def parse(value: str) -> Any:
        if value not in values:
            raise _Decline
        return values[value]
    return parse


_DIGITS = re.compile(r"[1-9][0-9]{0,8}").fullmatch
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}").fullmatch
# The parameters of event_filters, each with a parser that accepts a subset of what FastAPI's
# declaration accepts, giving the value FastAPI would: the usual well-formed request is
# parsed by a few regular expressions instead of FastAPI's per-parameter machinery (0.5-1 ms
# a request on the benchmark machine); anything else goes to FastAPI, which validates it and
# says what is wrong. tests/api/test_fast.py holds the two to the same answers.
_FILTER_PARSERS: dict[str, Callable[[str], Any]] = {
    "since": _plain_date, "until": _plain_date,
    "country": _plain("[A-Za-z]{3}"), "actor": _plain("[A-Za-z0-9]{1,60}"),
    "source": _plain("[A-Za-z0-9]{1,60}"), "target": _plain("[A-Za-z0-9]{1,60}"),
    "code": _plain("[0-9]{1,4}[A-Za-z]?"), "quad_class": _plain_int(1, 4),
    "place_country": _plain("[A-Za-z]{3}"), "place": _plain_text(MAX_TEXT),
    "modality": _plain_choice(Modality), "q": _plain_text(MAX_TEXT),
}


def plain_query(endpoint: Callable[..., Any], parsers: dict[str, Callable[[str], Any]]) -> None:
    """Give ``endpoint`` a parser of its query string into its arguments (``filters``, an
    EventFilter, from the filter parameters; the others by ``parsers``, absent ones their
    defaults in its signature) for ``QueryRoute``; the parser says None for anything it
    leaves to FastAPI: a repeated parameter, a value outside its plain form."""
    signature = inspect.signature(endpoint).parameters
    defaults = {name: signature[name].default for name in parsers}

    def parse(request: Request) -> dict[str, Any] | None:
        items = request.query_params.multi_items()
        given = dict(items)
        if len(given) != len(items):
            return None
        values: dict[str, Any] = {}
        try:
            for name, text in given.items():
                parser = _FILTER_PARSERS.get(name) or parsers.get(name)
                if parser is not None:
                    values[name] = parser(text)
        except _Decline:
            return None
        modality = values.get("modality")
        out = {"filters": EventFilter(
            since=values.get("since"), until=values.get("until"), country=values.get("country"),
            actor=values.get("actor"), source=values.get("source"), target=values.get("target"),
            code=values.get("code"), quad_class=values.get("quad_class"),
            place_country=values.get("place_country"), place=values.get("place"),
            modality=modality.value if modality else None, text=values.get("q"))}
        for name in parsers:
            out[name] = values.get(name, defaults[name])
        return out
    endpoint.plain_query = parse  # type: ignore[attr-defined]


class QueryRoute(APIRoute):
    """FastAPI's route, except that an endpoint with a ``plain_query`` parser is called
    straight with what it parses (FastAPI's validation runs when it declines)."""

    def get_route_handler(self) -> Callable[[Request], Any]:
        handler = super().get_route_handler()
        endpoint = self.endpoint

        async def route(request: Request) -> Response:
            # looked up per request: the parser is attached after the route is made
            parse = getattr(endpoint, "plain_query", None)
            kwargs = parse(request) if parse is not None else None
            if kwargs is None:
                return await handler(request)
            response: Response = await endpoint(request=request, **kwargs)
            return response
        return route


def _reader(request: Request) -> Iterator[Reader]:
    reader = Reader(request.app.state.store.con, request.app.state.snapshot)
    try:
        yield reader
    finally:
        reader.close()


Cur = Annotated[Reader, Depends(_reader)]
Filters = Annotated[EventFilter, Depends(event_filters)]
EventId = Annotated[str, Path(pattern=ID_PATTERN, description="event id (or the id of one of its mentions)")]
ArticleId = Annotated[str, Path(pattern=ID_PATTERN, description="article id")]


def _bad(name: str, message: str) -> RequestValidationError:
    return RequestValidationError(
        [{"type": "value_error", "loc": ("query", name), "msg": message, "input": None}])


def _format(request: Request, fmt: OutputFormat | None) -> OutputFormat:
    """The ``format`` parameter if given, else the Accept header, else JSON."""
    if fmt is not None:
        return fmt
    accept = request.headers.get("accept", "")
    if "application/x-ndjson" in accept or "application/jsonl" in accept:
        return OutputFormat.ndjson
    if "text/csv" in accept:
        return OutputFormat.csv
    return OutputFormat.json


def _csv_value(v: Any) -> Any:
    if isinstance(v, list):
        return "|".join("" if x is None else str(x) for x in v)
    return "" if v is None else v


def _tabular(rows: list[dict[str, Any]], fmt: OutputFormat, key: str,
             next_cursor: str | None, columns: tuple[str, ...]) -> Response:
    headers = {"X-Next-Cursor": next_cursor} if next_cursor else {}
    if fmt is OutputFormat.ndjson:
        body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        return Response(body, media_type="application/x-ndjson", headers=headers)
    if fmt is OutputFormat.csv:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow([_csv_value(r.get(c)) for c in columns])
        return Response(buf.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)
    return JSONResponse({key: rows, "count": len(rows), "next_cursor": next_cursor}, headers=headers)


class SecurityHeaders:
    """ASGI middleware: the security headers on every response; a response that sets its own
    Content-Security-Policy (the API docs page) keeps it."""

    def __init__(self, app: ASGIApp, csp: str = CSP) -> None:
        self.app = app
        self.csp = csp

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                extra = {**SECURITY_HEADERS, "content-security-policy": self.csp}
                headers += [(k.encode("latin-1"), v.encode("latin-1"))
                            for k, v in extra.items() if k.encode("latin-1") not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def check_hosts(hosts: Sequence[str]) -> list[str]:
    """Allowed Host header names, checked: a name, an IP address ([...] for IPv6), ``*.domain``
    or ``*`` (any host: only behind a proxy that checks it)."""
    out = []
    for h in hosts:
        name = h.strip().lower()
        ok = name == "*" or re.fullmatch(r"(\*\.)?[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?|\[[0-9a-f:.]+\]", name)
        if not ok:
            raise Errors.E050.error("host", host=h)
        out.append(name)
    return out


def _inline_script_csp(html: str) -> str:
    """The CSP for a page of ours with inline scripts (the Swagger UI page): those scripts
    admitted by their SHA-256, inline styles allowed (Swagger UI writes some), the rest as ``CSP``."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(m.encode("utf-8")).digest()).decode("ascii") + "'"
        for m in re.findall(r"<script>(.*?)</script>", html, flags=re.DOTALL))
    return (CSP.replace("script-src 'self'", f"script-src 'self' {hashes}".rstrip())
            .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"))


def _static_dir() -> Any:
    return resources.files("tacitus.api").joinpath("static")


class ResponseCache:
    """Recent responses by path, query string and Accept header, least recently used out.

    Exact for the life of the server: a served store cannot change (DuckDB's lock keeps
    writers out), so the same request always has the same answer. Bounded by total bytes.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._items: OrderedDict[tuple[str, str, str], tuple[bytes, dict[str, str]]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str, str]) -> tuple[bytes, dict[str, str]] | None:
        with self._lock:
            hit = self._items.get(key)
            if hit is not None:
                self._items.move_to_end(key)
            return hit

    def put(self, key: tuple[str, str, str], body: bytes, headers: dict[str, str]) -> None:
        if len(body) > self.max_bytes // 8:
            return
        with self._lock:
            if key in self._items:
                return
            self._items[key] = (body, headers)
            self.size += len(body)
            while self.size > self.max_bytes:
                _, (old, _) = self._items.popitem(last=False)
                self.size -= len(old)


def _with_reader(request: Request, make: Callable[[Reader], Response]) -> Response:
    reader = Reader(request.app.state.store.con, request.app.state.snapshot)
    try:
        return make(reader)
    finally:
        reader.close()


async def _answer(request: Request, fast: Callable[[FastEvents, Any, Any], Response | None],
                  slow: Callable[[Reader], Response], filters: EventFilter) -> Response:
    """A response from the cache, else from the columnar index (``app.state.fast``), else
    from SQL (``slow``, on the threadpool with its own cursors).

    The index answers in a millisecond or two, less than a hop to the threadpool and back
    costs, so it runs on the event loop, and so do the filter terms it leaves to DuckDB (a
    text search: about 10 ms at 100,000 events). On the threadpool those requests waited for
    the GIL behind the loop's work at every return from DuckDB and were the slowest 1% of a
    load run (p99 0.96 s against 0.67 s with them on the loop, 50 clients, 2 workers)."""
    cache: ResponseCache | None = request.app.state.cache
    key = None
    if cache is not None:
        key = (request.url.path, request.url.query, request.headers.get("accept", ""))
        hit = cache.get(key)
        if hit is not None:
            return Response(hit[0], headers=hit[1])
    response = None
    fx: FastEvents | None = request.app.state.fast
    if fx is not None:
        snapshot = request.app.state.snapshot
        sql_rows = None
        if FastEvents.needs_sql(filters):
            sql_rows = fx.sql_rows(snapshot, filters)
        response = fast(fx, snapshot, sql_rows)
    if response is None:
        response = await run_in_threadpool(_with_reader, request, slow)
    if cache is not None and key is not None and response.status_code == 200:
        headers = {k: v for k, v in response.headers.items() if k != "content-length"}
        cache.put(key, bytes(response.body), headers)
    return response


def _cached(request: Request, make: Callable[[], Response]) -> Response:
    cache: ResponseCache | None = request.app.state.cache
    if cache is None:
        return make()
    key = (request.url.path, request.url.query, request.headers.get("accept", ""))
    hit = cache.get(key)
    if hit is not None:
        return Response(hit[0], headers=hit[1])
    response = make()
    if response.status_code == 200:
        headers = {k: v for k, v in response.headers.items() if k != "content-length"}
        cache.put(key, bytes(response.body), headers)
    return response


def create_app(db: str, snapshot: bool = True, cache_bytes: int = CACHE_BYTES,
               allowed_hosts: Sequence[str] = LOCAL_HOSTS, columnar: bool = True,
               plain_queries: bool = True) -> FastAPI:
    """The API and dashboard over the store at ``db``, opened read-only.

    Requests must name one of ``allowed_hosts`` in their Host header (``check_hosts``);
    others get 400.

    ``snapshot`` copies the store's ``events`` view into memory at start-up (exact, since a
    served store cannot change, and 10-50 times faster per query); turn it off to trade
    speed for memory on stores with many millions of events. ``columnar`` (with
    ``snapshot``) also builds the snapshot's columnar index (``tacitus.api.fast``), which
    answers the event list, timeline, top actors and network without SQL, the same answers
    several times faster. ``cache_bytes`` bounds the cache of recent responses (0 turns it
    off). ``plain_queries`` parses well-formed query strings of those endpoints without
    FastAPI's per-parameter validation (``plain_query``; the same arguments).
    """
    hosts = check_hosts(allowed_hosts)
    store = Store(db, read_only=True)
    app = FastAPI(
        title="tacitus",
        summary="Political event data coded from news, each event with its evidence sentence.",
        version="1",
        docs_url=None,  # the default page loads Swagger UI from a CDN; /docs below is local
        redoc_url=None,
    )
    app.router.route_class = QueryRoute
    app.state.store = store
    app.state.snapshot = snapshot_events(store.con) if snapshot else None
    if app.state.snapshot is not None:
        # requests run concurrently: one thread per query serves more of them per second
        # than each query spreading over every core (measured in benchmarks/RESULTS_API.md)
        app.state.snapshot.execute(f"SET threads = {QUERY_THREADS}")
    app.state.fast = (queries.fast_index(app.state.snapshot)
                      if app.state.snapshot is not None and columnar else None)
    app.state.cache = ResponseCache(cache_bytes) if cache_bytes > 0 else None
    # the last added runs first: every response, a refused host's included, gets the headers
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=hosts)
    app.add_middleware(SecurityHeaders)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = []
        names = []
        for e in exc.errors():
            loc = [str(x) for x in e.get("loc", ())]
            name = loc[-1] if loc else "?"
            if name not in names:
                names.append(name)
            # the rejected value is not echoed: it may be huge or hostile
            errors.append({"parameter": name, "in": loc[0] if loc else None, "msg": e.get("msg")})
        return JSONResponse(status_code=422, content={
            "error": f"invalid parameter: {', '.join(names)}", "parameters": names, "detail": errors})

    @app.exception_handler(BadParameter)
    async def bad_parameter(request: Request, exc: BadParameter) -> JSONResponse:
        return await validation_error(request, _bad(exc.name, exc.message))

    # -- events ----------------------------------------------------------------------
    @app.get("/api/events", tags=["events"], summary="Events (one per real-world event)")
    async def events(
        request: Request, filters: Filters,
        sort: Annotated[str, Query(max_length=20, description="date, goldstein, confidence, mentions, sources or articles; prefix - for descending")] = "-date",
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
        cursor: Annotated[str | None, Query(max_length=400, description="next_cursor of the previous page")] = None,
        format: Annotated[OutputFormat | None, Query(description="json (default), ndjson or csv; or use the Accept header")] = None,
    ) -> Response:
        fmt = _format(request, format)

        def fast(fx: FastEvents, snap: Any, sql_rows: Any) -> Response | None:
            found = queries.fast_page(fx, snap, filters, sort, limit, cursor, sql_rows)
            if found is None:
                return None
            rows, nxt = found
            if fmt is OutputFormat.json:
                parts = fx.rows_json(rows)
                if parts is None:
                    return None
                # the body JSONResponse would write for these rows (its separators)
                body = b"".join((b'{"events":[', b",".join(parts), b'],"count":',
                                 str(len(parts)).encode("ascii"), b',"next_cursor":',
                                 json.dumps(nxt).encode("ascii"), b"}"))
                return Response(body, media_type="application/json",
                                headers={"X-Next-Cursor": nxt} if nxt else {})
            dicts = fx.rows_dicts(rows)
            if dicts is None:
                return None
            return _tabular(dicts, fmt, "events", nxt, queries.EVENT_LIST_COLUMNS)

        def slow(cur: Reader) -> Response:
            rows, nxt = queries.list_events(cur, filters, sort, limit, cursor)
            return _tabular(rows, fmt, "events", nxt, queries.EVENT_LIST_COLUMNS)

        return await _answer(request, fast, slow, filters)

    if plain_queries:
        plain_query(events, {"sort": _plain_text(20), "limit": _plain_int(1, MAX_LIMIT),
                             "cursor": _plain_text(400), "format": _plain_choice(OutputFormat)})

    @app.get("/api/events/{event_id}", tags=["events"], summary="One event with every mention and its evidence")
    def event(request: Request, event_id: EventId, cur: Cur) -> Response:
        def make() -> Response:
            found = queries.get_event(cur, event_id)
            if found is None:
                return JSONResponse(status_code=404, content={"error": f"no event {event_id!r}"})
            return JSONResponse(found)
        return _cached(request, make)

    # -- aggregates ------------------------------------------------------------------
    @app.get("/api/timeline", tags=["aggregates"], summary="Events and mean Goldstein per day by QuadClass")
    async def timeline(request: Request, filters: Filters,
                       interval: Interval = Interval.day) -> Response:
        def answer(buckets: list[dict[str, Any]]) -> Response:
            return JSONResponse({"interval": interval.value, "filters": queries.filter_params(filters),
                                 "buckets": buckets})

        def fast(fx: FastEvents, snap: Any, sql_rows: Any) -> Response | None:
            sel = fx.select(filters, snap, sql_rows)
            if sel is None:
                return None
            # JSONResponse's text for ``answer``, the buckets written by the index
            head = json.dumps({"interval": interval.value, "filters": queries.filter_params(filters)},
                              ensure_ascii=False, separators=(",", ":"))
            body = head[:-1] + ',"buckets":' + fx.timeline_json(sel, interval.value) + "}"
            return Response(body.encode("utf-8"), media_type="application/json")

        return await _answer(request, fast, lambda cur: answer(queries.timeline(cur, filters, interval.value)), filters)

    if plain_queries:
        plain_query(timeline, {"interval": _plain_choice(Interval)})

    @app.get("/api/actors", tags=["aggregates"], summary="Top actors by number of events")
    async def actors(request: Request, filters: Filters,
                     limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20) -> Response:
        def fast(fx: FastEvents, snap: Any, sql_rows: Any) -> Response | None:
            sel = fx.select(filters, snap, sql_rows)
            return None if sel is None else JSONResponse({"actors": fx.top_actors(sel, limit)})

        return await _answer(request, fast,
                             lambda cur: JSONResponse({"actors": queries.top_actors(cur, filters, limit)}), filters)

    if plain_queries:
        plain_query(actors, {"limit": _plain_int(1, MAX_LIMIT)})

    @app.get("/api/network", tags=["aggregates"], summary="Actor dyads with counts and mean Goldstein")
    async def network(request: Request, filters: Filters,
                      limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
                      min_events: Annotated[int, Query(ge=1)] = 1) -> Response:
        def fast(fx: FastEvents, snap: Any, sql_rows: Any) -> Response | None:
            sel = fx.select(filters, snap, sql_rows)
            return None if sel is None else JSONResponse(fx.network(sel, limit, min_events))

        return await _answer(request, fast,
                             lambda cur: JSONResponse(queries.network(cur, filters, limit, min_events)), filters)

    if plain_queries:
        plain_query(network, {"limit": _plain_int(1, MAX_LIMIT), "min_events": _plain_int(1, 10**9)})

    @app.get("/api/places", tags=["aggregates"], summary="Events aggregated per place")
    def places(request: Request, cur: Cur, filters: Filters,
               limit: Annotated[int, Query(ge=1, le=5000)] = 500) -> Response:
        return _cached(request, lambda: JSONResponse({"places": queries.places(cur, filters, limit)}))

    # -- articles --------------------------------------------------------------------
    @app.get("/api/articles", tags=["articles"], summary="Stored articles")
    def articles(
        request: Request, cur: Cur,
        since: Annotated[date | None, Query(description="published on or after")] = None,
        until: Annotated[date | None, Query(description="published on or before")] = None,
        q: Annotated[str | None, Query(min_length=1, max_length=MAX_TEXT, description="text in the title or body")] = None,
        source: Annotated[str | None, Query(max_length=200, description="source name or domain")] = None,
        sort: Annotated[str, Query(max_length=20, description="published or events; prefix - for descending")] = "-published",
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
        cursor: Annotated[str | None, Query(max_length=400)] = None,
        format: OutputFormat | None = None,
    ) -> Response:
        def make() -> Response:
            rows, nxt = queries.list_articles(cur.store, since, until, q, source, sort, limit, cursor)
            return _tabular(rows, _format(request, format), "articles", nxt, queries.ARTICLE_LIST_COLUMNS)
        return _cached(request, make)

    @app.get("/api/articles/{article_id}", tags=["articles"], summary="Article text with every annotation")
    def article(request: Request, article_id: ArticleId, cur: Cur) -> Response:
        def make() -> Response:
            found = queries.get_article(cur.store, article_id)
            if found is None:
                return JSONResponse(status_code=404, content={"error": f"no article {article_id!r}"})
            return JSONResponse(found)
        return _cached(request, make)

    @app.get("/api/health", tags=["meta"], summary="Store status and extent")
    def health(cur: Cur) -> dict[str, Any]:
        return queries.health(cur.store)

    # -- docs and dashboard ----------------------------------------------------------
    swagger_dir = _swagger_dir()
    if swagger_dir is not None:
        app.mount("/static/swagger", StaticFiles(directory=swagger_dir), name="swagger")
    app.mount("/static", StaticFiles(directory=str(_static_dir())), name="static")

    @app.get("/openapi-3.0.json", include_in_schema=False)
    def openapi_30() -> JSONResponse:
        return JSONResponse(openapi_3_0(app.openapi()))

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        if swagger_dir is None:
            return HTMLResponse(_plain_docs_html())
        page = get_swagger_ui_html(
            openapi_url="/openapi-3.0.json", title="tacitus API",
            swagger_js_url="/static/swagger/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg")
        page.headers["content-security-policy"] = _inline_script_csp(bytes(page.body).decode("utf-8"))
        return page

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(str(_static_dir().joinpath("index.html")), media_type="text/html")

    return app


def openapi_3_0(schema: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI 3.1 schema FastAPI writes, restated in 3.0 for the packaged Swagger UI
    (4.x, which renders no 3.1 document): ``anyOf [X, null]`` becomes X with ``nullable``."""
    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return [walk(x) for x in node]
        if not isinstance(node, dict):
            return node
        out = {k: walk(v) for k, v in node.items()}
        alts = out.get("anyOf")
        if isinstance(alts, list) and {"type": "null"} in alts:
            rest = [a for a in alts if a != {"type": "null"}]
            del out["anyOf"]
            if len(rest) == 1 and isinstance(rest[0], dict):
                out = {**rest[0], **out}
            else:
                out["anyOf"] = rest
            out["nullable"] = True
        if "examples" in out and isinstance(out["examples"], list):
            out["example"] = out.pop("examples")[0] if out["examples"] else None
        return out

    converted = walk(schema)
    converted["openapi"] = "3.0.3"
    return converted


def _swagger_dir() -> str | None:
    """Swagger UI's files as shipped by the swagger-ui-bundle package (Apache-2.0)."""
    try:
        from swagger_ui_bundle import swagger_ui_path
    except ImportError:
        return None
    return str(swagger_ui_path)


def _plain_docs_html() -> str:
    return ("<!doctype html><meta charset=utf-8><title>tacitus API</title>"
            "<h1>tacitus API</h1><p>The OpenAPI schema is at <a href='/openapi.json'>/openapi.json</a>; "
            "install <code>swagger-ui-bundle</code> for an interactive page here.</p>")

