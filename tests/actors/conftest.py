from __future__ import annotations

from pathlib import Path

import pytest

from tacitus.actors import load_coder, resolve_mentions

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "military-times-afghanistan-ceasefire.txt"
EXAMPLE_DATE = "2019-07-19"


@pytest.fixture(scope="session")
def coder():
    return load_coder([])


@pytest.fixture(scope="session")
def example(nlp, coder):
    doc = nlp(EXAMPLE.read_text(encoding="utf-8"))
    return doc, resolve_mentions(doc, coder, EXAMPLE_DATE)


@pytest.fixture(scope="session")
def code(nlp, coder):
    """Code the phrase whose head is the last word of ``phrase`` in ``text``."""

    def run(text: str, phrase: str, date: str | None, occurrence: int = 0, head: str | None = None):
        doc = nlp(text)
        mentions = resolve_mentions(doc, coder, date)
        return mentions.actor_of(token_at(doc, phrase, occurrence, head))

    return run


@pytest.fixture(scope="session")
def at():
    return token_at


def token_at(doc, phrase: str, occurrence: int = 0, head: str | None = None):
    """The head token of the ``occurrence``-th ``phrase`` in ``doc`` (its last word, or ``head``)."""
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.index(phrase, start + 1)
    if head is None:
        end = start + len(phrase)
        for tok in doc:
            if tok.idx + len(tok.text) == end:
                return tok
        raise AssertionError(f"no token ends at {end} ({phrase!r})")
    offset = start + phrase.rindex(head)
    for tok in doc:
        if tok.idx == offset:
            return tok
    raise AssertionError(f"no token starts at {offset} ({head!r})")
