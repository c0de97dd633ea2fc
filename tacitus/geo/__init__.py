"""Places (initial minimal version; the geo stage replaces this)."""

from __future__ import annotations

from typing import Any

from tacitus.model import Article, Event, Place


def find_places(doc: Any, article: Article) -> list[Place]:
    return []


def place_events(events: list[Event], places: list[Place], doc: Any) -> None:
    return None
