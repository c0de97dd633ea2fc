"""Code events (initial minimal version; the events stage replaces this)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tacitus.model import Actor, Event


def code_events(doc: Any, actor_of: Callable[[Any], Actor | None], article_id: str) -> list[Event]:
    return []
