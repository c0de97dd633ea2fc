"""Serve: the HTTP API and the dashboard over a store (``tacitus serve``).

``create_app(db)`` builds the FastAPI application over the store file ``db`` (opened
read-only); ``serve(db, host, port, allowed_hosts)`` runs it with uvicorn, bound to 127.0.0.1
unless told otherwise, answering requests for localhost names, the address it is bound to
and ``allowed_hosts`` only. Endpoints and their parameters are documented in docs/API.md and
at ``/docs``.
"""

from __future__ import annotations

import gc
import ipaddress
import os
from collections.abc import Sequence

from fastapi import FastAPI

from tacitus.api.app import CACHE_BYTES, LOCAL_HOSTS, create_app

__all__ = ["app_from_env", "create_app", "host_names", "serve"]


def host_names(bind: str, extra: Sequence[str] = ()) -> list[str]:
    """Host header names a server bound to ``bind`` answers to: the localhost names, the
    bound address itself unless it is a wildcard (0.0.0.0, ::), and ``extra``."""
    names = list(LOCAL_HOSTS)
    try:
        ip = ipaddress.ip_address(bind.strip("[]"))
        own = None if ip.is_unspecified else (f"[{ip}]" if ip.version == 6 else str(ip))
    except ValueError:
        own = bind or None
    for name in ([own] if own else []) + [h for h in extra if h]:
        if name.lower() not in names:
            names.append(name.lower())
    return names


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, allowed_hosts: Sequence[str] = ()) -> None:
    """Run the API and dashboard until interrupted; ``allowed_hosts`` adds Host header names
    (``*.example.org`` for a domain's subdomains) to ``host_names(host)``."""
    import uvicorn

    app = create_app(db, allowed_hosts=host_names(host, allowed_hosts))
    _freeze()
    uvicorn.run(app, host=host, port=port, log_level="info")


def _freeze() -> None:
    """Leave what start-up built (modules, the app, its snapshot and index) out of the
    garbage collector's full passes: walking it took 150-180 ms at 100,000 events, a
    stall of every request in flight each time the collector ran one."""
    gc.collect()
    gc.freeze()


def app_from_env() -> FastAPI:
    """The app over ``$TACITUS_DB`` (for ``uvicorn --factory tacitus.api:app_from_env``,
    which can run several worker processes); ``$TACITUS_API_CACHE`` sets the response cache
    in bytes (0: off); ``$TACITUS_ALLOWED_HOSTS`` adds comma-separated Host names to the
    localhost names."""
    cache = os.environ.get("TACITUS_API_CACHE")
    extra = [h.strip() for h in os.environ.get("TACITUS_ALLOWED_HOSTS", "").split(",") if h.strip()]
    app = create_app(os.environ.get("TACITUS_DB", "tacitus.duckdb"),
                     cache_bytes=int(cache) if cache else CACHE_BYTES,
                     allowed_hosts=host_names("127.0.0.1", extra))
    _freeze()
    return app
