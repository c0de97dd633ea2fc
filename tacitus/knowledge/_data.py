"""Read the knowledge stage's data files (``tacitus/data/knowledge/*.tsv``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "knowledge"


@cache
def read_rows(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a tab-separated data file, without its ``#`` comment lines and blank lines."""
    rows = []
    with open(DATA_DIR / name, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            rows.append(tuple(line.split("\t")))
    return tuple(rows)
