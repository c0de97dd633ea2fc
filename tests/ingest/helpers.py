"""Shared helpers of the ingest tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tacitus.errors import InputError
from tacitus.ingest import read_inputs
from tacitus.model import Article

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE = Path(__file__).parents[2] / "examples" / "military-times-afghanistan-ceasefire.txt"

# An English paragraph long enough for the language check, written for these tests.
ENGLISH = (
    "The finance ministry said on Tuesday that the government would delay a planned fuel "
    "tax increase until next year, after truck drivers blocked roads around the capital "
    "for a third day in protest at rising costs."
)


def read(*paths: str | Path, **kwargs: object) -> list[Article | InputError]:
    return list(read_inputs([str(p) for p in paths], **kwargs))  # type: ignore[arg-type]


def articles(items: list[Article | InputError]) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def errors(items: list[Article | InputError]) -> list[InputError]:
    return [i for i in items if isinstance(i, InputError)]


def jline(**obj: Any) -> str:
    """One JSON Lines line."""
    return json.dumps(obj) + "\n"
