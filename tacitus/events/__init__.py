"""Code events: clauses → CAMEO/PLOVER events with actors, modality, evidence and confidence.

The knowledge is in ``tacitus/data/events/`` (patterns.tsv documents the pattern format; users
add their own files through :func:`load_patterns`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tacitus.events.assemble import Coded
from tacitus.events.coder import code_doc, code_sentence
from tacitus.events.frames import Frame, find_frames
from tacitus.events.tables import (
    CameoCode,
    Pattern,
    PatternSet,
    cameo_codes,
    load_patterns,
    parse_patterns,
    pentaclass,
    plover_of,
)
from tacitus.model import Actor, Event

__all__ = [
    "CameoCode",
    "Coded",
    "Frame",
    "Pattern",
    "PatternSet",
    "cameo_codes",
    "code_doc",
    "code_events",
    "code_sentence",
    "find_frames",
    "load_patterns",
    "parse_patterns",
    "pentaclass",
    "plover_of",
    "with_code",
]


def code_events(
    doc: Any,
    actor_of: Callable[[Any], Actor | None],
    article_id: str,
    patterns: PatternSet | None = None,
) -> list[Event]:
    """Events of one parsed article; ids are ``f"{article_id}-{n}"`` in text order.

    ``actor_of`` codes the noun phrase headed by a token (the actors stage's
    ``ArticleActors.actor_of``). ``patterns`` defaults to the built-in patterns.
    """
    return [c.event for c in code_doc(doc, actor_of, article_id, patterns)]


def with_code(ev: Event, code: str, mark: str) -> Event:
    """``ev`` recoded to CAMEO ``code`` (names, Goldstein, QuadClass and PLOVER type from the
    code tables), with ``~mark`` appended to its rule: how a later stage (the learned root
    arbiter) changes an event's code without knowing the tables."""
    import dataclasses

    from tacitus.model import PloverType

    cc = cameo_codes()[code]
    pl_event, pl_mode = plover_of(code)
    return dataclasses.replace(
        ev, code=code, root_code=cc.root_code, name=cc.name, quad_class=cc.quad_class,
        goldstein=cc.goldstein, plover=PloverType(pl_event, pl_mode, list(ev.plover.context)), rule=f"{ev.rule}~{mark}",
        trace=dict(ev.trace),
    )
