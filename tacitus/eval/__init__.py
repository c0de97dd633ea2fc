"""`tacitus eval NAME`: accuracy against gold sets, per field."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

from tacitus.errors import Errors
from tacitus.eval.report import Report

EVALS = ("articles", "events", "actors", "geo", "dates", "quotes", "extraction", "dedupe")


def default_gold_root() -> Path:
    """`$TACITUS_GOLD`, else the first `shared/gold` found beside or above the working dir."""
    env = os.environ.get("TACITUS_GOLD")
    if env:
        return Path(env)
    here = Path.cwd().resolve()
    for base in (here, *here.parents):
        for cand in (base / "shared" / "gold", base / "gold"):
            if (cand / "README.md").exists():
                return cand
    return here / ".." / "shared" / "gold"


def run_eval(name: str, gold_root: Path | None = None, limit: int | None = None, show: str = "check") -> Report:
    """Run one evaluation; its detailed tables describe the half ``show`` (check, tune or all)."""
    if name not in EVALS:
        raise Errors.E010.error(name=name, choices=", ".join(EVALS))
    try:
        module = importlib.import_module(f"tacitus.eval.{name}")
    except ModuleNotFoundError as exc:
        raise Errors.E011.error(name=name, reason=exc) from exc
    root = gold_root or default_gold_root()
    if not root.exists():
        raise Errors.E012.error(root=root)
    return module.evaluate(root, limit=limit, show=show)
