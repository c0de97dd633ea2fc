"""Users' own dictionaries and settings, as the pipeline and the engines pass them around
(kept apart from ``tacitus.pipeline`` so that a process that only hands articles to workers,
as ``-j N``'s main process does, never imports spaCy)."""

from __future__ import annotations

from dataclasses import dataclass

from tacitus.settings import Settings


@dataclass(frozen=True)
class UserFiles:
    """Users' own dictionaries: actor files (``--actors``) and verb-pattern files
    (``--patterns``), and the weights to code with (``--settings``; None: the process-wide
    ``tacitus.settings.settings()`` when the pipeline is chosen). Plain and hashable, so it
    travels to worker processes."""

    actors: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    settings: Settings | None = None


NO_USER_FILES = UserFiles()
