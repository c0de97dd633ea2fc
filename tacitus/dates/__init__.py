"""Dates (initial minimal version; the dates stage replaces this)."""

from __future__ import annotations

from typing import Any

from tacitus.model import DateRef, Event


def find_dates(doc: Any, published: str | None) -> list[DateRef]:
    return []


def date_events(events: list[Event], dates: list[DateRef], doc: Any, published: str | None) -> None:
    for e in events:
        e.date, e.date_precision = published, "published" if published else None
