"""Quality gate: every figure of ``tests/floors.toml`` against a fresh ``tacitus eval``.

Each evaluation runs once per session. Without the gold sets the figures skip, unless
``TACITUS_REQUIRE_GOLD=1`` (set in ``.ci/run``): then a missing set fails, so a clone without
the gold cannot pass the gate by accident.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

FLOORS_FILE = Path(__file__).with_name("floors.toml")
GOLD = Path(os.environ.get("TACITUS_GOLD") or Path(__file__).resolve().parents[1] / ".." / "shared" / "gold")
REQUIRE_GOLD = os.environ.get("TACITUS_REQUIRE_GOLD") == "1"


def floors() -> list[tuple[str, str, float]]:
    data = tomllib.loads(FLOORS_FILE.read_text("utf-8"))
    return [(name, metric, float(v)) for name, section in data.items() for metric, v in section.items()]


@cache
def report(name: str) -> Any:
    from tacitus.eval import run_eval

    return run_eval(name, GOLD.resolve())


def _missing(reason: str) -> None:
    if REQUIRE_GOLD:
        pytest.fail(f"{reason} (TACITUS_REQUIRE_GOLD=1)")
    pytest.skip(reason)


@pytest.mark.parametrize("name,metric,floor", floors(), ids=[f"{n}.{m}" for n, m, _ in floors()])
def test_floor(name: str, metric: str, floor: float) -> None:
    if not (GOLD / "README.md").exists():
        _missing(f"gold sets not found at {GOLD}")
    got = report(name).metrics.get(metric)
    if got is None:
        _missing(f"{name}: {metric} not measured (its gold set is missing)")
    assert got >= floor, f"{name}.{metric} fell to {got} (floor {floor})"


def test_floors_are_check_half_figures() -> None:
    """Floors pin the half no rule was written against."""
    assert floors() and all(metric.endswith("_check") for _, metric, _ in floors())
