"""Serve: the HTTP API and the dashboard over a store (``tacitus serve``).

``create_app(db)`` builds the FastAPI application over the store file ``db`` (opened
read-only); ``serve(db, host, port)`` runs it with uvicorn, bound to 127.0.0.1 unless told
otherwise. Endpoints and their parameters are documented in docs/API.md and at ``/docs``.
"""

from __future__ import annotations

import os

from fastapi import FastAPI

from tacitus.api.app import CACHE_BYTES, create_app

__all__ = ["app_from_env", "create_app", "serve"]


def serve(db: str, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the API and dashboard until interrupted."""
    import uvicorn

    app = create_app(db)
    uvicorn.run(app, host=host, port=port, log_level="info")


def app_from_env() -> FastAPI:
    """The app over ``$TACITUS_DB`` (for ``uvicorn --factory tacitus.api:app_from_env``,
    which can run several worker processes); ``$TACITUS_API_CACHE`` sets the response cache
    in bytes (0: off)."""
    cache = os.environ.get("TACITUS_API_CACHE")
    return create_app(os.environ.get("TACITUS_DB", "tacitus.duckdb"),
                      cache_bytes=int(cache) if cache else CACHE_BYTES)
