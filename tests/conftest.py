"""Fixtures shared by every test folder."""

from __future__ import annotations

import pytest

from tacitus.nlp import load_nlp


@pytest.fixture(scope="session")
def nlp():
    """The spaCy pipeline, loaded once for the whole run."""
    return load_nlp()
