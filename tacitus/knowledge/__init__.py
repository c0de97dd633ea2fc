"""Article knowledge (initial minimal version; the knowledge stage replaces this)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tacitus.model import Actor, Count, Quote, Tone


def find_quotes(doc: Any, actor_of: Callable[[Any], Actor | None]) -> list[Quote]:
    return []


def find_counts(doc: Any) -> list[Count]:
    return []


def tone(text: str) -> Tone:
    return Tone()


def find_themes(doc: Any) -> tuple[list[str], list[dict[str, Any]]]:
    return [], []
