"""Dedupe (initial minimal version)."""

from __future__ import annotations

from tacitus.model import Event


def dedupe_article(events: list[Event]) -> list[Event]:
    return events
