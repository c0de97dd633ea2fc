"""Tune and check halves of every gold set.

Each item (sentence, document, article) falls once and for all into the *tune* half or the
*check* half by a stable hash of its id: rules are written while looking at the tune half only;
the check half is the honest figure (`docs/ACCURACY.md` leads with it, the floors pin it).
Items without an id of their own use their text as id.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Literal, TypeVar

from tacitus.eval.report import Report, Table

Half = Literal["tune", "check"]
HALVES: tuple[Half, Half] = ("tune", "check")
# what the detailed tables of a report describe: one half, or every item
SHOW_CHOICES = ("check", "tune", "all")

T = TypeVar("T")


def half_of(item_id: str) -> Half:
    """The half an item belongs to: the low bit of the SHA-256 of its id (stable across runs,
    machines and file order)."""
    return HALVES[hashlib.sha256(item_id.encode("utf-8")).digest()[0] & 1]


def split(items: Iterable[T], key: Callable[[T], str]) -> dict[str, list[T]]:
    """``{"tune": [...], "check": [...], "all": [...]}``, each in input order."""
    out: dict[str, list[T]] = {"tune": [], "check": [], "all": []}
    for it in items:
        out[half_of(key(it))].append(it)
        out["all"].append(it)
    return out


def score_halves(
    report: Report,
    items: Sequence[T],
    key: Callable[[T], str],
    score: Callable[[list[T]], tuple[Any, ...]],
    show: str = "check",
    title: str | None = None,
) -> tuple[Any, ...]:
    """Score ``items`` on each half and on all of them, and add to ``report``:

    * metrics ``m`` (all items), ``m_tune`` and ``m_check`` for every metric ``m`` of ``score``;
    * one summary table (metric × tune / check / all, with item counts);
    * the detailed tables of ``score`` for the half ``show`` (named so in their titles).

    ``score(items)`` returns ``(tables, metrics, *extra)``; the result for the half ``show`` is
    returned, so a caller can use its extras (e.g. reliability points).
    """
    if show not in SHOW_CHOICES:
        raise ValueError(f"show must be one of {SHOW_CHOICES}, not {show!r}")
    parts = split(items, key)
    results: dict[str, tuple[Any, ...]] = {h: score(parts[h]) for h in ("tune", "check", "all")}
    names = list(results["all"][1])
    rows: list[list[Any]] = [["items", len(parts["tune"]), len(parts["check"]), len(parts["all"])]]
    for m in names:
        rows.append([m] + [results[h][1].get(m, "") for h in ("tune", "check", "all")])
        report.metrics[m] = results["all"][1][m]
        for h in HALVES:
            if m in results[h][1]:
                report.metrics[f"{m}_{h}"] = results[h][1][m]
    report.tables.append(Table(f"{title or report.title}: tune and check halves", ["metric", "tune", "check", "all"], rows))
    label = "all items" if show == "all" else f"{show} half"
    for t in results[show][0]:
        t.name = f"{t.name} [{label}]"
        report.tables.append(t)
    return results[show]
