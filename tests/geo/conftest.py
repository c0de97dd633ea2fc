from __future__ import annotations

from pathlib import Path

import pytest

EXAMPLE = (
    Path(__file__).resolve().parents[2] / "examples" / "military-times-afghanistan-ceasefire.txt"
)


@pytest.fixture(scope="session")
def example_doc(nlp):
    return nlp(EXAMPLE.read_text(encoding="utf-8"))
