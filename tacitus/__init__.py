"""tacitus: news articles to political event data, with the evidence for every record."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tacitus.model import Article, Event

if TYPE_CHECKING:
    from tacitus.runs import IngestProgress, RunResult, ingest_paths
    from tacitus.store import Store
    from tacitus.store.filters import EventFilter

__version__ = "0.1.0"
CODER_NAME = f"tacitus.rules.v{__version__}"

# The library's entry points beyond the data model, imported on first use: `import tacitus`
# stays cheap (the store pulls in DuckDB).
_LAZY = {
    "ingest_paths": "tacitus.runs",
    "RunResult": "tacitus.runs",
    "IngestProgress": "tacitus.runs",
    "Store": "tacitus.store",
    "EventFilter": "tacitus.store.filters",
}

__all__ = ["Article", "Event", "__version__", "CODER_NAME", "ingest_paths", "RunResult",
           "IngestProgress", "Store", "EventFilter"]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'tacitus' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
